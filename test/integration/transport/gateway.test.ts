import { expect } from 'chai';
import { spawn } from 'node:child_process';
import http from 'node:http';
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

  it('logs one listening line with the URL and exits 0 on SIGTERM', async () => {
    let url = '';
    const r = await runMain({ PORT: '0', STORAGE_URL: 'memory:', XUA_MODE: 'off', LOG_LEVEL: 'info' }, (line, kill) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'listening') { url = entry.url ?? ''; kill(); }
    });
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(r.code, r.err + r.out).to.equal(0);
  });
});
