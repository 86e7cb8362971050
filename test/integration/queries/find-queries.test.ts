import { expect } from 'chai';
import type { Code } from '../../../src/domain/datatypes.js';
import { AVAILABILITY_STATUS } from '../../../src/domain/vocabulary.js';
import { closeStorage } from '../../../src/storage/open-storage.js';
import type { Storage, SubmissionDelta } from '../../../src/storage/ports.js';
import {
  aDocumentEntry, aFolder, aHasMember, anAuthor, aSubmissionSet, CODES, DOCTOR, OTHER_PATIENT_ID, PATIENT_ID,
} from '../../support/builders.js';
import {
  APPROVED, APPROVED_DEPRECATED, expected, idsOf, list, ON_DEMAND, openTestStorage, pid, q, refs, refusal, runQuery, STABLE,
} from './query-helpers.js';

const key = (c: Code): string => `${c.code}^^${c.codingScheme}`;
const conf = (code: string): Code => ({ code, codingScheme: CODES.confidentiality.codingScheme });

/** Registry content for the find queries, Norwegian-flavoured, two patients. */
function content() {
  const ss = aSubmissionSet({ availabilityStatus: 'Approved' });
  const epikrise = aDocumentEntry({ availabilityStatus: 'Approved', confidentialityCodes: [conf('N'), conf('R')], creationTime: '2021' });
  const onDemand = aDocumentEntry({ availabilityStatus: 'Approved', objectType: 'on-demand', creationTime: '20210615' });
  const submitted = aDocumentEntry({ availabilityStatus: 'Submitted' });
  const other = aDocumentEntry({ availabilityStatus: 'Approved', patientId: OTHER_PATIENT_ID });
  const otherSs = aSubmissionSet({ availabilityStatus: 'Approved', patientId: OTHER_PATIENT_ID });
  const nurse = aDocumentEntry({
    availabilityStatus: 'Approved', classCode: { code: 'A01-1', codingScheme: CODES.classCode.codingScheme },
    authors: [anAuthor({ person: { ...DOCTOR, familyName: 'Olsen', givenName: 'Siri' } })], creationTime: '20220301',
  });
  const folderA = aFolder({ availabilityStatus: 'Approved', codeList: [CODES.folderCode, { code: 'X', codingScheme: '2.999' }], lastUpdateTime: '20240101' });
  const folderB = aFolder({ availabilityStatus: 'Approved', codeList: [CODES.folderCode], lastUpdateTime: '20230101' });
  const entries = [epikrise, onDemand, submitted, nurse];
  const deltas: SubmissionDelta[] = [
    {
      submissionSets: [ss], documentEntries: entries, folders: [folderA, folderB],
      associations: [...entries, folderA, folderB].map((e) => aHasMember(ss, e)), statusChanges: [], folderUpdates: [],
    },
    {
      submissionSets: [otherSs], documentEntries: [other], folders: [], associations: [aHasMember(otherSs, other)],
      statusChanges: [], folderUpdates: [],
    },
  ];
  return { ss, otherSs, epikrise, onDemand, submitted, other, nurse, folderA, folderB, deltas };
}

