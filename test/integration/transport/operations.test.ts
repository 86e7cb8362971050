import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { requireShared, sharedPath } from '../../support/shared.js';
import { ACTIONS, send, soapEnvelope, SOAP_TYPE, startTestApp, stubStorage, type TestServer } from './app-fixture.js';

const ZEEP_LOAD = fileURLToPath(new URL('./zeep_load_wsdl.py', import.meta.url));
/** Asynchronous, so that the in-process server can answer zeep. */
const run = promisify(execFile);

describe('operations endpoints and the request log', () => {
  let server: TestServer;
  let storeUp = true;
  before(async () => {
    server = await startTestApp({ storage: stubStorage(async () => { if (!storeUp) throw new Error('mongodb://user:secret@db down'); }) });
  });
  after(async () => { await server.close(); });

  it('answers /healthz', async () => {
    const res = await send(`${server.url}/healthz`, {}, '', 'GET');
    expect([res.status, JSON.parse(res.body.toString()).status]).to.deep.equal([200, 'ok']);
  });

  it('answers /readyz with 200 while the stores answer and 503 naming them (not their error) when they fail', async () => {
    expect((await send(`${server.url}/readyz`, {}, '', 'GET')).status).to.equal(200);
    storeUp = false;
    try {
      const res = await send(`${server.url}/readyz`, {}, '', 'GET');
      expect(res.status).to.equal(503);
      expect(JSON.parse(res.body.toString())).to.deep.equal({ status: 'unavailable', failing: ['metadata', 'documents'] });
      expect(res.body.toString()).not.to.contain('secret');
    } finally {
      storeUp = true;
    }
  });

  it('logs one JSON line per request with correlation id, action, status, duration and bytes, and echoes the id', async () => {
    const res = await send(`${server.url}/services/repository?patient=12345678901`, { 'content-type': SOAP_TYPE, 'x-correlation-id': 'abc-123' },
      soapEnvelope(ACTIONS.pnr, '<P/>'));
    expect(res.headers['x-correlation-id']).to.equal('abc-123');
    const line = server.logs.find((l) => l.msg === 'request' && l.correlationId === 'abc-123');
    expect(line).to.include({ method: 'POST', path: '/services/repository', action: ACTIONS.pnr, transaction: 'ITI-41', outcome: 'success', status: 200 });
    expect(line?.durationMs).to.be.a('number');
    expect(line?.bytesIn).to.be.above(300);
    expect(line?.bytesOut).to.be.above(300);
    expect(JSON.stringify(line)).not.to.contain('12345678901');
  });

  it('generates a correlation id when the sent one is unsafe', async () => {
    const res = await send(`${server.url}/healthz`, { 'x-correlation-id': 'bad id\twith "quotes"' }, '', 'GET');
    expect(res.headers['x-correlation-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('exposes request counts and durations per transaction on /metrics', async () => {
    await send(`${server.url}/services/registry`, { 'content-type': SOAP_TYPE }, soapEnvelope(ACTIONS.register, '<P/>'));
    const res = await send(`${server.url}/metrics`, {}, '', 'GET');
    expect(String(res.headers['content-type'])).to.match(/^text\/plain/);
    const text = res.body.toString();
    expect(text).to.match(/gateway_soap_requests_total\{transaction="ITI-42",outcome="failure"\} [1-9]/);
    expect(text).to.match(/gateway_soap_request_duration_seconds_count\{transaction="ITI-42"\} [1-9]/);
    expect(text).to.match(/gateway_http_requests_total\{route="soap",status="200"\} [1-9]/);
  });

  it('answers unknown paths with a plain 404', async () => {
    const res = await send(`${server.url}/nothing/here`, {}, '', 'GET');
    expect([res.status, res.body.toString()]).to.deep.equal([404, 'Nothing is served at /nothing/here']);
  });
});

describe('WSDLs', () => {
  let server: TestServer;
  before(async () => { server = await startTestApp(); });
  after(async () => { await server.close(); });

  for (const [path, actor, operation] of [['registry', 'registry', 'RegistryStoredQuery'], ['repository', 'repository', 'ProvideAndRegisterDocumentSet-b'],
    ['xca', 'xca', 'CrossGatewayRetrieve'], ['ig', 'ig', 'RetrieveDocumentSet'], ['iti43', 'repository', 'RetrieveDocumentSet']] as const) {
    it(`serves the ${actor} WSDL at /services/${path}?wsdl with the actor address`, async () => {
      const res = await send(`${server.url}/services/${path}?wsdl`, {}, '', 'GET');
      expect(res.status).to.equal(200);
      const text = res.body.toString();
      expect(text).to.contain(`location="http://127.0.0.1:${server.port}/services/${actor}"`).and.contain(operation);
      expect(text).not.to.contain('{{');
    });
  }

  it('loads in python zeep, with the IHE schemas read from the shared mirror (there is no internet)', async function () {
    requireShared(this);
    const { stdout } = await run('/usr/bin/python3', [ZEEP_LOAD, `${server.url}/services/repository?wsdl`, sharedPath('conformance/schemas/ihe-iti')], { timeout: 15_000 });
    const ports = JSON.parse(stdout) as Record<string, { address: string; operations: Record<string, { wsaAction: string; input: string }> }>;
    const port = ports.DocumentRepository_Port_Soap12;
    expect(port?.address).to.equal(`http://127.0.0.1:${server.port}/services/repository`);
    expect(Object.values(port?.operations ?? {}).map((o) => o.wsaAction)).to.have.members([
      'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b', 'urn:ihe:iti:2007:RetrieveDocumentSet']);
    expect(port?.operations['DocumentRepository_RetrieveDocumentSet']?.input).to.equal('{urn:ihe:iti:xds-b:2007}RetrieveDocumentSetRequest');
  });
});
