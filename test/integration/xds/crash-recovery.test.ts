/**
 * All or nothing across a crash (ITI TF-2 3.42.4.1.3; NIST 12084): the gateway process is killed
 * with SIGKILL while clients submit; after a restart on the same store every acknowledged
 * submission is complete and retrievable, and no submission is visible in part.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGatewayProcess, type GatewayProcess } from '../../support/gateway-process.js';
import { callSoap, envelope, errorCodes, mtomPackage, post } from '../../support/soap-client.js';
import { findDocumentsRequest, provideAndRegisterRequest, retrieveRequest, submitObjectsRequest } from '../../support/xds-messages.js';
import { SOAP_ACTION } from '../../../src/domain/vocabulary.js';

const PNR = SOAP_ACTION.provideAndRegister;
const SQ = SOAP_ACTION.registryStoredQuery;
const RETRIEVE = SOAP_ACTION.retrieveDocumentSet;
const REPOSITORY = '2.999.1.2';
const PATIENT = '13116900216';
const PATIENT_CX = `${PATIENT}^^^&2.16.578.1.12.4.1.4.1&ISO`;

interface Attempt { uniqueId: string; bytes: Buffer; acknowledged: boolean }

async function submitUntilKilled(g: GatewayProcess, attempts: Attempt[], stopAt: number): Promise<void> {
  const url = `${g.url}/services/repository`;
  await Promise.all(Array.from({ length: 6 }, async () => {
    while (Date.now() < stopAt + 2000) {
      const bytes = randomBytes(2048 + Math.floor(Math.random() * 60_000));
      const { xml, documentUniqueId } = submitObjectsRequest({ patientId: PATIENT });
      const attempt: Attempt = { uniqueId: documentUniqueId, bytes, acknowledged: false };
      attempts.push(attempt);
      const pkg = mtomPackage(PNR, envelope(PNR, provideAndRegisterRequest(xml, { contentId: 'd@crash' }), url),
        [{ contentId: 'd@crash', contentType: 'text/plain', data: bytes }]);
      try {
        const res = await post(url, pkg.contentType, pkg.body);
        attempt.acknowledged = res.status === 200 && res.body.includes('ResponseStatusType:Success');
      } catch {
        return; // the server is gone
      }
    }
  }));
}

/** How many SubmissionSets of the patient the registry shows (ObjectRef). */
async function submissionSetCount(baseUrl: string): Promise<number> {
  const body = findDocumentsRequest(PATIENT_CX, 'ObjectRef')
    .replace('14d4debf-8f97-4251-9a74-a90016b0af0d', 'f26abbcb-ac74-4422-8a30-edb644bbc1a9')
    .replace('$XDSDocumentEntryPatientId', '$XDSSubmissionSetPatientId')
    .replace('$XDSDocumentEntryStatus', '$XDSSubmissionSetStatus');
  const res = await callSoap(`${baseUrl}/services/registry`, SQ, body);
  expect(res.envelope, res.envelope.slice(0, 1500)).to.include('ResponseStatusType:Success');
  return [...res.envelope.matchAll(/<rim:ObjectRef /g)].length;
}

async function foundEntryUniqueIds(baseUrl: string): Promise<Set<string>> {
  const res = await callSoap(`${baseUrl}/services/registry`, SQ, findDocumentsRequest(PATIENT_CX));
  expect(res.envelope, res.envelope.slice(0, 1500)).to.include('ResponseStatusType:Success');
  const ids = [...res.envelope.matchAll(/identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab"/g)]
    .map((m) => m[1] ?? m[2] ?? '');
  return new Set(ids);
}

describe('a gateway killed during submissions', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-crash-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const round of [1, 2]) {
    it(`keeps every acknowledged submission whole and shows no partial one (round ${round})`, async () => {
      const env = { STORAGE_URL: `file:${dir}`, REPOSITORY_UNIQUE_ID: REPOSITORY, METADATA_PROFILE: 'ihe-generic' };
      const first = await startGatewayProcess(env);
      const attempts: Attempt[] = [];
      const killAt = Date.now() + 1200 + round * 300;
      const load = submitUntilKilled(first, attempts, killAt);
      await new Promise((r) => setTimeout(r, killAt - Date.now()));
      await first.kill();
      await load;
      const acknowledged = attempts.filter((a) => a.acknowledged);
      expect(acknowledged.length, 'submissions acknowledged before the kill').to.be.greaterThan(5);

      const second = await startGatewayProcess(env);
      try {
        const found = await foundEntryUniqueIds(second.url);
        for (const a of acknowledged) expect(found.has(a.uniqueId), `acknowledged ${a.uniqueId} is registered`).to.equal(true);
        const attempted = new Set(attempts.map((a) => a.uniqueId));
        for (const id of found) expect(attempted.has(id), `${id} was submitted`).to.equal(true);
        // One SubmissionSet per submission: a DocumentEntry never shows without its SubmissionSet.
        expect(await submissionSetCount(second.url), 'SubmissionSets').to.equal(found.size);
        // Every registered entry has its bytes, byte for byte: nothing half-stored.
        const byId = new Map(attempts.map((a) => [a.uniqueId, a]));
        const ids = [...found];
        for (let i = 0; i < ids.length; i += 50) {
          const batch = ids.slice(i, i + 50);
          const res = await callSoap(`${second.url}/services/repository`, RETRIEVE, retrieveRequest(REPOSITORY, batch), { mtom: [] });
          expect(errorCodes(res.envelope), 'retrieve errors').to.deep.equal([]);
          expect(res.attachments.size).to.equal(batch.length);
          const parts = [...res.attachments.values()].map((b) => b.toString('base64')).sort();
          const expected = batch.map((id) => byId.get(id)?.bytes.toString('base64') ?? '').sort();
          expect(parts).to.deep.equal(expected);
        }
      } finally {
        await second.stop();
      }
    });
  }
});
