import { expect } from 'chai';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATIENT_ID } from '../../support/builders.js';
import { AUDIT_CODING } from '../../../src/audit/audit-codes.js';
import { buildAuditEvent, auditPatientKeys } from '../../../src/audit/audit-event.js';
import { searchAuditEvents } from '../../../src/transport/http/audit-search.js';
import { FileAuditStore } from '../../../src/audit/file-audit-store.js';
import { AuditUnavailableError, type AuditStore, type TransactionOutcome } from '../../../src/audit/ports.js';
import { createAuditRecorder, MemoryAuditStore } from '../../../src/audit/recorder.js';
import { cxKey } from '../../../src/domain/datatypes.js';
import type { SecurityContext } from '../../../src/domain/security-context.js';
import { ANONYMOUS } from '../../../src/domain/security-context.js';

const SAML_USER: SecurityContext = {
  kind: 'health-personnel', tokenType: 'saml', subjectId: '02056600214', subjectName: 'LEGE LISA', hprNumber: '565501872',
  role: { code: 'LE', codingScheme: '2.16.578.1.12.4.1.1.9060', displayName: 'Lege' },
  organizationId: '964979383', organizationName: 'RANDABERG KOMMUNE', childOrganizationId: '974600951', childOrganizationName: 'RANDABERG SYKEHJEM',
  facility: { code: '4208723', codingScheme: '2.16.578.1.12.4.1.4.102' },
  purposeOfUse: { code: 'TREAT', codingScheme: '2.16.840.1.113883.1.11.20448' },
  decisionReference: '9b2c1f3e', decisionUserSelected: true, patientId: PATIENT_ID,
  issuer: 'https://helseid-xdssaml.test.nhn.no', assertionId: '_abc',
};
const base = (o: Partial<TransactionOutcome> = {}): TransactionOutcome => ({
  transaction: 'ITI-38', coding: AUDIT_CODING.query('Cross Gateway Query'), outcome: 'success', recorded: new Date('2025-06-01T12:00:00Z'), security: SAML_USER,
  correlationId: 'corr-1', server: { endpoint: 'https://gw.example/services/xca' }, client: { address: '10.0.0.7' }, ...o,
});

