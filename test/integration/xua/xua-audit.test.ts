import { expect } from 'chai';
import { auditCorrelationId } from '../../../src/audit/audit-event.js';
import type { AuditEvent } from '../../../src/formats/fhir/audit-event.js';
import type { AuditStore } from '../../../src/audit/ports.js';
import { STORED_QUERY_ID } from '../../../src/domain/vocabulary.js';
import { findDocumentsRequest, retrieveRequest } from '../../support/xds-messages.js';
import {
  ACTION, auditFile, call, faultOf, PATIENT_CX, provide, readAuditLog, REPOSITORY, samlAuthorization, startXuaGateway,
  statusOf, ticket, type Answer, type XuaGateway,
} from './xua-fixture.js';

const BTG = 'urn:dokumentdeling-gateway:audit:break-the-glass';
const PATIENT_PARAM = 'patient=urn:oid:2.16.578.1.12.4.1.4.1%7C13116900216';
const subtypeOf = (e: AuditEvent): string | undefined => e.subtype?.find((s) => s.system === 'urn:ihe:event-type-code')?.code;
const queryEntityOf = (e: AuditEvent | undefined) => e?.entity?.find((x) => x.role?.code === '24');
const decisionsOf = (e: AuditEvent): Record<string, string> => Object.fromEntries((e.entity ?? [])
  .filter((x) => x.role?.code === '3').map((x) => [x.what?.identifier?.value ?? '', x.detail?.find((d) => d.type === 'access-decision')?.valueString ?? '']));

/**
 * The audit trail over HTTP: one AuditEvent per SOAP request, allowed or refused, stored before
 * the answer; read per patient with GET /fhir/AuditEvent; a store that fails fails the request.
 * ihe-requirements.md §12, norway-profile.md §7, docs/access-policy.md §4.
 */
describe('audit trail over HTTP', function () {
  this.timeout(30_000);
  let g: XuaGateway;
  let blocked: string;
  const sent: Answer[] = [];
  const byId = (a: Answer, events: readonly AuditEvent[]): AuditEvent[] => events.filter((e) => auditCorrelationId(e) === a.correlationId);
  before(async () => {
    g = await startXuaGateway();
    blocked = await provide(g.url, 'Sperret notat\n', { confidentiality: 'NORS' });
    const treat = ticket({ purposes: ['TREAT'] });
    const query = findDocumentsRequest(PATIENT_CX);
    sent.push(
      await call(`${g.url}/services/registry`, ACTION.query, query, treat),
      await call(`${g.url}/services/registry`, ACTION.query, query),
      await call(`${g.url}/services/registry`, ACTION.query, findDocumentsRequest('01017012343^^^&2.16.578.1.12.4.1.4.1&ISO'), treat),
      await call(`${g.url}/services/xca`, ACTION.xcq, query, ticket({ purposes: ['BTG'] })),
      await call(`${g.url}/services/repository`, ACTION.retrieve, retrieveRequest(REPOSITORY, [blocked]), treat),
    );
  });
  after(async () => { await g.close(); });

  it('writes exactly one record per request to the store, allowed or refused, with its outcome', () => {
    const events = auditFile(g.dir);
    const outcomes = sent.map((a) => byId(a, events).map((e) => [subtypeOf(e), e.outcome]));
    expect(outcomes).to.deep.equal([
      [['ITI-18', '0']], [['ITI-18', '8']], [['ITI-18', '8']], [['ITI-38', '0']], [['ITI-43', '8']],
    ]);
    expect(events.filter((e) => subtypeOf(e) === 'ITI-41')).to.have.length(1);
  });

  it('records the refusals with their reasons and the caller', () => {
    const events = auditFile(g.dir);
    const [noTicket] = byId(sent[1] as Answer, events);
    expect(noTicket?.outcomeDesc).to.contain('A security token is required');
    const [mismatch] = byId(sent[2] as Answer, events);
    expect(mismatch?.outcomeDesc).to.contain('the ticket is for patient 13116900216');
    expect(mismatch?.agent.some((a) => a.who?.identifier?.value === '02056600214')).to.equal(true);
  });

  it('marks break-the-glass and records each document\'s access decision', () => {
    const events = auditFile(g.dir);
    const [btg] = byId(sent[3] as Answer, events);
    expect(btg?.extension?.some((x) => x.url === BTG && x.valueBoolean === true)).to.equal(true);
    expect(decisionsOf(btg as AuditEvent)[blocked]).to.equal('allow');
    const [treat] = byId(sent[0] as Answer, events);
    expect(treat?.extension?.some((x) => x.url === BTG)).to.equal(false);
    expect(decisionsOf(treat as AuditEvent)[blocked]).to.equal('mask');
    const [retrieve] = byId(sent[4] as Answer, events);
    expect(decisionsOf(retrieve as AuditEvent)[blocked]).to.equal('mask');
  });

  it('shows in an ITI-18 record the query exactly as the consumer sent it, with its stored query id, allowed or refused', () => {
    const events = auditFile(g.dir);
    const sentQuery = findDocumentsRequest(PATIENT_CX);
    for (const answer of [sent[0], sent[1], sent[3]]) {
      const entity = queryEntityOf(byId(answer as Answer, events)[0]);
      expect(Buffer.from(entity?.query ?? '', 'base64').toString('utf8'), answer?.correlationId).to.equal(sentQuery);
      expect(entity?.detail?.find((d) => d.type === 'QueryEncoding')?.valueString).to.equal('UTF-8');
    }
    // The stored query id once the registry took the query up; not for a request refused before (no ticket).
    expect(queryEntityOf(byId(sent[0] as Answer, events)[0])?.what?.identifier?.value).to.equal(STORED_QUERY_ID.FindDocuments);
    expect(queryEntityOf(byId(sent[1] as Answer, events)[0])?.what).to.equal(undefined);
    expect(queryEntityOf(byId(sent[4] as Answer, events)[0])).to.equal(undefined);
  });

  it('lets the citizen read their own access log, newest first, through GET /fhir/AuditEvent', async () => {
    const res = await readAuditLog(g.url, PATIENT_PARAM, samlAuthorization(ticket({ citizen: true })));
    expect(res.status).to.equal(200);
    const ids = (res.body.entry ?? []).map((e) => auditCorrelationId(e.resource));
    const expected = [sent[0], sent[3], sent[4]].map((a) => a?.correlationId);
    for (const id of expected) expect(ids.filter((x) => x === id), id).to.have.length(1);
    const recorded = (res.body.entry ?? []).map((e) => e.resource.recorded);
    expect(recorded).to.deep.equal([...recorded].sort().reverse());
  });

  it('refuses the access log to health personnel (403) and without a token (401), as OperationOutcome', async () => {
    const hcp = await readAuditLog(g.url, PATIENT_PARAM, samlAuthorization(ticket()));
    expect([hcp.status, hcp.body.issue?.[0]?.code]).to.deep.equal([403, 'forbidden']);
    const none = await readAuditLog(g.url, PATIENT_PARAM);
    expect([none.status, none.body.issue?.[0]?.code]).to.deep.equal([401, 'login']);
    const bad = await readAuditLog(g.url, 'patient=nobody', samlAuthorization(ticket({ citizen: true })));
    expect([bad.status, bad.body.issue?.[0]?.code]).to.deep.equal([400, 'invalid']);
  });
});

