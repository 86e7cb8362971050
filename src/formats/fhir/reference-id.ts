/**
 * referenceIdList (CXi strings) ↔ DocumentReference.context.related: a Reference carrying the
 * identifier. A CXi `id^^^&OID&ISO^type[^facility]` becomes system `urn:oid:OID`, the value, the
 * type as Identifier.type.text and the assigning facility as the assigner's display; a value
 * that is not such a CXi is carried whole as the identifier value. ITI TF-3 4.2.3.2.28
 */
import { parseCx, serializeCx } from '../hl7v2/cx.js';
import { prune } from '../prune.js';
import type { Identifier, Reference } from './resources.js';

/** One referenceIdList value as a context.related Reference. */
export function referenceIdToFhir(cxi: string): Reference {
  const cx = parseCx(cxi);
  if (!cx || cx.namespaceId || cx.universalIdType || serializeCx(cx) !== cxi) return { identifier: { value: cxi } };
  return {
    identifier: prune<Identifier>({
      system: `urn:oid:${cx.assigningAuthority}`, value: cx.id,
      type: cx.identifierTypeCode ? { text: cx.identifierTypeCode } : undefined,
      assigner: cx.assigningFacility ? { display: cx.assigningFacility } : undefined,
    }),
  };
}

/** The inverse of referenceIdToFhir; undefined for a Reference without an identifier value. */
export function referenceIdFromFhir(ref: Reference): string | undefined {
  const id = ref.identifier;
  if (!id?.value) return undefined;
  if (!id.system?.startsWith('urn:oid:')) return id.value;
  return serializeCx(prune({
    id: id.value, assigningAuthority: id.system.slice(8), identifierTypeCode: id.type?.text, assigningFacility: id.assigner?.display,
  }));
}
