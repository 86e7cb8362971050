/**
 * `npm run demo` and the messages in examples/ against an in-process gateway: what a newcomer
 * does in the README's "First exchange", sent as curl would send the files.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { testConfig } from '../../support/test-config.js';
import { startGateway, type RunningGateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/logging/logger.js';
import { CliError } from '../../../scripts/cli/command.js';
import { runDemo } from '../../../scripts/demo.js';
import { EXAMPLE } from '../../../scripts/demo/example-ids.js';
import { testKeys } from '../../support/saml-signer.js';
import { send } from '../../support/soap-client.js';
import { PROJECT_ROOT } from '../../support/shared.js';

const SOAP = 'application/soap+xml; charset=utf-8';
const exampleFile = (name: string): Buffer => readFileSync(path.join(PROJECT_ROOT, 'examples', name));
const SHA1 = createHash('sha1').update(EXAMPLE.documentText).digest('hex');

async function demo(...argv: string[]): Promise<{ code: number | string; lines: string[] }> {
  const lines: string[] = [];
  try {
    return { code: await runDemo(argv, (l) => lines.push(l)), lines };
  } catch (e) {
    if (e instanceof CliError) return { code: e.exitCode, lines: [...lines, e.message] };
    throw e;
  }
}

/** POSTs an example file as the README's curl commands do, and returns the response text. */
async function curl(url: string, file: string, contentType = SOAP): Promise<string> {
  const r = await send(url, { 'content-type': contentType }, exampleFile(file));
  expect(r.status, `${file}: ${r.body.toString().slice(0, 300)}`).to.equal(200);
  return r.body.toString();
}

describe('npm run demo and examples/', function () {
  this.timeout(30_000);
  let gw: RunningGateway;
  beforeEach(async () => { gw = await startGateway(testConfig({ STORAGE_URL: 'memory:' }), createLogger('silent')); });
  afterEach(async () => { await gw.close(); });

  it('submits, finds and retrieves the example document and prints its SHA-1, again and again', async () => {
    for (let run = 0; run < 2; run++) {
      const { code, lines } = await demo('--url', gw.url);
      expect(code, lines.join('\n')).to.equal(0);
      expect(lines.at(-1)).to.contain(`SHA-1 ${SHA1}`);
      expect(lines.join('\n')).to.match(/ITI-18 FindDocuments[^]*Success: \d+ document\(s\), ours among them/);
    }
  });

  it('submits the ihe-generic example to a gateway with METADATA_PROFILE=ihe-generic, and says so when the profiles differ', async () => {
    const generic = await startGateway(testConfig({ STORAGE_URL: 'memory:', METADATA_PROFILE: 'ihe-generic' }), createLogger('silent'));
    try {
      expect((await demo('--url', generic.url, '--profile', 'ihe-generic')).code).to.equal(0);
    } finally {
      await generic.close();
    }
    const wrong = await demo('--url', gw.url, '--profile', 'ihe-generic');
    expect(wrong.code).to.equal(1);
    expect(wrong.lines.at(-1)).to.match(/^ITI-41 failed \(Failure\): .*METADATA_PROFILE\?$/);
  });

  it('says why a gateway with XUA required refuses it (exit 1)', async () => {
    const strict = await startGateway(testConfig({ STORAGE_URL: 'memory:', XUA_MODE: 'required', XUA_TRUST_DIR: testKeys().trustDir }), createLogger('silent'));
    try {
      const r = await demo('--url', strict.url);
      expect(r.code).to.equal(1);
      expect(r.lines.at(-1)).to.match(/answered with a SOAP fault: .*XUA_MODE=optional or off$/);
    } finally {
      await strict.close();
    }
  });

  it('answers --help, refuses unknown options and profiles (exit 2), and names an unreachable gateway (exit 3)', async () => {
    const help = await demo('--help');
    expect(help.code).to.equal(0);
    expect(help.lines[0]).to.match(/^npm run demo -- /);
    expect((await demo('--bogus')).code).to.equal(2);
    expect((await demo('--profile', 'dutch')).code).to.equal(2);
    const closed = await startGateway(testConfig({ STORAGE_URL: 'memory:' }), createLogger('silent'));
    const url = closed.url;
    await closed.close();
    const down = await demo('--url', url);
    expect(down.code).to.equal(3);
    expect(down.lines.at(-1)).to.match(/^cannot reach the gateway at .*ECONNREFUSED.*npm start/);
  });

  it('accepts the example files as sent by curl: ITI-41, ITI-18, ITI-43, ITI-38 and ITI-39', async () => {
    expect(await curl(`${gw.url}/services/repository`, 'iti41-norway.xml')).to.contain('ResponseStatusType:Success"');
    const found = await curl(`${gw.url}/services/registry`, 'iti18-find-documents.xml');
    expect(found).to.contain(EXAMPLE.documentUniqueId);
    expect(await curl(`${gw.url}/services/repository`, 'iti43-retrieve.xml')).to.contain(Buffer.from(EXAMPLE.documentText).toString('base64'));
    expect(await curl(`${gw.url}/services/xca`, 'iti38-cross-gateway-query.xml')).to.contain(EXAMPLE.documentUniqueId);
    const xcr = await curl(`${gw.url}/services/xca`, 'iti39-cross-gateway-retrieve.xml');
    expect(xcr, 'ITI-39 answers with MTOM (ITI TF-2 3.39.4.1.3), the document as a binary part').to.contain(EXAMPLE.documentText);
    expect(xcr).to.contain(`<xdsb:HomeCommunityId>${EXAMPLE.homeCommunityId}</xdsb:HomeCommunityId>`);
    // the same document again is a duplicate, as the README says
    expect(await curl(`${gw.url}/services/repository`, 'iti41-norway.xml')).to.contain('ResponseStatusType:Failure"');
  });

  it('accepts the MTOM example with the Content-Type the README gives', async () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const type = /-H '(Content-Type: multipart\/related;[^']+)'/.exec(readme)?.[1]?.replace(/^Content-Type: /, '');
    expect(type, 'the README\'s MTOM curl command').to.be.a('string');
    expect(await curl(`${gw.url}/services/repository`, 'iti41-norway-mtom.txt', type)).to.contain('ResponseStatusType:Success"');
    const doc = await curl(`${gw.url}/services/repository`, 'iti43-retrieve.xml');
    expect(doc).to.contain(Buffer.from(EXAMPLE.documentText).toString('base64'));
  });
});
