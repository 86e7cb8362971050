import { expect } from 'chai';
import { testNow } from '../../support/saml-signer.js';
import { TEST_PATIENT, signedEnvelope } from '../../support/saml-tickets.js';
import { acceptance, refusal, verifyEnvelope, xuaTestSettings } from '../../support/xua-harness.js';
import { syntheticFnr } from '../profiles/synthetic-ids.js';
import { readCe, readCx, readIi } from '../../../src/transport/security/hl7-values.js';
import { principalFromAssertion } from '../../../src/transport/security/norwegian-attributes.js';
import type { SignedAssertion } from '../../../src/transport/security/saml-assertion.js';

describe('Norwegian ticket attributes (norway-profile.md §4.3–§4.5)', () => {
  const now = testNow();
  const principal = (names: 'v1' | 'v2' | 'hybrid') => acceptance(verifyEnvelope(signedEnvelope({ now, names }).xml, now)).context;

  it('reads a ticket that carries only the V1 names', () => {
    const c = principal('v1');
    expect(c).to.include({ ticketVersion: 'v1', subjectName: 'LEGE LISA', hprNumber: '565501872', homeCommunityId: 'urn:oid:2.16.578.1.12.4.1.7.1.1' });
    expect([c.role?.code, c.purposeOfUse?.code, c.patientId?.id]).to.deep.equal(['LE', 'TREAT', TEST_PATIENT]);
  });

  it('reads a ticket that carries only the V2 names', () => {
    const c = principal('v2');
    expect(c).to.include({ ticketVersion: 'v2', subjectName: 'LEGE LISA', childOrganizationId: '974600951' });
    expect([c.role?.code, c.purposeOfUse?.code, c.patientId?.id]).to.deep.equal(['LE', 'TREAT', TEST_PATIENT]);
  });

  it('reads V1 and V2 names side by side into the same principal', () => {
    const hybrid = principal('hybrid');
    const v2 = principal('v2');
    expect(hybrid.ticketVersion).to.equal('hybrid');
    expect({ ...hybrid, ticketVersion: 'v2', assertionId: '', validUntil: '' }).to.deep.equal({ ...v2, assertionId: '', validUntil: '' });
  });

  it('accepts a ticket for a synthetic test person (month + 65, NHN) by default and refuses it under no.patient-id.synthetic=error', () => {
    const patient = syntheticFnr(13, 11, 69, 500, 65);
    const xml = signedEnvelope({ now, names: 'v2', patient }).xml;
    expect(acceptance(verifyEnvelope(xml, now)).context.patientId?.id).to.equal(patient);
    const refused = refusal(verifyEnvelope(xml, now, xuaTestSettings({ syntheticPatients: 'error' })));
    expect(refused.failures.join()).to.contain(`${patient} is a synthetic test identity`);
    expect(acceptance(verifyEnvelope(signedEnvelope({ now, names: 'v2' }).xml, now, xuaTestSettings({ syntheticPatients: 'error' }))).ok).to.equal(true);
  });

  it('makes a Helsenorge ticket a citizen principal with the ISO 14265 purpose 13', () => {
    const c = acceptance(verifyEnvelope(signedEnvelope({ now, citizen: true, acp: 'urn:oid:2.16.578.1.12.4.1.7.2.1.2' }).xml, now)).context;
    expect(c).to.include({ kind: 'citizen', subjectId: TEST_PATIENT, organizationId: '994598759' });
    expect(c.hprNumber).to.equal(undefined);
    expect(c.purposeOfUse).to.deep.include({ code: '13', codingScheme: '1.0.14265.1' });
    expect(c.acpCodes).to.deep.equal(['2.16.578.1.12.4.1.7.2.1.2']);
  });

  it('prefers the V2 value when both generations agree, and treats nil values as absent', () => {
    const a: SignedAssertion = {
      id: '_x', version: '2.0', issuer: 'i', nameId: 'n', subjectConfirmations: [], hasConditions: true,
      audienceRestrictions: [], oneTimeUse: false, authnStatementCount: 1, authnContextClassRefs: [],
      attributes: [
        { name: 'urn:oasis:names:tc:xacml:2.0:subject:role', values: [{ text: '<Role code="LE" codeSystem="urn:oid:2.16.578.1.12.4.1.1.9060" displayName="Lege"/>', nil: false }] },
        { name: 'urn:oasis:names:tc:xspa:1.0:subject:role', values: [{ text: '<Role code="LE" codeSystem="2.16.578.1.12.4.1.1.9060"/>', nil: false }] },
        { name: 'urn:ihe:iti:xua:2012:acp', values: [{ text: '', nil: true }] },
      ],
    };
    const r = principalFromAssertion(a, []);
    if (!r.ok) throw new Error(r.failures.map((f) => f.message).join());
    expect(r.context.role).to.deep.equal({ code: 'LE', codingScheme: '2.16.578.1.12.4.1.1.9060', displayName: 'Lege' });
    expect(r.context.acpCodes).to.deep.equal([]);
  });
});

describe('HL7 values in SAML attributes', () => {
  it('reads an escaped CE that uses an undeclared xsi prefix', () => {
    const ce = readCe({ text: '<Purpose xmlns="urn:hl7-org:v3" xsi:type="CE" code="ETREAT" codeSystem="urn:oid:2.16.840.1.113883.1.11.20448" displayName="Akutt &amp; n&#248;d"/>', nil: false });
    expect(ce).to.deep.equal({ code: 'ETREAT', codingScheme: '2.16.840.1.113883.1.11.20448', displayName: 'Akutt & nød' });
  });

  it('reads an II with a urn:oid root', () => {
    expect(readIi({ text: '<id extension="964979383" root="urn:oid:2.16.578.1.12.4.1.4.101"/>', nil: false }))
      .to.deep.equal({ root: '2.16.578.1.12.4.1.4.101', extension: '964979383' });
  });

  it('reads a patient CX whose ampersands are double-escaped', () => {
    expect(readCx('13116900216^^^&amp;amp;2.16.578.1.12.4.1.4.1&amp;amp;ISO')).to.include({ id: '13116900216', assigningAuthority: '2.16.578.1.12.4.1.4.1' });
  });

  it('takes a bare D-number as a D-number and rejects a CX without an OID', () => {
    expect(readCx('41116900216')?.assigningAuthority).to.equal('2.16.578.1.12.4.1.4.2');
    expect(readCx('13116900216^^^&FNR&ISO')).to.equal(undefined);
  });
});
