import type { Association } from '../../domain/association.js';
import { ASSOCIATION_TYPE_URN, OBJECT_TYPE, SCHEME, type AssociationType } from '../../domain/vocabulary.js';
import type { Issue } from '../../errors/issue.js';
import { prune } from '../prune.js';
import type { XmlElement } from '../xml/tree.js';
import { attrs } from '../xml/write.js';
import { codeXml, homeOf, schemeIndex, singleCode, slotBag, statusOf, statusUrn } from './attributes.js';
import { extraSlotsXml, readRegistryObject, singleSlotXml, versionInfoXml, type Owner, type RimObject } from './rim.js';
import type { EbrimWriteOptions } from './write-options.js';

/** Association ↔ rim:Association. See ITI TF-3 4.2.2 and ITI TF-2 3.57.4.1.3 (update slots). */

const TYPE_BY_URN: ReadonlyMap<string, AssociationType> = new Map(
  (Object.entries(ASSOCIATION_TYPE_URN) as [AssociationType, string][]).map(([t, urn]) => [urn, t]),
);

/** The association type of a URN, or the URN itself when the model does not name it. */
function associationTypeOf(urn: string): Association['type'] {
  return TYPE_BY_URN.get(urn) ?? { unknown: urn };
}

/** The URN written for an association type. ITI TF-3 4.2.2 */
function associationTypeUrn(type: Association['type']): string {
  return typeof type === 'string' ? ASSOCIATION_TYPE_URN[type] : type.unknown;
}

/**
 * Decodes a rim:Association on its own.
 * @param el - the rim:Association element
 * @param issues - collects structure problems
 * @returns the Association
 */
export function associationFromEbrim(el: XmlElement, issues: Issue[] = []): Association {
  return associationFromRim(readRegistryObject(el, issues), issues);
}

/** Decodes the typed view of an Association. */
export function associationFromRim(o: RimObject, issues: Issue[]): Association {
  const owner: Owner = { kind: 'Association', id: o.id };
  const slots = slotBag(o.slots, owner, issues);
  const ssStatus = submissionSetStatusOf(slots.peek('SubmissionSetStatus'));
  const type = (o.attrs['associationType'] ?? '').replace(/\s+/g, '');
  return prune<Association>({
    entryUuid: o.id,
    type: associationTypeOf(type),
    sourceUuid: (o.attrs['sourceObject'] ?? '').trim(),
    targetUuid: (o.attrs['targetObject'] ?? '').trim(),
    availabilityStatus: statusOf(o, owner, issues),
    // An unusable SubmissionSetStatus stays an extra slot, so the rules see it as missing.
    submissionSetStatus: ssStatus ? (slots.single('SubmissionSetStatus') as 'Original' | 'Reference') : undefined,
    previousVersion: slots.single('PreviousVersion'),
    originalStatus: slots.single('OriginalStatus'),
    newStatus: slots.single('NewStatus'),
    associationPropagation: slots.single('AssociationPropagation'),
    documentation: singleCode(schemeIndex(o), SCHEME.associationDocumentation, 'documentation', owner, issues),
    homeCommunityId: homeOf(o),
    extraMetadata: slots.extra(),
  });
}

function submissionSetStatusOf(values: readonly string[]): boolean {
  return values.length > 0 && (values[0] === 'Original' || values[0] === 'Reference');
}

/**
 * Writes an Association (the `rim` prefix must be bound by the enclosing element).
 * @param a - the association
 * @param opts - registry view and home
 * @returns the element markup
 */
export function associationToEbrim(a: Association, opts: EbrimWriteOptions = {}): string {
  const content = singleSlotXml('SubmissionSetStatus', a.submissionSetStatus)
    + singleSlotXml('PreviousVersion', a.previousVersion)
    + singleSlotXml('OriginalStatus', a.originalStatus)
    + singleSlotXml('NewStatus', a.newStatus)
    + singleSlotXml('AssociationPropagation', a.associationPropagation)
    + extraSlotsXml(a.extraMetadata)
    + versionInfoXml(opts.registryView ? '1' : undefined)
    + codeXml(SCHEME.associationDocumentation, a.entryUuid, a.documentation);
  const open = `<rim:Association${attrs({
    id: a.entryUuid,
    home: opts.homeCommunityId ?? a.homeCommunityId,
    lid: opts.registryView ? a.entryUuid : undefined,
    objectType: OBJECT_TYPE.association,
    status: statusUrn(a.availabilityStatus),
    associationType: associationTypeUrn(a.type),
    sourceObject: a.sourceUuid,
    targetObject: a.targetUuid,
  })}`;
  return content === '' ? `${open}/>` : `${open}>${content}</rim:Association>`;
}
