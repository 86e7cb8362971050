import { expect } from 'chai';
import { closeStorage } from '../../../src/storage/open-storage.js';
import type { Storage } from '../../../src/storage/ports.js';
import { loadNistData, dtmNow, type Nist12346 } from './nist-sq-data.js';
import {
  APPROVED, APPROVED_DEPRECATED, DEPRECATED, expected, idsOf, list, openTestStorage, pid, q, refs, refusal, runQuery,
} from './query-helpers.js';

/**
 * NIST XDS Toolkit SQ.b plans 11897 (FindDocuments, with its refid section for
 * FindDocumentsByReferenceId), 11898 (FindSubmissionSets) and 11899 (FindFolders) over the data
 * of 12346. Where a plan only counts objects, the tests name the exact objects.
 */
describe('NIST SQ.b find queries over the 12346 data', () => {
  let storage: Storage;
  let d: Nist12346;
  before(async () => {
    storage = await openTestStorage();
    d = (await loadNistData(storage.metadata)).main;
  });
  after(async () => closeStorage(storage));

  const find = (slots: Record<string, string | string[] | string[][]>, returnType: 'LeafClass' | 'ObjectRef' = 'LeafClass') =>
    runQuery(storage.metadata, 'FindDocuments', {
      $XDSDocumentEntryPatientId: pid(d.patientId), $XDSDocumentEntryStatus: APPROVED, ...slots,
    }, { returnType });
  const docs = async (slots: Record<string, string | string[] | string[][]>) => idsOf(await find(slots)).de;
  const of = (...entries: { entryUuid: string }[]) => expected({ de: entries }).de;

  describe('11897 FindDocuments', () => {
    it('approved: returns the five Approved entries', async () => {
      const { docA, docB, docC, docD, docF } = d.docs;
      expect(await docs({})).to.deep.equal(of(docA, docB, docC, docD, docF));
    });

    it('leafclass and objectref: Approved and Deprecated give all six', async () => {
      const all = of(...Object.values(d.docs));
      expect(await docs({ $XDSDocumentEntryStatus: APPROVED_DEPRECATED })).to.deep.equal(all);
      const r = await find({ $XDSDocumentEntryStatus: "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved', 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated')" }, 'ObjectRef');
      expect([...refs(r)].sort()).to.deep.equal(all);
    });

    it('deprecated: returns only the replaced entry', async () => {
      expect(await docs({ $XDSDocumentEntryStatus: DEPRECATED })).to.deep.equal(of(d.docs.docE));
    });

    it('classcode_one and classcode_two: codes in several Values are OR', async () => {
      const { docD, docE, docF } = d.docs;
      expect(await docs({ $XDSDocumentEntryClassCode: "('DISPENSATIONS^^1.3.6.1.4.1.19376.1.2.6.1')" })).to.deep.equal(of(docD));
      expect(await docs({
        $XDSDocumentEntryStatus: APPROVED_DEPRECATED,
        $XDSDocumentEntryClassCode: ["('DISPENSATIONS^^1.3.6.1.4.1.19376.1.2.6.1')", "('REPORTS^^1.3.6.1.4.1.19376.1.2.6.1')"],
      })).to.deep.equal(of(docD, docE, docF));
    });

    it('classcode_scheme_2: matches code and scheme', async () => {
      expect(await docs({ $XDSDocumentEntryClassCode: ["('SUMMARIES^^1.3.6.1.4.1.19376.1.2.6.1')", "('HEALTH^^1.3.6.1.4.1.19376.1.2.6.1')"] }))
        .to.deep.equal(of(d.docs.docB, d.docs.docC));
      expect(await docs({ $XDSDocumentEntryClassCode: "('SUMMARIES^^1.3.6.1.4.1.19376.1.2.6.2')" })).to.deep.equal([]);
    });

    it('classcode_scheme_mismatch and old_scheme: a code without scheme fails naming the parameter', async () => {
      const mismatch = await refusal(find({ $XDSDocumentEntryClassCode: "('DEMO-Lab^^1.3.6.1.4.1.21367.100.1', 'a^^')" }));
      expect(mismatch.map((i) => [i.code, i.location])).to.deep.equal([['XDSRegistryError', '$XDSDocumentEntryClassCode']]);
      const old = await refusal(find({
        $XDSDocumentEntryPracticeSettingCode: "('Dialysis')",
        $XDSDocumentEntryPracticeSettingCodeScheme: "('Connect-a-thon practiceSettingCodes')",
      }));
      expect(old.filter((i) => i.severity === 'Error').map((i) => i.location)).to.deep.equal(['$XDSDocumentEntryPracticeSettingCode']);
    });

    it('practicesetting and practicesetting_scheme: OR of codes; an unknown parameter only warns', async () => {
      const { docA, docD, docF } = d.docs;
      expect(await docs({
        $XDSDocumentEntryPracticeSettingCode: ["('Practice-D^^1.3.6.1.4.1.21367.2017.3')", "('Practice-G^^1.3.6.1.4.1.21367.2017.3')"],
      })).to.deep.equal(of(docA, docD, docF));
      const out = await find({
        $XDSDocumentEntryPracticeSettingCode: "('Practice-D^^1.3.6.1.4.1.21367.2017.3')",
        $XDSDocumentEntryPracticeSettingCodeScheme: "('Connect-a-thon practiceSettingCodes')",
      });
      expect(idsOf(out).de).to.deep.equal(of(docA, docD));
      expect(out.issues.map((i) => i.severity)).to.deep.equal(['Warning']);
    });

    it('classcode_practicesetting: different parameters are AND', async () => {
      expect(await docs({
        $XDSDocumentEntryPracticeSettingCode: "('309927009^^2.16.840.1.113883.6.96')",
        $XDSDocumentEntryClassCode: "('SUMMARIES^^1.3.6.1.4.1.19376.1.2.6.1')",
      })).to.deep.equal(of(d.docs.docB));
      expect(await docs({
        $XDSDocumentEntryPracticeSettingCode: "('309927009^^2.16.840.1.113883.6.96')",
        $XDSDocumentEntryClassCode: "('HEALTH^^1.3.6.1.4.1.19376.1.2.6.1')",
      })).to.deep.equal([]);
    });

    it('creationtime_between, _long and _left_edge: From is inclusive at any precision', async () => {
      const b = of(d.docs.docB);
      expect(await docs({ $XDSDocumentEntryCreationTimeFrom: '20040101', $XDSDocumentEntryCreationTimeTo: '20050101' })).to.deep.equal(b);
      expect(await docs({ $XDSDocumentEntryCreationTimeFrom: '200401010934', $XDSDocumentEntryCreationTimeTo: '200501010856' })).to.deep.equal(b);
      expect(await docs({ $XDSDocumentEntryCreationTimeFrom: '20041224', $XDSDocumentEntryCreationTimeTo: '20050101' })).to.deep.equal(b);
    });

    it('creationtime_right_edge: To is exclusive', async () => {
      expect(await docs({ $XDSDocumentEntryCreationTimeFrom: '20041124', $XDSDocumentEntryCreationTimeTo: '20041224' })).to.deep.equal([]);
    });

    it('creationtime_practicesetting: time range AND code', async () => {
      expect(await docs({
        $XDSDocumentEntryCreationTimeFrom: '20020101', $XDSDocumentEntryCreationTimeTo: '20060101',
        $XDSDocumentEntryPracticeSettingCode: "('Practice-D^^1.3.6.1.4.1.21367.2017.3')",
      })).to.deep.equal(of(d.docs.docD));
    });

    it('servicestarttime and servicestoptime: year precision ranges', async () => {
      const cd = of(d.docs.docC, d.docs.docD);
      expect(await docs({ $XDSDocumentEntryServiceStartTimeFrom: '2005', $XDSDocumentEntryServiceStartTimeTo: '2006' })).to.deep.equal(cd);
      expect(await docs({ $XDSDocumentEntryServiceStopTimeFrom: '2005', $XDSDocumentEntryServiceStopTimeTo: '2006' })).to.deep.equal(cd);
      expect(await docs({ $XDSDocumentEntryServiceStopTimeFrom: '200412241600' })).to.deep.equal(of(d.docs.docA, d.docs.docB, d.docs.docC, d.docs.docD, d.docs.docF));
      expect(await docs({ $XDSDocumentEntryServiceStopTimeTo: '200412241600' })).to.deep.equal([]);
    });

    it('hcftc and hcftc_scheme', async () => {
      const { docA, docD, docF } = d.docs;
      expect(await docs({
        $XDSDocumentEntryHealthcareFacilityTypeCode: ["('264372000^^2.16.840.1.113883.6.96')", "('66280005^^2.16.840.1.113883.6.96')"],
      })).to.deep.equal(of(docA, docD, docF));
      expect(await docs({ $XDSDocumentEntryHealthcareFacilityTypeCode: "('264372000^^2.16.840.1.113883.6.96')" })).to.deep.equal(of(docD, docF));
    });

    it('eventcode: one code', async () => {
      expect(await docs({ $XDSDocumentEntryEventCodeList: "('urn:connectathon:policy:deny-access^^1.3.6.1.4.1.21367.2017.3')" }))
        .to.deep.equal(of(d.docs.docB));
    });

    it('eventcode_multi_select and and: repeated slots are AND', async () => {
      const and = [["('urn:connectathon:bppc:foundational:policy^^1.3.6.1.4.1.21367.2017.3')"], ["('urn:connectathon:policy:full-access^^1.3.6.1.4.1.21367.2017.3')"]];
      expect(await docs({ $XDSDocumentEntryEventCodeList: and })).to.deep.equal(of(d.docs.docA));
      const or = "('urn:connectathon:bppc:foundational:policy^^1.3.6.1.4.1.21367.2017.3', 'urn:connectathon:policy:full-access^^1.3.6.1.4.1.21367.2017.3')";
      expect(await docs({ $XDSDocumentEntryEventCodeList: or })).to.deep.equal(of(d.docs.docA, d.docs.docF));
    });

    it('confcode: a list in one Value is OR', async () => {
      expect(await docs({ $XDSDocumentEntryConfidentialityCode: "('V^^2.16.840.1.113883.5.25', 'R^^2.16.840.1.113883.5.25')" }))
        .to.deep.equal(of(d.docs.docB, d.docs.docC));
      expect(await docs({ $XDSDocumentEntryConfidentialityCode: [["('V^^2.16.840.1.113883.5.25')"], ["('R^^2.16.840.1.113883.5.25')"]] }))
        .to.deep.equal([]);
    });

    it('formatcode and typecode', async () => {
      const { docA, docB, docC, docD, docF } = d.docs;
      expect(await docs({ $XDSDocumentEntryFormatCode: "('urn:ihe:rad:TEXT^^1.3.6.1.4.1.19376.1.2.3')" })).to.deep.equal(of(docA, docB, docC, docF));
      expect(await docs({ $XDSDocumentEntryTypeCode: "('11369-6^^2.16.840.1.113883.6.1')" })).to.deep.equal(of(docA, docB, docC, docD, docF));
    });

    it('author: LIKE pattern over the author person', async () => {
      expect(await docs({ $XDSDocumentEntryAuthorPerson: "('%Ford%')" })).to.deep.equal(of(d.docs.docD));
      expect(await docs({ $XDSDocumentEntryAuthorPerson: ["('%Ford%')", "('%Smitty%')"] })).to.have.length(5);
      expect(await docs({ $XDSDocumentEntryAuthorPerson: "('%F_rd%')" })).to.deep.equal(of(d.docs.docD));
      expect(await docs({ $XDSDocumentEntryAuthorPerson: "('Ford')" })).to.deep.equal([]);
    });

    it('refid: FindDocumentsByReferenceId matches a referenceIdList value', async () => {
      const slots = {
        $XDSDocumentEntryPatientId: pid(d.patientId), $XDSDocumentEntryStatus: APPROVED,
        $XDSDocumentEntryReferenceIdList: "('20061223^^^&1.2.5643.2&ISO^urn:ihe:iti:xds:2013:uniqueId')",
      };
      expect(idsOf(await runQuery(storage.metadata, 'FindDocumentsByReferenceId', slots)).de).to.deep.equal(of(d.docs.docA));
      const none = { ...slots, $XDSDocumentEntryReferenceIdList: "('20061224^^^&1.2.5643.2&ISO^urn:ihe:iti:xds:2013:uniqueId')" };
      expect(idsOf(await runQuery(storage.metadata, 'FindDocumentsByReferenceId', none)).de).to.deep.equal([]);
    });
  });

  describe('11898 FindSubmissionSets', () => {
    const findSs = async (slots: Record<string, string>) => idsOf(await runQuery(storage.metadata, 'FindSubmissionSets', {
      $XDSSubmissionSetPatientId: pid(d.patientId), $XDSSubmissionSetStatus: APPROVED, ...slots,
    })).ss;
    const all = () => expected({ ss: Object.values(d.ss) }).ss;

    it('simple: all five SubmissionSets of the patient', async () => {
      expect(await findSs({})).to.deep.equal(all());
    });

    it('other_sourceid: an unknown sourceId matches none', async () => {
      expect(await findSs({ $XDSSubmissionSetSourceId: "('1.2.669847365.352.1')" })).to.deep.equal([]);
      expect(await findSs({ $XDSSubmissionSetSourceId: "('1.2.669847365.352.1', '1.3.6.1.4.1.21367.2008.1.2.178')" })).to.deep.equal(all());
    });

    it('submissiontime_in, _out, _no_start and _no_end', async () => {
      expect(await findSs({ $XDSSubmissionSetSubmissionTimeFrom: '200412', $XDSSubmissionSetSubmissionTimeTo: '200501' })).to.deep.equal(all());
      expect(await findSs({ $XDSSubmissionSetSubmissionTimeFrom: '200312', $XDSSubmissionSetSubmissionTimeTo: '200401' })).to.deep.equal([]);
      expect(await findSs({ $XDSSubmissionSetSubmissionTimeTo: '200501' })).to.deep.equal(all());
      expect(await findSs({ $XDSSubmissionSetSubmissionTimeFrom: '200412' })).to.deep.equal(all());
      expect(await findSs({ $XDSSubmissionSetSubmissionTimeTo: '20041225235050' })).to.deep.equal([]);
    });

    it('author_all and author_none: a single LIKE pattern', async () => {
      expect(await findSs({ $XDSSubmissionSetAuthorPerson: "'%Dopplemeyer%'" })).to.deep.equal(all());
      expect(await findSs({ $XDSSubmissionSetAuthorPerson: "'%Smith%'" })).to.deep.equal([]);
    });

    it('contenttype_all and contenttype_none', async () => {
      expect(await findSs({ $XDSSubmissionSetContentType: "('225728007^^2.16.840.1.113883.6.96')" })).to.deep.equal(all());
      expect(await findSs({ $XDSSubmissionSetContentType: "('66280005^^2.16.840.1.113883.6.96')" })).to.deep.equal([]);
    });
  });

  describe('11899 FindFolders', () => {
    const findFol = async (slots: Record<string, string>) => idsOf(await runQuery(storage.metadata, 'FindFolders', {
      $XDSFolderPatientId: pid(d.patientId), $XDSFolderStatus: APPROVED, ...slots,
    })).fol;
    const both = () => expected({ fol: [d.folders.folder1, d.folders.folder2] }).fol;

    it('basic: both folders', async () => {
      expect(await findFol({})).to.deep.equal(both());
      expect(await findFol({ $XDSFolderStatus: DEPRECATED })).to.deep.equal([]);
    });

    it('in_updatetime and out_updatetime: lastUpdateTime set by the registry', async () => {
      expect(await findFol({ $XDSFolderLastUpdateTimeFrom: dtmNow(-365), $XDSFolderLastUpdateTimeTo: dtmNow(1) })).to.deep.equal(both());
      expect(await findFol({ $XDSFolderLastUpdateTimeFrom: '2001', $XDSFolderLastUpdateTimeTo: '2003' })).to.deep.equal([]);
    });

    it('codelist: folder codes', async () => {
      expect(await findFol({ $XDSFolderCodeList: "('Referrals^^1.3.6.1.4.1.21367.2017.3')" })).to.deep.equal(both());
      expect(await findFol({ $XDSFolderCodeList: `(${q('Referrals^^2.999')})` })).to.deep.equal([]);
      expect(await findFol({ $XDSFolderCodeList: list('Other^^1', 'Referrals^^1.3.6.1.4.1.21367.2017.3') })).to.deep.equal(both());
    });
  });
});
