import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cxKey } from '../../../src/domain/datatypes.js';
import { ANONYMOUS } from '../../../src/domain/security-context.js';
import { adhocQueryResponseFromEbrim, type DecodedAdhocQueryResponse } from '../../../src/formats/ebrim/adhoc-query.js';
import { parseXml } from '../../../src/formats/xml/parse.js';
import { escapeText } from '../../../src/formats/xml/write.js';
import { XdsError } from '../../../src/errors/issue.js';
import type { XmlElement } from '../../../src/formats/xml/tree.js';
import { createLogger } from '../../../src/logging/logger.js';
import { createServices } from '../../../src/services/create-services.js';
import { closeStorage } from '../../../src/storage/open-storage.js';
import type { Storage } from '../../../src/storage/ports.js';
import { iti18FailureResponse, iti18Handler } from '../../../src/transactions/xds/iti18.js';
import type { RequestContext } from '../../../src/transactions/types.js';
import { sharedAvailable, sharedPath } from '../../support/shared.js';
import { dtmNow, loadNistData, type Nist12346 } from './nist-sq-data.js';
import { openTestStorage } from './query-helpers.js';
import { testConfig } from '../../support/test-config.js';

/**
 * Runs the NIST XDS Toolkit SQ.b test plans as written: each StoredQueryTransaction step's
 * query file, with the toolkit's $symbols$ resolved against the 12346 / 12374 data, goes
 * through the ITI-18 handler as XML, and the response is graded by the step's ExpectedStatus,
 * ExpectedErrorCode and ExpectedContents. Sections are those listed in each plan's index.idx.
 */
const PLANS = ['11897', '11898', '11899', '11901', '11902', '11903', '11904', '11905', '11906', '11907', '11908', '11909', '12368', '15803'];
const TESTS = sharedAvailable() ? sharedPath('conformance', 'samples', 'nist-toolkit', 'testkit', 'tests') : '';

interface Step {
  readonly name: string;
  readonly dir: string;
  readonly el: XmlElement;
}

const kids = (el: XmlElement, local: string): XmlElement[] => el.children.filter((c) => c.local === local);
const kid = (el: XmlElement, local: string): XmlElement | undefined => kids(el, local)[0];

function planSteps(plan: string): Step[] {
  const index = path.join(TESTS, plan, 'index.idx');
  const sections = existsSync(index) ? readFileSync(index, 'utf8').split(/\s+/).filter(Boolean) : [''];
  return sections.flatMap((section) => {
    const dir = path.join(TESTS, plan, section);
    const root = parseXml(readFileSync(path.join(dir, 'testplan.xml'), 'utf8'));
    return kids(root, 'TestStep')
      .filter((s) => kid(s, 'StoredQueryTransaction'))
      .map((s) => ({ name: `${plan}/${section || '.'} ${s.attrs['id'] ?? ''}`, dir, el: s }));
  });
}

/** The objects behind the toolkit's (test directory, metadata id) pairs. */
function objectsOf(main: Nist12346, other: Nist12346): Record<string, Record<string, { entryUuid: string; uniqueId?: string }>> {
  return {
    '12346/single_doc': { Document01: main.docs.docA, SubmissionSet01: main.ss.ss1 },
    '12346/doc_w_fol': { Document01: main.docs.docB, Folder: main.folders.folder1, SubmissionSet01: main.ss.ss2 },
    '12346/two_doc_w_fol': { Document01: main.docs.docC, Document02: main.docs.docD, Folder: main.folders.folder2, SubmissionSet01: main.ss.ss3 },
    '12346/doc_for_rplc': { Document01: main.docs.docE, SubmissionSet01: main.ss.ss4 },
    '12346/rplc': { Document01: main.docs.docF, SubmissionSet01: main.ss.ss5 },
    '12374/submit_doc': { Document01: other.docs.docA, SubmissionSet01: other.ss.ss1 },
    '12374/submit_doc_w_fol': { Document01: other.docs.docB, Folder: other.folders.folder1, SubmissionSet01: other.ss.ss2 },
  };
}

