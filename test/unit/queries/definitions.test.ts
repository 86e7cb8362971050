import { expect } from 'chai';
import type { StoredQueryRequest } from '../../../src/domain/stored-query.js';
import { STORED_QUERY_ID, type StoredQueryName } from '../../../src/domain/vocabulary.js';
import { XdsError, type Issue } from '../../../src/errors/issue.js';
import { QUERY_DEFINITIONS, queryDefinition } from '../../../src/queries/definitions.js';
import { interpretRequest, type InterpretedQuery } from '../../../src/queries/interpret.js';

const PID = "'c4d77e21^^^&1.3.6.1.4.1.21367.2005.3.7&ISO'";
const APPROVED = "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')";

/** A request; each slot is one occurrence (string[]) or several (string[][], a repeated slot). */
function req(name: StoredQueryName, slots: Record<string, string[] | string[][]>): StoredQueryRequest {
  const map = new Map<string, string[][]>();
  for (const [k, v] of Object.entries(slots)) map.set(k, Array.isArray(v[0]) ? (v as string[][]) : [v as string[]]);
  return { queryId: STORED_QUERY_ID[name], returnType: 'LeafClass', slots: map };
}

function failure(r: StoredQueryRequest): readonly Issue[] {
  try {
    interpretRequest(r);
  } catch (e) {
    if (e instanceof XdsError) return e.issues;
    throw e;
  }
  throw new Error('expected the request to be refused');
}

/** The typed parameters of a parsed query, read by name. */
const paramsOf = (parsed: InterpretedQuery): Readonly<Record<string, unknown>> => parsed.query.params;

const findDocs = (extra: Record<string, string[] | string[][]> = {}) =>
  req('FindDocuments', { $XDSDocumentEntryPatientId: [PID], $XDSDocumentEntryStatus: [APPROVED], ...extra });