describe('find stored queries over registry content', () => {
  let storage: Storage;
  let c: ReturnType<typeof content>;
  before(async () => {
    storage = await openTestStorage();
    c = content();
    for (const d of c.deltas) await storage.metadata.commitSubmission(d);
  });
  after(async () => closeStorage(storage));

  const find = (slots: Record<string, string | string[] | string[][]>, opts: { returnType?: 'LeafClass' | 'ObjectRef'; maxResults?: number } = {}) =>
    runQuery(storage.metadata, 'FindDocuments', { $XDSDocumentEntryPatientId: pid(PATIENT_ID), $XDSDocumentEntryStatus: APPROVED, ...slots }, opts);
  const docs = async (slots: Record<string, string | string[] | string[][]>) => idsOf(await find(slots)).de;
  const of = (...e: { entryUuid: string }[]) => expected({ de: e }).de;

  describe('FindDocuments', () => {
    it('returns stable entries only unless $XDSDocumentEntryType says otherwise', async () => {
      expect(await docs({})).to.deep.equal(of(c.epikrise, c.nurse));
      expect(await docs({ $XDSDocumentEntryType: list(ON_DEMAND) })).to.deep.equal(of(c.onDemand));
      expect(await docs({ $XDSDocumentEntryType: [list(STABLE), list(ON_DEMAND)] })).to.deep.equal(of(c.epikrise, c.nurse, c.onDemand));
    });

    it('applies the status filter to the entries: Submitted only when asked for', async () => {
      expect(await docs({ $XDSDocumentEntryStatus: list(AVAILABILITY_STATUS.submitted) })).to.deep.equal(of(c.submitted));
      expect(await docs({ $XDSDocumentEntryStatus: APPROVED_DEPRECATED })).not.to.include(c.submitted.entryUuid);
    });

    it('never returns another patient\'s entries, and nothing for an unknown patient', async () => {
      expect(await docs({ $XDSDocumentEntryPatientId: pid(OTHER_PATIENT_ID) })).to.deep.equal(of(c.other));
      expect(await docs({ $XDSDocumentEntryPatientId: q('99999999999^^^&2.16.578.1.12.4.1.4.1&ISO') })).to.deep.equal([]);
    });

    it('matches the patient whatever namespace id the consumer puts in CX.4', async () => {
      const withNamespace = q(`${PATIENT_ID.id}^^^FNR&${PATIENT_ID.assigningAuthority}&ISO`);
      expect(await docs({ $XDSDocumentEntryPatientId: withNamespace })).to.deep.equal(of(c.epikrise, c.nurse));
    });

    it('treats repeated confidentiality slots as AND and values inside one as OR', async () => {
      const n = list(key(conf('N')));
      const r = list(key(conf('R')));
      expect(await docs({ $XDSDocumentEntryConfidentialityCode: [[n], [r]] })).to.deep.equal(of(c.epikrise));
      expect(await docs({ $XDSDocumentEntryConfidentialityCode: [[n], [list(key(conf('V')))]] })).to.deep.equal([]);
      expect(await docs({ $XDSDocumentEntryConfidentialityCode: list(key(conf('R')), key(conf('V'))) })).to.deep.equal(of(c.epikrise));
    });

    it('matches the class code with its scheme only', async () => {
      expect(await docs({ $XDSDocumentEntryClassCode: list(key(CODES.classCode)) })).to.deep.equal(of(c.epikrise));
      expect(await docs({ $XDSDocumentEntryClassCode: list(`${CODES.classCode.code}^^2.999.9`) })).to.deep.equal([]);
    });

    it('matches author patterns with _ and % against the XCN', async () => {
      expect(await docs({ $XDSDocumentEntryAuthorPerson: q('%^Ols_n^Siri%') })).to.deep.equal(of(c.nurse));
      expect(await docs({ $XDSDocumentEntryAuthorPerson: q('565505933^Lege^Lise%') })).to.deep.equal(of(c.epikrise));
      expect(await docs({ $XDSDocumentEntryAuthorPerson: q('%Olsen') })).to.deep.equal([]);
    });

    it('compares stored times of any precision as their first instant', async () => {
      expect(await docs({ $XDSDocumentEntryCreationTimeFrom: '2021', $XDSDocumentEntryCreationTimeTo: '2022' })).to.deep.equal(of(c.epikrise));
      expect(await docs({ $XDSDocumentEntryCreationTimeFrom: '20210101000001' })).to.deep.equal(of(c.nurse));
      expect(await docs({ $XDSDocumentEntryCreationTimeTo: '2021' })).to.deep.equal([]);
    });

    it('returns ids only for ObjectRef', async () => {
      const r = await find({}, { returnType: 'ObjectRef' });
      expect([...refs(r)].sort()).to.deep.equal(of(c.epikrise, c.nurse));
    });

    it('refuses a result above the limit with XDSTooManyResults, and accepts one at it', async () => {
      const issues = await refusal(find({ $XDSDocumentEntryType: [list(STABLE), list(ON_DEMAND)] }, { maxResults: 2 }));
      expect(issues.map((i) => i.code)).to.deep.equal(['XDSTooManyResults']);
      expect(idsOf(await find({}, { maxResults: 2 })).de).to.have.length(2);
      const objectRefs = await refusal(find({ $XDSDocumentEntryType: [list(STABLE), list(ON_DEMAND)] }, { maxResults: 2, returnType: 'ObjectRef' }));
      expect(objectRefs.map((i) => i.code)).to.deep.equal(['XDSTooManyResults']);
    });
  });

  describe('FindSubmissionSets and FindFolders', () => {
    it('finds the SubmissionSets of one patient by status and source', async () => {
      const slots = { $XDSSubmissionSetPatientId: pid(PATIENT_ID), $XDSSubmissionSetStatus: APPROVED };
      expect(idsOf(await runQuery(storage.metadata, 'FindSubmissionSets', slots))).to.deep.equal(expected({ ss: [c.ss] }));
      expect(idsOf(await runQuery(storage.metadata, 'FindSubmissionSets', { ...slots, $XDSSubmissionSetSourceId: list('2.999.1') })))
        .to.deep.equal(expected({}));
      expect(idsOf(await runQuery(storage.metadata, 'FindSubmissionSets', { ...slots, $XDSSubmissionSetStatus: list(AVAILABILITY_STATUS.deprecated) })))
        .to.deep.equal(expected({}));
    });

    it('refuses two author patterns for FindSubmissionSets, whose author is single-valued', async () => {
      const issues = await refusal(runQuery(storage.metadata, 'FindSubmissionSets', {
        $XDSSubmissionSetPatientId: pid(PATIENT_ID), $XDSSubmissionSetStatus: APPROVED, $XDSSubmissionSetAuthorPerson: list('%a%', '%b%'),
      }));
      expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSStoredQueryParamNumber', '$XDSSubmissionSetAuthorPerson']]);
    });

    it('finds folders by AND of code slots and by last update time', async () => {
      const slots = { $XDSFolderPatientId: pid(PATIENT_ID), $XDSFolderStatus: APPROVED };
      const folders = async (extra: Record<string, string | string[][]>) => idsOf(await runQuery(storage.metadata, 'FindFolders', { ...slots, ...extra })).fol;
      expect(await folders({})).to.deep.equal(expected({ fol: [c.folderA, c.folderB] }).fol);
      expect(await folders({ $XDSFolderCodeList: [[list(key(CODES.folderCode))], [list('X^^2.999')]] })).to.deep.equal(expected({ fol: [c.folderA] }).fol);
      expect(await folders({ $XDSFolderCodeList: list('X^^2.999', 'Y^^2.999') })).to.deep.equal(expected({ fol: [c.folderA] }).fol);
      expect(await folders({ $XDSFolderLastUpdateTimeFrom: '2023', $XDSFolderLastUpdateTimeTo: '2024' })).to.deep.equal(expected({ fol: [c.folderB] }).fol);
    });
  });
});
