/**
 * Value types of Document Sharing metadata, independent of any wire format.
 * See ITI TF-3 4.2.3.1 (data types: CX, XCN, XON, XTN, DTM, coded values).
 */

/** One LocalizedString of an ebRIM InternationalString: the text, its language and character set. ebRIM 3.0 §2.7 */
export interface LocalizedString {
  readonly value: string;
  /** xml:lang (RFC 5646); absent means the schema default, en-US. */
  readonly lang?: string;
  readonly charset?: string;
}

/**
 * A text in each language it was given in (ebRIM InternationalString: Name, Description, the
 * display name of a code). ITI TF-3 4.2.3.1, 4.2.3.2.26 (title), 4.2.3.2.7 (comments).
 * The model keeps the first value as plain text (title, comments, displayName) for rules and
 * searches, and the whole list beside it (`localizedTitle` …) when it says more than that text:
 * several languages, or a language or charset. Writers use the list when its first value is
 * still the plain text, so changing the plain text (masking) drops the translations with it.
 */
export type InternationalString = readonly LocalizedString[];

/**
 * @param strings - an InternationalString as received
 * @returns the list when it carries more than one plain value (several strings, or lang / charset), else undefined
 */
export function localizedBeyondPlain(strings: InternationalString | undefined): InternationalString | undefined {
  if (!strings || strings.length === 0) return undefined;
  return strings.length > 1 || strings.some((s) => s.lang !== undefined || s.charset !== undefined) ? strings : undefined;
}

/**
 * @param plain - the plain text of an attribute (title, comments, displayName)
 * @param localized - the kept LocalizedStrings of the same attribute, if any
 * @returns what to write: the list when it still belongs to the plain text, else the plain text alone
 */
export function localizedToWrite(plain: string | undefined, localized: InternationalString | undefined): InternationalString {
  if (plain === undefined) return [];
  return localized && localized[0]?.value === plain ? localized : [{ value: plain }];
}

/** A coded value: code, coding scheme (OID or name as sent) and display name. ITI TF-3 4.2.3.1.2 */
export interface Code {
  readonly code: string;
  readonly codingScheme: string;
  readonly displayName?: string;
  /** Every LocalizedString of the display name, when there is more than `displayName` says. */
  readonly localizedDisplayName?: InternationalString;
}

/** A patient identifier (HL7 v2 CX): id number and assigning authority OID. ITI TF-3 4.2.3.1.7 */
export interface Cx {
  readonly id: string;
  /** Universal id (OID) of the assigning authority, the "&OID&ISO" part. */
  readonly assigningAuthority: string;
  /** CX.5 identifier type code, used by referenceIdList (CXi). */
  readonly identifierTypeCode?: string;
  /** CX.4.1 namespace id, when the sender gives one. */
  readonly namespaceId?: string;
  /** CX.4.3 universal id type; ISO for XDS. */
  readonly universalIdType?: string;
  /** CX.6 assigning facility (CXi), kept as sent. */
  readonly assigningFacility?: string;
}

/** A person (HL7 v2 XCN). ITI TF-3 4.2.3.1.8 */
export interface Xcn {
  readonly idNumber?: string;
  readonly familyName?: string;
  readonly givenName?: string;
  readonly secondNames?: string;
  readonly suffix?: string;
  readonly prefix?: string;
  /** XCN.9 assigning authority OID. */
  readonly assigningAuthority?: string;
}

/** An organisation (HL7 v2 XON). ITI TF-3 4.2.3.1.9 */
export interface Xon {
  readonly organizationName: string;
  /** XON.6 assigning authority OID. */
  readonly assigningAuthority?: string;
  /** XON.7 identifier type code. */
  readonly identifierTypeCode?: string;
  /** XON.10 organization identifier. */
  readonly organizationIdentifier?: string;
}

/** Telecommunication address (HL7 v2 XTN), kept as its string. ITI TF-3 4.2.3.1.10 */
export type Xtn = string;

/**
 * A point in time in DTM form YYYY[MM[DD[hh[mm[ss]]]]], UTC. Kept as a string so the
 * precision the sender chose survives. ITI TF-3 4.2.3.1.5
 */
export type Dtm = string;

/** One author of a DocumentEntry or SubmissionSet. ITI TF-3 4.2.3.1.4 */
export interface Author {
  readonly person?: Xcn;
  readonly institutions: readonly Xon[];
  readonly roles: readonly string[];
  readonly specialties: readonly string[];
  readonly telecommunications: readonly Xtn[];
}

/** Slots the metadata model does not define, kept by name with their values. ITI TF-3 4.1.14 */
export type ExtraMetadata = Readonly<Record<string, readonly string[]>>;

export type AvailabilityStatus = 'Approved' | 'Deprecated' | 'Submitted';

/** The key under which codes are compared and indexed: code^^scheme. ITI TF-2 3.18.4.1.2.3.7 */
export function codeKey(code: Pick<Code, 'code' | 'codingScheme'>): string {
  return `${code.code}^^${code.codingScheme}`;
}

/** The canonical CX string id^^^&OID&ISO, used for comparison and indexing. */
export function cxKey(cx: Pick<Cx, 'id' | 'assigningAuthority'>): string {
  return `${cx.id}^^^&${cx.assigningAuthority}&ISO`;
}
