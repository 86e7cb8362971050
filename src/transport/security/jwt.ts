/**
 * HelseID access tokens for the FHIR (MHD) side: signature against configured keys (JWKS
 * file or PEM), iss / aud / exp / nbf, scopes, DPoP binding when the token is bound, and the
 * trust-framework attest. Yields the same SecurityContext as the SAML path.
 * See norway-profile.md §5, interface.md (Authorization: Bearer / DPoP).
 */
import type { Config } from '../../config/schema.js';
import type { SecurityContext } from '../../domain/security-context.js';
import { ExpiringLru } from './caches.js';
import { definedFields } from './fields.js';
import { checkDpopProof, type DpopRequest } from './dpop.js';
import { loadJwks, loadPemKeys, parseCompactJws, verifyJws, type CompactJws, type JsonObject, type PublicKeyEntry } from './jose.js';
import { ATTEST_CLAIM, findAttest, readAttest } from './trust-framework.js';

export interface JwtSettings {
  readonly keys: readonly PublicKeyEntry[];
  /** Accepted iss values; empty = any issuer whose token a configured key verifies. */
  readonly issuers: readonly string[];
  /** Accepted aud values; empty = not checked. */
  readonly audiences: readonly string[];
  /** The token must carry at least one of these scopes; empty = no scope required. */
  readonly scopes: readonly string[];
  readonly citizenIssuers: readonly string[];
  readonly clockSkewSeconds: number;
  readonly dpopMaxAgeSeconds: number;
  readonly seenProofs: ExpiringLru<true>;
}

/** OAuth error codes (RFC 6750 §3.1, RFC 9449 §7.1) plus the trust framework's own. */
export type JwtError = 'invalid_token' | 'insufficient_scope' | 'invalid_dpop_proof' | 'attestation_has_expired';

export type JwtVerdict =
  | { readonly ok: true; readonly context: SecurityContext }
  | { readonly ok: false; readonly error: JwtError; readonly status: 401 | 403; readonly reason: string; readonly failures: string[] };

const refuse = (error: JwtError, failures: string[]): JwtVerdict =>
  ({ ok: false, error, status: error === 'insufficient_scope' ? 403 : 401, reason: failures[0] ?? error, failures });

/**
 * @param token - the access token (without the "Bearer " / "DPoP " prefix)
 * @param settings - keys, lists and limits
 * @param now - the time of the request
 * @param request - the DPoP header, method and URL, needed when the token is DPoP-bound
 * @returns the caller's context, or an OAuth error with every failed check
 */
export function verifyHelseIdJwt(token: string, settings: JwtSettings, now: Date, request?: DpopRequest): JwtVerdict {
  const jws = parseCompactJws(token);
  if (typeof jws === 'string') return refuse('invalid_token', [jws]);
  const sigError = checkSignature(jws, settings.keys);
  if (sigError) return refuse('invalid_token', [sigError]);
  const p = jws.payload;
  const failures = checkClaims(p, settings, now);
  if (failures.length) return refuse('invalid_token', failures);
  const scopes = scopesOf(p.scope);
  if (settings.scopes.length && !settings.scopes.some((s) => scopes.includes(s))) {
    return refuse('insufficient_scope', [`the token has none of the scopes ${settings.scopes.join(', ')}`]);
  }
  const jkt = (p.cnf as JsonObject | undefined)?.jkt;
  if (typeof jkt === 'string') {
    const dpop = checkDpopProof(jkt, token, request ?? { method: '', url: '' },
      { maxAgeSeconds: settings.dpopMaxAgeSeconds, clockSkewSeconds: settings.clockSkewSeconds, seenProofs: settings.seenProofs }, now);
    if (dpop) return refuse('invalid_dpop_proof', [dpop]);
  }
  const attest = findAttest(p[ATTEST_CLAIM]);
  const fromAttest = attest ? readAttest(attest, now, settings.clockSkewSeconds) : { ok: true as const, fields: {} };
  if (!fromAttest.ok) return refuse(fromAttest.error, [fromAttest.reason]);
  return { ok: true, context: contextOf(p, scopes, fromAttest.fields, settings) };
}

/** The key named by kid, or every key of the store when the token names none. */
function checkSignature(jws: CompactJws, keys: readonly PublicKeyEntry[]): string | undefined {
  if (jws.header.alg === 'none' || typeof jws.header.alg !== 'string') return 'unsigned tokens are not accepted';
  if (Array.isArray(jws.header.crit) && jws.header.crit.length) return 'the token has critical header parameters the gateway does not understand';
  const kid = jws.header.kid;
  // A kid picks the JWKS key; keys without kid (PEM files) are tried when none matches.
  const named = typeof kid === 'string' ? keys.filter((k) => k.kid === kid) : keys;
  const candidates = named.length ? named : keys.filter((k) => k.kid === undefined);
  if (candidates.length === 0) return `no configured key has kid ${String(kid)}`;
  return candidates.some((k) => verifyJws(jws, k.key)) ? undefined : 'the token signature does not verify with the configured keys';
}

