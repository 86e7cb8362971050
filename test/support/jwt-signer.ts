/**
 * Test HelseID tokens: keys, RS256 / PS256 / ES256 signing, DPoP proofs and the
 * trust-framework attest (norway-profile.md §5), built with node:crypto.
 */
import { constants, createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export interface TestJwk {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwk: Record<string, string>;
}

function pair(kind: 'rsa' | 'ec', kid: string): TestJwk {
  const { privateKey, publicKey } = kind === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, publicKey, jwk: { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid } };
}

let keys: { rsa: TestJwk; ec: TestJwk; other: TestJwk; dpop: TestJwk; dpopOther: TestJwk } | undefined;
/** Key pairs made once per process: HelseID's RSA and EC keys, a stranger's, and two DPoP client keys. */
export function jwtKeys(): NonNullable<typeof keys> {
  keys ??= { rsa: pair('rsa', 'helseid-rsa'), ec: pair('ec', 'helseid-ec'), other: pair('rsa', 'helseid-rsa'), dpop: pair('ec', 'client'), dpopOther: pair('ec', 'client2') };
  return keys;
}

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/**
 * @param header - JOSE header (alg decides the algorithm)
 * @param payload - claims
 * @param key - the private key
 * @returns a compact JWS
 */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const data = Buffer.from(input);
  const alg = header.alg;
  const sig = alg === 'ES256' ? sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })
    : alg === 'PS256' ? sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : sign('sha256', data, key);
  return `${input}.${sig.toString('base64url')}`;
}

/** RFC 7638 thumbprint of an EC public JWK, computed independently of the gateway's code. */
export function thumbprint(jwk: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest('base64url');
}

/** A trust-framework attest for the test practitioner and patient, attested `ageSeconds` ago. */
export function attest(now: Date, ageSeconds = 60, purpose = 'TREAT'): Record<string, unknown> {
  return {
    type: 'nhn:tillitsrammeverk:parameters',
    practitioner: {
      identifier: { id: '02056600214', name: 'LEGE LISA', system: 'urn:oid:2.16.578.1.12.4.1.4.1' },
      hpr_nr: { id: '565501872', system: 'urn:oid:2.16.578.1.12.4.1.4.4' },
      authorization: { code: 'LE', text: 'Lege', system: 'urn:oid:2.16.578.1.12.4.1.1.9060' },
      legal_entity: { id: '964979383', name: 'RANDABERG KOMMUNE', system: 'urn:oid:2.16.578.1.12.4.1.4.101' },
      point_of_care: { id: '974600951', name: 'RANDABERG SYKEHJEM', system: 'urn:oid:2.16.578.1.12.4.1.4.101' },
      department: { id: '4208723', name: 'Avdeling A', system: 'urn:oid:2.16.578.1.12.4.1.4.102' },
    },
    care_relationship: {
      healthcare_service: { code: 'KP01', text: 'Legetjeneste ved sykehjem mv.', system: 'urn:oid:2.16.578.1.12.4.1.1.8663' },
      purpose_of_use: { code: purpose, system: 'urn:oid:2.16.840.1.113883.1.11.20448' },
      decision_ref: { id: '9b2c1f3e-6a7d-4c8e-b1a2-3d4e5f607182', user_selected: true },
    },
    patients: [{ identifier: { id: '13116900216', system: 'urn:oid:2.16.578.1.12.4.1.4.1' } }],
    toa: Math.floor(now.getTime() / 1000) - ageSeconds,
  };
}

/** HelseID-style access-token claims, valid 60 s around `now`. */
export function helseIdClaims(now: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const t = Math.floor(now.getTime() / 1000);
  return {
    iss: 'https://helseid-sts.test.nhn.no', aud: 'nhn:phr', iat: t - 5, nbf: t - 5, exp: t + 60, jti: randomUUID(),
    scope: ['nhn:phr/mhd/read-documentreferences', 'nhn:phr/mhd/read-document'], client_id: 'epj-client',
    'helseid://claims/identity/pid': '02056600214', 'helseid://claims/hpr/hpr_number': '565501872', name: 'LEGE LISA',
    'helseid://claims/identity/security_level': '4', 'nhn:tillitsrammeverk:parameters': attest(now),
    ...extra,
  };
}

/** A DPoP proof for a request, signed with a client key. */
export function dpopProof(key: TestJwk, o: { method: string; url: string; accessToken: string; now: Date; jti?: string }): string {
  const ath = createHash('sha256').update(o.accessToken).digest('base64url');
  const { kid: _kid, ...jwk } = key.jwk;
  return signJwt({ typ: 'dpop+jwt', alg: 'ES256', jwk },
    { htm: o.method, htu: o.url, iat: Math.floor(o.now.getTime() / 1000), jti: o.jti ?? randomUUID(), ath }, key.privateKey);
}