describe('stored query definitions and parameter rules (ITI TF-2 3.18.4.1.2.3.7)', () => {
  it('defines exactly the 14 stored queries, each under its own id', () => {
    expect(QUERY_DEFINITIONS.map((d) => d.name)).to.have.members(Object.keys(STORED_QUERY_ID));
    for (const d of QUERY_DEFINITIONS) expect(queryDefinition(d.id)?.name).to.equal(d.name);
    expect(queryDefinition(STORED_QUERY_ID.GetAll.toUpperCase().replace('URN:UUID:', 'urn:uuid:'))?.name).to.equal('GetAll');
  });

  it('refuses an unknown query id with XDSUnknownStoredQuery', () => {
    const issues = failure({ queryId: 'urn:uuid:00000000-0000-0000-0000-000000000000', returnType: 'LeafClass', slots: new Map() });
    expect(issues.map((i) => i.code)).to.deep.equal(['XDSUnknownStoredQuery']);
    expect(issues[0]?.location).to.equal('urn:uuid:00000000-0000-0000-0000-000000000000');
  });

  it('reports a missing required parameter with XDSStoredQueryMissingParam (MV sq-req-missing-stat)', () => {
    const issues = failure(req('FindDocuments', { $XDSDocumentEntryPatientId: [PID] }));
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSStoredQueryMissingParam', '$XDSDocumentEntryStatus']]);
  });

  it('reports every missing parameter of GetAll at once', () => {
    const issues = failure(req('GetAll', { $patientId: [PID] }));
    expect(issues.map((i) => i.location)).to.have.members(['$XDSDocumentEntryStatus', '$XDSSubmissionSetStatus', '$XDSFolderStatus']);
    expect(issues.every((i) => i.code === 'XDSStoredQueryMissingParam')).to.equal(true);
  });

  it('treats a slot without values as absent', () => {
    const issues = failure(req('FindDocuments', { $XDSDocumentEntryPatientId: [PID], $XDSDocumentEntryStatus: [] }));
    expect(issues.map((i) => i.code)).to.deep.equal(['XDSStoredQueryMissingParam']);
  });

  it('requires one of the id parameters of GetDocuments', () => {
    const issues = failure(req('GetDocuments', {}));
    expect(issues.map((i) => i.code)).to.deep.equal(['XDSStoredQueryMissingParam']);
    expect(issues[0]?.codeContext).to.contain('$XDSDocumentEntryEntryUUID').and.contain('$XDSDocumentEntryUniqueId');
  });

  it('refuses both entryUUID and uniqueId together with XDSStoredQueryParamNumber', () => {
    const issues = failure(req('GetFolderAndContents', { $XDSFolderEntryUUID: ["'urn:uuid:a'"], $XDSFolderUniqueId: ["'1.2.3'"] }));
    expect(issues.map((i) => i.code)).to.deep.equal(['XDSStoredQueryParamNumber']);
  });

  it('refuses several values for a single-valued parameter', () => {
    const issues = failure(findDocs({ $XDSDocumentEntryPatientId: ["('1^^^&1.2&ISO','2^^^&1.2&ISO')"] }));
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSStoredQueryParamNumber', '$XDSDocumentEntryPatientId']]);
    const twoValues = failure(req('GetFoldersForDocument', { $XDSDocumentEntryUniqueId: ["'1.2'", "'1.3'"] }));
    expect(twoValues.map((i) => i.code)).to.deep.equal(['XDSStoredQueryParamNumber']);
    const twoTimes = failure(findDocs({ $XDSDocumentEntryCreationTimeFrom: ['2004', '2005'] }));
    expect(twoTimes.map((i) => i.location)).to.deep.equal(['$XDSDocumentEntryCreationTimeFrom']);
  });

  it('refuses a repeated slot unless the parameter is AND/OR', () => {
    const issues = failure(findDocs({ $XDSDocumentEntryClassCode: [["('a^^1')"], ["('b^^1')"]] }));
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSStoredQueryParamNumber', '$XDSDocumentEntryClassCode']]);
  });

  it('accepts repeated slots for the four AND/OR parameters, one OR-group per slot', () => {
    const params = paramsOf(interpretRequest(findDocs({
      $XDSDocumentEntryEventCodeList: [["('e1^^s')"], ["('e2^^s', 'e3^^s')"]],
      $XDSDocumentEntryConfidentialityCode: [["('N^^c')"], ["('R^^c')"]],
    })));
    expect(params['$XDSDocumentEntryEventCodeList']).to.deep.equal([['e1^^s'], ['e2^^s', 'e3^^s']]);
    expect(params['$XDSDocumentEntryConfidentialityCode']).to.deep.equal([['N^^c'], ['R^^c']]);
    const folders = interpretRequest(req('FindFolders', {
      $XDSFolderPatientId: [PID], $XDSFolderStatus: [APPROVED], $XDSFolderCodeList: [["'a^^s'"], ["'b^^s'"]],
    }));
    expect(paramsOf(folders)['$XDSFolderCodeList']).to.deep.equal([['a^^s'], ['b^^s']]);
    const byRef = interpretRequest(req('FindDocumentsByReferenceId', {
      $XDSDocumentEntryPatientId: [PID], $XDSDocumentEntryStatus: [APPROVED],
      $XDSDocumentEntryReferenceIdList: [["'r1'"], ["'r2'"]],
    }));
    expect(paramsOf(byRef)['$XDSDocumentEntryReferenceIdList']).to.deep.equal([['r1'], ['r2']]);
  });

  it('joins several Values of one slot into one OR list', () => {
    const params = paramsOf(interpretRequest(findDocs({ $XDSDocumentEntryClassCode: ["('a^^1')", "('b^^1', 'c^^1')"] })));
    expect(params['$XDSDocumentEntryClassCode']).to.deep.equal(['a^^1', 'b^^1', 'c^^1']);
  });

  it('normalises the values: patient key, statuses, types, times', () => {
    const params = paramsOf(interpretRequest(findDocs({
      $XDSDocumentEntryStatus: ["('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved','urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated')"],
      $XDSDocumentEntryType: ["('urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248')"],
      $XDSDocumentEntryCreationTimeFrom: ['200412'],
    })));
    expect(params['$XDSDocumentEntryPatientId']).to.deep.equal({ id: 'c4d77e21', assigningAuthority: '1.3.6.1.4.1.21367.2005.3.7' });
    expect(params['$XDSDocumentEntryStatus']).to.deep.equal(['Approved', 'Deprecated']);
    expect(params['$XDSDocumentEntryType']).to.deep.equal(['on-demand']);
    expect(params['$XDSDocumentEntryCreationTimeFrom']).to.equal('200412');
  });

  it('reports a malformed value as XDSRegistryError naming the parameter (MV sq-req-bad-code)', () => {
    const issues = failure(findDocs({ $XDSDocumentEntryClassCode: ["('value^^')"] }));
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSRegistryError', '$XDSDocumentEntryClassCode']]);
    expect(issues[0]?.codeContext).to.contain('$XDSDocumentEntryClassCode').and.contain('value^^');
  });

  it('reports an unquoted patient id and status (MV sq-req-bad-pid-format, sq-req-bad-stat-format1)', () => {
    const issues = failure(req('FindDocuments', {
      $XDSDocumentEntryPatientId: ['c4d77e21^^^&1.2.3&ISO'],
      $XDSDocumentEntryStatus: ['urn:oasis:names:tc:ebxml-regrep:StatusType:Approved'],
    }));
    expect(issues.map((i) => i.location)).to.have.members(['$XDSDocumentEntryPatientId', '$XDSDocumentEntryStatus']);
    expect(issues.every((i) => i.code === 'XDSRegistryError')).to.equal(true);
  });

  it('collects every problem of a request before refusing it', () => {
    const issues = failure(req('FindDocuments', {
      $XDSDocumentEntryPatientId: [PID],
      $XDSDocumentEntryClassCode: ["('a^^1', 'b')"],
      $XDSDocumentEntryCreationTimeFrom: ['yesterday'],
    }));
    expect(issues.map((i) => i.location)).to.have.members([
      '$XDSDocumentEntryClassCode', '$XDSDocumentEntryCreationTimeFrom', '$XDSDocumentEntryStatus',
    ]);
  });

  it('accepts an unknown parameter with a warning (NIST 11897 practicesetting_scheme)', () => {
    const parsed = interpretRequest(findDocs({ $XDSDocumentEntryPracticeSettingCodeScheme: ["('Connect-a-thon practiceSettingCodes')"] }));
    const { warnings } = parsed;
    const params = paramsOf(parsed);
    expect(warnings.map((w) => [w.code, w.severity, w.location])).to.deep.equal([
      ['XDSRegistryError', 'Warning', '$XDSDocumentEntryPracticeSettingCodeScheme'],
    ]);
    expect('$XDSDocumentEntryPracticeSettingCodeScheme' in params).to.equal(false);
  });

  it('accepts $MetadataLevel and $homeCommunityId on every query', () => {
    const parsed = interpretRequest(req('GetDocuments', {
      $XDSDocumentEntryUniqueId: ["('1.2.3')"], $MetadataLevel: ['2'], $homeCommunityId: ["'urn:oid:1.1.1'"],
    }));
    expect(parsed.warnings).to.deep.equal([]);
    expect(paramsOf(parsed)['$MetadataLevel']).to.equal(2);
  });

  it('requires $AssociationTypes for GetRelatedDocuments and checks its URNs', () => {
    const missing = failure(req('GetRelatedDocuments', { $XDSDocumentEntryUniqueId: ["'1.2'"] }));
    expect(missing.map((i) => [i.code, i.location])).to.deep.equal([['XDSStoredQueryMissingParam', '$AssociationTypes']]);
    const bad = failure(req('GetRelatedDocuments', { $XDSDocumentEntryUniqueId: ["'1.2'"], $AssociationTypes: ["('RPLC')"] }));
    expect(bad.map((i) => [i.code, i.location])).to.deep.equal([['XDSRegistryError', '$AssociationTypes']]);
  });

  it('requires $XDSDocumentEntryReferenceIdList for FindDocumentsByReferenceId', () => {
    const issues = failure(req('FindDocumentsByReferenceId', { $XDSDocumentEntryPatientId: [PID], $XDSDocumentEntryStatus: [APPROVED] }));
    expect(issues.map((i) => i.location)).to.deep.equal(['$XDSDocumentEntryReferenceIdList']);
  });

  it('requires $uuid for GetAssociations and GetSubmissionSets', () => {
    for (const name of ['GetAssociations', 'GetSubmissionSets'] as const) {
      expect(failure(req(name, {})).map((i) => i.location)).to.deep.equal(['$uuid']);
    }
  });
});
