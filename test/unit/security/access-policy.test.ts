import { expect } from 'chai';
import { aDocumentEntry, OTHER_PATIENT_ID, PATIENT_ID } from '../../support/builders.js';
import { testNow } from '../../support/saml-signer.js';
import { signedEnvelope } from '../../support/saml-tickets.js';
import { acceptance, verifyEnvelope } from '../../support/xua-harness.js';
import type { Code } from '../../../src/domain/datatypes.js';
import type { SecurityContext } from '../../../src/domain/security-context.js';
import { ANONYMOUS } from '../../../src/domain/security-context.js';
import { checkRequest, decideDocument, filterEntries, mayRetrieve } from '../../../src/policy/access-policy.js';
import { maskDocumentEntry } from '../../../src/policy/mask.js';
import { ageOf } from '../../../src/policy/national-id.js';

const S9603 = '2.16.578.1.12.4.1.1.9603';
const label = (code: string, system = S9603): Code => ({ code, codingScheme: system });
const now = new Date('2025-06-01T12:00:00Z');

const hcp = (purpose: string, extra: Partial<SecurityContext> = {}): SecurityContext => ({
  kind: 'health-personnel', subjectId: '02056600214', organizationId: '964979383', patientId: PATIENT_ID,
  role: { code: 'LE', codingScheme: '2.16.578.1.12.4.1.1.9060' },
  purposeOfUse: { code: purpose, codingScheme: '2.16.840.1.113883.1.11.20448' }, ...extra,
});
const citizen = (patient = PATIENT_ID.id, extra: Partial<SecurityContext> = {}): SecurityContext => ({
  kind: 'citizen', subjectId: PATIENT_ID.id, patientId: { id: patient, assigningAuthority: PATIENT_ID.assigningAuthority },
  purposeOfUse: { code: '13', codingScheme: '1.0.14265.1' }, ...extra,
});
const nors = () => aDocumentEntry({ confidentialityCodes: [label('NORS')] });

describe('Access policy: blocking (NORS) for health personnel (norway-profile.md §6.2)', () => {
  it('masks a NORS document for TREAT in query and refuses its retrieve', () => {
    const entry = nors();
    const d = decideDocument(hcp('TREAT'), entry, now);
    expect(d.effect).to.equal('mask');
    expect(d.reasons[0]).to.match(/NORS/);
    const result = filterEntries(hcp('TREAT'), [entry, aDocumentEntry()], now);
    expect(result.entries.map((e) => e.title)).to.deep.equal(['Sperret', 'Epikrise medisinsk avdeling']);
    expect(result.masked).to.equal(1);
    expect(mayRetrieve(d)).to.equal(false);
  });

  for (const purpose of ['ETREAT', 'BTG']) {
    it(`shows a NORS document for ${purpose} in query and retrieve`, () => {
      const d = decideDocument(hcp(purpose), nors(), now);
      expect(d.effect).to.equal('allow');
      expect(mayRetrieve(d)).to.equal(true);
    });
  }

  it('applies the same rules to a principal from a real xmlsec1-signed ticket', () => {
    const at = testNow();
    const treat = acceptance(verifyEnvelope(signedEnvelope({ now: at }).xml, at)).context;
    const btg = acceptance(verifyEnvelope(signedEnvelope({ now: at, purposes: ['BTG'] }).xml, at)).context;
    expect([decideDocument(treat, nors(), at).effect, decideDocument(btg, nors(), at).effect]).to.deep.equal(['mask', 'allow']);
    expect(checkRequest(btg, { patientId: PATIENT_ID }, at)).to.deep.include({ allowed: true, breakTheGlass: true });
  });

  it('shows NORN and NORU documents to health personnel: they restrict citizens', () => {
    expect(decideDocument(hcp('TREAT'), aDocumentEntry({ confidentialityCodes: [label('NORN_FFL'), label('NORU')] }), now).effect).to.equal('allow');
  });

  it('marks break-the-glass on the request decision only for BTG', () => {
    expect([checkRequest(hcp('BTG'), {}, now).breakTheGlass, checkRequest(hcp('ETREAT'), {}, now).breakTheGlass]).to.deep.equal([true, false]);
  });
});

describe('Access policy: the request as a whole', () => {
  it('refuses a query about another patient than the ticket\'s', () => {
    const d = checkRequest(hcp('TREAT'), { patientId: OTHER_PATIENT_ID }, now);
    expect(d.allowed).to.equal(false);
    expect(d.reasons.join()).to.match(/not the queried patient 01017012343/);
  });

  it('denies a document of another patient reached without a patient parameter (GetDocuments, retrieve)', () => {
    expect(decideDocument(hcp('TREAT'), aDocumentEntry({ patientId: OTHER_PATIENT_ID }), now).effect).to.equal('deny');
  });

  it('refuses purposes and roles outside the table', () => {
    expect(checkRequest(hcp('HMARKT'), { patientId: PATIENT_ID }, now).reasons.join()).to.match(/purpose of use HMARKT is not allowed/);
    const odd = hcp('TREAT', { role: { code: 'LE', codingScheme: '2.16.840.1.113883.6.96' } });
    expect(checkRequest(odd, {}, now).reasons.join()).to.match(/role LE .* not an accepted/);
  });

  it('accepts the legacy ISO 14265 code 2 as ETREAT', () => {
    const iso = hcp('TREAT', { purposeOfUse: { code: '2', codingScheme: '1.0.14265.1' } });
    expect(decideDocument(iso, nors(), now).effect).to.equal('allow');
  });

  it('refuses a ticket without organisation or patient, and a system token', () => {
    const { organizationId: _o, patientId: _p, ...bare } = hcp('TREAT');
    expect(checkRequest(bare, {}, now).reasons).to.have.length(2);
    expect(checkRequest({ kind: 'system', clientId: 'x' }, {}, now).allowed).to.equal(false);
  });

  it('does not filter an anonymous caller (XUA off or optional without a ticket)', () => {
    expect(checkRequest(ANONYMOUS, { patientId: PATIENT_ID }, now).allowed).to.equal(true);
    expect(decideDocument(ANONYMOUS, nors(), now).effect).to.equal('allow');
  });
});

