import type { IntendedRecipient, SubmissionSet } from '../../domain/submission-set.js';
import { CLASSIFICATION_NODE, IDENTIFICATION_SCHEME, OBJECT_TYPE, SCHEME } from '../../domain/vocabulary.js';
import type { Issue } from '../../errors/issue.js';
import { parseXcn, serializeXcn } from '../hl7v2/xcn.js';
import { parseXon, serializeXon } from '../hl7v2/xon.js';
import { nonEmpty } from '../hl7v2/hd.js';
import { prune } from '../prune.js';
import type { XmlElement } from '../xml/tree.js';
import { attrs } from '../xml/write.js';
import {
  authorFromClassification, authorXml, codeXml, cxOf, cxText, homeOf, textAttributesFromRim, schemeIndex, singleCode, singleIdentifier,
  slotBag, statusOf, statusUrn,
} from './attributes.js';
import {
  classificationXml, externalIdentifierXml, extraSlotsXml, localizedXml, readRegistryObject, singleSlotXml, slotXml,
  versionInfoXml, type Owner, type RimObject,
} from './rim.js';
import type { EbrimWriteOptions } from './write-options.js';

/**
 * SubmissionSet ↔ rim:RegistryPackage classified by the SubmissionSet classificationNode.
 * See ITI TF-3 4.2.3.3 and 4.2.5.
 */

const S = SCHEME.submissionSet;
const ID = IDENTIFICATION_SCHEME.submissionSet;

/**
 * Decodes a RegistryPackage on its own as a SubmissionSet (the caller has decided it is one).
 * @param el - the rim:RegistryPackage element
 * @param issues - collects structure problems
 * @returns the SubmissionSet
 */
export function submissionSetFromEbrim(el: XmlElement, issues: Issue[] = []): SubmissionSet {
  return submissionSetFromRim(readRegistryObject(el, issues), issues);
}

/** Decodes the typed view of a RegistryPackage, sibling classifications attached. */
export function submissionSetFromRim(o: RimObject, issues: Issue[]): SubmissionSet {
  const owner: Owner = { kind: 'SubmissionSet', id: o.id };
  const slots = slotBag(o.slots, owner, issues);
  const idx = schemeIndex(o);
  return prune<SubmissionSet>({
    entryUuid: o.id,
    uniqueId: singleIdentifier(idx, ID.uniqueId, 'uniqueId', owner, issues),
    sourceId: singleIdentifier(idx, ID.sourceId, 'sourceId', owner, issues),
    patientId: cxOf(singleIdentifier(idx, ID.patientId, 'patientId', owner, issues)),
    submissionTime: slots.single('submissionTime'),
    contentTypeCode: singleCode(idx, S.contentTypeCode, 'contentTypeCode', owner, issues),
    authors: idx.classifications(S.author).map((c) => authorFromClassification(c, owner, issues)),
    intendedRecipients: slots.list('intendedRecipient').map(parseIntendedRecipient),
    ...textAttributesFromRim(o),
    availabilityStatus: statusOf(o, owner, issues),
    homeCommunityId: homeOf(o),
    limitedMetadata: idx.hasNode(S.limitedMetadata),
    extraMetadata: slots.extra(),
  });
}

/** intendedRecipient is `XON|XCN|XTN`, each part optional. ITI TF-3 4.2.3.3.5 */
export function parseIntendedRecipient(text: string): IntendedRecipient {
  const [org, person, telecom] = text.split('|');
  return prune<IntendedRecipient>({
    organization: org === undefined ? undefined : parseXon(org),
    person: person === undefined ? undefined : parseXcn(person),
    telecommunication: nonEmpty(telecom),
  });
}

/** Writes an intended recipient as `XON|XCN|XTN`, trailing empty parts dropped. ITI TF-3 4.2.3.3.5 */
export function serializeIntendedRecipient(r: IntendedRecipient): string {
  const parts = [r.organization ? serializeXon(r.organization) : '', r.person ? serializeXcn(r.person) : '', r.telecommunication ?? ''];
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('|');
}

/**
 * Writes a SubmissionSet as a rim:RegistryPackage with its SubmissionSet Classification
 * nested (the `rim` prefix must be bound by the enclosing element).
 * @param ss - the SubmissionSet
 * @param opts - registry view and home
 * @returns the element markup
 */
export function submissionSetToEbrim(ss: SubmissionSet, opts: EbrimWriteOptions = {}): string {
  const id = ss.entryUuid;
  let out = `<rim:RegistryPackage${attrs({
    id,
    home: opts.homeCommunityId ?? ss.homeCommunityId,
    lid: opts.registryView ? id : undefined,
    objectType: OBJECT_TYPE.registryPackage,
    status: statusUrn(ss.availabilityStatus),
  })}>`;
  out += singleSlotXml('submissionTime', ss.submissionTime)
    + slotXml('intendedRecipient', ss.intendedRecipients.map(serializeIntendedRecipient))
    + extraSlotsXml(ss.extraMetadata)
    + localizedXml('Name', ss.title, ss.localizedTitle) + localizedXml('Description', ss.comments, ss.localizedComments)
    + versionInfoXml(opts.registryView ? '1' : undefined);
  for (const a of ss.authors) out += authorXml(S.author, id, a);
  out += codeXml(S.contentTypeCode, id, ss.contentTypeCode)
    + classificationXml({ classifiedObject: id, classificationNode: CLASSIFICATION_NODE.submissionSet });
  if (ss.limitedMetadata) out += classificationXml({ classifiedObject: id, classificationNode: S.limitedMetadata });
  return out + externalIdentifierXml(id, ID.patientId, cxText(ss.patientId), 'XDSSubmissionSet.patientId')
    + externalIdentifierXml(id, ID.sourceId, ss.sourceId, 'XDSSubmissionSet.sourceId')
    + externalIdentifierXml(id, ID.uniqueId, ss.uniqueId, 'XDSSubmissionSet.uniqueId') + '</rim:RegistryPackage>';
}
