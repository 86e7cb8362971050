/**
 * The `norway` profile (the default): Norwegian code systems (Volven 9602, 9603, 1303, 865x,
 * 8663, 9034, 7426, HL7 confidentiality, format codes) and identifiers (FNR/DNR/FHN, orgnr,
 * RESH, HPR). Every rule reports errors unless configured otherwise, except
 * no.patient-id.synthetic, which is off because NHN's test environments use synthetic persons.
 * norway-profile.md §1–§3, §6; docs/metadata-profiles.md.
 */
import { codeKnownRule, codeSystemRule, typeUnderClassRule } from '../code-rules.js';
import type { MetadataProfile } from '../types.js';
import { hprAuthorityRule, hprNumberRule, institutionAuthorityRule, organisationNumberRule, reshIdRule, xcnSyntaxRule, xonSyntaxRule } from './author-rules.js';
import { dtmRule, languageCodeRule, mimeTypeAllowedRule, mimeTypeFormatRule, stableOnlyRule } from './entry-rules.js';
import {
  cxSyntaxRule, patientIdAuthorityRule, patientIdChecksumRule, patientIdFormatRule, patientIdSyntheticRule,
} from './patient-id-rules.js';

/** Coded attributes bound to Norwegian code systems. contentTypeCode has none (§2.2). */
const NORWAY_CODED = [
  'classCode', 'typeCode', 'confidentialityCode', 'formatCode', 'healthcareFacilityTypeCode',
  'practiceSettingCode', 'eventCodeList', 'authorRole', 'authorSpecialty',
] as const;

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
    patientIdSyntheticRule('off'),
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
