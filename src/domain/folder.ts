import type { AvailabilityStatus, Code, Cx, Dtm, ExtraMetadata, InternationalString } from './datatypes.js';

/** A Folder. Attribute names follow ITI TF-3 4.2.3.4. */
export interface Folder {
  readonly entryUuid: string;
  readonly uniqueId?: string;
  readonly logicalId?: string;
  readonly version?: string;
  readonly patientId?: Cx;
  readonly title?: string;
  readonly comments?: string;
  /** Every LocalizedString of the title and comments, when there is more than the plain text (datatypes.ts InternationalString). */
  readonly localizedTitle?: InternationalString;
  readonly localizedComments?: InternationalString;
  readonly codeList: readonly Code[];
  /** Set by the registry on creation and whenever a document is added. ITI TF-3 4.2.3.4.4 */
  readonly lastUpdateTime?: Dtm;
  readonly availabilityStatus?: AvailabilityStatus;
  readonly homeCommunityId?: string;
  readonly limitedMetadata: boolean;
  readonly extraMetadata: ExtraMetadata;
}
