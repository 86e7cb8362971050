/**
 * Folder ↔ List (code folder), following the MHD 4.2.3 map (fsh/folder.fsh, "Folder-Mapping"):
 * codeList ↔ designationType extensions, lastUpdateTime ↔ date, comments ↔ note, status
 * Approved ↔ current and Deprecated ↔ retired. Not carried: logicalId, version,
 * homeCommunityId, extraMetadata.
 */
import type { AvailabilityStatus } from '../../domain/datatypes.js';
import type { Folder } from '../../domain/folder.js';
import { prune } from '../prune.js';
import { dtmToFhir } from './datatypes.js';
import { IssueList, type Decoded } from './decode-issues.js';
import { localizedTextToFhir } from './localized-text.js';
import { designationTypes, listCode, listIdentifiers, listNote, readDesignationTypes, readListCommon } from './list-common.js';
import { namingOf, patientFromReference, patientToReference, type FhirMappingOptions } from './mapping-options.js';
import { MHD_PROFILE } from './mhd-vocabulary.js';
import { readDtm } from './read-values.js';
import type { List } from './resources.js';
import type { ListWriteOptions } from './submission-set-list.js';

const STATUS_FROM_FHIR: Readonly<Record<string, AvailabilityStatus>> = { current: 'Approved', retired: 'Deprecated' };

/**
 * Writes a Folder as an MHD Folder List.
 * @param folder - the Folder
 * @param options - naming, patient references, id and entries
 * @returns the List
 */
export function folderToFhir(folder: Folder, options: ListWriteOptions = {}): List {
  const extension = designationTypes(folder.codeList, namingOf(options));
  return prune<List>({
    resourceType: 'List',
    id: options.id,
    meta: { profile: [folder.limitedMetadata ? MHD_PROFILE.minimalFolder : MHD_PROFILE.comprehensiveFolder] },
    extension: extension.length ? extension : undefined,
    identifier: listIdentifiers(folder.entryUuid, folder.uniqueId),
    status: folder.availabilityStatus === 'Deprecated' ? 'retired' : 'current',
    mode: 'working',
    title: localizedTextToFhir(folder.title),
    code: listCode('folder'),
    subject: folder.patientId ? patientToReference(folder.patientId, options) : undefined,
    date: folder.lastUpdateTime ? dtmToFhir(folder.lastUpdateTime) : undefined,
    note: listNote(folder.comments),
    entry: options.entries?.length ? options.entries : undefined,
  });
}

/**
 * Reads an MHD Folder List.
 * @param list - the List (structurally checked by the codec)
 * @param options - naming, patient resolution, and the entryUUID to fall back on
 * @returns the Folder and the issues found; errors mean the resource is refused
 */
export function folderFromFhir(list: List, options: FhirMappingOptions & { entryUuid?: string } = {}): Decoded<Folder> {
  const issues = new IssueList();
  const availabilityStatus = STATUS_FROM_FHIR[list.status];
  if (!availabilityStatus) issues.error('List.status', `Folder status ${list.status} has no Document Sharing availabilityStatus (current or retired)`, 'value');
  const value = prune<Folder>({
    ...readListCommon(list, 'folder', issues, options.entryUuid),
    patientId: patientFromReference(list.subject, options, issues, 'List.subject'),
    codeList: readDesignationTypes(list, namingOf(options)),
    lastUpdateTime: readDtm(list.date, issues, 'List.date'),
    availabilityStatus,
    limitedMetadata: list.meta?.profile?.includes(MHD_PROFILE.minimalFolder) ?? false,
    extraMetadata: {},
  });
  return { value, issues: issues.issues };
}
