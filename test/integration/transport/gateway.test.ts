import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway, type RunningGateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/logging/logger.js';
import { send, soapEnvelope, SOAP_TYPE } from './app-fixture.js';
import { testConfig } from '../../support/test-config.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs src/main.ts as `npm start` does; resolves with its exit code and output. */
function runMain(env: Record<string, string>, onLine: (line: string, kill: () => void) => void = () => {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      for (const line of c.toString().split('\n')) if (line) onLine(line, () => child.kill('SIGTERM'));
    });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('the gateway process', function () {
  this.timeout(60_000);

  it('starts on an ephemeral port with the embedded store, serves health and WSDL, and drains on close', async () => {
    const gw: RunningGateway = await startGateway(testConfig(), createLogger('silent'));
    try {
      expect(gw.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await send(`${gw.url}/healthz`, {}, '', 'GET')).status).to.equal(200);
      expect((await send(`${gw.url}/readyz`, {}, '', 'GET')).status).to.equal(200);
      expect((await send(`${gw.url}/services/registry?wsdl`, {}, '', 'GET')).status).to.equal(200);
      const fault = await send(`${gw.url}/services/registry`, { 'content-type': SOAP_TYPE }, soapEnvelope('urn:unknown', '<x/>'));
      expect(fault.body.toString()).to.contain('wsa:ActionNotSupported');
      // a keep-alive connection stays open: close() must still finish
      const agent = new http.Agent({ keepAlive: true });
      await new Promise<void>((resolve) => http.get(`${gw.url}/healthz`, { agent }, (r) => { r.resume(); r.on('end', resolve); }));
      const started = Date.now();
      await gw.close();
      expect(Date.now() - started).to.be.below(5_000);
      agent.destroy();
    } catch (e) {
      await gw.close();
      throw e;
    }
  });

  it('prints every bad setting and exits 1', async () => {
    const r = await runMain({ PORT: 'eighty', XUA_MODE: 'sometimes', LOG_LEVEL: 'silent' });
    expect(r.code).to.equal(1);
    expect(r.err).to.contain('PORT').and.contain('XUA_MODE');
    expect(r.err).not.to.match(/at \w+ \(/);
  });

  it('reports bad files named by settings in the same pass and form as bad environment values', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gateway-config-'));
    try {
      writeFileSync(path.join(dir, 'communities.json'), JSON.stringify({ communities: [{ homeCommunityId: 'urn:oid:1.2.3', url: 'not a url' }] }));
      writeFileSync(path.join(dir, 'jwks.json'), '{"no": "keys"}');
      const r = await runMain({
        PORT: 'eighty', XUA_MODE: 'required', XCA_COMMUNITIES: path.join(dir, 'communities.json'),
        HELSEID_JWKS_FILE: path.join(dir, 'jwks.json'), HELSEID_KEYS_DIR: path.join(dir, 'nowhere'), LOG_LEVEL: 'silent',
      });
      expect(r.code).to.equal(1);
      const lines = r.err.trim().split('\n');
      expect(lines[0]).to.equal('invalid configuration:');
      const problems = lines.slice(1).map((l) => l.trim().split(':')[0]?.split(' ')[0]);
      expect([...new Set(problems)]).to.deep.equal(['PORT', 'XCA_COMMUNITIES', 'XUA_TRUST_DIR', 'HELSEID_JWKS_FILE', 'HELSEID_KEYS_DIR']);
      expect(r.err).to.contain('XUA_MODE=required needs XUA_TRUST_DIR').and.contain('queryUrl');
      expect(r.err).not.to.match(/at \w+ \(/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs one listening line with the URL and the effective settings, warns of test OIDs, and exits 0 on SIGTERM', async () => {
    const entries: Record<string, unknown>[] = [];
    const r = await runMain({ PORT: '0', STORAGE_URL: 'memory:', XUA_MODE: 'off', LOG_LEVEL: 'info', METADATA_PROFILE: 'ihe-generic' }, (line, kill) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      entries.push(entry);
      if (entry.msg === 'listening') kill();
    });
    const listening = entries.find((e) => e.msg === 'listening');
    expect(listening?.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(listening).to.deep.include({
      profile: 'ihe-generic', xuaMode: 'off', storage: 'embedded (memory)', homeCommunityId: 'urn:oid:2.999.1.1',
      repositoryUniqueId: '2.999.1.2', communities: [], testOids: ['HOME_COMMUNITY_ID', 'REPOSITORY_UNIQUE_ID'],
    });
    const warning = entries.find((e) => e.level === 'warn');
    expect(warning?.msg).to.match(/^test OIDs \(under 2\.999\) in use/);
    expect(r.code, r.err + r.out).to.equal(0);
  });

  it('answers /readyz with 503 while draining, for DRAIN_DELAY_MS, and still serves requests then', async () => {
    const gw = await startGateway(testConfig({ DRAIN_DELAY_MS: '600' }), createLogger('silent'));
    expect((await send(`${gw.url}/readyz`, {}, '', 'GET')).status).to.equal(200);
    const closing = gw.close();
    const ready = await send(`${gw.url}/readyz`, {}, '', 'GET');
    expect([ready.status, JSON.parse(ready.body.toString())]).to.deep.equal([503, { status: 'draining' }]);
    expect((await send(`${gw.url}/healthz`, {}, '', 'GET')).status, 'still serving').to.equal(200);
    await closing;
  });
});
