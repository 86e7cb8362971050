import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attest, dpopProof, helseIdClaims, jwtKeys, signJwt, thumbprint } from '../../support/jwt-signer.js';
import { testNow } from '../../support/saml-signer.js';
import { signedEnvelope } from '../../support/saml-tickets.js';
import { acceptance, verifyEnvelope, xuaTestSettings } from '../../support/xua-harness.js';
import { authenticateHttp } from '../../../src/transport/security/http-auth.js';
import { createJwtSettings, verifyHelseIdJwt, type JwtVerdict } from '../../../src/transport/security/jwt.js';
import { loadJwks, loadPemKeys } from '../../../src/transport/security/jose.js';

describe('HelseID JWT for the FHIR side (norway-profile.md §5)', () => {
  const now = testNow();
  const k = jwtKeys();
  const settings = (over: Partial<Parameters<typeof createJwtSettings>[0]> = {}) => createJwtSettings({
    keys: [{ kid: 'helseid-rsa', key: k.rsa.publicKey }, { kid: 'helseid-ec', key: k.ec.publicKey }],
    issuers: ['https://helseid-sts.test.nhn.no'], audiences: ['nhn:phr'], ...over,
  });
  const rs256 = (claims: Record<string, unknown>) => signJwt({ alg: 'RS256', kid: 'helseid-rsa', typ: 'at+jwt' }, claims, k.rsa.privateKey);
  const refused = (v: JwtVerdict) => { if (v.ok) throw new Error('expected a refusal'); return v; };

  it('accepts a valid RS256 token and builds the principal from claims and attest', () => {
    const v = verifyHelseIdJwt(rs256(helseIdClaims(now)), settings(), now);
    if (!v.ok) throw new Error(v.reason);
    expect(v.context).to.include({ kind: 'health-personnel', tokenType: 'jwt', subjectId: '02056600214', hprNumber: '565501872', organizationId: '964979383', childOrganizationId: '974600951' });
    expect([v.context.purposeOfUse?.code, v.context.role?.code, v.context.patientId?.id]).to.deep.equal(['TREAT', 'LE', '13116900216']);
  });

  it('yields the same principal as the SAML ticket of the same user, patient and purpose', () => {
    const jwt = verifyHelseIdJwt(rs256(helseIdClaims(now)), settings(), now);
    const saml = acceptance(verifyEnvelope(signedEnvelope({ now }).xml, now)).context;
    if (!jwt.ok) throw new Error(jwt.reason);
    const same = ['kind', 'subjectId', 'subjectName', 'hprNumber', 'organizationId', 'childOrganizationId', 'childOrganizationName', 'decisionReference', 'decisionUserSelected'] as const;
    for (const f of same) expect(jwt.context[f], f).to.equal(saml[f]);
    for (const f of ['role', 'purposeOfUse', 'healthcareService', 'facility'] as const) expect(jwt.context[f]?.code, f).to.equal(saml[f]?.code);
    expect(jwt.context.patientId).to.deep.include({ id: saml.patientId?.id, assigningAuthority: saml.patientId?.assigningAuthority });
  });

  it('accepts PS256 and ES256 tokens', () => {
    const ps = signJwt({ alg: 'PS256', kid: 'helseid-rsa' }, helseIdClaims(now), k.rsa.privateKey);
    const es = signJwt({ alg: 'ES256', kid: 'helseid-ec' }, helseIdClaims(now), k.ec.privateKey);
    expect([verifyHelseIdJwt(ps, settings(), now).ok, verifyHelseIdJwt(es, settings(), now).ok]).to.deep.equal([true, true]);
  });

  it('refuses an expired token', () => {
    const r = refused(verifyHelseIdJwt(rs256(helseIdClaims(now, { exp: Math.floor(now.getTime() / 1000) - 120 })), settings(), now));
    expect([r.error, r.status]).to.deep.equal(['invalid_token', 401]);
    expect(r.reason).to.match(/expired/);
  });

  it('refuses a token for another audience', () => {
    expect(refused(verifyHelseIdJwt(rs256(helseIdClaims(now, { aud: 'nhn:other-api' })), settings(), now)).reason).to.match(/audience nhn:other-api/);
  });

  it('refuses a token signed by another key under HelseID\'s kid', () => {
    const forged = signJwt({ alg: 'RS256', kid: 'helseid-rsa' }, helseIdClaims(now), k.other.privateKey);
    expect(refused(verifyHelseIdJwt(forged, settings(), now)).reason).to.match(/does not verify/);
  });

  it('refuses unsigned and HMAC tokens', () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(helseIdClaims(now))).toString('base64url')}.`;
    const hs = rs256(helseIdClaims(now)).replace(/^[^.]+/, Buffer.from('{"alg":"HS256","kid":"helseid-rsa"}').toString('base64url'));
    expect(refused(verifyHelseIdJwt(none, settings(), now)).reason).to.match(/unsigned/);
    expect(refused(verifyHelseIdJwt(hs, settings(), now)).reason).to.match(/does not verify/);
  });

  it('refuses a token without the required scope with 403', () => {
    const r = refused(verifyHelseIdJwt(rs256(helseIdClaims(now, { scope: 'openid' })), settings({ scopes: ['nhn:phr/mhd/read-document'] }), now));
    expect([r.error, r.status]).to.deep.equal(['insufficient_scope', 403]);
  });

  it('refuses an attest older than 60 minutes with attestation_has_expired', () => {
    const stale = rs256(helseIdClaims(now, { 'nhn:tillitsrammeverk:parameters': attest(now, 61 * 60) }));
    const r = refused(verifyHelseIdJwt(stale, settings(), now));
    expect(r.error).to.equal('attestation_has_expired');
    expect(r.reason).to.match(/^attestation_has_expired/);
  });

  it('reads the attest when HelseID sends it as authorization_details JSON text', () => {
    const asText = rs256(helseIdClaims(now, { 'nhn:tillitsrammeverk:parameters': JSON.stringify([attest(now, 10, 'ETREAT')]) }));
    const v = verifyHelseIdJwt(asText, settings(), now);
    expect(v.ok && v.context.purposeOfUse?.code).to.equal('ETREAT');
  });

  describe('DPoP binding', () => {
    const url = 'https://gateway.example/fhir/DocumentReference';
    const bound = () => rs256(helseIdClaims(now, { cnf: { jkt: thumbprint(k.dpop.jwk) } }));

    it('accepts a bound token with a proof from the bound key', () => {
      const token = bound();
      const proof = dpopProof(k.dpop, { method: 'GET', url: `${url}?patient=x`, accessToken: token, now });
      expect(verifyHelseIdJwt(token, settings(), now, { proof, method: 'GET', url: `${url}?patient=x` }).ok).to.equal(true);
    });

    it('refuses a proof signed by another key than the one the token is bound to', () => {
      const token = bound();
      const proof = dpopProof(k.dpopOther, { method: 'GET', url, accessToken: token, now });
      const r = refused(verifyHelseIdJwt(token, settings(), now, { proof, method: 'GET', url }));
      expect(r.error).to.equal('invalid_dpop_proof');
      expect(r.reason).to.match(/cnf.jkt/);
    });

    it('refuses a bound token without a proof, a proof for another URL, and a replayed proof', () => {
      const s = settings();
      const token = bound();
      expect(refused(verifyHelseIdJwt(token, s, now, { method: 'GET', url })).reason).to.match(/no DPoP proof/);
      const other = dpopProof(k.dpop, { method: 'GET', url: 'https://gateway.example/fhir/Binary/1', accessToken: token, now });
      expect(refused(verifyHelseIdJwt(token, s, now, { proof: other, method: 'GET', url })).reason).to.match(/htu/);
      const proof = dpopProof(k.dpop, { method: 'GET', url, accessToken: token, now });
      expect(verifyHelseIdJwt(token, s, now, { proof, method: 'GET', url }).ok).to.equal(true);
      expect(refused(verifyHelseIdJwt(token, s, now, { proof, method: 'GET', url })).reason).to.match(/replayed jti/);
    });
  });

  it('tries PEM keys, which carry no kid, when the token\'s kid names no JWKS key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pem-keys-'));
    try {
      writeFileSync(join(dir, 'helseid.pem'), k.rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString());
      const token = signJwt({ alg: 'RS256', kid: 'rotated-key' }, helseIdClaims(now), k.rsa.privateKey);
      expect(verifyHelseIdJwt(token, settings({ keys: loadPemKeys(dir) }), now).ok).to.equal(true);
      expect(verifyHelseIdJwt(token, settings(), now).ok).to.equal(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads HelseID keys from a JWKS file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwks-'));
    try {
      writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...k.rsa.jwk, use: 'sig' }, { ...k.ec.jwk, use: 'enc' }] }));
      const keys = loadJwks(join(dir, 'jwks.json'));
      expect(keys.map((x) => x.kid)).to.deep.equal(['helseid-rsa']);
      expect(verifyHelseIdJwt(rs256(helseIdClaims(now)), settings({ keys }), now).ok).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('FHIR-side authentication (Authorization header)', () => {
  const now = testNow();
  const k = jwtKeys();
  const jwt = createJwtSettings({ keys: [{ kid: 'helseid-rsa', key: k.rsa.publicKey }], audiences: ['nhn:phr'] });
  const auth = (authorization: string | undefined, mode: 'off' | 'optional' | 'required' = 'required') =>
    authenticateHttp({ authorization, method: 'GET', url: 'https://gw.example/fhir/DocumentReference' }, { xua: xuaTestSettings({ mode }), jwt }, now);

  it('accepts a HelseID Bearer token and a base64 SAML assertion, yielding the same user', () => {
    const token = signJwt({ alg: 'RS256', kid: 'helseid-rsa' }, helseIdClaims(now), k.rsa.privateKey);
    const assertion = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(signedEnvelope({ now }).xml)?.[0] ?? '';
    const viaJwt = auth(`Bearer ${token}`);
    const viaSaml = auth(`SAML ${Buffer.from(assertion).toString('base64')}`);
    expect([viaJwt.ok && viaJwt.context.hprNumber, viaSaml.ok && viaSaml.context.hprNumber]).to.deep.equal(['565501872', '565501872']);
  });

  it('answers 401 with WWW-Authenticate when a token is required, missing or bad', () => {
    const missing = auth(undefined);
    expect(!missing.ok && [missing.status, missing.wwwAuthenticate]).to.deep.equal([401, 'Bearer error="invalid_request", error_description="an access token is required"']);
    const bad = auth('Bearer abc.def.ghi');
    expect(!bad.ok && bad.status).to.equal(401);
    expect(auth(undefined, 'optional')).to.deep.include({ ok: true });
  });
});
