import type { Author, AvailabilityStatus, Code, Cx, Dtm, ExtraMetadata, Xcn, Xon, Xtn, InternationalString } from './datatypes.js';

/** One intended recipient: a person, an organisation and/or a telecom address. ITI TF-3 4.2.3.3.5 */
export interface IntendedRecipient {
  readonly person?: Xcn;
  readonly organization?: Xon;
  readonly telecommunication?: Xtn;
}

/** A SubmissionSet. Attribute names follow ITI TF-3 4.2.3.3. */
export interface SubmissionSet {
  readonly entryUuid: string;
  readonly uniqueId?: string;
  readonly sourceId?: string;
  readonly patientId?: Cx;
  readonly submissionTime?: Dtm;
  readonly contentTypeCode?: Code;
  readonly authors: readonly Author[];
  readonly intendedRecipients: readonly IntendedRecipient[];
  readonly title?: string;
  readonly comments?: string;
  /** Every LocalizedString of the title and comments, when there is more than the plain text (datatypes.ts InternationalString). */
  readonly localizedTitle?: InternationalString;
  readonly localizedComments?: InternationalString;
  readonly availabilityStatus?: AvailabilityStatus;
  readonly homeCommunityId?: string;
  readonly limitedMetadata: boolean;
  readonly extraMetadata: ExtraMetadata;
}
