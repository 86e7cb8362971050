import type { RegistryObjectList, RegistryObjects } from '../../domain/submission.js';
import { CLASSIFICATION_NODE } from '../../domain/vocabulary.js';
import { issue, type Issue } from '../../errors/issue.js';
import { NS, type XmlElement } from '../xml/tree.js';
import { escapeAttr } from '../xml/write.js';
import { associationFromRim, associationToEbrim } from './association.js';
import { documentEntryFromRim, documentEntryToEbrim } from './document-entry.js';
import { folderFromRim, folderToEbrim } from './folder.js';
import {
  readClassification, readExternalIdentifier, readRegistryObject, uriAttr, type RimClassification,
  type RimExternalIdentifier, type RimObject,
} from './rim.js';
import { submissionSetFromRim, submissionSetToEbrim } from './submission-set.js';
import type { EbrimWriteOptions } from './write-options.js';

/**
 * rim:RegistryObjectList ↔ the domain RegistryObjectList. Classifications and
 * ExternalIdentifiers written beside their object (at list level, pointing at it by
 * classifiedObject / registryObject) are attached to it before the objects are decoded.
 * See ITI TF-3 4.1 and 4.2.5; ebRIM 3.0 §4.3.
 */

/** What decoding found: the objects, and the structure problems met on the way. */
export interface DecodedObjects {
  readonly objects: RegistryObjectList;
  readonly issues: Issue[];
}

interface Collected {
  readonly objects: RimObject[];
  readonly classifications: RimClassification[];
  readonly identifiers: RimExternalIdentifier[];
  readonly objectRefs: string[];
}

function collect(list: XmlElement, issues: Issue[]): Collected {
  const c: Collected = { objects: [], classifications: [], identifiers: [], objectRefs: [] };
  for (const el of list.children) {
    if (el.ns !== NS.rim) continue;
    switch (el.local) {
      case 'ExtrinsicObject': case 'RegistryPackage': case 'Association':
        c.objects.push(readRegistryObject(el, issues)); break;
      case 'Classification': c.classifications.push(readClassification(el, issues)); break;
      case 'ExternalIdentifier': c.identifiers.push(readExternalIdentifier(el)); break;
      case 'ObjectRef': c.objectRefs.push(uriAttr(el, 'id') ?? ''); break;
      default: break;
    }
  }
  return c;
}

/**
 * Puts every Classification and ExternalIdentifier on the object it names. Nested ones that
 * name another object move there; ones naming no object in the message are reported.
 */
function attach(c: Collected, issues: Issue[]): RimObject[] {
  const byId = new Map<string, { cls: RimClassification[]; ids: RimExternalIdentifier[] }>();
  for (const o of c.objects) if (!byId.has(o.id)) byId.set(o.id, { cls: [], ids: [] });
  const known = new Set(c.objectRefs);
  const place = (target: string, add: (slot: { cls: RimClassification[]; ids: RimExternalIdentifier[] }) => void, report: () => void): void => {
    const slot = byId.get(target);
    if (slot) add(slot);
    else if (!known.has(target)) report();
  };
  const placeClassification = (cl: RimClassification, fallback: string | undefined): void => {
    const target = cl.classifiedObject ?? fallback ?? '';
    place(target, (s) => s.cls.push(cl), () => issues.push(issue('UNRESOLVED_CLASSIFIED_OBJECT', [cl.id, target], { location: cl.id })));
  };
  const placeIdentifier = (ei: RimExternalIdentifier, fallback: string | undefined): void => {
    const target = ei.registryObject ?? fallback ?? '';
    place(target, (s) => s.ids.push(ei), () => issues.push(issue('UNRESOLVED_IDENTIFIED_OBJECT', [ei.id, target], { location: ei.id })));
  };
  for (const o of c.objects) {
    for (const cl of o.classifications) placeClassification(cl, o.id);
    for (const ei of o.externalIdentifiers) placeIdentifier(ei, o.id);
  }
  for (const cl of c.classifications) placeClassification(cl, undefined);
  for (const ei of c.identifiers) placeIdentifier(ei, undefined);
  const done = new Set<string>();
  return c.objects.map((o) => {
    // The first object with a repeated id takes what names that id; the rules report the repeat.
    const slot = done.has(o.id) ? undefined : byId.get(o.id);
    done.add(o.id);
    return { ...o, classifications: slot?.cls ?? [], externalIdentifiers: slot?.ids ?? [] };
  });
}

