/**
 * The small part of JOSE the gateway needs, on node:crypto: compact JWS parsing, RS256 /
 * PS256 / ES256 verification, public keys from a JWKS file or PEM files, and RFC 7638
 * thumbprints (for DPoP). No other algorithm is accepted; "none" and HMAC never are.
 * See norway-profile.md §5 (HelseID issues RS256/PS256 tokens, DPoP-bound).
 */
import { createHash, createPublicKey, constants, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type JwsAlgorithm = 'RS256' | 'PS256' | 'ES256';
const JWS_ALGORITHMS: readonly JwsAlgorithm[] = ['RS256', 'PS256', 'ES256'];

export type JsonObject = { readonly [k: string]: unknown };

export interface CompactJws {
  readonly header: JsonObject;
  readonly payload: JsonObject;
  readonly signingInput: string;
  readonly signature: Buffer;
}

export interface PublicKeyEntry {
  readonly kid?: string;
  readonly key: KeyObject;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * @param token - a compact JWS (header.payload.signature, base64url)
 * @returns its parts, or a reason it is not a JWS
 */
export function parseCompactJws(token: string): CompactJws | string {
  if (token.length > 16_384) return 'the token is longer than 16 KiB';
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return 'the token is not a compact JWS';
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(payload)) return 'the token header or payload is not a JSON object';
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2] ?? '', 'base64url') };
  } catch {
    return 'the token header or payload is not JSON';
  }
}

/** Whether a key may be used with an algorithm (prevents algorithm-confusion attacks). */
function keyFits(alg: JwsAlgorithm, key: KeyObject): boolean {
  if (alg === 'ES256') return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  return key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss';
}

/**
 * Verifies a JWS signature with one key.
 * @param jws - the parsed token
 * @param key - a public key
 * @returns true only for an accepted algorithm, a fitting key and a valid signature
 */
export function verifyJws(jws: CompactJws, key: KeyObject): boolean {
  const alg = jws.header.alg;
  if (!JWS_ALGORITHMS.includes(alg as JwsAlgorithm) || !keyFits(alg as JwsAlgorithm, key)) return false;
  const data = Buffer.from(jws.signingInput, 'ascii');
  try {
    if (alg === 'RS256') return verify('sha256', data, key, jws.signature);
    if (alg === 'PS256') {
      return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, jws.signature);
    }
    return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, jws.signature);
  } catch {
    return false;
  }
}

/**
 * Reads the signing keys of a JWKS file ({"keys": [...]}); keys marked for encryption are skipped.
 * @param path - the file (HELSEID_JWKS_FILE)
 * @returns the public keys with their kid
 * @throws Error naming the file when it is not a usable JWKS
 */
export function loadJwks(path: string): PublicKeyEntry[] {
  const doc: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const keys = isObject(doc) && Array.isArray(doc.keys) ? doc.keys : undefined;
  if (!keys) throw new Error(`${path}: not a JWKS document with a "keys" array`);
  return keys.filter((k): k is JsonObject => isObject(k) && k.use !== 'enc').map((k) => jwkEntry(k, path));
}

function jwkEntry(jwk: JsonObject, source: string): PublicKeyEntry {
  const { d: _private, ...pub } = jwk;
  try {
    const key = createPublicKey({ key: pub as JsonWebKey, format: 'jwk' });
    return typeof jwk.kid === 'string' ? { kid: jwk.kid, key } : { key };
  } catch (e) {
    throw new Error(`${source}: key ${String(jwk.kid ?? '?')} is not a usable public JWK (${(e as Error).message})`);
  }
}

/**
 * Reads public keys or certificates from the PEM files of a folder. They carry no kid, so a
 * token is tried against each of them when its kid names no JWKS key.
 * @param dir - the folder (HELSEID_KEYS_DIR)
 * @returns the public keys
 */
export function loadPemKeys(dir: string): PublicKeyEntry[] {
  return readdirSync(dir).filter((f) => /\.(pem|crt|cer)$/i.test(f)).sort()
    .map((f) => ({ key: createPublicKey(readFileSync(join(dir, f), 'utf8')) }));
}

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url) of a public JWK.
 * @param jwk - an RSA or EC public key in JWK form
 * @returns the thumbprint, or undefined for another key type
 */
export function jwkThumbprint(jwk: JsonObject): string | undefined {
  const members = jwk.kty === 'RSA' ? ['e', 'kty', 'n'] : jwk.kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : undefined;
  if (!members || members.some((m) => typeof jwk[m] !== 'string')) return undefined;
  const canonical = `{${members.map((m) => `"${m}":${JSON.stringify(jwk[m])}`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}
