import type { Association } from '../domain/association.js';
import type { DocumentEntry } from '../domain/document-entry.js';
import type { Folder } from '../domain/folder.js';
import type { SubmissionSet } from '../domain/submission-set.js';
import type { RegistryObjectList, RegistryObjects } from '../domain/submission.js';

/**
 * What the registry already holds that a submission refers to. The service looks these up
 * before the rules run, so the rules stay pure. See ITI TF-2 3.42.4.1.3.
 */
export interface RegistryView {
  /** Registry objects found under the entryUUIDs the message names (ids and references). */
  readonly byUuid: RegistryObjects;
  /** Registry objects found under the uniqueIds the message's objects carry. */
  readonly byUniqueId: RegistryObjects;
}

/** How strictly formats are checked. */
export interface RuleOptions {
  /**
   * `oid`: uniqueIds must be OIDs (DocumentEntry: OID[^extension]), ITI TF-3 4.2.3.2.26.
   * `lenient`: only the length limits apply (Norwegian sources do not follow 4.2.3.2.26).
   */
  readonly uniqueIdFormat: 'oid' | 'lenient';
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = { uniqueIdFormat: 'oid' };

export type Indexed =
  | { readonly kind: 'SubmissionSet'; readonly obj: SubmissionSet }
  | { readonly kind: 'DocumentEntry'; readonly obj: DocumentEntry }
  | { readonly kind: 'Folder'; readonly obj: Folder }
  | { readonly kind: 'Association'; readonly obj: Association };

export type Kind = Indexed['kind'];

/** Everything the rules read: the message, the registry view and both indexed by id. */
export interface RuleContext {
  readonly objects: RegistryObjectList;
  readonly view: RegistryView;
  readonly options: RuleOptions;
  /** Message objects by id (first occurrence wins; duplicates are a rule of their own). */
  readonly message: ReadonlyMap<string, Indexed>;
  readonly registry: ReadonlyMap<string, Indexed>;
}

/**
 * Every object of a list, tagged with its kind.
 * @param o - a message or registry content
 * @returns the objects in the order SubmissionSets, DocumentEntries, Folders, Associations
 */
export function allObjects(o: RegistryObjects): Indexed[] {
  return [
    ...o.submissionSets.map((obj) => ({ kind: 'SubmissionSet', obj }) as const),
    ...o.documentEntries.map((obj) => ({ kind: 'DocumentEntry', obj }) as const),
    ...o.folders.map((obj) => ({ kind: 'Folder', obj }) as const),
    ...o.associations.map((obj) => ({ kind: 'Association', obj }) as const),
  ];
}

function indexById(o: RegistryObjects): Map<string, Indexed> {
  const map = new Map<string, Indexed>();
  for (const x of allObjects(o)) if (!map.has(x.obj.entryUuid)) map.set(x.obj.entryUuid, x);
  return map;
}

/**
 * Builds the context the rule functions share.
 * @param objects - the decoded message
 * @param view - registry lookups for what the message names
 * @param options - format strictness
 * @returns the context
 */
export function ruleContext(objects: RegistryObjectList, view: RegistryView, options: RuleOptions): RuleContext {
  return { objects, view, options, message: indexById(objects), registry: indexById(view.byUuid) };
}

/** The kind of the object an id names, looking in the message first, then the registry. */
export function kindOf(ctx: RuleContext, id: string): Kind | undefined {
  return (ctx.message.get(id) ?? ctx.registry.get(id))?.kind;
}

/** True for ids of the form urn:uuid:…, which name registry objects; others are symbolic. */
export function isUuidForm(id: string): boolean {
  return id.toLowerCase().startsWith('urn:uuid:');
}

/**
 * What the service must look up before validating: the urn:uuid ids the message names and
 * the uniqueIds of its objects.
 * @param objects - the decoded message
 * @returns ids to pass to MetadataStore.getByUuids and getByUniqueIds
 */
export function lookupKeys(objects: RegistryObjectList): {
  uuids: string[]; documentUniqueIds: string[]; submissionSetUniqueIds: string[]; folderUniqueIds: string[];
} {
  const uuids = new Set<string>(objects.objectRefs.filter(isUuidForm));
  for (const x of allObjects(objects)) {
    if (isUuidForm(x.obj.entryUuid)) uuids.add(x.obj.entryUuid);
    if (x.kind === 'Association') {
      for (const end of [x.obj.sourceUuid, x.obj.targetUuid]) if (isUuidForm(end)) uuids.add(end);
    }
  }
  const uids = (xs: readonly { uniqueId?: string }[]): string[] =>
    [...new Set(xs.flatMap((x) => (x.uniqueId ? [x.uniqueId] : [])))];
  return {
    uuids: [...uuids],
    documentUniqueIds: uids(objects.documentEntries),
    submissionSetUniqueIds: uids(objects.submissionSets),
    folderUniqueIds: uids(objects.folders),
  };
}
