import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { auditCorrelationId } from '../../../src/audit/audit-event.js';
import { send } from '../../support/soap-client.js';
import { findDocumentsRequest, provideAndRegisterRequest, submitObjectsRequest } from '../../support/xds-messages.js';
import { TEST_PATIENT } from '../../support/saml-tickets.js';
import { ACTION, auditFile, PATIENT_CX, samlAuthorization, soapEnvelope, startXuaGateway, ticket, type XuaGateway } from './xua-fixture.js';

const SOAP = (action: string) => `application/soap+xml; charset=UTF-8; action="${action}"`;
const MAX_XML = 200_000;

/** One request of the mix: how to send it with the given correlation id. */
type Sender = (url: string, port: number, correlationId: string) => Promise<unknown>;

const http = (method: string, path: string, contentType: string | undefined, body: string | Buffer): Sender =>
  (url, _port, id) => send(`${url}${path}`, { ...(contentType ? { 'content-type': contentType } : {}), 'x-correlation-id': id }, body, method)
    .catch(() => undefined);

/** Sends headers promising 10 kB, 20 bytes of body, then drops the connection. */
const dropsMidBody: Sender = (_url, port, id) => new Promise<void>((resolve) => {
  const sock = net.connect(port, '127.0.0.1', () => {
    sock.write(`POST /services/registry HTTP/1.1\r\nHost: x\r\nContent-Type: ${SOAP(ACTION.query)}\r\nContent-Length: 10000\r\nX-Correlation-ID: ${id}\r\n\r\n<s:Envelope xmlns:s=`);
    setTimeout(() => { sock.destroy(); resolve(); }, 50);
  });
  sock.on('error', () => resolve());
});

/**
 * Every request leaves exactly one audit record, whatever happens to it: answered, refused by
 * XUA, refused before dispatch by the HTTP or SOAP edge, or abandoned by its client.
 * ihe-requirements.md §12.
 */
