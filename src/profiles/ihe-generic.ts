/**
 * The `ihe-generic` profile: the affinity-domain code sets of the NIST XDS Toolkit (codes.xml,
 * metadata-codes/ihe-generic/), so that the NIST conformance tests run against the same build.
 * IHE leaves value sets to the affinity domain and the NIST test data uses codes that codes.xml
 * does not list (e.g. the Connect-a-thon schemes of its message-validator samples), so unknown
 * codes are warnings by default. ITI TF-3 4.2.3.1.2; docs/metadata-profiles.md.
 */
import type { CodeCatalog } from '../codes/code-catalog.js';
import { codeInValueSetRule } from './code-rules.js';
import type { Finding, MetadataProfile, ProfileRule } from './types.js';

const GENERIC_CODED = [
  'classCode', 'typeCode', 'confidentialityCode', 'formatCode', 'healthcareFacilityTypeCode',
  'practiceSettingCode', 'eventCodeList', 'contentTypeCode', 'folderCodeList', 'associationDocumentation',
] as const;

function mimeFindings(catalog: CodeCatalog, entries: Parameters<ProfileRule['check']>[0]['objects']['documentEntries']): Finding[] {
  const accepted = catalog.valueList('mimeType');
  if (!accepted) return [];
  return entries.flatMap((e): Finding[] => (e.mimeType === undefined || accepted.includes(e.mimeType)) ? [] : [{
    attribute: 'mimeType', owner: 'DocumentEntry', location: e.entryUuid,
    detail: `"${e.mimeType}" is not a mimeType of the affinity domain`,
  }]);
}

export const IHE_GENERIC_PROFILE: MetadataProfile = {
  id: 'ihe-generic',
  description: 'IHE ITI TF-3 metadata with the NIST XDS Toolkit affinity-domain code sets (for conformance testing)',
  codesFolder: 'ihe-generic',
  rules: [
    codeInValueSetRule('ihe.code.known', GENERIC_CODED, 'warning'),
    {
      id: 'ihe.mime-type.known', defaultSeverity: 'warning',
      summary: 'mimeType is one of the affinity domain\'s media types',
      check: ({ objects, catalog }) => mimeFindings(catalog, objects.documentEntries),
    },
  ],
};
