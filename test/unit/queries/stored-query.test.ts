import { expect } from 'chai';
import type { StoredQueryRequest } from '../../../src/domain/stored-query.js';
import { STORED_QUERY_ID, type StoredQueryName } from '../../../src/domain/vocabulary.js';
import { parseStoredQuery } from '../../../src/queries/interpret.js';
import { selectsByPatient } from '../../../src/queries/patient-param.js';
import type { StoredQuery, StoredQueryOf } from '../../../src/queries/stored-query.js';

const PATIENT = { id: 'c4d77e21', assigningAuthority: '1.3.6.1.4.1.21367.2005.3.7' };
const PID = `'${PATIENT.id}^^^&${PATIENT.assigningAuthority}&ISO'`;
const APPROVED = "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')";

function req(name: StoredQueryName, slots: Record<string, string[][]>): StoredQueryRequest {
  return { queryId: STORED_QUERY_ID[name], returnType: 'ObjectRef', home: 'urn:oid:1.2.3', slots: new Map(Object.entries(slots)) };
}

/** Reads FindDocuments parameters through the type the table gives them: a typo or a wrong type does not compile. */
function findDocumentsSummary(q: StoredQueryOf<'FindDocuments'>): [string | undefined, readonly string[] | undefined, number | undefined] {
  return [q.params.$XDSDocumentEntryPatientId?.id, q.params.$XDSDocumentEntryStatus, q.params.$MetadataLevel];
}

describe('A stored query parsed once into its typed form', () => {
  it('types each parameter by its kind: the patient a CX, statuses by name, codes as code^^scheme, numbers as numbers', () => {
    const parsed = parseStoredQuery(req('FindDocuments', {
      $XDSDocumentEntryPatientId: [[PID]], $XDSDocumentEntryStatus: [[APPROVED]],
      $XDSDocumentEntryClassCode: [["('a^^1.2', 'b^^1.2')"]], $XDSDocumentEntryEventCodeList: [["('e1^^1.3')"], ["('e2^^1.3')"]],
      $MetadataLevel: [['2']], $XDSDocumentEntryCreationTimeFrom: [['20240101']],
    }));
    expect(parsed.ok).to.equal(true);
    if (!parsed.ok) return;
    const q: StoredQuery = parsed.query.query;
    expect(q).to.include({ name: 'FindDocuments', id: STORED_QUERY_ID.FindDocuments, returnType: 'ObjectRef', home: 'urn:oid:1.2.3' });
    if (q.name !== 'FindDocuments') throw new Error('narrowing by name');
    expect(q.params).to.deep.equal({
      $XDSDocumentEntryPatientId: PATIENT, $XDSDocumentEntryStatus: ['Approved'],
      $XDSDocumentEntryClassCode: ['a^^1.2', 'b^^1.2'], $XDSDocumentEntryEventCodeList: [['e1^^1.3'], ['e2^^1.3']],
      $MetadataLevel: 2, $XDSDocumentEntryCreationTimeFrom: '20240101',
    });
    expect(findDocumentsSummary(q)).to.deep.equal([PATIENT.id, ['Approved'], 2]);
    expect(parsed.patient).to.deep.equal(PATIENT);
  });

  it('names the patient of a request that fails, so the access policy can decide first', () => {
    const parsed = parseStoredQuery(req('FindDocuments', { $XDSDocumentEntryPatientId: [[PID]], $XDSDocumentEntryClassCode: [["('nocode')"]] }));
    expect(parsed.ok).to.equal(false);
    expect(parsed.patient).to.deep.equal(PATIENT);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.code)).to.have.members(['XDSRegistryError', 'XDSStoredQueryMissingParam']);
  });

  it('reports an unknown stored query, naming no patient', () => {
    const parsed = parseStoredQuery({ queryId: 'urn:uuid:00000000-0000-0000-0000-000000000000', returnType: 'LeafClass', slots: new Map() });
    expect(parsed).to.deep.include({ ok: false, patient: undefined });
    if (!parsed.ok) expect(parsed.issues.map((i) => i.code)).to.deep.equal(['XDSUnknownStoredQuery']);
  });

  it('answers in one place whether a query selects by patient', () => {
    const byPatient: StoredQueryName[] = ['FindDocuments', 'FindSubmissionSets', 'FindFolders', 'GetAll', 'FindDocumentsByReferenceId'];
    for (const name of Object.keys(STORED_QUERY_ID) as StoredQueryName[]) {
      expect(selectsByPatient(STORED_QUERY_ID[name]), name).to.equal(byPatient.includes(name));
    }
    expect(selectsByPatient('urn:uuid:unknown')).to.equal(undefined);
  });
});