describe('audit of every request', function () {
  this.timeout(60_000);
  let g: XuaGateway;
  before(async () => { g = await startXuaGateway(undefined, 'required', { MAX_XML_BYTES: String(MAX_XML), REQUEST_IDLE_TIMEOUT_MS: '2000' }); });
  after(async () => { await g.close(); });

  it('writes exactly one record for each of a mix of good, refused and broken requests, and none for the health probes', async () => {
    const query = findDocumentsRequest(PATIENT_CX);
    const { xml } = submitObjectsRequest({ patientId: TEST_PATIENT, confidentiality: 'N', mimeType: 'text/plain' });
    const mix: Record<string, Sender> = {
      'ITI-18 with a ticket': http('POST', '/services/registry', SOAP(ACTION.query), soapEnvelope(ACTION.query, query, ticket())),
      'ITI-18 without a ticket': http('POST', '/services/registry', SOAP(ACTION.query), soapEnvelope(ACTION.query, query)),
      'ITI-41': http('POST', '/services/repository', SOAP(ACTION.pnr), soapEnvelope(ACTION.pnr, provideAndRegisterRequest(xml, { inline: Buffer.from('x') }))),
      '415 media type': http('POST', '/services/registry', 'text/plain', 'hello'),
      '415 charset': http('POST', '/services/registry', 'application/soap+xml; charset=ISO-8859-1', soapEnvelope(ACTION.query, query)),
      'empty body': http('POST', '/services/registry', SOAP(ACTION.query), ''),
      'XML not well-formed': http('POST', '/services/registry', SOAP(ACTION.query), '<s:Envelope xmlns:s="x"><open>'),
      'broken multipart': http('POST', '/services/repository', 'multipart/related; type="application/xop+xml"; boundary=zz; start-info="application/soap+xml"', '--zz\r\nnonsense'),
      'too large': http('POST', '/services/registry', SOAP(ACTION.query), soapEnvelope(ACTION.query, `${query}<!--${'x'.repeat(MAX_XML)}-->`)),
      'unknown action': http('POST', '/services/registry', SOAP('urn:x'), soapEnvelope('urn:x', query)),
      'unknown endpoint': http('POST', '/services/nowhere', SOAP(ACTION.query), soapEnvelope(ACTION.query, query)),
      'unknown path': http('POST', '/elsewhere', 'text/plain', 'x'),
      'GET unknown path': http('GET', '/nothing-here', undefined, ''),
      'GET endpoint without ?wsdl': http('GET', '/services/registry', undefined, ''),
      'GET WSDL': http('GET', '/services/registry?wsdl', undefined, ''),
      'access log without a token': http('GET', '/fhir/AuditEvent?patient=13116900216', undefined, ''),
      'access log read by the citizen': (url, _port, id) => send(`${url}/fhir/AuditEvent?patient=13116900216`,
        { authorization: samlAuthorization(ticket({ citizen: true })), 'x-correlation-id': id }, '', 'GET'),
      'client drops mid-body': dropsMidBody,
    };
    const port = Number(new URL(g.url).port);
    const sent = new Map<string, string>();
    for (let round = 0; round < 3; round++) {
      await Promise.all(Object.entries(mix).map(([name, s]) => {
        const id = `mix-${round}-${randomUUID()}`;
        sent.set(id, name);
        return s(g.url, port, id);
      }));
    }
    const probes = [`probe-${randomUUID()}`, `probe-${randomUUID()}`];
    await send(`${g.url}/healthz`, { 'x-correlation-id': probes[0] as string }, '', 'GET');
    await send(`${g.url}/readyz`, { 'x-correlation-id': probes[1] as string }, '', 'GET');

    // Records of requests refused at the edge are written once the answer is out: wait for them.
    const counts = (): Map<string, number> => {
      const c = new Map<string, number>();
      for (const e of auditFile(g.dir)) {
        const id = auditCorrelationId(e);
        if (id) c.set(id, (c.get(id) ?? 0) + 1);
      }
      return c;
    };
    const deadline = Date.now() + 15_000;
    while ([...sent.keys()].some((id) => !counts().has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    const c = counts();
    const wrong = [...sent].filter(([id]) => c.get(id) !== 1).map(([id, name]) => `${name}: ${c.get(id) ?? 0}`);
    expect(wrong, 'requests without exactly one record').to.deep.equal([]);
    expect(probes.map((id) => c.get(id) ?? 0)).to.deep.equal([0, 0]);
  });

  it('records a refusal at the edge as a failure with the HTTP status and the fault, under the gateway\'s own id', async () => {
    const id = `edge-${randomUUID()}`;
    await send(`${g.url}/services/registry`, { 'content-type': 'text/plain', 'x-correlation-id': id }, 'hello');
    const deadline = Date.now() + 5_000;
    let record;
    while (!(record = auditFile(g.dir).find((e) => auditCorrelationId(e) === id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(record?.outcome).to.equal('8');
    expect(record?.outcomeDesc).to.contain('HTTP 415').and.contain('UNSUPPORTED_MEDIA_TYPE');
    expect(record?.id).to.not.equal(id);
    expect(record?.id).to.match(/^[0-9a-f-]{36}$/);
  });

  it('records the reading of an access log as ITI-81 in that patient\'s own log, with the reader', async () => {
    const id = `read-${randomUUID()}`;
    const res = await send(`${g.url}/fhir/AuditEvent?patient=13116900216`, { authorization: samlAuthorization(ticket({ citizen: true })), 'x-correlation-id': id }, '', 'GET');
    expect(res.status).to.equal(200);
    const [record] = auditFile(g.dir).filter((e) => auditCorrelationId(e) === id);
    expect(record?.subtype?.map((s) => s.code)).to.include('ITI-81');
    expect(record?.outcome).to.equal('0');
    expect(record?.entity?.some((e) => e.role?.code === '1' && e.what?.identifier?.value === TEST_PATIENT)).to.equal(true);
  });

  it('records requests that node\'s HTTP parser refuses before express, once each, and answers them as node would', async () => {
    const refusedByParser = () => auditFile(g.dir).filter((e) => e.outcomeDesc?.startsWith('the request could not be read')).length;
    const before = refusedByParser();
    const port = Number(new URL(g.url).port);
    const raw = (head: string): Promise<string> => new Promise((resolve) => {
      const chunks: Buffer[] = [];
      const sock = net.connect(port, '127.0.0.1', () => sock.write(head));
      sock.on('data', (c: Buffer) => chunks.push(c));
      sock.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
      sock.on('error', () => resolve(Buffer.concat(chunks).toString('latin1')));
    });
    const huge = await raw(`GET /services/registry?wsdl HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(32 * 1024)}\r\n\r\n`);
    const garbage = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect(huge).to.match(/^HTTP\/1\.1 431 /);
    expect(garbage).to.match(/^HTTP\/1\.1 400 /);
    const deadline = Date.now() + 5_000;
    while (refusedByParser() < before + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    expect(refusedByParser() - before).to.equal(2);
  });
});
