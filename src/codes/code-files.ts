/**
 * Shapes of the JSON files in metadata-codes/: the affinity domain's value sets, one file per
 * metadata attribute, plus code-systems.json (OID ↔ FHIR system URI and how complete each
 * list is). Written by scripts/build-metadata-codes.ts from ../shared/codes/norway/ (and, for
 * the ihe-generic profile, from the NIST Toolkit's codes.xml); read at run time by
 * code-catalog.ts. See ITI TF-3 4.2.3.1.2 (coded values) and norway-profile.md §2.
 */

/** How much of a code system a list holds. See ../shared/codes/norway/README.md "Completeness". */
export type Completeness =
  /** The full code system as published. */
  | 'complete'
  /** Copied from NHN's reference implementation, not a Volven export. */
  | 'ref-copy'
  /** Known to lack codes. */
  | 'partial'
  /** The part of a larger code system that the affinity domain uses. */
  | 'subset'
  /** Named by the profile, but no value list is available: any code is accepted. */
  | 'not-available'
  /** The codes that a test tool's affinity domain uses (NIST Toolkit). */
  | 'test-data';

/** One code system as described in code-systems.json. */
export interface CodeSystemRecord {
  /** Canonical identifier: the OID, or the canonical URI when the system has no OID. */
  readonly oid: string;
  readonly name: string;
  /** FHIR system URI (`Coding.system`). */
  readonly uri?: string;
  /** Other spellings of the system seen as codingScheme (URIs, value-set OIDs). */
  readonly aliases?: readonly string[];
  readonly completeness: Completeness;
  readonly note?: string;
  /** Where the list came from (the CSV's source comment). */
  readonly source?: string;
  /** The file in ../shared the list was built from. */
  readonly from?: string;
  /** Number of codes listed. */
  readonly codeCount?: number;
}

export interface CodeSystemsFile {
  readonly description: string;
  readonly systems: readonly CodeSystemRecord[];
}

/** One code of a value set. */
export interface CodeRecord {
  readonly code: string;
  readonly display?: string;
  /** The broader code this one sits under in a hierarchical system (9602: type → class). */
  readonly parent?: string;
}

/** Marks a value-set part whose codes are accepted under any codingScheme. norway-profile.md §2.1a */
export const ANY_SYSTEM = '*';

/** The codes a value set takes from one code system. */
export interface ValueSetPart {
  /** Canonical system id (see CodeSystemRecord.oid), or ANY_SYSTEM. */
  readonly system: string;
  /** True when the system has no list here: the system is checked, the code is not. */
  readonly open?: boolean;
  readonly codes?: readonly CodeRecord[];
  readonly note?: string;
}

/** A value set: the codes one metadata attribute (or security attribute) accepts. */
export interface ValueSetFile {
  readonly attribute: string;
  readonly description: string;
  readonly parts: readonly ValueSetPart[];
}

/** A plain list of accepted values (mimeType, languageCode), maintained by hand. */
export interface ValueListFile {
  readonly attribute: string;
  readonly description: string;
  readonly maintained?: string;
  readonly values: readonly string[];
  /** For mimeType: the media types each formatCode allows; a format code not named allows any. */
  readonly byFormatCode?: Readonly<Record<string, readonly string[]>>;
}

/** The coded metadata attributes a profile can bind to a value set. ITI TF-3 4.2.3 */
const CODED_ATTRIBUTES = [
  'classCode', 'typeCode', 'confidentialityCode', 'formatCode', 'healthcareFacilityTypeCode',
  'practiceSettingCode', 'eventCodeList', 'authorRole', 'authorSpecialty', 'contentTypeCode',
  'folderCodeList', 'associationDocumentation',
] as const;

export type CodedAttribute = (typeof CODED_ATTRIBUTES)[number];

export const CODE_SYSTEMS_FILE = 'code-systems.json';
