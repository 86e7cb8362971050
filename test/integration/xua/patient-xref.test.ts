import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testConfig } from '../../support/test-config.js';
import { startGateway, type RunningGateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/logging/logger.js';
import { jwtKeys, signJwt } from '../../support/jwt-signer.js';
import { testKeys } from '../../support/saml-signer.js';
import { CITIZEN_ISSUER, TEST_AUDIENCE, TEST_ISSUER, TEST_PATIENT } from '../../support/saml-tickets.js';
import { send } from '../../support/soap-client.js';
import { findDocumentsRequest, provideAndRegisterRequest, retrieveRequest, submitObjectsRequest } from '../../support/xds-messages.js';
import { syntheticDnr } from '../../unit/profiles/synthetic-ids.js';
import { ACTION, call, PATIENT_CX, samlAuthorization, statusOf, ticket } from './xua-fixture.js';

/**
 * Local patient ids behind a national gateway (docs/patient-identities.md): Norsk helsenett's
 * initiating gateway asks ITI-38 for a community-local id while the ticket names the person by
 * fødselsnummer. The patient cross-reference, fed by PIXm ITI-104 on /fhir/Patient, lets the
 * query through and finds the documents filed under either id. The feed is tried with hostile input.
 */
const LOCAL_OID = '2.999.55.1';
const LOCAL = `L${Date.now()}`;
const LOCAL_CX = `${LOCAL}^^^&${LOCAL_OID}&ISO`;
const FEED_SCOPE = 'nhn:pjd/patient-feed';
const REPOSITORY = '2.999.88.5.1';

const patient = (...ids: [string, string][]) => ({ resourceType: 'Patient', identifier: ids.map(([system, value]) => ({ system, value })) });
const FNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.1';
const PERSON = patient([FNR_SYSTEM, TEST_PATIENT], [`urn:oid:${LOCAL_OID}`, LOCAL]);

describe('patient cross-reference: a local id with a fødselsnummer ticket (ITI-104 feed, ITI-38 / ITI-39)', function () {
  this.timeout(30_000);
  let gateway: RunningGateway;
  let dir: string;
  let localDoc: string;
  let nationalDoc: string;
  const systemToken = (scope = FEED_SCOPE): string => {
    const t = Math.floor(Date.now() / 1000);
    return signJwt({ alg: 'RS256', kid: 'helseid-rsa', typ: 'at+jwt' }, {
      iss: 'https://helseid-sts.test.nhn.no', aud: 'nhn:pjd', iat: t - 5, nbf: t - 5, exp: t + 60, jti: randomUUID(), scope: [scope], client_id: 'pas-system',
    }, jwtKeys().rsa.privateKey);
  };
  const feed = (method: string, identifier: string | undefined, body: unknown, headers: Record<string, string> = {}) => {
    const q = identifier === undefined ? '' : `?identifier=${encodeURIComponent(identifier)}`;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return send(`${gateway.url}/fhir/Patient${q}`, { 'content-type': 'application/fhir+json', authorization: `Bearer ${systemToken()}`, ...headers }, text, method);
  };
  const outcome = (r: { body: Buffer }) => JSON.parse(r.body.toString('utf8')) as { resourceType: string; issue: { code: string; diagnostics: string }[] };
  const provide = async (patientId: string, authority: string): Promise<string> => {
    const { xml, documentUniqueId } = submitObjectsRequest({ mimeType: 'text/plain' });
    const body = xml.replaceAll(`${'13116900216'}^^^&amp;2.16.578.1.12.4.1.4.1&amp;ISO`, `${patientId}^^^&amp;${authority}&amp;ISO`);
    const res = await call(`${gateway.url}/services/repository`, ACTION.pnr, provideAndRegisterRequest(body, { inline: Buffer.from('notat\n') }));
    if (!res.envelope.includes('ResponseStatusType:Success')) throw new Error(`ITI-41 failed: ${res.envelope.slice(0, 600)}`);
    return documentUniqueId;
  };
  const queryLocal = (id = LOCAL_CX) => call(`${gateway.url}/services/xca`, ACTION.xcq, findDocumentsRequest(id), ticket());

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xref-gateway-'));
    const jwks = path.join(dir, 'jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [jwtKeys().rsa.jwk] }));
    gateway = await startGateway(testConfig({
      STORAGE_URL: `file:${path.join(dir, 'data')}`, HOME_COMMUNITY_ID: 'urn:oid:2.999.88.5', REPOSITORY_UNIQUE_ID: REPOSITORY,
      XUA_MODE: 'required', XUA_TRUST_DIR: testKeys().trustDir, XUA_AUDIENCES: TEST_AUDIENCE, XUA_ISSUERS: `${TEST_ISSUER},${CITIZEN_ISSUER}`,
      HELSEID_JWKS_FILE: jwks, PATIENT_FEED_SCOPES: FEED_SCOPE,
      // A local id is not a Norwegian person number: this community files some documents under it.
      METADATA_RULES: 'no.patient-id.*=off,no.cx.syntax=off',
    }), createLogger('silent'));
    localDoc = await provide(LOCAL, LOCAL_OID);
    nationalDoc = await provide(TEST_PATIENT, '2.16.578.1.12.4.1.4.1');
  });
  after(async () => { await gateway.close(); rmSync(dir, { recursive: true, force: true }); });

  it('refuses the local-id query while the cross-reference does not know the id, as before', async () => {
    const res = await queryLocal();
    expect(statusOf(res.envelope)).to.equal('Failure');
    expect(res.envelope).to.contain('Access refused by the access policy').and.contain('not the queried patient');
  });

  it('takes the person through PUT /fhir/Patient (201 new, 200 revised), answering with the linked ids', async () => {
    const created = await feed('PUT', `urn:oid:${LOCAL_OID}|${LOCAL}`, PERSON);
    expect(created.status, created.body.toString()).to.equal(201);
    expect(JSON.parse(created.body.toString())).to.deep.equal(PERSON);
    expect((await feed('PUT', `${FNR_SYSTEM}|${TEST_PATIENT}`, PERSON)).status).to.equal(200);
  });

  it('answers the local-id ITI-38 with the documents filed under both ids', async () => {
    const res = await queryLocal();
    expect(statusOf(res.envelope), res.envelope.slice(0, 800)).to.equal('Success');
    expect(res.envelope).to.contain(`value="${localDoc}"`).and.contain(`value="${nationalDoc}"`);
  });

  it('answers an ITI-18 by fødselsnummer with the local-id document too', async () => {
    const res = await call(`${gateway.url}/services/registry`, ACTION.query, findDocumentsRequest(PATIENT_CX), ticket());
    expect(statusOf(res.envelope)).to.equal('Success');
    expect(res.envelope).to.contain(`value="${localDoc}"`);
  });

  it('retrieves the local-id document over ITI-39 for the fødselsnummer ticket', async () => {
    const res = await call(`${gateway.url}/services/xca`, ACTION.xcr, retrieveRequest(REPOSITORY, [localDoc], 'urn:oid:2.999.88.5'), ticket());
    expect(statusOf(res.envelope)).to.equal('Success');
    expect(res.attachments.size).to.equal(1);
  });

  it('still refuses a local id the cross-reference does not know', async () => {
    const res = await queryLocal(`L-unknown^^^&${LOCAL_OID}&ISO`);
    expect(statusOf(res.envelope)).to.equal('Failure');
    expect(res.envelope).to.contain('not the queried patient');
  });

  describe('the feed under hostile input', () => {
    const refused = async (r: Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>, status: number, text: RegExp) => {
      const res = await r;
      expect(res.status, res.body.toString().slice(0, 300)).to.equal(status);
      expect(String(res.headers['content-type'])).to.match(/^application\/fhir\+json/);
      const o = outcome(res);
      expect(o.resourceType).to.equal('OperationOutcome');
      expect(o.issue.map((i) => i.diagnostics).join(' | ')).to.match(text);
      expect(res.body.toString()).to.not.match(/\n\s+at /);
    };

    it('refuses a caller without a token, health personnel and a system token without the feed scope', async () => {
      await refused(feed('PUT', `${FNR_SYSTEM}|${TEST_PATIENT}`, PERSON, { authorization: '' }), 401, /access token/);
      await refused(feed('PUT', `${FNR_SYSTEM}|${TEST_PATIENT}`, PERSON, { authorization: samlAuthorization(ticket()) }), 403, /PATIENT_FEED_SCOPES/);
      await refused(feed('PUT', `${FNR_SYSTEM}|${TEST_PATIENT}`, PERSON, { authorization: `Bearer ${systemToken('other')}` }), 403, /PATIENT_FEED_SCOPES/);
      await refused(feed('PUT', `${FNR_SYSTEM}|${TEST_PATIENT}`, PERSON, { authorization: 'Bearer not.a.jwt' }), 401, /./);
    });

    it('refuses other methods, a missing or malformed identifier parameter and other media types', async () => {
      await refused(feed('GET', `${FNR_SYSTEM}|${TEST_PATIENT}`, ''), 405, /PUT/);
      await refused(feed('POST', undefined, PERSON), 405, /PUT/);
      await refused(feed('PUT', undefined, PERSON), 400, /identifier=/);
      await refused(feed('PUT', TEST_PATIENT, PERSON), 400, /<system>\|<value>/);
      await refused(feed('PUT', `${FNR_SYSTEM}|${TEST_PATIENT}`, PERSON, { 'content-type': 'application/xml' }), 415, /fhir\+json/);
    });

    it('refuses a body that is too large, not JSON or not a Patient, within bounds', async () => {
      await refused(feed('PUT', `${FNR_SYSTEM}|${TEST_PATIENT}`, `{"resourceType":"Patient","x":"${'a'.repeat(70_000)}"}`), 413, /larger than the limit/);
      await refused(feed('PUT', `${FNR_SYSTEM}|${TEST_PATIENT}`, '{"resourceType": "Patient", '), 400, /not JSON/);
      await refused(feed('PUT', `${FNR_SYSTEM}|${TEST_PATIENT}`, `${'['.repeat(20_000)}${']'.repeat(20_000)}`), 400, /not a JSON object/);
      await refused(feed('PUT', `${FNR_SYSTEM}|${TEST_PATIENT}`, { resourceType: 'Practitioner', identifier: PERSON.identifier }), 400, /not a Patient/);
    });

    it('refuses identifiers it cannot use, naming each', async () => {
      const url = `${FNR_SYSTEM}|${TEST_PATIENT}`;
      const many = patient(...Array.from({ length: 101 }, (_, i): [string, string] => [`urn:oid:${LOCAL_OID}`, `X${i}`]));
      await refused(feed('PUT', url, many), 400, /101 identifiers/);
      await refused(feed('PUT', url, patient([FNR_SYSTEM, TEST_PATIENT], ['http://evil.example/ids', 'X1'])), 400, /urn:oid:<OID>/);
      await refused(feed('PUT', url, patient([FNR_SYSTEM, TEST_PATIENT], [`urn:oid:${LOCAL_OID}`, 'A^^^&1.2&ISO'])), 400, /without \^/);
      await refused(feed('PUT', url, patient([FNR_SYSTEM, TEST_PATIENT], [FNR_SYSTEM, '01017012343'])), 400, /exactly one national id/);
      await refused(feed('PUT', url, patient([FNR_SYSTEM, TEST_PATIENT])), 400, /no local id/);
      await refused(feed('PUT', `${FNR_SYSTEM}|13116900217`, patient([FNR_SYSTEM, '13116900217'], [`urn:oid:${LOCAL_OID}`, 'X2'])), 400, /not valid \(checksum\)/);
      await refused(feed('PUT', `urn:oid:${LOCAL_OID}|other`, PERSON), 400, /not one of the Patient's identifiers/);
      const dnr = syntheticDnr();
      await refused(feed('PUT', `${FNR_SYSTEM}|${dnr}`, patient([FNR_SYSTEM, dnr], [`urn:oid:${LOCAL_OID}`, 'X3'])), 400, /is a DNR but is sent under 2\.16\.578\.1\.12\.4\.1\.4\.1/);
      const polluted = `{"resourceType":"Patient","__proto__":{"identifier":[]},"identifier":${JSON.stringify(PERSON.identifier)},"constructor":{"prototype":{"polluted":1}}}`;
      expect([200, 201]).to.include((await feed('PUT', url, polluted)).status);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  });

  it('unlinks the local id on DELETE, after which the local-id query is refused again', async () => {
    const res = await feed('DELETE', `urn:oid:${LOCAL_OID}|${LOCAL}`, '');
    expect(res.status).to.equal(204);
    expect(statusOf((await queryLocal()).envelope)).to.equal('Failure');
    expect((await feed('DELETE', `urn:oid:${LOCAL_OID}|${LOCAL}`, '')).status).to.equal(204);
  });
});
