/**
 * The ExpectedContents checks of NIST test plans, over the objects a query (or retrieve)
 * returned: counts by object type, the usual submission shapes (SSwithOneDoc, …) and status
 * rules (DocApp, DocDep, …). An element the runner does not know is reported as unsupported,
 * never as met.
 */
import { AVAILABILITY_STATUS, CLASSIFICATION_NODE, IDENTIFICATION_SCHEME } from '../../src/domain/vocabulary.js';
import { descendants, kids, type XNode } from './xml-node.js';

const SS_NODE = CLASSIFICATION_NODE.submissionSet;
const FOLDER_NODE = CLASSIFICATION_NODE.folder;
const SS_UNIQUE = IDENTIFICATION_SCHEME.submissionSet.uniqueId;
const FOLDER_UNIQUE = IDENTIFICATION_SCHEME.folder.uniqueId;
const APPROVED = AVAILABILITY_STATUS.approved;
const DEPRECATED = AVAILABILITY_STATUS.deprecated;

/** What a response returned, sorted by kind. */
export interface Returned {
  readonly documents: readonly XNode[];
  readonly submissionSets: readonly XNode[];
  readonly folders: readonly XNode[];
  readonly associations: readonly XNode[];
  readonly objectRefs: readonly XNode[];
}

export interface ContentsCheck {
  /** One line per expectation that did not hold. */
  readonly failures: readonly string[];
  /** Expectation elements the runner cannot evaluate. */
  readonly unsupported: readonly string[];
}

/**
 * Sorts the objects of a response body by kind. RegistryPackages are told apart by their
 * classification node (inside the package or top level) or by their uniqueId scheme.
 * @param body - an AdhocQueryResponse (or any element holding a RegistryObjectList)
 * @returns the objects by kind
 */
export function returnedObjects(body: XNode | undefined): Returned {
  const list = body ? descendants(body).find((n) => n.local === 'RegistryObjectList') : undefined;
  const objects = list?.children ?? [];
  const nodes = new Map<string, string>();
  for (const c of [...objects, ...objects.flatMap((o) => kids(o, 'Classification'))]) {
    if (c.local === 'Classification' && c.attrs['classificationNode']) nodes.set(c.attrs['classifiedObject'] ?? '', c.attrs['classificationNode']);
  }
  const uniqueScheme = (p: XNode): string | undefined => kids(p, 'ExternalIdentifier')
    .map((e) => e.attrs['identificationScheme'] ?? '').find((s) => s === SS_UNIQUE || s === FOLDER_UNIQUE);
  const packages = objects.filter((o) => o.local === 'RegistryPackage');
  const isSs = (p: XNode): boolean => nodes.get(p.attrs['id'] ?? '') === SS_NODE || uniqueScheme(p) === SS_UNIQUE;
  const isFolder = (p: XNode): boolean => nodes.get(p.attrs['id'] ?? '') === FOLDER_NODE || uniqueScheme(p) === FOLDER_UNIQUE;
  return {
    documents: objects.filter((o) => o.local === 'ExtrinsicObject'),
    submissionSets: packages.filter(isSs),
    folders: packages.filter(isFolder),
    associations: objects.filter((o) => o.local === 'Association'),
    objectRefs: objects.filter((o) => o.local === 'ObjectRef'),
  };
}

type Shape = readonly [ss: number, docs: number, folders: number];
const SHAPES: Readonly<Record<string, Shape>> = {
  SSwithOneDoc: [1, 1, 0], SSwithTwoDoc: [1, 2, 0], SSwithOneDocOneFol: [1, 1, 1], SSwithOneFol: [1, 0, 1],
  SSwithTwoDocOneFol: [1, 2, 1], SSwithTwoDocOneFolOneDocInFol: [1, 2, 1],
};
const COUNTS: Readonly<Record<string, keyof Returned>> = {
  Documents: 'documents', DocumentEntries: 'documents', SubmissionSets: 'submissionSets', Folders: 'folders',
  Associations: 'associations', ObjectRefs: 'objectRefs',
};

