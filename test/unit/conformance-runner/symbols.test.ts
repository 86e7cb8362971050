import { expect } from 'chai';
import path from 'node:path';
import type { TransactionSpec } from '../../../scripts/conformance/plan.js';
import { ReportStore } from '../../../scripts/conformance/reports.js';
import { bindSymbols, substitute, Unresolved, type StepScope } from '../../../scripts/conformance/symbols.js';

const TESTS = '/kit/tests';
const scope: StepScope = { testsDir: TESTS, test: '11901', section: 'uuid', sectionDir: path.join(TESTS, '11901', 'uuid'), step: 'uuid' };

function tx(parts: Partial<TransactionSpec>): TransactionSpec {
  return {
    kind: 'StoredQuery', assignUuids: false, noPatientId: false, noAssignUids: [], useIds: [], useReports: [], reports: [],
    documents: [], asserts: [], referenceDocuments: [], createNewPatientId: false, waitBeforeMs: 0, unsupported: [], ...parts,
  };
}

describe('conformance runner: placeholder substitution', () => {
  it('replaces the longest symbol first, so $patientid$ is not eaten by $patientid', () => {
    const symbols = new Map([['$patientid', 'SHORT'], ['$patientid$', 'P1^^^&1.2&ISO']]);
    expect(substitute("'$patientid$' and $patientid", symbols)).to.equal("'P1^^^&1.2&ISO' and SHORT");
  });

  it('escapes values for XML only when asked, and never substitutes inside a substituted value', () => {
    const symbols = new Map([['$a$', '$b$ & "x"'], ['$b$', 'B']]);
    expect(substitute('<v k="$a$">$a$</v>', symbols, true)).to.equal('<v k="$b$ &amp; &quot;x&quot;">$b$ &amp; &quot;x&quot;</v>');
    expect(substitute('$a$', symbols)).to.equal('$b$ & "x"');
  });

  it('binds a UseId to the id an earlier step of another test assigned, through its testdir', () => {
    const store = new ReportStore();
    store.assign('12346', 'single_doc', 'submit_doc', 'AssignedUuids', 'Document01', 'urn:uuid:1');
    const symbols = bindSymbols(tx({ useIds: [{ testdir: '../../12346/single_doc', id: 'Document01', symbol: '$uuid$', step: 'submit_doc', section: 'AssignedUuids' }] }),
      scope, store, new Map(), () => true);
    expect(symbols.get('$uuid$')).to.equal('urn:uuid:1');
  });

  it('binds a UseReport of section THIS to the current section and falls back to run-wide values', () => {
    const store = new ReportStore();
    store.set('11901', 'uuid', 'q', 'repuid', '1.2.3');
    const symbols = bindSymbols(tx({
      useReports: [
        { section: 'THIS', step: 'q', reportName: 'repuid', useAs: '$repuid$' },
        { test: '12318', section: 'init', step: 'init', reportName: '$testdata_home$', useAs: '$home$' },
      ],
    }), scope, store, new Map([['$testdata_home$', 'urn:oid:2.999.1.1']]), () => true);
    expect(symbols.get('$repuid$')).to.equal('1.2.3');
    expect(symbols.get('$home$')).to.equal('urn:oid:2.999.1.1');
  });

  it('fails a step whose referenced step ran without producing the value, and makes it not applicable when the test is missing', () => {
    const store = new ReportStore();
    store.markRun('12346', 'single_doc', 'submit_doc');
    const use = (testdir: string): TransactionSpec => tx({ useIds: [{ testdir, id: 'Document01', symbol: '$uuid$', step: 'submit_doc', section: 'AssignedUuids' }] });
    const attempt = (t: TransactionSpec, exists: boolean): Unresolved => {
      try { bindSymbols(t, scope, store, new Map(), () => exists); } catch (e) { return e as Unresolved; }
      throw new Error('bound');
    };
    expect(attempt(use('../../12346/single_doc'), true).verdict).to.equal('fail');
    expect(attempt(use('../../99999/x'), false).verdict).to.equal('na');
  });

  it('accepts a symbol that a later instruction binds after an earlier one could not', () => {
    const store = new ReportStore();
    store.set('11901', 'submit', 'submit', 'Document01_uid', '1.2.3.4');
    const symbols = bindSymbols(tx({
      useIds: [{ testdir: 'submit', id: 'Document01', symbol: '$docuid1$', step: 'submit', section: 'AssignedUids' }],
      useReports: [{ section: 'submit', step: 'submit', reportName: 'Document01_uid', useAs: '$docuid1$' }],
    }), scope, store, new Map(), () => true);
    expect(symbols.get('$docuid1$')).to.equal('1.2.3.4');
  });
});