describe('Audit records (FHIR AuditEvent, IHE BALP + Norwegian trust framework)', () => {
  it('records an ITI-38 query with the user, legal entity, point of care, purpose, decision and patient', () => {
    const ev = buildAuditEvent(base({ query: { queryId: 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d', text: '<AdhocQueryRequest/>' } }));
    expect([ev.type.code, ev.subtype?.[0]?.code, ev.action, ev.outcome]).to.deep.equal(['110112', 'ITI-38', 'E', '0']);
    expect(ev.meta?.profile?.[0]).to.match(/SAMLaccessTokenUse/);
    expect(ev.purposeOfEvent?.[0]?.coding[0]).to.deep.include({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' });
    const user = ev.agent.find((a) => a.type?.coding[0]?.code === 'UserSamlAgent');
    expect(user?.who?.identifier).to.deep.equal({ system: 'https://helseid-xdssaml.test.nhn.no', value: '02056600214' });
    expect(user?.policy).to.deep.equal(['_abc']);
    expect(user?.requestor).to.equal(true);
    const ids = user?.extension?.map((e) => e.valueIdentifier?.value ?? e.extension?.[0]?.valueIdentifier?.value);
    expect(ids).to.deep.equal(['565501872', '964979383', '974600951', '4208723']);
    const care = ev.extension?.find((e) => e.url.endsWith('carerelation-metadata-extension'));
    expect(care?.extension?.map((e) => e.url)).to.deep.equal(['decision-ref-id', 'decision-ref-user-selected']);
    const query = ev.entity?.find((e) => e.role?.code === '24');
    expect(Buffer.from(query?.query ?? '', 'base64').toString()).to.equal('<AdhocQueryRequest/>');
    expect(auditPatientKeys(ev)).to.deep.equal([cxKey(PATIENT_ID)]);
  });

  it('records a refused retrieve with a failing outcome, its reason and each document\'s decision', () => {
    const ev = buildAuditEvent(base({
      transaction: 'ITI-43', coding: AUDIT_CODING.export('Retrieve Document Set'), outcome: 'refused', outcomeDescription: 'NORS: masked for TREAT',
      documents: [{ uniqueId: '2.25.1', repositoryUniqueId: '2.999.1.2', decision: 'mask' }],
    }));
    expect([ev.type.code, ev.action, ev.outcome, ev.outcomeDesc]).to.deep.equal(['110106', 'R', '8', 'NORS: masked for TREAT']);
    const doc = ev.entity?.find((e) => e.role?.code === '3');
    expect(doc?.detail).to.deep.equal([{ type: 'Repository Unique Id', valueString: '2.999.1.2' }, { type: 'access-decision', valueString: 'mask' }]);
  });

  it('marks every break-the-glass access', () => {
    const btg = buildAuditEvent(base({ security: { ...SAML_USER, purposeOfUse: { code: 'BTG', codingScheme: '2.16.840.1.113883.1.11.20448' } } }));
    expect(btg.extension?.find((e) => e.url.endsWith('break-the-glass'))?.valueBoolean).to.equal(true);
    expect(btg.purposeOfEvent?.[0]?.coding[0]?.code).to.equal('BTG');
    expect(buildAuditEvent(base()).extension?.some((e) => e.url.endsWith('break-the-glass'))).to.equal(false);
  });

  it('records a HelseID (JWT) caller as an OAuth user with the calling system and the attest time', () => {
    const jwtUser: SecurityContext = { ...SAML_USER, tokenType: 'jwt', clientId: 'epj-client', clientName: 'EPJ', attestedAt: '2025-06-01T11:59:00.000Z' };
    const ev = buildAuditEvent(base({ transaction: 'ITI-67', coding: AUDIT_CODING.rest('Find Document References', 'search'), security: jwtUser }));
    expect([ev.type.code, ev.subtype?.map((s) => s.code)]).to.deep.equal(['rest', ['search', 'ITI-67']]);
    expect(ev.agent.map((a) => a.type?.coding[0]?.code)).to.deep.equal(['110153', '110152', 'UserOauthAgent', '110150']);
    const toa = ev.extension?.find((e) => e.url.endsWith('carerelation-metadata-extension'))?.extension?.find((e) => e.url === 'toa');
    expect(toa?.valueUnsignedInt).to.equal(Date.parse('2025-06-01T11:59:00Z') / 1000);
  });

  it('records an anonymous request without a user agent', () => {
    const ev = buildAuditEvent(base({ security: ANONYMOUS, patient: PATIENT_ID }));
    expect(ev.agent).to.have.length(2);
    expect(auditPatientKeys(ev)).to.deep.equal([cxKey(PATIENT_ID)]);
  });
});

describe('Audit storage and the per-patient access log', () => {
  it('fails the request when the record cannot be stored, after retrying', async () => {
    let attempts = 0;
    const broken: AuditStore = { append: async () => { attempts++; throw new Error('disk full'); }, findByPatient: async () => [], pageByPatient: async () => ({ events: [] }) };
    const err = await createAuditRecorder(broken).record(buildAuditEvent(base())).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(AuditUnavailableError);
    expect(attempts).to.equal(2);
  });

  it('keeps records per patient, newest first, readable with GET /fhir/AuditEvent?patient=', async () => {
    const store = new MemoryAuditStore();
    const recorder = createAuditRecorder(store);
    await recorder.record(buildAuditEvent(base({ id: 'first' })));
    await recorder.record(buildAuditEvent(base({ id: 'second' })));
    const r = await searchAuditEvents(store, { patient: `urn:oid:${PATIENT_ID.assigningAuthority}|${PATIENT_ID.id}` }, ANONYMOUS);
    if (r.status !== 200) throw new Error(JSON.stringify(r.body));
    expect(r.body.entry.map((e) => e.resource.id)).to.deep.equal(['second', 'first']);
    expect((await searchAuditEvents(store, { patient: '01017012343' }, ANONYMOUS)).body).to.include({ total: 0 });
  });

  it('pages a long access log with _count and next links, and refuses a bad _count or _page with 400', async () => {
    const store = new MemoryAuditStore();
    for (let i = 0; i < 5; i++) await store.append(buildAuditEvent(base({ id: `n${i}` })));
    const patient = `urn:oid:${PATIENT_ID.assigningAuthority}|${PATIENT_ID.id}`;
    const seen: string[] = [];
    let params: Record<string, string> = { patient, _count: '2' };
    for (;;) {
      const r = await searchAuditEvents(store, params, ANONYMOUS, { baseUrl: 'https://gw/fhir' });
      if (r.status !== 200) throw new Error(JSON.stringify(r.body));
      seen.push(...r.body.entry.map((e) => e.resource.id));
      const next = r.body.link?.find((l) => l.relation === 'next')?.url;
      if (!next) break;
      expect(r.body.total).to.equal(undefined);
      params = Object.fromEntries(new URL(next).searchParams);
    }
    expect(seen).to.deep.equal(['n4', 'n3', 'n2', 'n1', 'n0']);
    expect((await searchAuditEvents(store, { patient, _count: '0' }, ANONYMOUS)).status).to.equal(400);
    expect((await searchAuditEvents(store, { patient, _count: '5000' }, ANONYMOUS)).status).to.equal(400);
    expect((await searchAuditEvents(store, { patient, _page: 'x' }, ANONYMOUS)).status).to.equal(400);
  });

  it('lets a citizen read their own access log and refuses health personnel and bad parameters', async () => {
    const store = new MemoryAuditStore();
    const self: SecurityContext = { kind: 'citizen', subjectId: PATIENT_ID.id, patientId: PATIENT_ID };
    expect((await searchAuditEvents(store, { patient: PATIENT_ID.id }, self)).status).to.equal(200);
    expect((await searchAuditEvents(store, { patient: PATIENT_ID.id }, SAML_USER)).status).to.equal(403);
    expect((await searchAuditEvents(store, { patient: 'Kari' }, ANONYMOUS)).status).to.equal(400);
    expect((await searchAuditEvents(store, {}, ANONYMOUS)).status).to.equal(400);
  });
});

describe('The file audit store', () => {
  it('keeps acknowledged records across a reopen and skips a torn last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    try {
      const store = await FileAuditStore.open(dir);
      await Promise.all([store.append(buildAuditEvent(base({ id: 'a' }))), store.append(buildAuditEvent(base({ id: 'b' })))]);
      await store.close();
      appendFileSync(join(dir, 'segment-000000000001.jsonl'), '{"resourceType":"AuditEv');
      const reopened = await FileAuditStore.open(dir);
      await reopened.append(buildAuditEvent(base({ id: 'c' })));
      await reopened.close();
      const again = await FileAuditStore.open(dir);
      expect((await again.findByPatient(cxKey(PATIENT_ID))).map((e) => e.id)).to.deep.equal(['c', 'b', 'a']);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