function symbols(tx: XmlElement, main: Nist12346, other: Nist12346): Map<string, string> {
  const table = objectsOf(main, other);
  const out = new Map<string, string>([['$lastyear$', dtmNow(-365)], ['$now$', dtmNow(1)]]);
  for (const use of kids(tx, 'UseId')) {
    const dir = (use.attrs['testdir'] ?? '').split('/').slice(-2).join('/');
    const section = use.attrs['section'];
    const obj = table[dir]?.[use.attrs['id'] ?? ''];
    if (!obj) throw new Error(`no object for UseId ${dir} ${use.attrs['id']}`);
    const patient = dir.startsWith('12374') ? other.patientId : main.patientId;
    const value = section === 'AssignedUuids' ? obj.entryUuid : section === 'AssignedUids' ? obj.uniqueId : cxKey(patient);
    out.set(use.attrs['symbol'] ?? '', value ?? '');
  }
  return out;
}

function grade(contents: XmlElement, r: DecodedAdhocQueryResponse): void {
  const o = r.objects;
  const counts: Record<string, number> = {
    Documents: o.documentEntries.length, SubmissionSets: o.submissionSets.length, Folders: o.folders.length,
    Associations: o.associations.length, ObjectRefs: r.refs.length,
  };
  for (const c of contents.children) {
    if (c.local in counts) expect(counts[c.local], c.local).to.equal(Number(c.attrs['count']));
    else if (c.local === 'None') expect(Object.values(counts).reduce((a, b) => a + b, 0), 'objects').to.equal(0);
    else if (c.local === 'SSwithOneDocOneFol' || c.local === 'SSwithTwoDocOneFol') {
      expect([counts['SubmissionSets'], counts['Documents'], counts['Folders']]).to.deep.equal([1, c.local === 'SSwithOneDocOneFol' ? 1 : 2, 1]);
    } else throw new Error(`ExpectedContents ${c.local} is not graded here`);
  }
}

/** As the SOAP dispatcher does: the handler's response, or the failure response for its XdsError. */
async function handle(body: XmlElement, ctx: RequestContext): Promise<string> {
  try {
    return (await iti18Handler({ action: 'urn:ihe:iti:2007:RegistryStoredQuery', body, mtom: false }, ctx)).body;
  } catch (e) {
    if (e instanceof XdsError) return iti18FailureResponse(e.issues);
    throw e;
  }
}

(sharedAvailable() ? describe : describe.skip)('NIST XDS Toolkit SQ.b plans through the ITI-18 handler', () => {
  let storage: Storage;
  let ctx: RequestContext;
  let data: { main: Nist12346; other: Nist12346 };
  before(async () => {
    storage = await openTestStorage();
    data = await loadNistData(storage.metadata);
    const config = testConfig();
    const log = createLogger('silent');
    ctx = { config, services: await createServices(config, storage, log), security: ANONYMOUS, log, correlationId: 'nist-plans' };
  });
  after(async () => closeStorage(storage));

  for (const plan of sharedAvailable() ? PLANS : []) {
    for (const step of planSteps(plan)) {
      it(`passes ${step.name}`, async () => {
        const tx = kid(step.el, 'StoredQueryTransaction');
        const file = tx && kid(tx, 'MetadataFile')?.text.trim();
        if (!tx || !file) throw new Error('step without query file');
        let xml = readFileSync(path.join(step.dir, file), 'utf8');
        for (const [symbol, value] of symbols(tx, data.main, data.other)) xml = xml.split(symbol).join(escapeText(value));
        const response = adhocQueryResponseFromEbrim(parseXml(await handle(parseXml(xml), ctx)));
        expect(response.decodeIssues, 'response decodes').to.deep.equal([]);
        const status = kid(step.el, 'ExpectedStatus')?.text.trim();
        expect(response.status, JSON.stringify(response.issues)).to.equal(status);
        const code = kid(step.el, 'ExpectedErrorCode')?.text.trim() ?? kid(tx, 'ExpectedErrorCode')?.text.trim();
        if (code) expect(response.issues.map((i) => i.code)).to.include(code);
        const contents = kid(tx, 'ExpectedContents');
        if (contents && status === 'Success') grade(contents, response);
      });
    }
  }
});