function checkClaims(p: JsonObject, s: JwtSettings, now: Date): string[] {
  const f: string[] = [];
  const t = now.getTime() / 1000;
  if (s.issuers.length && !s.issuers.includes(String(p.iss))) f.push(`the issuer ${String(p.iss)} is not accepted`);
  const aud = Array.isArray(p.aud) ? p.aud : [p.aud];
  if (s.audiences.length && !aud.some((a) => s.audiences.includes(String(a)))) f.push(`the audience ${aud.join(', ')} is not this gateway`);
  if (typeof p.exp !== 'number') f.push('the token has no exp');
  else if (t >= p.exp + s.clockSkewSeconds) f.push(`the token expired at ${new Date(p.exp * 1000).toISOString()}`);
  if (p.nbf !== undefined && (typeof p.nbf !== 'number' || t < p.nbf - s.clockSkewSeconds)) f.push('the token is not valid yet (nbf)');
  return f;
}

function scopesOf(scope: unknown): string[] {
  if (Array.isArray(scope)) return scope.filter((x): x is string => typeof x === 'string');
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

const claim = (p: JsonObject, name: string): string | undefined => {
  const v = p[name];
  return typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined;
};

/** HelseID's own identity claims win over the attest's copies of them (HelseID authenticated them). */
function contextOf(p: JsonObject, scopes: string[], attest: Partial<SecurityContext>, s: JwtSettings): SecurityContext {
  const subjectId = claim(p, 'helseid://claims/identity/pid') ?? attest.subjectId;
  const iss = claim(p, 'iss');
  const kind = iss && s.citizenIssuers.includes(iss) ? 'citizen' : subjectId ? 'health-personnel' : 'system';
  return definedFields<SecurityContext>({
    ...attest, kind, tokenType: 'jwt', subjectId,
    subjectName: claim(p, 'name') ?? attest.subjectName,
    hprNumber: claim(p, 'helseid://claims/hpr/hpr_number') ?? attest.hprNumber,
    organizationId: attest.organizationId ?? claim(p, 'helseid://claims/client/claims/orgnr_parent'),
    childOrganizationId: attest.childOrganizationId ?? claim(p, 'helseid://claims/client/claims/orgnr_child'),
    scopes, clientId: claim(p, 'client_id'), clientName: claim(p, 'helseid://claims/client/client_name'),
    securityLevel: claim(p, 'helseid://claims/identity/security_level'), issuer: iss, assertionId: claim(p, 'jti'),
    validUntil: typeof p.exp === 'number' ? new Date(p.exp * 1000).toISOString() : undefined,
  });
}

/**
 * HelseID settings from the configuration: keys from HELSEID_JWKS_FILE and/or HELSEID_KEYS_DIR.
 * @param config - the gateway configuration
 * @returns settings (no keys = every token refused)
 */
export function jwtSettingsFromConfig(config: Config): JwtSettings {
  return createJwtSettings({
    keys: [...(config.HELSEID_JWKS_FILE ? loadJwks(config.HELSEID_JWKS_FILE) : []),
      ...(config.HELSEID_KEYS_DIR ? loadPemKeys(config.HELSEID_KEYS_DIR) : [])],
    issuers: config.HELSEID_ISSUERS, audiences: config.HELSEID_AUDIENCES, scopes: config.HELSEID_SCOPES,
    citizenIssuers: [], clockSkewSeconds: config.XUA_CLOCK_SKEW_SECONDS,
  });
}

/** Settings with a fresh DPoP replay register; 60 s clock skew and 300 s proof age by default. */
export function createJwtSettings(s: Partial<Omit<JwtSettings, 'seenProofs'>> & Pick<JwtSettings, 'keys'>): JwtSettings {
  return {
    keys: s.keys, issuers: s.issuers ?? [], audiences: s.audiences ?? [], scopes: s.scopes ?? [],
    citizenIssuers: s.citizenIssuers ?? [], clockSkewSeconds: s.clockSkewSeconds ?? 60,
    dpopMaxAgeSeconds: s.dpopMaxAgeSeconds ?? 300, seenProofs: new ExpiringLru(100_000),
  };
}