describe('Access policy: citizens (NORN_* and NORU)', () => {
  it('lets an adult read own documents but not NORN_* or NORU ones', () => {
    expect(checkRequest(citizen(), { patientId: PATIENT_ID }, now).allowed).to.equal(true);
    const result = filterEntries(citizen(), [aDocumentEntry(), aDocumentEntry({ confidentialityCodes: [label('NORN_FFL')] }),
      aDocumentEntry({ confidentialityCodes: [label('NORU')] }), nors()], now);
    expect(result.entries).to.have.length(2);
    expect(result.denied).to.equal(2);
  });

  it('hides very restricted (HL7 V) documents from citizens', () => {
    expect(decideDocument(citizen(), aDocumentEntry({ confidentialityCodes: [label('V', '2.16.840.1.113883.5.25')] }), now).effect).to.equal('deny');
  });

  it('refuses a citizen asking about another person without a representation', () => {
    expect(checkRequest(citizen(OTHER_PATIENT_ID.id), {}, now).reasons.join()).to.match(/without a representation/);
  });

  it('lets a parent (ACP .1) read a young child\'s record, except NORN_FORANS documents', () => {
    const child = '01012050012';
    const parent = citizen(child, { acpCodes: ['2.16.578.1.12.4.1.7.2.1.1'] });
    expect(checkRequest(parent, {}, now).allowed).to.equal(true);
    const patientId = parent.patientId;
    const forans = aDocumentEntry({ confidentialityCodes: [label('NORN_FORANS')], ...(patientId ? { patientId } : {}) });
    expect(decideDocument(parent, forans, now).effect).to.equal('deny');
    expect(checkRequest(citizen('01010950012', { acpCodes: ['2.16.578.1.12.4.1.7.2.1.1'] }), {}, now).allowed).to.equal(false);
  });

  it('lets a representative (ACP .2) read the represented citizen\'s record', () => {
    expect(checkRequest(citizen(OTHER_PATIENT_ID.id, { acpCodes: ['2.16.578.1.12.4.1.7.2.1.2'] }), {}, now).allowed).to.equal(true);
  });

  it('refuses a citizen purpose for health personnel and a clinical purpose for citizens', () => {
    expect(checkRequest(hcp('TREAT', { purposeOfUse: { code: '13', codingScheme: '1.0.14265.1' } }), {}, now).allowed).to.equal(false);
    expect(checkRequest(citizen(PATIENT_ID.id, { purposeOfUse: { code: 'TREAT', codingScheme: '2.16.840.1.113883.1.11.20448' } }), {}, now).allowed).to.equal(false);
  });

  it('computes ages from fødselsnummer and D-number', () => {
    expect([ageOf('13116900216', now), ageOf('53116900216', now), ageOf('01012050012', now)]).to.deep.equal([55, 55, 5]);
    // Synthetic test persons: month + 40 (NAV), + 65 (NHN), + 80 (Tenor).
    expect([ageOf('13516900216', now), ageOf('13766900216', now), ageOf('13916900216', now)]).to.deep.equal([55, 55, 55]);
  });
});

describe('Masking a DocumentEntry', () => {
  it('titles it "Sperret" and hides author person, institution and department, type, practice setting, facility, patient and comments', () => {
    const original = aDocumentEntry({ confidentialityCodes: [label('NORS')] });
    const m = maskDocumentEntry(original);
    expect(m.title).to.equal('Sperret');
    expect([m.typeCode?.code, m.practiceSettingCode?.code, m.healthcareFacilityTypeCode?.code, m.patientId?.id, m.legalAuthenticator?.familyName])
      .to.deep.equal(['*****', '*****', '*****', '*****', '*****']);
    expect([m.comments, m.serviceStartTime, m.serviceStopTime]).to.deep.equal([undefined, undefined, undefined]);
    expect([m.sourcePatientInfo, m.eventCodeList]).to.deep.equal([[], []]);
    expect(m.authors).to.have.length(original.authors.length);
    expect(m.authors[0]).to.deep.equal({
      person: { idNumber: '*****', familyName: '*****' },
      institutions: original.authors[0]!.institutions.map(() => ({ organizationName: '*****' })),
      roles: [], specialties: [], telecommunications: [],
    });
    expect([m.entryUuid, m.uniqueId, m.classCode, m.creationTime]).to.deep.equal([original.entryUuid, original.uniqueId, original.classCode, original.creationTime]);
    expect(m.confidentialityCodes[0]?.code).to.equal('NORS');
  });
});
