/**
 * Every ticket layout Norsk helsenett has issued since 2023 (docs/xua-tickets.md), each signed
 * by the test IdP (xmlsec1) and verified as the gateway verifies tickets: V1.1 names only, the
 * V1+V2 hybrid of 2024–2025, V1.2's healthcare service, V2.1, and the trust-framework layouts
 * in which a point of care or department is told by an identifier and a name.
 */
import { expect } from 'chai';
import { testNow } from '../../support/saml-signer.js';
import { signedEnvelope, TEST_PATIENT } from '../../support/saml-tickets.js';
import { acceptance, refusal, verifyEnvelope } from '../../support/xua-harness.js';

const TF = 'urn:nhn:trust-framework:1.0:ext:';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attr = (name: string, value: string): string =>
  `<saml2:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">`
  + `<saml2:AttributeValue xsi:type="xs:string">${value}</saml2:AttributeValue></saml2:Attribute>`;
const orgII = (orgnr: string): string =>
  esc(`<id xmlns="urn:hl7-org:v3" xsi:type="II" extension="${orgnr}" root="urn:oid:2.16.578.1.12.4.1.4.101" assigningAuthorityName="https://www.brreg.no/" displayable="true"/>`);
const reshII = (resh: string): string => esc(`<id xmlns="urn:hl7-org:v3" xsi:type="II" extension="${resh}" root="urn:oid:2.16.578.1.12.4.1.4.102"/>`);

describe('NHN ticket layouts since 2023 (docs/xua-tickets.md)', () => {
  const now = testNow();
  const verify = (o: Parameters<typeof signedEnvelope>[0]) => verifyEnvelope(signedEnvelope(o).xml, now);

  it('V1.1: the V1 names only', () => {
    const c = acceptance(verify({ now, names: 'v1' })).context;
    expect(c).to.include({ ticketVersion: 'v1', hprNumber: '565501872', homeCommunityId: 'urn:oid:2.16.578.1.12.4.1.7.1.1' });
    expect([c.purposeOfUse?.code, c.role?.code, c.patientId?.id]).to.deep.equal(['TREAT', 'LE', TEST_PATIENT]);
  });

  it('V1.2: the V1 names with the healthcare service under its 1.1 name', () => {
    const service = esc('<HealthcareService xmlns="urn:hl7-org:v3" xsi:type="CE" code="KP01" codeSystem="urn:oid:2.16.578.1.12.4.1.1.8663" displayName="Legetjeneste ved sykehjem mv."/>');
    const c = acceptance(verify({ now, names: 'v1', extraAttributes: attr('urn:no:ehelse:saml:1.1:subject:healthcareservice', service) })).context;
    expect(c.healthcareService).to.deep.include({ code: 'KP01', codingScheme: '2.16.578.1.12.4.1.1.8663' });
  });

  it('hybrid V1 + V2 (March 2024 to today): both name sets side by side', () => {
    const c = acceptance(verify({ now, names: 'hybrid' })).context;
    expect(c).to.include({ ticketVersion: 'hybrid', childOrganizationId: '974600951', childOrganizationName: 'RANDABERG SYKEHJEM' });
  });

  it('V2.1 (November 2024): the V2 names only', () => {
    const c = acceptance(verify({ now, names: 'v2' })).context;
    expect(c).to.include({ ticketVersion: 'v2', hprNumber: '565501872' });
    expect(c.facility).to.deep.equal({ code: '4208723', codingScheme: '2.16.578.1.12.4.1.4.102' });
  });

  it('the patient\'s point of care as name (resource:child-organization) and identifier (…-id), Tillitsrammeverk §6.3.1', () => {
    const extra = attr(`${TF}resource:child-organization`, 'RANDABERG SYKEHJEM') + attr(`${TF}resource:child-organization-id`, orgII('974600951'))
      + attr(`${TF}resource:facility`, 'Avdeling 2') + attr(`${TF}resource:facility-id`, reshII('4208723'));
    const c = acceptance(verify({ now, names: 'v2', extraAttributes: extra })).context;
    expect(c).to.include({ patientPointOfCare: '974600951', patientPointOfCareName: 'RANDABERG SYKEHJEM', patientDepartment: '4208723', patientDepartmentName: 'Avdeling 2' });
  });

  it('the patient\'s point of care as two attributes of the same name, one the identifier and one the name', () => {
    const extra = attr(`${TF}resource:child-organization`, orgII('974600951')) + attr(`${TF}resource:child-organization`, 'RANDABERG SYKEHJEM');
    const c = acceptance(verify({ now, names: 'v2', extraAttributes: extra })).context;
    expect(c).to.include({ patientPointOfCare: '974600951', patientPointOfCareName: 'RANDABERG SYKEHJEM' });
  });

  it('the 2025 layout: resource:child-organization as an II with resource:child-organization-name beside it', () => {
    const extra = attr(`${TF}resource:child-organization-name`, 'BETANIEN HOSPITAL') + attr(`${TF}resource:child-organization`, orgII('873255102'));
    const c = acceptance(verify({ now, names: 'hybrid', extraAttributes: extra })).context;
    expect(c).to.include({ patientPointOfCare: '873255102', patientPointOfCareName: 'BETANIEN HOSPITAL' });
  });

  it('the user\'s point of care given as name and identifier under the same name, and a bare organisation number', () => {
    const extra = attr('urn:oasis:names:tc:xspa:1.0:subject:child-organization', 'RANDABERG SYKEHJEM')
      + attr(`${TF}subject:child-organization-name`, 'RANDABERG SYKEHJEM');
    const c = acceptance(verify({ now, names: 'v2', extraAttributes: extra })).context;
    expect(c).to.include({ childOrganizationId: '974600951', childOrganizationName: 'RANDABERG SYKEHJEM' });
    const bare = attr(`${TF}resource:child-organization-id`, '974600951');
    expect(acceptance(verify({ now, names: 'v2', extraAttributes: bare })).context.patientPointOfCare).to.equal('974600951');
  });

  it('refuses two different identifiers or two different names of one point of care', () => {
    const ids = attr(`${TF}resource:child-organization`, orgII('974600951')) + attr(`${TF}resource:child-organization-id`, orgII('873255102'));
    expect(refusal(verify({ now, names: 'v2', extraAttributes: ids })).failures.join())
      .to.contain('2 different identifiers of patient point of care (974600951, 873255102)');
    const names = attr(`${TF}resource:child-organization`, 'RANDABERG SYKEHJEM') + attr(`${TF}resource:child-organization-name`, 'BETANIEN HOSPITAL');
    expect(refusal(verify({ now, names: 'v2', extraAttributes: names })).failures.join()).to.contain('2 different names of patient point of care');
  });

  it('still refuses two purposes of use, whichever layout', () => {
    for (const names of ['v1', 'v2', 'hybrid'] as const) {
      expect(refusal(verify({ now, names, purposes: ['TREAT', 'ETREAT'] })).failures.join(), names).to.match(/2 values of purpose of use/);
    }
  });
});