function packageKind(o: RimObject): 'SubmissionSet' | 'Folder' | undefined {
  for (const c of o.classifications) {
    if (c.classificationNode === CLASSIFICATION_NODE.submissionSet) return 'SubmissionSet';
    if (c.classificationNode === CLASSIFICATION_NODE.folder) return 'Folder';
  }
  return undefined;
}

/**
 * Decodes a rim:RegistryObjectList.
 * @param el - the rim:RegistryObjectList element
 * @returns the objects in message order per kind, and structure issues (unresolved
 *   classifications, repeated slots, over-long values, cardinality, unclassified packages)
 */
export function registryObjectListFromEbrim(el: XmlElement): DecodedObjects {
  const issues: Issue[] = [];
  const collected = collect(el, issues);
  const objects = attach(collected, issues);
  const out = { submissionSets: [], documentEntries: [], folders: [], associations: [] } as {
    [K in keyof RegistryObjects]: RegistryObjects[K][number][];
  };
  for (const o of objects) {
    if (o.local === 'ExtrinsicObject') out.documentEntries.push(documentEntryFromRim(o, issues));
    else if (o.local === 'Association') out.associations.push(associationFromRim(o, issues));
    else {
      const kind = packageKind(o);
      if (kind === 'SubmissionSet') out.submissionSets.push(submissionSetFromRim(o, issues));
      else if (kind === 'Folder') out.folders.push(folderFromRim(o, issues));
      else issues.push(issue('UNCLASSIFIED_REGISTRY_PACKAGE', [o.id], { location: o.id }));
    }
  }
  return { objects: { ...out, objectRefs: collected.objectRefs }, issues };
}

/**
 * Writes registry objects as the content of a RegistryObjectList: ExtrinsicObjects,
 * RegistryPackages (SubmissionSets, Folders), Associations. Builds one string, no DOM,
 * so that query results with thousands of entries stay cheap.
 * @param objects - what to write
 * @param opts - registry view and home
 * @returns the markup, `rim` prefix unbound
 */
export function registryObjectsToEbrim(objects: RegistryObjects, opts: EbrimWriteOptions = {}): string {
  const parts: string[] = [];
  for (const e of objects.documentEntries) parts.push(documentEntryToEbrim(e, opts));
  for (const s of objects.submissionSets) parts.push(submissionSetToEbrim(s, opts));
  for (const f of objects.folders) parts.push(folderToEbrim(f, opts));
  for (const a of objects.associations) parts.push(associationToEbrim(a, opts));
  return parts.join('');
}

/** `<rim:ObjectRef id=… home=…/>` for each id. */
export function objectRefsToEbrim(ids: readonly string[], home?: string): string {
  const homeAttr = home === undefined ? '' : ` home="${escapeAttr(home)}"`;
  let out = '';
  for (const id of ids) out += `<rim:ObjectRef id="${escapeAttr(id)}"${homeAttr}/>`;
  return out;
}

/**
 * Writes a complete rim:RegistryObjectList element (binding the rim namespace unless the
 * enclosing element does, see `declare`).
 * @param objects - the objects, object references last
 * @param opts - registry view, home, and whether to declare xmlns:rim here (default yes)
 * @returns the element markup
 */
export function registryObjectListToEbrim(objects: RegistryObjectList, opts: EbrimWriteOptions & { declare?: boolean } = {}): string {
  const ns = opts.declare === false ? '' : ` xmlns:rim="${NS.rim}"`;
  const content = registryObjectsToEbrim(objects, opts) + objectRefsToEbrim(objects.objectRefs);
  return content === '' ? `<rim:RegistryObjectList${ns}/>` : `<rim:RegistryObjectList${ns}>${content}</rim:RegistryObjectList>`;
}
