/**
 * Prepares a test plan's submission the way the NIST toolkit does before sending it:
 * ebRIM 2.1 is translated to 3.0, the patient id is written into every patientId external
 * identifier (unless NoPatientId), fresh uniqueIds replace the plan's (unless NoAssignUids), and
 * with AssignUuids every symbolic id ("Document01") becomes a urn:uuid, references included.
 * What was assigned is returned, keyed by symbolic id, for later UseId lookups.
 */
import { randomUUID } from 'node:crypto';
import { IDENTIFICATION_SCHEME as SCHEME } from '../../src/domain/vocabulary.js';
import { freshUniqueOid } from '../../test/support/builders.js';
import { isEbrim21, submitObjectsRequestFrom21 } from './ebrim21.js';
import { descendants, type XNode } from './xml-node.js';

/** ExternalIdentifier schemes (DocumentEntry, SubmissionSet, Folder). ITI TF-3 Table 4.2.5.2-1 */
const PATIENT_SCHEMES = new Set<string>([SCHEME.documentEntry.patientId, SCHEME.submissionSet.patientId, SCHEME.folder.patientId]);
const UNIQUE_SCHEMES = new Set<string>([SCHEME.documentEntry.uniqueId, SCHEME.submissionSet.uniqueId, SCHEME.folder.uniqueId]);
/** Attributes that hold the id of another object in the same submission. */
const REFERENCES = ['id', 'classifiedObject', 'registryObject', 'sourceObject', 'targetObject'];

export interface SubmissionOptions {
  /** The patient id to write, or undefined for NoPatientId. */
  readonly patientId?: string;
  readonly assignUuids: boolean;
  readonly noAssignUids: 'all' | readonly string[];
}

export interface PreparedSubmission {
  /** The ebRIM 3.0 SubmitObjectsRequest (or the original root for other documents). */
  readonly body: XNode;
  /** Symbolic id → uniqueId, for every DocumentEntry, SubmissionSet and Folder. */
  readonly uids: ReadonlyMap<string, string>;
  /** Symbolic id → id sent (a urn:uuid when AssignUuids), for every top-level object. */
  readonly uuids: ReadonlyMap<string, string>;
  /** Symbolic id → patient id sent, for every DocumentEntry, SubmissionSet and Folder. */
  readonly patientIds: ReadonlyMap<string, string>;
}

function externalIds(objects: readonly XNode[], schemes: ReadonlySet<string>): { owner: XNode; ei: XNode }[] {
  return objects.flatMap((owner) => owner.children
    .filter((c) => c.local === 'ExternalIdentifier' && schemes.has(c.attrs['identificationScheme'] ?? ''))
    .map((ei) => ({ owner, ei })));
}

function assignUids(objects: readonly XNode[], noAssign: SubmissionOptions['noAssignUids']): Map<string, string> {
  const uids = new Map<string, string>();
  for (const { owner, ei } of externalIds(objects, UNIQUE_SCHEMES)) {
    const symbolic = owner.attrs['id'] ?? '';
    const keep = noAssign === 'all' || noAssign.includes(symbolic);
    if (!keep) ei.attrs['value'] = freshUniqueOid();
    uids.set(symbolic, ei.attrs['value'] ?? '');
  }
  return uids;
}

function setPatientIds(objects: readonly XNode[], patientId: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const { owner, ei } of externalIds(objects, PATIENT_SCHEMES)) {
    if (patientId !== undefined) ei.attrs['value'] = patientId;
    out.set(owner.attrs['id'] ?? '', ei.attrs['value'] ?? '');
  }
  return out;
}

/** Replaces symbolic ids everywhere in the submission; returns symbolic → new id. */
function assignUuids(objects: readonly XNode[]): Map<string, string> {
  const all = objects.flatMap(descendants);
  const map = new Map<string, string>();
  for (const n of all) {
    const id = n.attrs['id'];
    if (id && !id.startsWith('urn:uuid:') && n.local !== 'ObjectRef' && !map.has(id)) map.set(id, `urn:uuid:${randomUUID()}`);
  }
  for (const n of all) {
    for (const a of REFERENCES) {
      const v = n.attrs[a];
      const to = v === undefined ? undefined : map.get(v);
      if (to) n.attrs[a] = to;
    }
  }
  return map;
}

/** The RegistryObjectList children of a SubmitObjectsRequest (or of a ProvideAndRegister request). */
export function registryObjects(root: XNode): XNode[] {
  const sor = root.local === 'SubmitObjectsRequest' ? root : root.children.find((c) => c.local === 'SubmitObjectsRequest');
  return sor?.children.find((c) => c.local === 'RegistryObjectList')?.children ?? [];
}

/**
 * Prepares one submission.
 * @param root - the parsed metadata file, symbols already substituted
 * @param opts - the step's instructions
 * @returns the request body and what was assigned
 */
export function prepareSubmission(root: XNode, opts: SubmissionOptions): PreparedSubmission {
  const body = isEbrim21(root) ? submitObjectsRequestFrom21(root) : root;
  const objects = registryObjects(body);
  const symbolicIds = objects.map((o) => o.attrs['id'] ?? '');
  const patientIds = setPatientIds(objects, opts.patientId);
  const uids = assignUids(objects, opts.noAssignUids);
  const idMap = opts.assignUuids ? assignUuids(objects) : new Map<string, string>();
  const uuids = new Map<string, string>();
  for (const s of symbolicIds) if (s) uuids.set(s, idMap.get(s) ?? s);
  return { body, uids, uuids, patientIds };
}
