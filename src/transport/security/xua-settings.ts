/**
 * Settings of the XUA ticket check (ITI-40 at the X-Service Provider): the pinned trust store
 * read from XUA_TRUST_DIR and the CA certificates of XUA_TRUST_ROOTS_DIR. See ihe-requirements.md §11, norway-profile.md §4.2.
 */
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/schema.js';
import { SYNTHETIC_SEVERITY, syntheticIdSeverity } from '../../profiles/norway/profile.js';
import type { RuleSeverity } from '../../profiles/types.js';
import { ExpiringLru, ReplayCache } from './caches.js';
import { trustRootOf, type TrustRoot } from './cert-chain.js';
import type { TrustedCert } from './trusted-cert.js';
import type { SignedAssertion } from './saml-assertion.js';
import type { SecurityContext } from '../../domain/security-context.js';

/** What a verified ticket leaves in the verification cache: everything but time-based verdicts. */
export interface VerifiedTicket {
  readonly assertion: SignedAssertion;
  readonly context: SecurityContext;
  readonly signatureHash: string;
  readonly signer: string;
  /** When the signing certificate (or its chain) stops being valid, epoch ms: the cached verdict ends then too. */
  readonly signerValidTo: number;
}

export interface XuaSettings {
  readonly mode: 'off' | 'optional' | 'required';
  readonly trustedCerts: readonly TrustedCert[];
  /** CA certificates that an unpinned signing certificate may chain to (cert-chain.ts). */
  readonly trustRoots: readonly TrustRoot[];
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
 * Reads every PEM certificate from the files (.pem, .crt, .cer) of a folder. A file may hold
 * several certificates. Private keys and other blocks are ignored.
 * @param dir - the folder
 * @param setting - the setting that names it, for messages
 * @returns each certificate's PEM text and file name
 * @throws Error when the folder cannot be read or holds no certificate
 */
function readPemCertificates(dir: string, setting: string): { pem: string; source: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    throw new Error(`${setting} ${dir} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const out = names.filter((n) => /\.(pem|crt|cer)$/i.test(n))
    .flatMap((name) => (readPem(dir, name, setting).match(PEM_CERT) ?? []).map((pem) => ({ pem, source: name })));
  if (out.length === 0) throw new Error(`${setting} ${dir} holds no PEM certificate`);
  return out;
}

function readPem(dir: string, name: string, setting: string): string {
  try {
    return readFileSync(join(dir, name), 'utf8');
  } catch (e) {
    throw new Error(`${setting} ${dir}: ${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * @param dir - the XUA_TRUST_DIR folder
 * @returns the pinned certificates
 * @throws Error naming the file when a certificate cannot be read, or when none is found
 */
export function loadTrustedCerts(dir: string): TrustedCert[] {
  return readPemCertificates(dir, 'XUA_TRUST_DIR').map(({ pem, source }) => trustedCertFromPem(pem, source));
}

/**
 * @param dir - the XUA_TRUST_ROOTS_DIR folder: CA certificates (roots, and intermediates to
 *   complete chains whose KeyInfo lacks them)
 * @returns the roots
 * @throws Error naming the file when a certificate cannot be read or is not a CA certificate
 */
export function loadTrustRoots(dir: string): TrustRoot[] {
  return readPemCertificates(dir, 'XUA_TRUST_ROOTS_DIR').map(({ pem, source }) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch (e) {
      throw new Error(`${source}: not a readable X.509 certificate (${(e as Error).message})`);
    }
    return trustRootOf(cert, source);
  });
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
    trustRoots: s.trustRoots ?? [],
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
  if (config.XUA_MODE === 'required' && !config.XUA_TRUST_DIR && !config.XUA_TRUST_ROOTS_DIR) {
    throw new Error('XUA_MODE=required needs XUA_TRUST_DIR (a folder of PEM certificates) or XUA_TRUST_ROOTS_DIR (CA certificates)');
  }
  return createXuaSettings({
    mode: config.XUA_MODE,
    trustedCerts: config.XUA_TRUST_DIR ? loadTrustedCerts(config.XUA_TRUST_DIR) : [],
    trustRoots: config.XUA_TRUST_ROOTS_DIR ? loadTrustRoots(config.XUA_TRUST_ROOTS_DIR) : [],
    audiences: config.XUA_AUDIENCES,
    issuers: config.XUA_ISSUERS,
    citizenIssuers: config.XUA_CITIZEN_ISSUERS,
    clockSkewSeconds: config.XUA_CLOCK_SKEW_SECONDS,
    syntheticPatients: syntheticIdSeverity(config.METADATA_RULES),
  });
}
