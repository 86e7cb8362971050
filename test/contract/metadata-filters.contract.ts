import { expect } from 'chai';
import type { DocumentEntry } from '../../src/domain/document-entry.js';
import type { Folder } from '../../src/domain/folder.js';
import type { SubmissionSet } from '../../src/domain/submission-set.js';
import type { DocumentEntryFilter, FolderFilter, MetadataStore, SubmissionSetFilter } from '../../src/storage/ports.js';
import {
  aDelta, aDocumentEntry, aFolder, anAuthor, aSubmissionSet, code, key, newPatient, newUuid, patientKey, uuids,
} from './contract-builders.js';

/**
 * Filter part of the MetadataStore contract. DTM values of any precision compare as the first
 * instant they denote (storage/keys.ts dtmKey): from inclusive, to exclusive. Author patterns are
 * SQL LIKE over the XCN string (storage/keys.ts xcnString). Results are compared as sets.
 */
export function metadataFilterContract(getStore: () => MetadataStore): void {
  describe('filters', () => {
    const p1 = newPatient(); const p2 = newPatient();
    const P1 = patientKey(p1); const P2 = patientKey(p2);
    const conf = (c: string) => code(c, '2.16.840.1.113883.5.25');
    const d1 = aDocumentEntry(p1, {
      eventCodeList: [code('E1'), code('E2')], confidentialityCodes: [conf('N')], referenceIdList: ['R1^^^&2.999.4&ISO^urn:ihe:iti:xds:2013:accession'],
      creationTime: '20200115103000', serviceStartTime: '2020011508', serviceStopTime: '20200116', authors: [anAuthor('Welby', 'Marcus')],
      logicalId: newUuid(), version: '1',
    });
    const d2 = aDocumentEntry(p1, {
      availabilityStatus: 'Deprecated', classCode: code('C2'), typeCode: code('T2'), practiceSettingCode: code('PS2'),
      healthcareFacilityTypeCode: code('H2'), formatCode: code('F2'), eventCodeList: [code('E2')], confidentialityCodes: [conf('R')],
      creationTime: '2021', serviceStartTime: '20210301', authors: [anAuthor('Hansen', 'Kari'), anAuthor('Berg', 'Ola')],
    });
    const d3 = aDocumentEntry(p1, { objectType: 'on-demand', confidentialityCodes: [conf('N'), conf('R')], creationTime: '20220601' });
    const other = aDocumentEntry(p2, { ...d1, entryUuid: `${d1.entryUuid.slice(0, -4)}ffff`, uniqueId: `${d1.uniqueId!}.2`, patientId: p2 });
    const ss1 = aSubmissionSet(p1, { sourceId: '2.999.5.1', contentTypeCode: code('CT1'), submissionTime: '20200101120000', authors: [anAuthor('Welby', 'Marcus')] });
    const ss2 = aSubmissionSet(p1, { sourceId: '2.999.5.2', contentTypeCode: code('CT2'), submissionTime: '2021', availabilityStatus: 'Approved' });
    const ss3 = aSubmissionSet(p2, { sourceId: '2.999.5.1', contentTypeCode: code('CT1'), submissionTime: '20200101120000' });
    const f1 = aFolder(p1, { codeList: [code('FC1'), code('FC2')], lastUpdateTime: '20200101', logicalId: newUuid() });
    const f2 = aFolder(p1, { codeList: [code('FC2')], lastUpdateTime: '2021' });
    const f3 = aFolder(p2, { codeList: [code('FC1'), code('FC2')], lastUpdateTime: '20200101' });

    beforeEach(async () => {
      const s = getStore();
      await s.commitSubmission(aDelta({ submissionSet: ss1, documentEntries: [d1, d2], folders: [f1] }));
      await s.commitSubmission(aDelta({ submissionSet: ss2, documentEntries: [d3], folders: [f2] }));
      await s.commitSubmission(aDelta({ submissionSet: ss3, documentEntries: [other], folders: [f3] }));
    });

    const both = ['Approved', 'Deprecated'] as const;
    const findDe = async (f: Partial<DocumentEntryFilter>, limit?: number): Promise<string[]> =>
      uuids(await getStore().findDocumentEntries({ patientIds: [P1], statuses: both, ...f }, limit));
    const ids = (...objs: DocumentEntry[] | SubmissionSet[] | Folder[]): string[] => uuids(objs);

    describe('DocumentEntries', () => {
      it('selects by patient and status', async () => {
        expect(await findDe({ statuses: ['Approved'] })).to.deep.equal(ids(d1, d3));
        expect(await findDe({ statuses: ['Deprecated'] })).to.deep.equal(ids(d2));
        expect(await findDe({})).to.deep.equal(ids(d1, d2, d3));
        expect(await findDe({ statuses: ['Submitted'] })).to.deep.equal([]);
        expect(await findDe({ patientIds: [P1, P2], statuses: ['Approved'] })).to.deep.equal(ids(d1, d3, other));
        expect(await findDe({ patientIds: ['nobody^^^&2.999&ISO'] })).to.deep.equal([]);
      });

      it('selects across every patient when no patient is given', async () => {
        const all = uuids(await getStore().findDocumentEntries({ statuses: both, classCodes: [key(code('C2'))] }));
        expect(all).to.include(d2.entryUuid);
        expect(all).not.to.include(d1.entryUuid);
        expect(uuids(await getStore().findDocumentEntries({ statuses: ['Approved'], eventCodesAll: [[key(code('E1'))]] }))).to.include.members(ids(d1, other));
      });

      it('matches single-valued codes as OR within the list', async () => {
        expect(await findDe({ classCodes: [key(code('C1'))] })).to.deep.equal(ids(d1, d3));
        expect(await findDe({ classCodes: [key(code('C2')), key(code('C9'))] })).to.deep.equal(ids(d2));
        expect(await findDe({ classCodes: [key(code('C1', '2.999.other'))] })).to.deep.equal([]);
        expect(await findDe({ typeCodes: [key(code('T2'))] })).to.deep.equal(ids(d2));
        expect(await findDe({ typeCodes: [key(code('T9'))] })).to.deep.equal([]);
        expect(await findDe({ practiceSettingCodes: [key(code('PS1')), key(code('PS2'))] })).to.deep.equal(ids(d1, d2, d3));
        expect(await findDe({ practiceSettingCodes: [key(code('PS2'))] })).to.deep.equal(ids(d2));
        expect(await findDe({ healthcareFacilityTypeCodes: [key(code('H1'))] })).to.deep.equal(ids(d1, d3));
        expect(await findDe({ healthcareFacilityTypeCodes: [key(code('H9'))] })).to.deep.equal([]);
        expect(await findDe({ formatCodes: [key(code('F2'))] })).to.deep.equal(ids(d2));
        expect(await findDe({ formatCodes: [key(code('F9'))] })).to.deep.equal([]);
      });

      it('combines different code attributes with AND', async () => {
        expect(await findDe({ classCodes: [key(code('C1'))], typeCodes: [key(code('T2'))] })).to.deep.equal([]);
        expect(await findDe({ statuses: ['Approved'], classCodes: [key(code('C1'))], formatCodes: [key(code('F1'))] })).to.deep.equal(ids(d1, d3));
      });

      it('matches multi-valued codes as AND of OR-groups', async () => {
        const E = (c: string) => key(code(c));
        expect(await findDe({ eventCodesAll: [[E('E1')]] })).to.deep.equal(ids(d1));
        expect(await findDe({ eventCodesAll: [[E('E2')]] })).to.deep.equal(ids(d1, d2));
        expect(await findDe({ eventCodesAll: [[E('E1')], [E('E2')]] })).to.deep.equal(ids(d1));
        expect(await findDe({ eventCodesAll: [[E('E9'), E('E1')]] })).to.deep.equal(ids(d1));
        expect(await findDe({ eventCodesAll: [[E('E9')]] })).to.deep.equal([]);
        expect(await findDe({ eventCodesAll: [[E('E2')], [E('E9')]] })).to.deep.equal([]);
        const C = (c: string) => key(conf(c));
        expect(await findDe({ confidentialityCodesAll: [[C('N')], [C('R')]] })).to.deep.equal(ids(d3));
        expect(await findDe({ confidentialityCodesAll: [[C('N'), C('R')]] })).to.deep.equal(ids(d1, d2, d3));
        expect(await findDe({ confidentialityCodesAll: [[C('R')]] })).to.deep.equal(ids(d2, d3));
      });

      it('matches referenceIds as AND of OR-groups', async () => {
        expect(await findDe({ referenceIdsAll: [[d1.referenceIdList[0]!]] })).to.deep.equal(ids(d1));
        expect(await findDe({ referenceIdsAll: [['R2^^^&2.999.4&ISO^urn:ihe:iti:xds:2013:accession']] })).to.deep.equal([]);
      });

      it('treats time ranges as from inclusive and to exclusive', async () => {
        expect(await findDe({ creationTime: { from: '20200115103000' } })).to.deep.equal(ids(d1, d2, d3));
        expect(await findDe({ creationTime: { from: '20200115103001' } })).to.deep.equal(ids(d2, d3));
        expect(await findDe({ creationTime: { to: '20200115103000' } })).to.deep.equal([]);
        expect(await findDe({ creationTime: { to: '20200115103001' } })).to.deep.equal(ids(d1));
        expect(await findDe({ creationTime: { from: '20200115103000', to: '20220601' } })).to.deep.equal(ids(d1, d2));
      });

      it('compares times of different precision as the first instant they denote', async () => {
        expect(await findDe({ creationTime: { from: '2021' } })).to.deep.equal(ids(d2, d3));
        expect(await findDe({ creationTime: { to: '2021' } })).to.deep.equal(ids(d1));
        expect(await findDe({ creationTime: { from: '202006', to: '202107' } })).to.deep.equal(ids(d2));
        expect(await findDe({ creationTime: { from: '202101' } })).to.deep.equal(ids(d2, d3));
        expect(await findDe({ creationTime: { from: '20210101000000' } })).to.deep.equal(ids(d2, d3));
        expect(await findDe({ creationTime: { to: '20210101' } })).to.deep.equal(ids(d1));
        expect(await findDe({ creationTime: { from: '20200115', to: '20200116' } })).to.deep.equal(ids(d1));
        expect(await findDe({ creationTime: { from: '2020011510', to: '202001151030' } })).to.deep.equal([]);
      });

      it('never matches a time range on an entry that lacks the time', async () => {
        expect(await findDe({ serviceStartTime: { from: '1900' } })).to.deep.equal(ids(d1, d2));
        expect(await findDe({ serviceStartTime: { from: '2020011508', to: '2020011509' } })).to.deep.equal(ids(d1));
        expect(await findDe({ serviceStopTime: { to: '2030' } })).to.deep.equal(ids(d1));
        expect(await findDe({ serviceStopTime: { from: '20200117' } })).to.deep.equal([]);
      });

      it('matches author persons with LIKE wildcards, any author, any pattern', async () => {
        expect(await findDe({ authorPersons: ['%Welby%'] })).to.deep.equal(ids(d1));
        expect(await findDe({ authorPersons: ['%W_lby%'] })).to.deep.equal(ids(d1));
        expect(await findDe({ authorPersons: ['%W_by%'] })).to.deep.equal([]);
        expect(await findDe({ authorPersons: ['%Welb.%'] })).to.deep.equal([]);
        expect(await findDe({ authorPersons: ['%Berg^Ola%'] })).to.deep.equal(ids(d2));
        expect(await findDe({ authorPersons: ['%Nobody%', '%Hansen%'] })).to.deep.equal(ids(d2));
        expect(await findDe({ authorPersons: ['Welby'] })).to.deep.equal([]);
      });

      it('matches patterns with many % exactly and quickly, wherever the store evaluates them', async () => {
        const started = Date.now();
        expect(await findDe({ authorPersons: ['%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%Welby%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%x'] })).to.deep.equal([]);
        expect(await findDe({ authorPersons: ['%W%l%b%y%^%M%a%r%c%u%s'] })).to.deep.equal(ids(d1));
        expect(await findDe({ authorPersons: ['%W%l%b%y%^%M%a%r%c%u%s%x'] })).to.deep.equal([]);
        expect(await findDe({ authorPersons: ['%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%e%Q'] })).to.deep.equal([]);
        expect(await findDe({ authorPersons: ['%B%g%^%O%'] }), 'a superset narrowed exactly').to.deep.equal(ids(d2));
        expect(Date.now() - started).to.be.below(5_000);
      });

      it('selects by object type', async () => {
        expect(await findDe({ objectTypes: ['on-demand'] })).to.deep.equal(ids(d3));
        expect(await findDe({ objectTypes: ['stable'], statuses: ['Approved'] })).to.deep.equal(ids(d1));
        expect(await findDe({ objectTypes: ['stable', 'on-demand'] })).to.deep.equal(ids(d1, d2, d3));
      });

      it('restricts to the given entryUUIDs, together with the other fields', async () => {
        expect(await findDe({ entryUuids: [d1.entryUuid, d2.entryUuid, other.entryUuid] })).to.deep.equal(ids(d1, d2));
        expect(await findDe({ entryUuids: [d1.entryUuid, d2.entryUuid], statuses: ['Approved'] })).to.deep.equal(ids(d1));
        expect(uuids(await getStore().findDocumentEntries({ entryUuids: [d3.entryUuid, other.entryUuid], statuses: both })))
          .to.deep.equal(ids(d3, other));
        expect(await findDe({ entryUuids: [d2.entryUuid], classCodes: [key(code('C1'))] })).to.deep.equal([]);
      });

      it('restricts to logicalIds, where an entry without one answers to its entryUUID', async () => {
        expect(await findDe({ logicalIds: [d1.logicalId!] })).to.deep.equal(ids(d1));
        expect(await findDe({ logicalIds: [d1.logicalId!, d3.entryUuid] })).to.deep.equal(ids(d1, d3));
        expect(await findDe({ logicalIds: [d1.entryUuid] })).to.deep.equal([]);
        expect(await findDe({ logicalIds: [d1.logicalId!], statuses: ['Deprecated'] })).to.deep.equal([]);
        expect(await findDe({ logicalIds: [d1.logicalId!], entryUuids: [d2.entryUuid] })).to.deep.equal([]);
      });

      it('returns at most limit entries', async () => {
        expect(await findDe({}, 2)).to.have.length(2);
        expect(await findDe({}, 10)).to.have.length(3);
      });

      it('returns complete DocumentEntries', async () => {
        const got = await getStore().findDocumentEntries({ patientIds: [P1], statuses: ['Deprecated'] });
        expect(got).to.deep.equal([d2]);
      });
    });

    describe('SubmissionSets', () => {
      const findSs = async (f: Partial<SubmissionSetFilter>, limit?: number): Promise<string[]> =>
        uuids(await getStore().findSubmissionSets({ patientIds: [P1], statuses: ['Approved'], ...f }, limit));

      it('selects by patient, status, sourceId and contentType', async () => {
        expect(await findSs({})).to.deep.equal(ids(ss1, ss2));
        expect(await findSs({ statuses: ['Deprecated'] })).to.deep.equal([]);
        expect(await findSs({ sourceIds: ['2.999.5.1'] })).to.deep.equal(ids(ss1));
        expect(await findSs({ sourceIds: ['2.999.5.9'] })).to.deep.equal([]);
        expect(await findSs({ contentTypeCodes: [key(code('CT2')), key(code('CT7'))] })).to.deep.equal(ids(ss2));
        expect(await findSs({ patientIds: [P2], contentTypeCodes: [key(code('CT1'))] })).to.deep.equal(ids(ss3));
      });

      it('selects by submissionTime range and author', async () => {
        expect(await findSs({ submissionTime: { from: '20200101120000', to: '2021' } })).to.deep.equal(ids(ss1));
        expect(await findSs({ submissionTime: { from: '2021' } })).to.deep.equal(ids(ss2));
        expect(await findSs({ authorPersons: ['%Marcus%'] })).to.deep.equal(ids(ss1));
        expect(await findSs({ authorPersons: ['%Hansen%'] })).to.deep.equal([]);
        expect(await findSs({}, 1)).to.have.length(1);
      });
    });

    describe('Folders', () => {
      const findF = async (f: Partial<FolderFilter>, limit?: number): Promise<string[]> =>
        uuids(await getStore().findFolders({ patientIds: [P1], statuses: ['Approved'], ...f }, limit));

      it('selects by patient, status and codes as AND of OR-groups', async () => {
        const F = (c: string) => key(code(c));
        expect(await findF({})).to.deep.equal(ids(f1, f2));
        expect(await findF({ patientIds: [P2] })).to.deep.equal(ids(f3));
        expect(await findF({ statuses: ['Deprecated'] })).to.deep.equal([]);
        expect(await findF({ codesAll: [[F('FC1')], [F('FC2')]] })).to.deep.equal(ids(f1));
        expect(await findF({ codesAll: [[F('FC1'), F('FC2')]] })).to.deep.equal(ids(f1, f2));
        expect(await findF({ codesAll: [[F('FC9')]] })).to.deep.equal([]);
      });

      it('restricts to logicalIds, where a folder without one answers to its entryUUID', async () => {
        expect(await findF({ logicalIds: [f1.logicalId!] })).to.deep.equal(ids(f1));
        expect(await findF({ logicalIds: [f1.logicalId!, f2.entryUuid] })).to.deep.equal(ids(f1, f2));
        expect(await findF({ logicalIds: [f1.entryUuid] })).to.deep.equal([]);
        expect(await findF({ logicalIds: [f3.entryUuid] })).to.deep.equal([]);
      });

      it('selects by lastUpdateTime range and honours limit', async () => {
        expect(await findF({ lastUpdateTime: { from: '20200101' } })).to.deep.equal(ids(f1, f2));
        expect(await findF({ lastUpdateTime: { to: '2021' } })).to.deep.equal(ids(f1));
        expect(await findF({ lastUpdateTime: { from: '20200101000001' } })).to.deep.equal(ids(f2));
        expect(await findF({}, 1)).to.have.length(1);
      });
    });
  });
}
