/**
 * DPoP proof check (RFC 9449 §4.3) for HelseID access tokens bound with `cnf.jkt`
 * (norway-profile.md §5.1: DPoP is used with HelseID).
 */
import { createHash, createPublicKey, type JsonWebKey } from 'node:crypto';
import type { ExpiringLru } from './caches.js';
import { jwkThumbprint, parseCompactJws, verifyJws, type JsonObject } from './jose.js';

export interface DpopRequest {
  /** The DPoP header value. */
  readonly proof?: string | undefined;
  readonly method: string;
  /** The request URL as the client called it (scheme, host, path); query and fragment are ignored. */
  readonly url: string;
}

export interface DpopSettings {
  readonly maxAgeSeconds: number;
  readonly clockSkewSeconds: number;
  /** Proof jti values seen, to refuse a replayed proof. */
  readonly seenProofs: ExpiringLru<true>;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function normaliseUrl(u: string): string | undefined {
  try {
    const url = new URL(u);
    // URL lower-cases scheme and host; the path stays case-sensitive (RFC 9449 §4.3 step 9).
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * Checks that the request carries a valid proof of possession of the key the token is bound to.
 * @param jkt - the token's cnf.jkt
 * @param accessToken - the access token (its hash must be the proof's ath)
 * @param req - the DPoP header, method and URL
 * @param s - proof age limits and the replay register
 * @param now - the time of the request
 * @returns undefined when the proof is valid, else the reason
 */
export function checkDpopProof(jkt: string, accessToken: string, req: DpopRequest, s: DpopSettings, now: Date): string | undefined {
  if (!req.proof) return 'the token is DPoP-bound but the request has no DPoP proof';
  const jws = parseCompactJws(req.proof);
  if (typeof jws === 'string') return `the DPoP proof is malformed: ${jws}`;
  const jwk = jws.header.jwk;
  if (jws.header.typ !== 'dpop+jwt' || !isObject(jwk) || 'd' in jwk) return 'the DPoP proof header must have typ dpop+jwt and a public jwk';
  let key;
  try { key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }); } catch { return 'the DPoP proof jwk is not a public key'; }
  if (!verifyJws(jws, key)) return 'the DPoP proof signature does not verify';
  if (jwkThumbprint(jwk) !== jkt) return 'the DPoP proof key is not the key the token is bound to (cnf.jkt)';
  return checkProofClaims(jws.payload, accessToken, req, s, now);
}

function checkProofClaims(p: JsonObject, accessToken: string, req: DpopRequest, s: DpopSettings, now: Date): string | undefined {
  if (p.htm !== req.method.toUpperCase()) return `the DPoP proof is for ${String(p.htm)}, not ${req.method.toUpperCase()}`;
  if (typeof p.htu !== 'string' || normaliseUrl(p.htu) !== normaliseUrl(req.url)) return 'the DPoP proof htu is not this URL';
  const ath = createHash('sha256').update(accessToken, 'ascii').digest('base64url');
  if (p.ath !== ath) return 'the DPoP proof ath does not match the access token';
  const t = now.getTime() / 1000;
  if (typeof p.iat !== 'number' || p.iat > t + s.clockSkewSeconds || p.iat < t - s.maxAgeSeconds - s.clockSkewSeconds) {
    return 'the DPoP proof iat is missing or outside the accepted window';
  }
  if (typeof p.jti !== 'string' || !p.jti) return 'the DPoP proof has no jti';
  const nowMs = now.getTime();
  if (s.seenProofs.get(p.jti, nowMs)) return 'the DPoP proof was already used (replayed jti)';
  s.seenProofs.set(p.jti, true, (p.iat + s.maxAgeSeconds + s.clockSkewSeconds) * 1000, nowMs);
  return undefined;
}
