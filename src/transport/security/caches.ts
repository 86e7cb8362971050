/**
 * The two bounded, expiring memories of the XUA check: a verification cache (so a ticket an
 * EPJ reuses for many requests costs one signature check) and a replay register by assertion
 * ID. Both forget an entry when its ticket expires. See docs/access-policy.md "Replay".
 */

interface Expiring<V> {
  readonly value: V;
  /** Epoch milliseconds after which the entry is gone. */
  readonly expiresAt: number;
}

/**
 * A Map with a size bound and per-entry expiry. Reads refresh recency (least recently used
 * entries leave first when the bound is reached); expired entries are swept lazily.
 */
export class ExpiringLru<V> {
  private readonly entries = new Map<string, Expiring<V>>();
  constructor(private readonly maxEntries: number) {}

  get size(): number { return this.entries.size; }

  /**
   * @param key - entry key
   * @param nowMs - the current time, epoch ms
   * @returns the value, or undefined when absent or expired
   */
  get(key: string, nowMs: number): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= nowMs) { this.entries.delete(key); return undefined; }
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: string, value: V, expiresAt: number, nowMs: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.makeRoom(nowMs);
    this.entries.set(key, { value, expiresAt });
  }

  /** Sweeps expired entries; if none expired, drops the least recently used one. */
  private makeRoom(nowMs: number): void {
    for (const [k, e] of this.entries) if (e.expiresAt <= nowMs) this.entries.delete(k);
    if (this.entries.size < this.maxEntries) return;
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}

/** What the replay register remembers of one assertion ID. */
interface ReplayEntry {
  /** SHA-256 of the SignatureValue first seen with this ID. */
  readonly signatureHash: string;
  readonly oneTimeUse: boolean;
}

/**
 * Replay protection by assertion ID, as this gateway defines it (docs/access-policy.md):
 * - a bearer ticket may be presented again and again until it expires: EPJ systems reuse one
 *   HelseID ticket (60 min) for every request in a session, so plain reuse is not replay;
 * - the same ID with a different signature is refused: two distinct signed assertions can't
 *   share an ID, so one of them is forged or the issuer is broken;
 * - an assertion carrying a OneTimeUse condition (SAML core 2.5.1.5) is accepted once.
 * Only tickets that passed every other check are registered, so an attacker cannot block a
 * real ticket by sending garbage under its ID first. Entries expire at NotOnOrAfter plus the
 * clock skew, after which the ticket is refused as expired anyway.
 */
export class ReplayCache {
  private readonly seen: ExpiringLru<ReplayEntry>;
  constructor(maxEntries = 100_000) { this.seen = new ExpiringLru(maxEntries); }

  /**
   * Registers a use of an assertion.
   * @param id - the Assertion's ID
   * @param signatureHash - hash of its SignatureValue
   * @param oneTimeUse - whether its Conditions carry OneTimeUse
   * @param expiresAt - epoch ms when the ticket can no longer be accepted
   * @param nowMs - current time, epoch ms
   * @returns undefined when the use is allowed, else the reason it is a replay
   */
  use(id: string, signatureHash: string, oneTimeUse: boolean, expiresAt: number, nowMs: number): string | undefined {
    const prior = this.seen.get(id, nowMs);
    if (prior && prior.signatureHash !== signatureHash) {
      return `assertion ID ${id} was already presented with a different signature`;
    }
    if (prior && (prior.oneTimeUse || oneTimeUse)) {
      return `assertion ${id} carries OneTimeUse and was already used`;
    }
    if (!prior) this.seen.set(id, { signatureHash, oneTimeUse }, expiresAt, nowMs);
    return undefined;
  }
}