function statusRule(name: string, r: Returned): string | undefined {
  const st = (objs: readonly XNode[], s: string): number => objs.filter((o) => o.attrs['status'] === s).length;
  const all = (objs: readonly XNode[], s: string, what: string): string | undefined =>
    (objs.length > 0 && st(objs, s) === objs.length ? undefined : `expected every ${what} (${objs.length}) to be ${s.slice(s.lastIndexOf(':') + 1)}`);
  switch (name) {
    case 'DocApp': return all(r.documents, APPROVED, 'DocumentEntry');
    case 'DocDep': return all(r.documents, DEPRECATED, 'DocumentEntry');
    case 'FolApp': return all(r.folders, APPROVED, 'Folder');
    case 'SSApproved': return all(r.submissionSets, APPROVED, 'SubmissionSet');
    case 'OneDocApp': return st(r.documents, APPROVED) === 1 ? undefined : `expected one Approved DocumentEntry, got ${st(r.documents, APPROVED)}`;
    case 'OneDocDep': return st(r.documents, DEPRECATED) === 1 ? undefined : `expected one Deprecated DocumentEntry, got ${st(r.documents, DEPRECATED)}`;
    default: return undefined;
  }
}

function shapeRule(name: string, shape: Shape, r: Returned): string | undefined {
  const got: Shape = [r.submissionSets.length, r.documents.length, r.folders.length];
  if (got.some((g, i) => g !== shape[i])) return `${name}: expected ${shape.join('/')} SubmissionSet/DocumentEntry/Folder, got ${got.join('/')}`;
  if (name !== 'SSwithTwoDocOneFolOneDocInFol') return undefined;
  const folderId = r.folders[0]?.attrs['id'];
  const docIds = new Set(r.documents.map((d) => d.attrs['id']));
  const inFolder = r.associations.filter((a) => a.attrs['sourceObject'] === folderId && docIds.has(a.attrs['targetObject'])).length;
  return inFolder === 1 ? undefined : `${name}: expected one DocumentEntry in the Folder, got ${inFolder}`;
}

function oneRule(e: XNode, r: Returned): { failure?: string; unsupported?: string } {
  const countKey = COUNTS[e.local];
  if (countKey) {
    if (e.children.length) return { unsupported: `ExpectedContents/${e.local} with content` };
    const want = Number(e.attrs['count']);
    const got = r[countKey].length;
    return got === want ? {} : { failure: `expected ${want} ${e.local}, got ${got}` };
  }
  const shape = SHAPES[e.local];
  if (shape) { const f = shapeRule(e.local, shape, r); return f ? { failure: f } : {}; }
  if (['DocApp', 'DocDep', 'FolApp', 'SSApproved', 'OneDocApp', 'OneDocDep'].includes(e.local)) {
    const f = statusRule(e.local, r); return f ? { failure: f } : {};
  }
  if (e.local === 'None') {
    const n = r.documents.length + r.submissionSets.length + r.folders.length + r.associations.length + r.objectRefs.length;
    return n === 0 ? {} : { failure: `expected no objects, got ${n}` };
  }
  if (e.local === 'HasXFRM_RPLC') {
    const has = r.associations.some((a) => (a.attrs['associationType'] ?? '').endsWith(':XFRM_RPLC'));
    return has ? {} : { failure: 'expected an XFRM_RPLC association' };
  }
  return { unsupported: `ExpectedContents/${e.local}` };
}

/**
 * Evaluates an ExpectedContents element against a response body.
 * @param expected - the plan's ExpectedContents element
 * @param body - the response body
 * @returns failures and unsupported expectations
 */
export function checkContents(expected: XNode, body: XNode | undefined): ContentsCheck {
  const r = returnedObjects(body);
  const failures: string[] = [];
  const unsupported: string[] = [];
  for (const e of expected.children) {
    const res = oneRule(e, r);
    if (res.failure) failures.push(res.failure);
    if (res.unsupported) unsupported.push(res.unsupported);
  }
  return { failures, unsupported };
}