describe('the access log with XUA optional', function () {
  this.timeout(30_000);
  let g: XuaGateway;
  before(async () => { g = await startXuaGateway(undefined, 'optional'); });
  after(async () => { await g.close(); });

  it('is refused to a caller without a token (401), though SOAP queries may go without one', async () => {
    const none = await readAuditLog(g.url, PATIENT_PARAM);
    expect([none.status, none.body.issue?.[0]?.code]).to.deep.equal([401, 'login']);
    const citizen = await readAuditLog(g.url, PATIENT_PARAM, samlAuthorization(ticket({ citizen: true })));
    expect(citizen.status).to.equal(200);
  });
});

describe('audit trail failure', function () {
  this.timeout(30_000);
  let g: XuaGateway;
  let appended = 0;
  const failing: AuditStore = {
    append: async () => { appended += 1; throw new Error('disk full'); },
    findByPatient: async () => [],
    pageByPatient: async () => ({ events: [] }),
  };
  before(async () => { g = await startXuaGateway(failing); });
  after(async () => { await g.close(); });

  it('fails a request whose audit record cannot be stored with an env:Receiver fault, not the answer', async () => {
    const res = await call(`${g.url}/services/registry`, ACTION.query, findDocumentsRequest(PATIENT_CX), ticket());
    expect(res.status).to.equal(500);
    const fault = faultOf(res.envelope);
    expect(fault.code).to.equal('env:Receiver');
    expect(fault.reason).to.contain('audit record could not be stored').and.contain(res.correlationId);
    expect(statusOf(res.envelope)).to.equal('?');
    expect(appended).to.be.greaterThan(0);
  });

  it('fails a submission too (the store is asked, and the caller learns it was not completed)', async () => {
    const err = await provide(g.url, 'Notat\n').then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).to.match(/ITI-41 failed/);
  });
});
