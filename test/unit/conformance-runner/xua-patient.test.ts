import { expect } from 'chai';
import { parseNode } from '../../../scripts/conformance/xml-node.js';
import { isPatientCx, namedPatient, PatientOwners, ticketPatient } from '../../../scripts/conformance/xua-patient.js';
import { submission } from './mini-testkit.js';

const RIM = 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0';
const ALICE = 'A1B2C3^^^&1.3.6.1.4.1.21367.13.20.1000&ISO';
const BOB = 'D4E5F6^^^&1.3.6.1.4.1.21367.13.20.1000&ISO';

/** An AdhocQueryRequest with the given slots (values as the plans write them, quotes included). */
function query(slots: Record<string, string>): ReturnType<typeof parseNode> {
  const xml = Object.entries(slots).map(([name, value]) =>
    `<rim:Slot name="${name}"><rim:ValueList><rim:Value>${value.replace(/&/g, '&amp;')}</rim:Value></rim:ValueList></rim:Slot>`).join('');
  return parseNode(`<q:AdhocQueryRequest xmlns:q="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="${RIM}">`
    + `<rim:AdhocQuery id="urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4">${xml}</rim:AdhocQuery></q:AdhocQueryRequest>`);
}

function retrieve(uniqueId: string): ReturnType<typeof parseNode> {
  return parseNode('<x:RetrieveDocumentSetRequest xmlns:x="urn:ihe:iti:xds-b:2007"><x:DocumentRequest>'
    + `<x:RepositoryUniqueId>1.2.3</x:RepositoryUniqueId><x:DocumentUniqueId>${uniqueId}</x:DocumentUniqueId></x:DocumentRequest></x:RetrieveDocumentSetRequest>`);
}

/** Owners that know one submission of Alice's: Document01 / 1.2.3.plan.doc, SubmissionSet01 / 1.2.3.plan.ss. */
function aliceOwners(): PatientOwners {
  const owners = new PatientOwners();
  owners.noteSubmission(parseNode(submission(ALICE, ALICE)));
  return owners;
}

describe('conformance runner, XUA variant: whose ticket a step carries', () => {
  it('takes the patient a FindDocuments query names, though the test has another', () => {
    const body = query({ $XDSDocumentEntryPatientId: `'${BOB}'`, $XDSDocumentEntryStatus: "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')" });
    expect(ticketPatient(body, aliceOwners(), ALICE)).to.deep.equal({ patient: BOB, from: 'named' });
  });

  it('reads $patientId (GetSubmissionSets … by patient) and the SubmissionSet and Folder patient slots', () => {
    expect(namedPatient(query({ $patientId: `'${BOB}'` }))).to.equal(BOB);
    expect(namedPatient(query({ $XDSFolderPatientId: `'${BOB}'` }))).to.equal(BOB);
    expect(namedPatient(query({ $XDSSubmissionSetPatientId: `'${BOB}'` }))).to.equal(BOB);
  });

  it('takes the patient of the objects an id-based query names, learnt from the submission', () => {
    const byUuid = query({ $XDSDocumentEntryEntryUUID: "('Document01')" });
    const byUid = query({ $XDSSubmissionSetUniqueId: "'1.2.3.plan.ss'" });
    expect(ticketPatient(byUuid, aliceOwners(), BOB)).to.deep.equal({ patient: ALICE, from: 'objects' });
    expect(ticketPatient(byUid, aliceOwners(), BOB)).to.deep.equal({ patient: ALICE, from: 'objects' });
  });

  it('takes the patient of the document a retrieve names', () => {
    expect(ticketPatient(retrieve('1.2.3.plan.doc'), aliceOwners(), BOB)).to.deep.equal({ patient: ALICE, from: 'objects' });
  });

  it('falls back to the test\'s own patient for ids it did not submit and for a malformed patient', () => {
    expect(ticketPatient(query({ $XDSDocumentEntryEntryUUID: "('urn:uuid:unknown')" }), aliceOwners(), BOB)).to.deep.equal({ patient: BOB, from: 'test' });
    expect(ticketPatient(query({ $XDSDocumentEntryPatientId: "'no-authority'" }), aliceOwners(), BOB).from).to.equal('test');
  });

  it('knows a patient id CX from other identifiers', () => {
    expect(isPatientCx(ALICE)).to.equal(true);
    expect(isPatientCx('1.2.3.plan.doc')).to.equal(false);
    expect(isPatientCx('A1^^^&not-an-oid&ISO')).to.equal(false);
  });
});
