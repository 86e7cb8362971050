/**
 * Translates the ebRIM 2.1 submissions that older NIST test plans carry into ebRIM 3.0, as the
 * NIST toolkit does before it sends them (225 of the testkit's metadata files are 2.1).
 * Differences handled (ebRIM 2.1 vs 3.0, ITI TF-3 4.2.3 / 4.2.5):
 * - namespaces, SubmitObjectsRequest (registry:2.1 → lcm:3.0), LeafRegistryObjectList → RegistryObjectList;
 * - short association types ("HasMember", "RPLC") → their URNs;
 * - ids that 3.0 requires (Classification, ExternalIdentifier, Association) and
 *   ExternalIdentifier.registryObject;
 * - child order: 2.1 writes Name and Description before Slot, 3.0 requires Slot first;
 * - ObjectRefs to the XDS classification and identification schemes, which 2.1 needed and which
 *   are not registry objects a 3.0 submission may refer to.
 */
import { randomUUID } from 'node:crypto';
import { ASSOCIATION_TYPE_URN } from '../../src/domain/vocabulary.js';
import { NS } from '../../src/formats/xml/tree.js';
import { descendants, node, type XNode } from './xml-node.js';

export const RIM21 = 'urn:oasis:names:tc:ebxml-regrep:rim:xsd:2.1';
export const RS21 = 'urn:oasis:names:tc:ebxml-regrep:registry:xsd:2.1';
export const RIM30 = NS.rim;
export const LCM30 = NS.lcm;

/** Association types ITI TF-3 4.2.2 defines, by their 2.1 short names (the domain vocabulary's). */
const ASSOCIATION_TYPES: Readonly<Record<string, string>> = ASSOCIATION_TYPE_URN;

/** ebRIM 3.0 child order of RegistryObject subtypes (rim.xsd: Slot, Name, Description, VersionInfo, …). */
const CHILD_ORDER = ['Slot', 'Name', 'Description', 'VersionInfo', 'Classification', 'ExternalIdentifier', 'ContentVersionInfo'];

/** True when the document is an ebRIM 2.1 SubmitObjectsRequest. */
export function isEbrim21(root: XNode): boolean {
  return root.ns === RS21 || root.ns === RIM21;
}

const freshId = (): string => `urn:uuid:${randomUUID()}`;

function rank(n: XNode): number {
  const i = CHILD_ORDER.indexOf(n.local);
  return i < 0 ? CHILD_ORDER.length : i;
}

/** Moves every element of the rim 2.1 namespace to rim 3.0 and sorts children into 3.0 order. */
function renameAndOrder(n: XNode): void {
  if (n.ns === RIM21) n.ns = RIM30;
  // Array.prototype.sort is stable, so same-rank siblings (several Slots) keep their order.
  n.children.sort((a, b) => rank(a) - rank(b));
  n.children.forEach(renameAndOrder);
}

/** Gives ids to the objects 3.0 requires them on, and ExternalIdentifier its registryObject. */
function completeIdentifiers(objects: readonly XNode[]): void {
  const walk = (n: XNode, parentId: string | undefined): void => {
    if (['Classification', 'ExternalIdentifier', 'Association'].includes(n.local) && !n.attrs['id']) n.attrs['id'] = freshId();
    if (n.local === 'ExternalIdentifier' && !n.attrs['registryObject'] && parentId) n.attrs['registryObject'] = parentId;
    if (n.local === 'Association') {
      const t = n.attrs['associationType'];
      if (t && ASSOCIATION_TYPES[t]) n.attrs['associationType'] = ASSOCIATION_TYPES[t];
    }
    for (const c of n.children) walk(c, n.attrs['id'] ?? parentId);
  };
  objects.forEach((o) => walk(o, undefined));
}

/** The scheme, node and object-type UUIDs the metadata uses: vocabulary, not registry objects. */
function vocabularyIds(objects: readonly XNode[]): Set<string> {
  const out = new Set<string>();
  for (const n of objects.flatMap(descendants)) {
    for (const k of ['classificationScheme', 'identificationScheme', 'classificationNode', 'objectType']) {
      const v = n.attrs[k];
      if (v) out.add(v);
    }
  }
  return out;
}

/**
 * Translates an ebRIM 2.1 SubmitObjectsRequest into an ebRIM 3.0 one.
 * @param root - the 2.1 SubmitObjectsRequest (left unchanged)
 * @returns a new lcm:SubmitObjectsRequest
 * @throws Error when the document is not a 2.1 SubmitObjectsRequest
 */
export function submitObjectsRequestFrom21(root: XNode): XNode {
  if (root.local !== 'SubmitObjectsRequest') throw new Error(`cannot translate ebRIM 2.1 ${root.local}: only SubmitObjectsRequest`);
  const list = root.children.find((c) => c.local === 'LeafRegistryObjectList' || c.local === 'RegistryObjectList');
  const objects: XNode[] = structuredClone(list?.children ?? []);
  objects.forEach(renameAndOrder);
  completeIdentifiers(objects);
  const vocabulary = vocabularyIds(objects);
  const kept = objects.filter((o) => !(o.local === 'ObjectRef' && vocabulary.has(o.attrs['id'] ?? '')));
  return node(LCM30, 'SubmitObjectsRequest', {}, [node(RIM30, 'RegistryObjectList', {}, kept)]);
}
