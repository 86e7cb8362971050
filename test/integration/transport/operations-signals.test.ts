/**
 * What an operator sees of a running gateway: the request log's fields (wsa:MessageID, caller
 * kind, failed rule ids, W3C traceparent), probes at debug, and the Prometheus metrics (process
 * and runtime defaults, store latency, XUA refusals by reason, audit write failures, per-community
 * XCA latency and errors).
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testConfig } from '../../support/test-config.js';
import { startGateway, type RunningGateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/logging/logger.js';
import { readTraceparent } from '../../../src/transport/http/request-log.js';
import { MemoryAuditStore } from '../../../src/audit/recorder.js';
import { freePort } from '../../support/gateway-process.js';
import { testKeys } from '../../support/saml-signer.js';
import { envelope, send } from '../../support/soap-client.js';
import { findDocumentsRequest, NORWEGIAN_PATIENT_CX } from '../../support/xds-messages.js';
import { PROJECT_ROOT } from '../../support/shared.js';

const SOAP = 'application/soap+xml; charset=utf-8';
const QUERY = 'urn:ihe:iti:2007:RegistryStoredQuery';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

async function gatewayWithLog(settings: Record<string, string> = {}, overrides: Parameters<typeof startGateway>[2] = {}) {
  const logs: Record<string, unknown>[] = [];
  const log = createLogger('debug', {}, (line) => { logs.push(JSON.parse(line) as Record<string, unknown>); });
  const gw = await startGateway(testConfig({ STORAGE_URL: 'memory:', ...settings }), log, overrides);
  return { gw, logs };
}
const metricsOf = async (gw: RunningGateway): Promise<string> => (await send(`${gw.url}/metrics`, {}, '', 'GET')).body.toString();
const query = (gw: RunningGateway, endpoint = 'registry') =>
  send(`${gw.url}/services/${endpoint}`, { 'content-type': SOAP }, envelope(QUERY, findDocumentsRequest(NORWEGIAN_PATIENT_CX)));

describe('operations signals', function () {
  this.timeout(30_000);

  it('logs the wsa:MessageID, the caller kind, each failed rule id once, and the traceparent\'s trace', async () => {
    const { gw, logs } = await gatewayWithLog();
    try {
      const message = readFileSync(path.join(PROJECT_ROOT, 'examples/iti41-ihe-generic.xml'), 'utf8');
      const res = await send(`${gw.url}/services/repository`, { 'content-type': SOAP, traceparent: `00-${TRACE}-${PARENT}-01` }, message);
      expect(res.body.toString()).to.contain('ResponseStatusType:Failure');
      const line = logs.find((l) => l.msg === 'request' && l.path === '/services/repository');
      expect(line).to.deep.include({
        messageId: /<wsa:MessageID>([^<]+)</.exec(message)?.[1], caller: 'anonymous', transaction: 'ITI-41',
        traceId: TRACE, parentSpanId: PARENT, correlationId: TRACE,
      });
      const errors = line?.errors as string[];
      expect(errors).to.include('no.code.system');
      expect(errors).not.to.include('PROFILE_RULE');
      expect(new Set(errors).size, 'each once').to.equal(errors.length);
    } finally {
      await gw.close();
    }
  });

  it('logs probes at debug and other requests at info', async () => {
    const { gw, logs } = await gatewayWithLog();
    try {
      await send(`${gw.url}/healthz`, {}, '', 'GET');
      await send(`${gw.url}/readyz`, {}, '', 'GET');
      await query(gw);
      const levels = logs.filter((l) => l.msg === 'request').map((l) => [l.path, l.level]);
      expect(levels).to.deep.equal([['/healthz', 'debug'], ['/readyz', 'debug'], ['/services/registry', 'info']]);
    } finally {
      await gw.close();
    }
  });

  it('reads a W3C traceparent and refuses malformed ones', () => {
    expect(readTraceparent(`00-${TRACE}-${PARENT}-01`)).to.deep.equal({ traceId: TRACE, parentSpanId: PARENT });
    for (const bad of [undefined, '', `ff-${TRACE}-${PARENT}-01`, `00-${'0'.repeat(32)}-${PARENT}-01`, `00-${TRACE}-${'0'.repeat(16)}-01`,
      `00-${TRACE.toUpperCase()}-${PARENT}-01`, `00-${TRACE}-${PARENT}-01-extra`, `00-${TRACE}-${PARENT}`, 'x'.repeat(10_000)]) {
      expect(readTraceparent(bad), String(bad).slice(0, 60)).to.equal(undefined);
    }
  });

  it('exposes the default process and runtime metrics and the store latency per operation', async () => {
    const { gw } = await gatewayWithLog();
    try {
      await query(gw);
      const text = await metricsOf(gw);
      expect(text).to.match(/^process_cpu_user_seconds_total \d/m).and.match(/^nodejs_eventloop_lag_seconds \d/m)
        .and.match(/^nodejs_heap_size_used_bytes \d/m);
      expect(text).to.match(/^gateway_store_operation_duration_seconds_count\{store="metadata",operation="findDocumentEntries",result="ok"\} [1-9]/m);
    } finally {
      await gw.close();
    }
  });

  it('counts XUA refusals by reason, on SOAP and on the FHIR side', async () => {
    const { gw } = await gatewayWithLog({ XUA_MODE: 'required', XUA_TRUST_DIR: testKeys().trustDir });
    try {
      await query(gw);
      await query(gw);
      await send(`${gw.url}/fhir/AuditEvent?patient=13116900216`, {}, '', 'GET');
      await send(`${gw.url}/fhir/AuditEvent?patient=13116900216`, { authorization: 'Bearer not.a.jwt' }, '', 'GET');
      const text = await metricsOf(gw);
      expect(text).to.match(/^gateway_xua_refusals_total\{reason="wsse:SecurityTokenUnavailable"\} 2$/m)
        .and.match(/^gateway_xua_refusals_total\{reason="fhir-unauthorized"\} 2$/m);
    } finally {
      await gw.close();
    }
  });

  it('counts audit records that could not be stored', async () => {
    const failing = new MemoryAuditStore();
    failing.append = () => Promise.reject(new Error('disk full'));
    const { gw } = await gatewayWithLog({}, { auditStore: failing });
    try {
      expect((await query(gw)).body.toString()).to.contain('env:Receiver');
      expect(await metricsOf(gw)).to.match(/^gateway_audit_write_failures_total 1$/m);
    } finally {
      await gw.close();
    }
  });

  it('measures each remote community\'s latency and counts its errors', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signals-'));
    const home = 'urn:oid:2.999.42.1';
    const file = path.join(dir, 'communities.json');
    writeFileSync(file, JSON.stringify({ communities: [{ homeCommunityId: home, url: `http://127.0.0.1:${await freePort()}/services/xca`, retries: 0 }] }));
    const { gw } = await gatewayWithLog({ XCA_COMMUNITIES: file });
    try {
      await query(gw, 'ig');
      const text = await metricsOf(gw);
      expect(text).to.contain(`gateway_xca_community_errors_total{community="${home}",transaction="ITI-38"} 1`);
      expect(text).to.contain(`gateway_xca_community_duration_seconds_count{community="${home}",transaction="ITI-38"} 1`);
    } finally {
      await gw.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
