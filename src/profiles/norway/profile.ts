/**
 * The `norway` profile (the default): Norwegian code systems (Volven 9602, 9603, 1303, 865x,
 * 8663, 9034, 7426, HL7 confidentiality, format codes) and identifiers (FNR/DNR/FHN, orgnr,
 * RESH, HPR). Every rule reports errors unless configured otherwise, except
 * no.patient-id.synthetic, a warning because the national test environments use synthetic persons.
 * norway-profile.md §1–§3, §6; docs/metadata-profiles.md.
 */
import { codeKnownRule, codeSystemRule, typeUnderClassRule } from '../code-rules.js';
import { parseRuleSeverities, severityOf } from '../severities.js';
import type { MetadataProfile, RuleSeverity } from '../types.js';
import { hprAuthorityRule, hprNumberRule, institutionAuthorityRule, organisationNumberRule, reshIdRule, xcnSyntaxRule, xonSyntaxRule } from './author-rules.js';
import { dtmRule, languageCodeRule, mimeTypeAllowedRule, mimeTypeFormatRule, stableOnlyRule } from './entry-rules.js';
import {
  cxSyntaxRule, patientIdAuthorityRule, patientIdChecksumRule, patientIdFormatRule, patientIdSyntheticRule,
  SYNTHETIC_RULE_ID,
} from './patient-id-rules.js';

/** Default severity of no.patient-id.synthetic: reported, not refused (set `error` in production). */
export const SYNTHETIC_SEVERITY = 'warning';

/** Coded attributes bound to Norwegian code systems. contentTypeCode has none (§2.2). */
const NORWAY_CODED = [
  'classCode', 'typeCode', 'confidentialityCode', 'formatCode', 'healthcareFacilityTypeCode',
  'practiceSettingCode', 'eventCodeList', 'authorRole', 'authorSpecialty',
] as const;

/**
 * How synthetic test persons are treated where no submission is checked (the ticket reader, the
 * patient cross-reference): the no.patient-id.synthetic severity that METADATA_RULES sets.
 * @param metadataRules - the METADATA_RULES value
 * @returns error (refuse), warning or off (accept)
 */
export function syntheticIdSeverity(metadataRules: string): RuleSeverity {
  return severityOf({ id: SYNTHETIC_RULE_ID, defaultSeverity: SYNTHETIC_SEVERITY }, parseRuleSeverities(metadataRules));
}

export const NORWAY_PROFILE: MetadataProfile = {
  id: 'norway',
  description: 'Norwegian document sharing (HIS 1169:2016 as practised by NHN): Volven code systems, FNR/DNR/FHN, orgnr, RESH, HPR',
  codesFolder: '',
  rules: [
    codeSystemRule('no.code.system', NORWAY_CODED, 'error'),
    codeKnownRule('no.code.known', NORWAY_CODED, 'error'),
    typeUnderClassRule('no.type-code.class', 'error'),
    cxSyntaxRule('error'),
    patientIdAuthorityRule('error'),
    patientIdFormatRule('error'),
    patientIdChecksumRule('error'),
    patientIdSyntheticRule(SYNTHETIC_SEVERITY),
    xonSyntaxRule('error'),
    institutionAuthorityRule('error'),
    organisationNumberRule('error'),
    reshIdRule('error'),
    xcnSyntaxRule('error'),
    hprAuthorityRule('error'),
    hprNumberRule('error'),
    dtmRule('error'),
    languageCodeRule('error'),
    mimeTypeAllowedRule('error'),
    mimeTypeFormatRule('error'),
    stableOnlyRule('error'),
  ],
};
