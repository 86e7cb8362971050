import { expect } from 'chai';
import { loadCodeCatalog } from '../../../src/codes/code-catalog.js';
import { NORWAY_PROFILE } from '../../../src/profiles/norway/profile.js';
import { validateWithProfile } from '../../../src/profiles/validate.js';
import type { RegistryObjectList } from '../../../src/domain/submission.js';
import { NORWAY_BREAKING_CASES, NOT_ERRORS_BY_DEFAULT } from './norway-cases.js';
import { aFellesHjelpenummer, syntheticDnr } from './synthetic-ids.js';
import { aNorwegianAuthor, aNorwegianSubmission, OID } from './norwegian-submission.js';

const catalog = loadCodeCatalog('');
/**
 * The profile's findings, less the warning every synthetic test person earns by default
 * (no.patient-id.synthetic): the submissions here use synthetic ids so that no real person's is used.
 */
const validate = (objects: RegistryObjectList) => validateWithProfile(objects, NORWAY_PROFILE, catalog)
  .filter((i) => !(i.severity === 'Warning' && i.codeContext.startsWith('[no.patient-id.synthetic]')));

describe('norway profile', () => {
  it('finds nothing wrong with a realistic Norwegian submission', () => {
    expect(validate(aNorwegianSubmission())).to.deep.equal([]);
  });

  it('accepts D-nummer and felles hjelpenummer under their own OIDs', () => {
    const dnr = { id: syntheticDnr(), assigningAuthority: OID.dnr };
    const fhn = { id: aFellesHjelpenummer(), assigningAuthority: OID.fhn };
    expect(validate(aNorwegianSubmission({ patientId: dnr, sourcePatientId: dnr }, { patientId: dnr }))).to.deep.equal([]);
    expect(validate(aNorwegianSubmission({ patientId: fhn, sourcePatientId: fhn }, { patientId: fhn }))).to.deep.equal([]);
  });

  it('accepts the spellings NHN uses: urn:oid: authorities, the FHIR URL for the IHE format codes', () => {
    const objects = aNorwegianSubmission({
      formatCode: { code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient', codingScheme: 'http://profiles.ihe.net/fhir/ihe.formatcode.fhir/CodeSystem-formatcode' },
      mimeType: 'application/xml',
      legalAuthenticator: { idNumber: '502116685', familyName: 'Geiraas', assigningAuthority: `urn:oid:${OID.hpr}` },
    });
    expect(validate(objects)).to.deep.equal([]);
  });

  it('accepts any code of an eventCodeList system that has no value list, but not other systems', () => {
    const ok = aNorwegianSubmission({ eventCodeList: [{ code: 'ANY-1', codingScheme: '2.16.578.1.12.4.1.1.7010' }] });
    const bad = aNorwegianSubmission({ eventCodeList: [{ code: 'ANY-1', codingScheme: '2.16.578.1.12.4.1.1.9999' }] });
    expect(validate(ok)).to.deep.equal([]);
    expect(validate(bad).map((i) => i.codeContext)).to.satisfy((c: string[]) => c.length === 1 && c[0]!.startsWith('[no.code.system] eventCodeList of DocumentEntry Document01'));
  });

  it('reports an uncoded authorRole as a code-system finding naming authorRole', () => {
    const issues = validate(aNorwegianSubmission({ authors: [aNorwegianAuthor({ roles: ['Overlege'] })] }));
    expect(issues).to.have.length(1);
    expect(issues[0]!.codeContext).to.match(/^\[no\.code\.system\] authorRole of DocumentEntry Document01: "Overlege": the value is not coded/);
  });

  for (const c of NORWAY_BREAKING_CASES) {
    it(`rejects ${c.title} under ${c.rule}, naming ${c.attribute}`, () => {
      const issues = validate(c.objects());
      expect(issues.map((i) => i.codeContext), 'exactly one finding').to.have.length(1);
      const [found] = issues;
      expect(found).to.include({ code: 'XDSRegistryMetadataError', severity: 'Error', location: c.location, messageId: 'PROFILE_RULE' });
      expect(found!.codeContext).to.match(new RegExp(`^\\[${c.rule.replace(/\./g, '\\.')}\\] ${c.attribute} of `));
    });
  }

  it('has a breaking case for every rule it enables', () => {
    const covered = new Set([...NORWAY_BREAKING_CASES.map((c) => c.rule), ...NOT_ERRORS_BY_DEFAULT]);
    expect(NORWAY_PROFILE.rules.map((r) => r.id).filter((id) => !covered.has(id))).to.deep.equal([]);
  });

  it('reports every problem of a submission, not only the first', () => {
    const issues = validate(aNorwegianSubmission({ languageCode: 'sv-SE', creationTime: '2024133', objectType: 'on-demand' }));
    expect(issues.map((i) => i.codeContext.split(']')[0])).to.deep.equal(['[no.dtm.syntax', '[no.language-code', '[no.object-type.stable']);
  });
});
