import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RegistryObjectList } from '../../../src/domain/submission.js';
import { provideAndRegisterToEbrim } from '../../../src/formats/ebrim/provide-and-register.js';
import { submitObjectsRequestToEbrim } from '../../../src/formats/ebrim/submit-objects-request.js';
import { NS } from '../../../src/formats/xml/tree.js';
import { runValidateCli } from '../../../scripts/validate-cli.js';
import { aDocumentContent, DEFAULT_DOCUMENT_TEXT } from '../../support/builders.js';
import { PROJECT_ROOT } from '../../support/shared.js';
import { aNorwegianSubmission, PATIENT } from './norwegian-submission.js';
import { withWrongCheckDigit } from './synthetic-ids.js';

const dir = mkdtempSync(path.join(tmpdir(), 'validate-cli-'));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}
const iti42 = (objects: RegistryObjectList): string => submitObjectsRequestToEbrim(objects);
const soap = (body: string): string =>
  `<env:Envelope xmlns:env="${NS.soap12}" xmlns:wsa="${NS.wsa}"><env:Header><wsa:Action>urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b</wsa:Action></env:Header><env:Body>${body}</env:Body></env:Envelope>`;

async function run(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runValidateCli(args, (l) => lines.push(l));
  return { code, lines };
}

/** The patient id everywhere with a wrong check digit: only the profile can tell. */
const brokenPatient = (): RegistryObjectList => {
  const bad = { ...PATIENT, id: withWrongCheckDigit(PATIENT.id) };
  return aNorwegianSubmission({ patientId: bad, sourcePatientId: bad }, { patientId: bad });
};

describe('validate CLI', () => {
  it('accepts a valid Norwegian ITI-42 submission with exit status 0, warning of its synthetic test person', async () => {
    const { code, lines } = await run(file('ok.xml', iti42(aNorwegianSubmission())));
    expect(lines.slice(0, 3).every((l) => /^WARNING no\.patient-id\.synthetic/.test(l))).to.equal(true);
    expect(lines.slice(3)).to.deep.equal(['ok.xml: ITI-42 (body), profile norway: 0 error(s), 3 warning(s)']);
    expect(code).to.equal(0);
  });

  it('prints severity, rule id, location and text of each finding and exits 1 on an error', async () => {
    const { code, lines } = await run(file('bad.xml', iti42(brokenPatient())));
    expect(code).to.equal(1);
    expect(lines.filter((l) => l.startsWith('ERROR')).every((l) => l.includes('no.patient-id.checksum'))).to.equal(true);
    expect(lines.at(-1)).to.match(/: ITI-42 \(body\), profile norway: 3 error\(s\), 0 warning\(s\)$/);
    expect(lines.find((l) => l.includes('SubmissionSet01'))).to.match(/^ERROR {3}no\.patient-id\.checksum {2}at SubmissionSet01 {2}XDSRegistryMetadataError: patientId of SubmissionSet SubmissionSet01: \d{11} has wrong check digits$/);
  });

  it('applies --rules, so a rule set to warning no longer fails the message', async () => {
    const { code, lines } = await run(file('bad2.xml', iti42(brokenPatient())), '--rules', 'no.patient-id.checksum=warning');
    expect(code).to.equal(0);
    expect(lines.slice(0, 3).every((l) => /^WARNING no\.patient-id\.checksum/.test(l))).to.equal(true);
  });

  it('reads an ITI-41 SOAP envelope with its document and checks it under --profile', async () => {
    const objects = aNorwegianSubmission({ mimeType: 'text/plain', formatCode: { code: 'urn:no:ehelse:document:text', codingScheme: '1.3.6.1.4.1.19376.1.2.3' } });
    const { xml } = provideAndRegisterToEbrim(objects, [{ id: 'Document01', content: aDocumentContent(DEFAULT_DOCUMENT_TEXT) }], { inline: true });
    const norway = await run(file('pnr.xml', soap(xml)));
    expect(norway.lines.at(-1)).to.equal('pnr.xml: ITI-41 (soap), profile norway: 0 error(s), 3 warning(s)');
    const generic = await run(file('pnr.xml', soap(xml)), '--profile', 'ihe-generic');
    expect(generic.lines.some((l) => l.startsWith('WARNING ihe.code.known  at Document01'))).to.equal(true);
    expect(generic.code).to.equal(0);
  });

  it('exits 2 for an unknown profile, a bad --rules value or a file that is no request', async () => {
    const ok = file('ok2.xml', iti42(aNorwegianSubmission()));
    expect((await run(ok, '--profile', 'sweden')).code).to.equal(2);
    expect((await run(ok, '--rules', 'no.nonsense=off')).lines.join('\n')).to.match(/is not a rule of profile norway/);
    const notARequest = await run(file('query.xml', `<query:AdhocQueryRequest xmlns:query="${NS.query}"/>`));
    expect(notARequest.code).to.equal(2);
    expect(notARequest.lines[0]).to.match(/not an ITI-41 or ITI-42 request/);
  });

  it('takes the profile and rule severities from METADATA_PROFILE, METADATA_RULES and GATEWAY_CONFIG as the gateway does; options win', async () => {
    const bad = file('env.xml', iti42(brokenPatient()));
    const runWith = async (env: Record<string, string>, ...args: string[]) => {
      const lines: string[] = [];
      return { code: await runValidateCli([bad, ...args], (l) => lines.push(l), env), lines };
    };
    expect((await runWith({ METADATA_RULES: 'no.patient-id.checksum=warning' })).code).to.equal(0);
    expect((await runWith({ METADATA_PROFILE: 'ihe-generic' })).lines.at(-1)).to.contain('profile ihe-generic');
    const config = file('gateway.json', JSON.stringify({ METADATA_PROFILE: 'ihe-generic' }));
    expect((await runWith({ GATEWAY_CONFIG: config })).lines.at(-1)).to.contain('profile ihe-generic');
    expect((await runWith({ GATEWAY_CONFIG: config }, '--profile', 'norway')).lines.at(-1)).to.contain('profile norway');
    const broken = await runWith({ METADATA_PROFILE: 'sweden' });
    expect(broken.code).to.equal(2);
    expect(broken.lines).to.have.length(1);
    expect(broken.lines[0]).to.match(/^settings: METADATA_PROFILE: got "sweden"/);
  });

  it('answers --help with the usage, and refuses an unknown option or a missing file in one line with exit 2', async () => {
    const help = await run('--help');
    expect(help.code).to.equal(0);
    expect(help.lines[0]).to.match(/^npm run validate -- <submission\.xml>/);
    const unknown = await run('x.xml', '--strict');
    expect(unknown.code).to.equal(2);
    expect(unknown.lines).to.deep.equal(["Unknown option '--strict'; see --help"]);
    const missing = await run(path.join(dir, 'nowhere.xml'));
    expect(missing.code).to.equal(2);
    expect(missing.lines).to.have.length(1);
    expect(missing.lines[0]).to.match(/nowhere\.xml: ENOENT/);
  });

  it('runs as npm run validate would, with the exit status of the check', async function () {
    this.timeout(30_000);
    const p = file('cli.xml', iti42(brokenPatient()));
    const err = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/validate-cli.ts', p], { cwd: PROJECT_ROOT })
      .then(() => undefined, (e: { code: number; stdout: string }) => e);
    expect(err?.code).to.equal(1);
    expect(err?.stdout).to.match(/no\.patient-id\.checksum/);
  });
});
