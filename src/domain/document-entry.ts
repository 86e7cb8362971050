import type { Author, AvailabilityStatus, Code, Cx, Dtm, ExtraMetadata, Xcn, InternationalString } from './datatypes.js';

/**
 * Metadata of one document. Attribute names follow ITI TF-3 4.2.3.2.
 * Attributes that the model requires are optional here because incoming submissions may
 * lack them; the submission rules report what is missing.
 */
export interface DocumentEntry {
  readonly entryUuid: string;
  readonly uniqueId?: string;
  readonly logicalId?: string;
  readonly version?: string;
  readonly objectType: 'stable' | 'on-demand';
  readonly availabilityStatus?: AvailabilityStatus;
  readonly homeCommunityId?: string;
  readonly patientId?: Cx;
  readonly sourcePatientId?: Cx;
  /** PID segment fields as sent, e.g. "PID-5|Nordmann^Kari". ITI TF-3 4.2.3.2.24 */
  readonly sourcePatientInfo: readonly string[];
  readonly classCode?: Code;
  readonly typeCode?: Code;
  readonly formatCode?: Code;
  readonly healthcareFacilityTypeCode?: Code;
  readonly practiceSettingCode?: Code;
  readonly confidentialityCodes: readonly Code[];
  readonly eventCodeList: readonly Code[];
  readonly creationTime?: Dtm;
  readonly serviceStartTime?: Dtm;
  readonly serviceStopTime?: Dtm;
  readonly languageCode?: string;
  readonly mimeType?: string;
  /** SHA-1 of the document, 40 hex characters. */
  readonly hash?: string;
  readonly size?: number;
  readonly repositoryUniqueId?: string;
  readonly uri?: string;
  readonly title?: string;
  readonly comments?: string;
  /** Every LocalizedString of the title and comments, when there is more than the plain text (datatypes.ts InternationalString). */
  readonly localizedTitle?: InternationalString;
  readonly localizedComments?: InternationalString;
  readonly authors: readonly Author[];
  readonly legalAuthenticator?: Xcn;
  /** referenceIdList values as CXi strings. ITI TF-3 4.2.3.2.28 */
  readonly referenceIdList: readonly string[];
  readonly documentAvailability?: string;
  /** True when the limitedMetadata classification is present (XDR only). */
  readonly limitedMetadata: boolean;
  readonly extraMetadata: ExtraMetadata;
}
