/**
 * Settings of the XUA ticket check (ITI-40 at the X-Service Provider) and the pinned trust
 * store read from XUA_TRUST_DIR. See ihe-requirements.md §11, norway-profile.md §4.2.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/schema.js';
import { SYNTHETIC_SEVERITY, syntheticIdSeverity } from '../../profiles/norway/profile.js';
import type { RuleSeverity } from '../../profiles/types.js';
import { ExpiringLru, ReplayCache } from './caches.js';
import type { SignedAssertion } from './saml-assertion.js';
import type { SecurityContext } from '../../domain/security-context.js';

/** A certificate whose signatures the gateway trusts, pinned by the operator. */
export interface TrustedCert {
  /** File it came from, for messages. */
  readonly source: string;
  readonly pem: string;
  /** The parsed public key: handing xml-crypto a KeyObject spares a PEM parse per check. */
  readonly publicKey: KeyObject;
  /** DER bytes, base64: what a ds:X509Certificate in KeyInfo is compared against. */
  readonly derBase64: string;
  readonly subject: string;
  readonly validFrom: Date;
  readonly validTo: Date;
}

/** What a verified ticket leaves in the verification cache: everything but time-based verdicts. */
export interface VerifiedTicket {
  readonly assertion: SignedAssertion;
  readonly context: SecurityContext;
  readonly signatureHash: string;
  readonly signer: string;
}

export interface XuaSettings {
  readonly mode: 'off' | 'optional' | 'required';
  readonly trustedCerts: readonly TrustedCert[];
  /** Accepted AudienceRestriction values; empty = not checked (XUA_AUDIENCES unset). */
  readonly audiences: readonly string[];
  /** Accepted Issuers; empty = any issuer whose signature a pinned certificate verifies. */
  readonly issuers: readonly string[];
  /** Issuers whose tickets are citizen (Helsenorge) tickets. norway-profile.md §4.4 */
  readonly citizenIssuers: readonly string[];
  readonly clockSkewSeconds: number;
  /** no.patient-id.synthetic for the ticket's patient: `error` refuses a synthetic test person. */
  readonly syntheticPatients: RuleSeverity;
  /** Refuse a wsse:Security header without wsu:Timestamp. NHN requests always carry one. */
  readonly requireTimestamp: boolean;
  readonly replayCache: ReplayCache;
  readonly verificationCache: ExpiringLru<VerifiedTicket>;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads every certificate from the PEM files (.pem, .crt, .cer) of a folder. A file may
 * hold several certificates. Private keys and other blocks are ignored.
 * @param dir - the XUA_TRUST_DIR folder
 * @returns the pinned certificates
 * @throws Error naming the file when a certificate cannot be read, or when none is found
 */
export function loadTrustedCerts(dir: string): TrustedCert[] {
  const certs: TrustedCert[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    throw new Error(`XUA_TRUST_DIR ${dir} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  for (const name of names) {
    if (!/\.(pem|crt|cer)$/i.test(name)) continue;
    let text: string;
    try {
      text = readFileSync(join(dir, name), 'utf8');
    } catch (e) {
      throw new Error(`XUA_TRUST_DIR ${dir}: ${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    for (const pem of text.match(PEM_CERT) ?? []) certs.push(trustedCertFromPem(pem, name));
  }
  if (certs.length === 0) throw new Error(`XUA_TRUST_DIR ${dir} holds no PEM certificate`);
  return certs;
}

/**
 * @param pem - one PEM certificate
 * @param source - where it came from, for messages
 * @returns the parsed, pinned certificate
 */
function trustedCertFromPem(pem: string, source: string): TrustedCert {
  try {
    const x = new X509Certificate(pem);
    return {
      source, pem, publicKey: x.publicKey, derBase64: x.raw.toString('base64'), subject: x.subject.replace(/\n/g, ', '),
      validFrom: new Date(x.validFrom), validTo: new Date(x.validTo),
    };
  } catch (e) {
    throw new Error(`${source}: not a readable X.509 certificate (${(e as Error).message})`);
  }
}

/**
 * Settings with fresh caches; what is not given takes the documented default.
 * @param s - mode, trust store and lists
 * @returns complete settings
 */
export function createXuaSettings(s: Partial<Omit<XuaSettings, 'replayCache' | 'verificationCache'>>
  & { cacheSize?: number } = {}): XuaSettings {
  return {
    mode: s.mode ?? 'optional',
    trustedCerts: s.trustedCerts ?? [],
    audiences: s.audiences ?? [],
    issuers: s.issuers ?? [],
    citizenIssuers: s.citizenIssuers ?? ['sikkerhet.helsenorge.no'],
    clockSkewSeconds: s.clockSkewSeconds ?? 300,
    requireTimestamp: s.requireTimestamp ?? false,
    syntheticPatients: s.syntheticPatients ?? SYNTHETIC_SEVERITY,
    replayCache: new ReplayCache(s.cacheSize ?? 100_000),
    verificationCache: new ExpiringLru(s.cacheSize ?? 10_000),
  };
}

/**
 * Builds the XUA settings from the validated configuration, reading XUA_TRUST_DIR.
 * @param config - the gateway configuration
 * @returns settings; `required` mode without a trust folder is refused at start
 * @throws Error when the trust folder is unreadable, or required without one
 */
export function xuaSettingsFromConfig(config: Config): XuaSettings {
  if (config.XUA_MODE === 'required' && !config.XUA_TRUST_DIR) {
    throw new Error('XUA_MODE=required needs XUA_TRUST_DIR (a folder of PEM certificates)');
  }
  return createXuaSettings({
    mode: config.XUA_MODE,
    trustedCerts: config.XUA_TRUST_DIR ? loadTrustedCerts(config.XUA_TRUST_DIR) : [],
    audiences: config.XUA_AUDIENCES,
    issuers: config.XUA_ISSUERS,
    citizenIssuers: config.XUA_CITIZEN_ISSUERS,
    clockSkewSeconds: config.XUA_CLOCK_SKEW_SECONDS,
    syntheticPatients: syntheticIdSeverity(config.METADATA_RULES),
  });
}
