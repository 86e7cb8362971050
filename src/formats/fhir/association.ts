/**
 * Associations ↔ FHIR: relationship associations ↔ DocumentReference.relatesTo (ConceptMap
 * AssociationTypeVsRelatesTo in fsh/documentReference.fsh), HasMember ↔ List.entry.
 * XFRM_RPLC, which the ConceptMap maps to `replaces` as its narrower meaning, is written as a
 * `replaces` and a `transforms` of the same target, and that pair is read back as XFRM_RPLC,
 * so it survives the round trip. An association's own entryUUID and documentation code have no
 * home in FHIR: reading makes a new entryUUID. IsSnapshotOf (On-Demand) is not written.
 */
import type { Association } from '../../domain/association.js';
import type { AssociationType } from '../../domain/vocabulary.js';
import type { DocumentReferenceRelatesTo, ListEntry, Reference } from './resources.js';

type RelatesToCode = DocumentReferenceRelatesTo['code'];

const TO_FHIR: Partial<Record<AssociationType, readonly RelatesToCode[]>> = {
  RPLC: ['replaces'], XFRM: ['transforms'], APND: ['appends'], signs: ['signs'], XFRM_RPLC: ['replaces', 'transforms'],
};
const FROM_FHIR: Readonly<Record<RelatesToCode, AssociationType>> = { replaces: 'RPLC', transforms: 'XFRM', appends: 'APND', signs: 'signs' };

/**
 * relatesTo of one DocumentReference: its relationship associations, targets referenced by `referenceOf`.
 * @param sourceUuid - the entryUUID of the DocumentEntry the associations start from
 * @param associations - associations, of which those from `sourceUuid` with a relationship type are used
 * @param referenceOf - the Reference of the target DocumentReference for an entryUUID
 */
export function relatesToFromAssociations(
  sourceUuid: string, associations: readonly Association[], referenceOf: (entryUuid: string) => Reference,
): DocumentReferenceRelatesTo[] {
  return associations
    .filter((a) => a.sourceUuid === sourceUuid && typeof a.type === 'string')
    .flatMap((a) => (TO_FHIR[a.type as AssociationType] ?? []).map((code) => ({ code, target: referenceOf(a.targetUuid) })));
}

/**
 * Relationship associations of one DocumentReference's relatesTo.
 * @param sourceUuid - the entryUUID of the DocumentEntry read from that DocumentReference
 * @param relatesTo - the relatesTo elements as sent
 * @param targetOf - the entryUUID a target Reference stands for, or undefined when it is unknown
 * @param newUuid - makes an entryUUID for each association
 * @returns the associations, and the targets that could not be resolved
 */
export function associationsFromRelatesTo(
  sourceUuid: string, relatesTo: readonly DocumentReferenceRelatesTo[], targetOf: (ref: Reference) => string | undefined, newUuid: () => string,
): { associations: Association[]; unresolved: number[] } {
  const byTarget = new Map<string, Set<RelatesToCode>>();
  const unresolved: number[] = [];
  relatesTo.forEach((r, i) => {
    const target = targetOf(r.target);
    if (target === undefined) unresolved.push(i);
    else byTarget.set(target, (byTarget.get(target) ?? new Set()).add(r.code));
  });
  const associations: Association[] = [];
  for (const [targetUuid, codes] of byTarget) {
    const types = [...codes].map((c) => FROM_FHIR[c]);
    const merged = codes.has('replaces') && codes.has('transforms') ? ['XFRM_RPLC' as const, ...types.filter((t) => t !== 'RPLC' && t !== 'XFRM')] : types;
    for (const type of merged) associations.push({ entryUuid: newUuid(), type, sourceUuid, targetUuid, extraMetadata: {} });
  }
  return { associations, unresolved };
}

/** List.entry of a SubmissionSet or Folder: its HasMember targets, in order. */
export function listEntriesFromAssociations(
  listUuid: string, associations: readonly Association[], referenceOf: (entryUuid: string) => Reference,
): ListEntry[] {
  return associations.filter((a) => a.sourceUuid === listUuid && a.type === 'HasMember').map((a) => ({ item: referenceOf(a.targetUuid) }));
}

/**
 * HasMember associations of a List's entries.
 * @param listUuid - the SubmissionSet's or Folder's entryUUID
 * @param entries - List.entry as sent
 * @param targetOf - the entryUUID an item Reference stands for, or undefined when it is unknown
 * @param newUuid - makes an entryUUID for each association
 * @param submissionSetStatus - for SubmissionSet members: Original (submitted with it) or Reference
 */
export function associationsFromListEntries(
  listUuid: string, entries: readonly ListEntry[], targetOf: (ref: Reference) => string | undefined, newUuid: () => string,
  submissionSetStatus?: (targetUuid: string) => 'Original' | 'Reference' | undefined,
): { associations: Association[]; unresolved: number[] } {
  const associations: Association[] = [];
  const unresolved: number[] = [];
  entries.forEach((e, i) => {
    const targetUuid = targetOf(e.item);
    if (targetUuid === undefined) { unresolved.push(i); return; }
    const status = submissionSetStatus?.(targetUuid);
    associations.push({
      entryUuid: newUuid(), type: 'HasMember', sourceUuid: listUuid, targetUuid, extraMetadata: {},
      ...(status ? { submissionSetStatus: status } : {}),
    });
  });
  return { associations, unresolved };
}
