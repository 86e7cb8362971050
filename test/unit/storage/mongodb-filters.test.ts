import { expect } from 'chai';
import {
  associationFilterDoc, documentEntryFilterDoc, folderFilterDoc, submissionSetFilterDoc,
} from '../../../src/storage/mongodb/filters.js';

/** Port filters → MongoDB filter documents (storage/mongodb/filters.ts). */
describe('MongoDB filter documents', () => {
  const P = 'p1^^^&2.16.578.1.12.4.1.4.1&ISO';

  it('always constrains the status, and the patient only when patients are given', () => {
    expect(documentEntryFilterDoc({ statuses: ['Approved'] })).to.deep.equal({ status: { $in: ['Approved'] } });
    expect(documentEntryFilterDoc({ patientIds: [P, P], statuses: ['Approved', 'Deprecated'] }))
      .to.deep.equal({ patientKey: { $in: [P] }, status: { $in: ['Approved', 'Deprecated'] } });
    expect(documentEntryFilterDoc({ patientIds: [], statuses: [] })).to.deep.equal({ status: { $in: [] } });
  });

  it('turns single-valued code lists into $in and leaves out empty ones', () => {
    const f = documentEntryFilterDoc({ statuses: ['Approved'], classCodes: ['C1^^2.999', 'C2^^2.999'], typeCodes: [], formatCodes: ['F^^1.2'] });
    expect(f).to.deep.equal({ status: { $in: ['Approved'] }, classCode: { $in: ['C1^^2.999', 'C2^^2.999'] }, formatCode: { $in: ['F^^1.2'] } });
  });

  it('turns AND-of-OR code groups into one $in per group under $and', () => {
    const f = documentEntryFilterDoc({ statuses: ['Approved'], eventCodesAll: [['E1^^s', 'E2^^s'], ['E3^^s']], confidentialityCodesAll: [['N^^c']] });
    expect(f.$and).to.deep.equal([
      { eventCodes: { $in: ['E1^^s', 'E2^^s'] } }, { eventCodes: { $in: ['E3^^s'] } }, { confidentialityCodes: { $in: ['N^^c'] } },
    ]);
  });

  it('compares times of any precision as their first instant, from inclusive and to exclusive', () => {
    const f = documentEntryFilterDoc({ statuses: ['Approved'], creationTime: { from: '2004', to: '200412241530' }, serviceStopTime: { to: '2030' } });
    expect(f.creationTime).to.deep.equal({ $gte: '20040101000000', $lt: '20041224153000' });
    expect(f.serviceStopTime).to.deep.equal({ $lt: '20300101000000' });
    expect(documentEntryFilterDoc({ statuses: ['Approved'], creationTime: {} })).not.to.have.property('creationTime');
  });

  it('matches author LIKE patterns as one anchored regular expression with literal dots', () => {
    const f = submissionSetFilterDoc({ statuses: ['Approved'], authorPersons: ['%Welby%', 'Dr._'] });
    const re = new RegExp((f.authorPersons as { $regex: string }).$regex);
    expect(re.test('^Welby^Marcus')).to.equal(true);
    expect(re.test('Dr.X')).to.equal(true);
    expect(re.test('DrXX')).to.equal(false);
    expect(re.test('xDr.X')).to.equal(false);
  });

  it('restricts DocumentEntries by entryUUID and logical id, and Folders by logical id', () => {
    expect(documentEntryFilterDoc({ statuses: ['Approved'], entryUuids: ['urn:uuid:a'], logicalIds: ['urn:uuid:l'] }))
      .to.deep.equal({ _id: { $in: ['urn:uuid:a'] }, logicalKey: { $in: ['urn:uuid:l'] }, status: { $in: ['Approved'] } });
    expect(folderFilterDoc({ statuses: ['Approved'], logicalIds: ['urn:uuid:l'], codesAll: [['F^^s']], lastUpdateTime: { from: '2020' } }))
      .to.deep.equal({ logicalKey: { $in: ['urn:uuid:l'] }, status: { $in: ['Approved'] }, lastUpdateTime: { $gte: '20200101000000' }, $and: [{ codes: { $in: ['F^^s'] } }] });
  });

  it('selects SubmissionSets by source and content type', () => {
    expect(submissionSetFilterDoc({ statuses: ['Approved'], sourceIds: ['1.2'], contentTypeCodes: ['CT^^s'], submissionTime: { from: '2021' } }))
      .to.deep.equal({ status: { $in: ['Approved'] }, sourceId: { $in: ['1.2'] }, contentTypeCode: { $in: ['CT^^s'] }, submissionTime: { $gte: '20210101000000' } });
  });

  it('looks up associations by either end unless a side is named, and by type', () => {
    expect(associationFilterDoc({ uuids: ['a', 'a'] })).to.deep.equal({ $or: [{ source: { $in: ['a'] } }, { target: { $in: ['a'] } }] });
    expect(associationFilterDoc({ uuids: ['a'], side: 'target', types: ['RPLC'] })).to.deep.equal({ target: { $in: ['a'] }, type: { $in: ['RPLC'] } });
    expect(associationFilterDoc({ uuids: ['a'], side: 'source', types: [] })).to.deep.equal({ source: { $in: ['a'] } });
  });
});
