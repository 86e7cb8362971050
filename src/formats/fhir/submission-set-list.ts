/**
 * SubmissionSet ↔ List (code submissionset), following the MHD 4.2.3 map (fsh/submissionSet.fsh,
 * "SubmissionSet-Mapping"). List.source holds one author; further authors have no home in MHD.
 * An author that is only an organisation goes in the ihe-authorOrg extension of List.source,
 * as List.source cannot reference an Organization. Not carried: homeCommunityId, extraMetadata.
 */
import type { Author } from '../../domain/datatypes.js';
import type { SubmissionSet } from '../../domain/submission-set.js';
import { prune } from '../prune.js';
import { authorFromFhir, authorToFhir } from './author.js';
import { ContainedReader, ContainedWriter } from './contained.js';
import { codeToConcept, dtmToFhir, uniqueIdFromIdentifier, uniqueIdToIdentifier } from './datatypes.js';
import { IssueList, type Decoded } from './decode-issues.js';
import { localizedTextToFhir } from './localized-text.js';
import { intendedRecipientsFromFhir, intendedRecipientsToFhir } from './intended-recipient.js';
import { extensionsOf, listCode, listIdentifiers, listNote, readDesignationTypes, readListCommon } from './list-common.js';
import { namingOf, patientFromReference, patientToReference, type FhirMappingOptions } from './mapping-options.js';
import { MHD_EXTENSION, MHD_PROFILE } from './mhd-vocabulary.js';
import { readDtm } from './read-values.js';
import type { List, ListEntry, Reference } from './resources.js';

export interface ListWriteOptions extends FhirMappingOptions {
  readonly id?: string;
  /** List.entry: references to the members (DocumentReferences, Folder Lists). */
  readonly entries?: readonly ListEntry[];
}

function sourceToFhir(author: Author | undefined, contained: ContainedWriter, options: FhirMappingOptions): Reference | undefined {
  if (!author) return undefined;
  const ref = authorToFhir(author, 'author1', contained, namingOf(options));
  const onlyOrganization = contained.resources[contained.resources.length - 1]?.resourceType === 'Organization';
  return onlyOrganization ? { extension: [{ url: MHD_EXTENSION.authorOrg, valueReference: ref }] } : ref;
}

/**
 * Writes a SubmissionSet as an MHD SubmissionSet List.
 * @param ss - the SubmissionSet
 * @param options - naming, patient references, id and entries
 * @returns the List
 */
export function submissionSetToFhir(ss: SubmissionSet, options: ListWriteOptions = {}): List {
  const naming = namingOf(options);
  const contained = new ContainedWriter();
  const source = sourceToFhir(ss.authors[0], contained, options);
  const extension = [
    ...(ss.contentTypeCode ? [{ url: MHD_EXTENSION.designationType, valueCodeableConcept: codeToConcept(ss.contentTypeCode, naming) }] : []),
    ...(ss.sourceId ? [{ url: MHD_EXTENSION.sourceId, valueIdentifier: uniqueIdToIdentifier(ss.sourceId) }] : []),
    ...intendedRecipientsToFhir(ss.intendedRecipients, contained),
  ];
  return prune<List>({
    resourceType: 'List',
    id: options.id,
    meta: { profile: [ss.limitedMetadata ? MHD_PROFILE.minimalSubmissionSet : MHD_PROFILE.comprehensiveSubmissionSet] },
    contained: contained.resources.length ? contained.resources : undefined,
    extension: extension.length ? extension : undefined,
    identifier: listIdentifiers(ss.entryUuid, ss.uniqueId),
    status: 'current',
    mode: 'working',
    title: localizedTextToFhir(ss.title),
    code: listCode('submissionset'),
    subject: ss.patientId ? patientToReference(ss.patientId, options) : undefined,
    date: ss.submissionTime ? dtmToFhir(ss.submissionTime) : undefined,
    source,
    note: listNote(ss.comments),
    entry: options.entries?.length ? options.entries : undefined,
  });
}

function readSource(list: List, reader: ContainedReader, issues: IssueList, options: FhirMappingOptions): Author[] {
  const source = list.source;
  if (!source) return [];
  const org = source.extension?.find((e) => e.url === MHD_EXTENSION.authorOrg)?.valueReference;
  const ref = source.reference ? source : org;
  if (!ref) return [];
  const author = authorFromFhir(ref, reader, namingOf(options), issues, 'List.source');
  return author ? [author] : [];
}

/**
 * Reads an MHD SubmissionSet List.
 * @param list - the List (structurally checked by the codec)
 * @param options - naming, patient resolution, and the entryUUID to fall back on
 * @returns the SubmissionSet and the issues found; errors mean the resource is refused
 */
export function submissionSetFromFhir(list: List, options: FhirMappingOptions & { entryUuid?: string } = {}): Decoded<SubmissionSet> {
  const issues = new IssueList();
  const reader = new ContainedReader(list.contained);
  const naming = namingOf(options);
  if (list.status !== 'current') issues.error('List.status', `a SubmissionSet List has status current, not ${list.status}`, 'value');
  const sourceId = extensionsOf(list, MHD_EXTENSION.sourceId)[0]?.valueIdentifier;
  const value = prune<SubmissionSet>({
    ...readListCommon(list, 'submissionset', issues, options.entryUuid),
    sourceId: sourceId ? uniqueIdFromIdentifier(sourceId) : undefined,
    patientId: patientFromReference(list.subject, options, issues, 'List.subject'),
    submissionTime: readDtm(list.date, issues, 'List.date'),
    contentTypeCode: readDesignationTypes(list, naming)[0],
    authors: readSource(list, reader, issues, options),
    intendedRecipients: intendedRecipientsFromFhir(extensionsOf(list, MHD_EXTENSION.intendedRecipient), reader, issues),
    availabilityStatus: 'Approved',
    limitedMetadata: list.meta?.profile?.includes(MHD_PROFILE.minimalSubmissionSet) ?? false,
    extraMetadata: {},
  });
  return { value, issues: issues.issues };
}
