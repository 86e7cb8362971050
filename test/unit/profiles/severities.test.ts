import { expect } from 'chai';
import { NORWAY_PROFILE, syntheticIdSeverity } from '../../../src/profiles/norway/profile.js';
import { assertKnownRules, parseRuleSeverities, RuleSettingError, severityOf } from '../../../src/profiles/severities.js';
import { createProfileValidator } from '../../../src/profiles/validate.js';
import { aNorwegianSubmission, PATIENT } from './norwegian-submission.js';
import { withWrongCheckDigit } from './synthetic-ids.js';
import { testConfig } from '../../support/test-config.js';

const badChecksum = () => aNorwegianSubmission({}, { patientId: { ...PATIENT, id: withWrongCheckDigit(PATIENT.id) } });
/** Findings other than the warning every synthetic test person earns by default. */
const besidesSynthetic = <T extends { codeContext: string }>(issues: readonly T[]): T[] =>
  issues.filter((i) => !i.codeContext.startsWith('[no.patient-id.synthetic]'));

describe('profile rule severities', () => {
  it('reads rule-id=severity pairs separated by commas', () => {
    const s = parseRuleSeverities(' no.hpr.number=warning, no.code.known = off ');
    expect([...s]).to.deep.equal([['no.hpr.number', 'warning'], ['no.code.known', 'off']]);
  });

  it('refuses entries that are not rule-id=error|warning|off, naming each', () => {
    expect(() => parseRuleSeverities('no.hpr.number=fatal,no.code.known')).to.throw(RuleSettingError, /"no\.hpr\.number=fatal".*"no\.code\.known"/);
  });

  it('prefers an exact id over a pattern, and a longer pattern over a shorter one', () => {
    const s = parseRuleSeverities('no.*=warning,no.patient-id.*=off,no.patient-id.checksum=error');
    expect(severityOf({ id: 'no.patient-id.checksum', defaultSeverity: 'error' }, s)).to.equal('error');
    expect(severityOf({ id: 'no.patient-id.format', defaultSeverity: 'error' }, s)).to.equal('off');
    expect(severityOf({ id: 'no.dtm.syntax', defaultSeverity: 'error' }, s)).to.equal('warning');
    expect(severityOf({ id: 'ihe.code.known', defaultSeverity: 'warning' }, new Map())).to.equal('warning');
  });

  it('refuses rule ids the profile does not have, so a typo stops the gateway at start', () => {
    expect(() => assertKnownRules(NORWAY_PROFILE, parseRuleSeverities('no.patient-id.checksum=off,no.hpr.nummer=off')))
      .to.throw(RuleSettingError, /"no\.hpr\.nummer" is not a rule of profile norway/);
    expect(() => createProfileValidator({ METADATA_PROFILE: 'norway', METADATA_RULES: 'ihe.code.known=off' })).to.throw(RuleSettingError);
  });

  it('reports an error by default under the norway profile', () => {
    const issues = besidesSynthetic(createProfileValidator({ METADATA_PROFILE: 'norway' })(badChecksum()));
    expect(issues.map((i) => [i.severity, i.codeContext.slice(0, 24)])).to.deep.equal([['Error', '[no.patient-id.checksum]']]);
  });

  it('reports a warning instead when the rule is configured as warning', () => {
    const issues = besidesSynthetic(createProfileValidator({ METADATA_PROFILE: 'norway', METADATA_RULES: 'no.patient-id.checksum=warning' })(badChecksum()));
    expect(issues).to.have.length(1);
    expect(issues[0]).to.include({ severity: 'Warning', code: 'XDSRegistryMetadataError', location: 'SubmissionSet01' });
  });

  it('reports nothing for a rule configured off', () => {
    expect(createProfileValidator({ METADATA_PROFILE: 'norway', METADATA_RULES: 'no.patient-id.*=off' })(badChecksum())).to.deep.equal([]);
  });

  it('reports synthetic test persons as a warning by default, as an error when set so, and not at all when off', () => {
    const objects = aNorwegianSubmission();
    const by = (rules?: string) => createProfileValidator({ METADATA_PROFILE: 'norway', ...(rules ? { METADATA_RULES: rules } : {}) })(objects)
      .map((i) => [i.severity, i.location]);
    expect(by()).to.deep.equal([['Warning', 'Document01'], ['Warning', 'Document01'], ['Warning', 'SubmissionSet01']]);
    expect(by('no.patient-id.synthetic=error')).to.deep.equal([['Error', 'Document01'], ['Error', 'Document01'], ['Error', 'SubmissionSet01']]);
    expect(by('no.patient-id.synthetic=off')).to.deep.equal([]);
    expect([syntheticIdSeverity(''), syntheticIdSeverity('no.patient-id.synthetic=error'), syntheticIdSeverity('no.patient-id.*=off')])
      .to.deep.equal(['warning', 'error', 'off']);
  });

  it('takes METADATA_RULES from the configuration, with the norway profile as default', () => {
    const config = testConfig({ METADATA_RULES: 'no.hpr.number=warning' });
    expect(config.METADATA_PROFILE).to.equal('norway');
    expect(config.METADATA_RULES).to.equal('no.hpr.number=warning');
    expect(() => testConfig({ METADATA_RULES: 'no.hpr.number' })).to.throw(/METADATA_RULES/);
  });
});
