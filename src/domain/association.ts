import type { AvailabilityStatus, Code, ExtraMetadata } from './datatypes.js';
import type { AssociationType } from './vocabulary.js';

/** An Association between two registry objects. ITI TF-3 4.2.2 */
export interface Association {
  readonly entryUuid: string;
  /** A known type, or the URN as sent when the type is not one the model names. */
  readonly type: AssociationType | { readonly unknown: string };
  readonly sourceUuid: string;
  readonly targetUuid: string;
  readonly availabilityStatus?: AvailabilityStatus;
  /** SS→DE HasMember: Original or Reference. ITI TF-3 4.2.2.1.2 */
  readonly submissionSetStatus?: 'Original' | 'Reference';
  /** ITI-57 SS→object HasMember: the version being replaced. */
  readonly previousVersion?: string;
  readonly originalStatus?: string;
  readonly newStatus?: string;
  readonly associationPropagation?: string;
  /** Optional documentation classification on relationship associations. ITI TF-3 4.2.2.2 */
  readonly documentation?: Code;
  readonly homeCommunityId?: string;
  readonly extraMetadata: ExtraMetadata;
}

/** The type name of an association, known or not. */
export function associationTypeName(a: Pick<Association, 'type'>): string {
  return typeof a.type === 'string' ? a.type : a.type.unknown;
}
