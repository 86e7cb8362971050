import { expect } from 'chai';
import { errorCodes } from '../../support/soap-client.js';
import { findDocumentsRequest, provideAndRegisterRequest, submitObjectsRequest } from '../../support/xds-messages.js';
import { anOrganisationNumber } from '../../unit/profiles/synthetic-ids.js';
import { ACTION, call, PATIENT_CX, startXuaGateway, statusOf, ticket, type XuaGateway } from './xua-fixture.js';

/**
 * A NORS entry as Norsk helsenett's sources register them (legal entity and laboratory
 * department in authorInstitution, author person, role and specialty, comments, event codes,
 * source patient info), queried by health personnel with purpose TREAT: the masked answer must
 * tell that a blocked document exists and nothing that identifies it. docs/access-policy.md §3.
 */
const ORGNR = anOrganisationNumber(91234567);
const IDENTIFYING = {
  title: 'Svar fra Blodbanken for Berit',
  comments: 'Pasienten har bedt om sperring',
  legalEntity: 'Sperrebyen sykehus HF',
  orgnr: ORGNR,
  department: 'Laboratoriemedisinsk avdeling - Sperrebyen',
  resh: '4211607',
  personId: '7654321',
  personFamily: 'Blokkertsen',
  personGiven: 'Bodil',
  telecom: 'bodil.blokkertsen@example.invalid',
  patient: '13116900216',
  patientName: 'Nordmann',
  birthDate: '19691113',
  serviceStart: '20261101080000',
  facilityType: '86.104',
  facilityDisplay: 'Institusjoner i psykisk helsevern for voksne',
  practiceSetting: 'Legevakt',
  typeDisplay: 'value="Epikrise"',
  eventCode: 'SPERRET-HENDELSE',
  roleSystem: '2.16.578.1.12.4.1.1.9034',
  specialtySystem: '2.16.578.1.12.4.1.1.7426',
  departmentAuthority: '2.16.578.1.12.4.1.4.102',
  legalEntityAuthority: '2.16.578.1.12.4.1.4.101',
  hprAuthority: '2.16.578.1.12.4.1.4.4&',
} as const;

/** The fixture submission turned into the NHN-shaped NORS entry above. */
function norsSubmission(): { xml: string; uniqueId: string } {
  const { xml, documentUniqueId } = submitObjectsRequest({ confidentiality: 'NORS', mimeType: 'text/plain' });
  const i = IDENTIFYING;
  const author = `<rim:Slot name="authorPerson"><rim:ValueList><rim:Value>${i.personId}^${i.personFamily}^${i.personGiven}^^^^^^&amp;2.16.578.1.12.4.1.4.4&amp;ISO</rim:Value></rim:ValueList></rim:Slot>`
    + `<rim:Slot name="authorInstitution"><rim:ValueList><rim:Value>${i.legalEntity}^^^^^&amp;${i.legalEntityAuthority}&amp;ISO^^^^${i.orgnr}</rim:Value>`
    + `<rim:Value>${i.department}^^^^^&amp;${i.departmentAuthority}&amp;ISO^^^^${i.resh}</rim:Value></rim:ValueList></rim:Slot>`
    + `<rim:Slot name="authorRole"><rim:ValueList><rim:Value>7^^^&amp;${i.roleSystem}&amp;ISO</rim:Value></rim:ValueList></rim:Slot>`
    + `<rim:Slot name="authorSpecialty"><rim:ValueList><rim:Value>4^^^&amp;${i.specialtySystem}&amp;ISO</rim:Value></rim:ValueList></rim:Slot>`
    + `<rim:Slot name="authorTelecommunication"><rim:ValueList><rim:Value>^^Internet^${i.telecom}</rim:Value></rim:ValueList></rim:Slot>`;
  const eventCode = '<rim:Classification classificationScheme="urn:uuid:2c6b8cb7-8b2a-4051-b291-b1ae6a575ef4" classifiedObject="Document01"'
    + ` nodeRepresentation="${i.eventCode}" id="urn:uuid:0b8c7a3e-5d1f-4c2a-9e6b-7f3d2a1c0e9d"><rim:Slot name="codingScheme"><rim:ValueList>`
    + '<rim:Value>2.16.578.1.12.4.1.1.7010</rim:Value></rim:ValueList></rim:Slot><rim:Name><rim:LocalizedString value="Hendelse"/></rim:Name></rim:Classification>';
  const out = xml
    .replace('<rim:LocalizedString xml:lang="nb-NO" value="Epikrise etter innleggelse"/></rim:Name>',
      `<rim:LocalizedString xml:lang="nb-NO" value="${i.title}"/></rim:Name><rim:Description><rim:LocalizedString xml:lang="nb-NO" value="${i.comments}"/></rim:Description>${eventCode}`)
    .replace(/(<rim:Classification classificationScheme="urn:uuid:93606bcf[^>]*>)[\s\S]*?(<\/rim:Classification>)/, `$1${author}$2`)
    // The SubmissionSet's author is the same institution and department.
    .replace('<rim:Value>Helse Bergen HF^^^^^&amp;2.16.578.1.12.4.1.4.101&amp;ISO^^^^983974724</rim:Value></rim:ValueList></rim:Slot>\n      </rim:Classification>\n      <rim:Classification classificationScheme="urn:uuid:aa543740',
      `<rim:Value>${i.legalEntity}^^^^^&amp;${i.legalEntityAuthority}&amp;ISO^^^^${i.orgnr}</rim:Value><rim:Value>${i.department}^^^^^&amp;${i.departmentAuthority}&amp;ISO^^^^${i.resh}</rim:Value></rim:ValueList></rim:Slot>\n      </rim:Classification>\n      <rim:Classification classificationScheme="urn:uuid:aa543740`)
    .replace('nodeRepresentation="86.101"', `nodeRepresentation="${i.facilityType}"`)
    .replace('value="Alminnelige somatiske sykehus"', `value="${i.facilityDisplay}"`);
  // Document and SubmissionSet author, title and facility type: each replacement must have taken.
  if (out.split(i.department).length !== 3 || !out.includes(i.title) || !out.includes(i.facilityType)) throw new Error('the fixture submission has changed');
  return { xml: out, uniqueId: documentUniqueId };
}

const NORS_ONLY = '<rim:Slot name="$XDSDocumentEntryConfidentialityCode"><rim:ValueList>'
  + "<rim:Value>('NORS^^2.16.578.1.12.4.1.1.9603')</rim:Value></rim:ValueList></rim:Slot>";

describe('masking a NORS entry for health personnel: nothing identifying is left', function () {
  this.timeout(30_000);
  let g: XuaGateway;
  let uniqueId: string;
  before(async () => {
    g = await startXuaGateway();
    const nors = norsSubmission();
    uniqueId = nors.uniqueId;
    const res = await call(`${g.url}/services/repository`, ACTION.pnr, provideAndRegisterRequest(nors.xml, { inline: Buffer.from('Blodbank\n') }));
    if (!res.envelope.includes('ResponseStatusType:Success')) throw new Error(`ITI-41 failed: ${errorCodes(res.envelope).join(', ')}`);
  });
  after(async () => { await g.close(); });

  for (const [endpoint, action, name] of [['registry', ACTION.query, 'ITI-18'], ['xca', ACTION.xcq, 'ITI-38']] as const) {
    it(`${name}: answers with the entry titled "Sperret" and none of its identifying values anywhere`, async () => {
      const treat = ticket({ purposes: ['TREAT'] });
      const res = await call(`${g.url}/services/${endpoint}`, action, findDocumentsRequest(PATIENT_CX, 'LeafClass', NORS_ONLY), treat);
      expect(statusOf(res.envelope)).to.equal('Success');
      expect(res.envelope.match(/<(?:\w+:)?ExtrinsicObject\b/g)).to.have.length(1);
      expect(res.envelope).to.contain('value="Sperret"').and.contain(`value="${uniqueId}"`).and.contain('NORS');
      const left = Object.entries(IDENTIFYING).filter(([, v]) => res.envelope.includes(v)).map(([k]) => k);
      expect(left, 'identifying values left in the response').to.deep.equal([]);
    });
  }

  it('GetAll: masks the SubmissionSet that holds the entry as well, whose author is the same department', async () => {
    const status = "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')";
    const slot = (n: string, v: string) => `<rim:Slot name="${n}"><rim:ValueList><rim:Value>${v}</rim:Value></rim:ValueList></rim:Slot>`;
    const getAll = findDocumentsRequest(PATIENT_CX).replace(/<rim:AdhocQuery id="[^"]*">[\s\S]*<\/rim:AdhocQuery>/,
      `<rim:AdhocQuery id="urn:uuid:10b545ea-725c-446d-9b95-8aeb444eddf3">${slot('$patientId', `'${PATIENT_CX.replace(/&/g, '&amp;')}'`)}`
      + `${slot('$XDSDocumentEntryStatus', status)}${slot('$XDSSubmissionSetStatus', status)}${slot('$XDSFolderStatus', status)}</rim:AdhocQuery>`);
    const res = await call(`${g.url}/services/registry`, ACTION.query, getAll, ticket({ purposes: ['TREAT'] }));
    expect(statusOf(res.envelope)).to.equal('Success');
    expect(res.envelope.match(/<(?:\w+:)?RegistryPackage\b/g)).to.have.length(1);
    // The SubmissionSet keeps its patientId: the caller asked for that patient by name.
    const left = Object.entries(IDENTIFYING).filter(([k, v]) => k !== 'patient' && res.envelope.includes(v)).map(([k]) => k);
    expect(left).to.deep.equal([]);
  });

  it('shows the same entry in full for ETREAT, so the check above can fail', async () => {
    const res = await call(`${g.url}/services/registry`, ACTION.query, findDocumentsRequest(PATIENT_CX, 'LeafClass', NORS_ONLY), ticket({ purposes: ['ETREAT'] }));
    const present = Object.entries(IDENTIFYING).filter(([, v]) => res.envelope.includes(v)).map(([k]) => k);
    expect(present).to.deep.equal(Object.keys(IDENTIFYING));
  });
});
