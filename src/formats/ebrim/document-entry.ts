import type { DocumentEntry } from '../../domain/document-entry.js';
import { IDENTIFICATION_SCHEME, OBJECT_TYPE, REFERENCE_ID_LIST_SLOT, SCHEME } from '../../domain/vocabulary.js';
import { issue, type Issue } from '../../errors/issue.js';
import type { XmlElement } from '../xml/tree.js';
import { attrs } from '../xml/write.js';
import { prune } from '../prune.js';
import {
  attrOf, authorFromClassification, authorXml, codeList, codeXml, cxOf, cxText, homeOf, textAttributesFromRim, schemeIndex, singleCode,
  singleIdentifier, slotBag, statusOf, statusUrn, xcnOf, xcnText,
} from './attributes.js';
import {
  classificationXml, externalIdentifierXml, extraSlotsXml, localizedXml, readRegistryObject, singleSlotXml,
  slotXml, versionInfoXml, type Owner, type RimObject,
} from './rim.js';
import type { EbrimWriteOptions } from './write-options.js';

/**
 * DocumentEntry ↔ rim:ExtrinsicObject. See ITI TF-3 4.2.3.2 (attributes) and
 * Table 4.2.5.1-1 / 4.2.5.2-1 (classification and identification schemes).
 */

const S = SCHEME.documentEntry;
const ID = IDENTIFICATION_SCHEME.documentEntry;

/** Slot names the DocumentEntry model defines; any other slot is extra metadata. */
const SLOT = {
  creationTime: 'creationTime', hash: 'hash', languageCode: 'languageCode', legalAuthenticator: 'legalAuthenticator',
  repositoryUniqueId: 'repositoryUniqueId', serviceStartTime: 'serviceStartTime', serviceStopTime: 'serviceStopTime',
  size: 'size', sourcePatientId: 'sourcePatientId', sourcePatientInfo: 'sourcePatientInfo', uri: 'URI',
  documentAvailability: 'documentAvailability', referenceIdList: REFERENCE_ID_LIST_SLOT,
} as const;

/**
 * Decodes an ExtrinsicObject on its own (nested classifications only).
 * @param el - the rim:ExtrinsicObject element
 * @param issues - collects structure problems (cardinality, bad size, unknown objectType)
 * @returns the DocumentEntry
 */
export function documentEntryFromEbrim(el: XmlElement, issues: Issue[] = []): DocumentEntry {
  return documentEntryFromRim(readRegistryObject(el, issues), issues);
}

/**
 * Decodes the typed view of an ExtrinsicObject, with sibling classifications already attached.
 * @param o - the object
 * @param issues - collects structure problems
 * @returns the DocumentEntry
 */
export function documentEntryFromRim(o: RimObject, issues: Issue[]): DocumentEntry {
  const owner: Owner = { kind: 'DocumentEntry', id: o.id };
  const slots = slotBag(o.slots, owner, issues);
  const idx = schemeIndex(o);
  return prune<DocumentEntry>({
    entryUuid: o.id,
    uniqueId: singleIdentifier(idx, ID.uniqueId, 'uniqueId', owner, issues),
    logicalId: attrOf(o, 'lid'),
    version: o.versionName,
    objectType: objectTypeOf(o, owner, issues),
    availabilityStatus: statusOf(o, owner, issues),
    homeCommunityId: homeOf(o),
    patientId: cxOf(singleIdentifier(idx, ID.patientId, 'patientId', owner, issues)),
    sourcePatientId: cxOf(slots.single(SLOT.sourcePatientId)),
    sourcePatientInfo: slots.list(SLOT.sourcePatientInfo),
    classCode: singleCode(idx, S.classCode, 'classCode', owner, issues),
    typeCode: singleCode(idx, S.typeCode, 'typeCode', owner, issues),
    formatCode: singleCode(idx, S.formatCode, 'formatCode', owner, issues),
    healthcareFacilityTypeCode: singleCode(idx, S.healthcareFacilityTypeCode, 'healthcareFacilityTypeCode', owner, issues),
    practiceSettingCode: singleCode(idx, S.practiceSettingCode, 'practiceSettingCode', owner, issues),
    confidentialityCodes: codeList(idx, S.confidentialityCode),
    eventCodeList: codeList(idx, S.eventCodeList),
    creationTime: slots.single(SLOT.creationTime),
    serviceStartTime: slots.single(SLOT.serviceStartTime),
    serviceStopTime: slots.single(SLOT.serviceStopTime),
    languageCode: slots.single(SLOT.languageCode),
    mimeType: attrOf(o, 'mimeType'),
    hash: slots.single(SLOT.hash),
    size: sizeOf(slots.single(SLOT.size), owner, issues),
    repositoryUniqueId: slots.single(SLOT.repositoryUniqueId),
    uri: slots.single(SLOT.uri),
    ...textAttributesFromRim(o),
    authors: idx.classifications(S.author).map((c) => authorFromClassification(c, owner, issues)),
    legalAuthenticator: xcnOf(slots.single(SLOT.legalAuthenticator)),
    referenceIdList: slots.list(SLOT.referenceIdList),
    documentAvailability: slots.single(SLOT.documentAvailability),
    limitedMetadata: idx.hasNode(S.limitedMetadata),
    extraMetadata: slots.extra(),
  });
}

function objectTypeOf(o: RimObject, owner: Owner, issues: Issue[]): DocumentEntry['objectType'] {
  const t = attrOf(o, 'objectType')?.replace(/\s+/g, '');
  if (t === OBJECT_TYPE.onDemandDocumentEntry) return 'on-demand';
  if (t === undefined) issues.push(issue('MISSING_ATTRIBUTE', [owner.kind, owner.id, 'objectType'], { location: owner.id }));
  else if (t !== OBJECT_TYPE.stableDocumentEntry) issues.push(issue('UNKNOWN_OBJECT_TYPE', [owner.id, t], { location: owner.id }));
  return 'stable';
}

/** size is xs:integer-like text; anything else is reported here because the domain keeps a number. */
function sizeOf(text: string | undefined, owner: Owner, issues: Issue[]): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d{1,15}$/.test(text)) return Number(text);
  issues.push(issue('BAD_SIZE', [owner.id, text], { location: owner.id }));
  return undefined;
}

/**
 * Writes a DocumentEntry as a rim:ExtrinsicObject (the `rim` prefix must be bound by the
 * enclosing element). Children follow the schema order: Slot*, Name, Description,
 * VersionInfo, Classification*, ExternalIdentifier*.
 * @param e - the entry
 * @param opts - registry view (lid, VersionInfo defaults) and home
 * @returns the element markup
 */
export function documentEntryToEbrim(e: DocumentEntry, opts: EbrimWriteOptions = {}): string {
  const id = e.entryUuid;
  const open = `<rim:ExtrinsicObject${attrs({
    id,
    home: opts.homeCommunityId ?? e.homeCommunityId,
    lid: opts.registryView ? (e.logicalId ?? id) : e.logicalId,
    objectType: e.objectType === 'on-demand' ? OBJECT_TYPE.onDemandDocumentEntry : OBJECT_TYPE.stableDocumentEntry,
    status: statusUrn(e.availabilityStatus),
    mimeType: e.mimeType,
  })}>`;
  return open + documentEntrySlots(e) + localizedXml('Name', e.title, e.localizedTitle) + localizedXml('Description', e.comments, e.localizedComments)
    + versionInfoXml(opts.registryView ? (e.version ?? '1') : e.version)
    + documentEntryClassifications(e) + externalIdentifierXml(id, ID.patientId, cxText(e.patientId), 'XDSDocumentEntry.patientId')
    + externalIdentifierXml(id, ID.uniqueId, e.uniqueId, 'XDSDocumentEntry.uniqueId') + '</rim:ExtrinsicObject>';
}

function documentEntrySlots(e: DocumentEntry): string {
  return singleSlotXml(SLOT.creationTime, e.creationTime)
    + singleSlotXml(SLOT.hash, e.hash)
    + singleSlotXml(SLOT.languageCode, e.languageCode)
    + singleSlotXml(SLOT.legalAuthenticator, xcnText(e.legalAuthenticator))
    + singleSlotXml(SLOT.repositoryUniqueId, e.repositoryUniqueId)
    + singleSlotXml(SLOT.serviceStartTime, e.serviceStartTime)
    + singleSlotXml(SLOT.serviceStopTime, e.serviceStopTime)
    + singleSlotXml(SLOT.size, e.size === undefined ? undefined : String(e.size))
    + singleSlotXml(SLOT.sourcePatientId, cxText(e.sourcePatientId))
    + slotXml(SLOT.sourcePatientInfo, e.sourcePatientInfo)
    + singleSlotXml(SLOT.uri, e.uri)
    + singleSlotXml(SLOT.documentAvailability, e.documentAvailability)
    + slotXml(SLOT.referenceIdList, e.referenceIdList)
    + extraSlotsXml(e.extraMetadata);
}

function documentEntryClassifications(e: DocumentEntry): string {
  const id = e.entryUuid;
  let out = '';
  for (const a of e.authors) out += authorXml(S.author, id, a);
  out += codeXml(S.classCode, id, e.classCode);
  for (const c of e.confidentialityCodes) out += codeXml(S.confidentialityCode, id, c);
  for (const c of e.eventCodeList) out += codeXml(S.eventCodeList, id, c);
  out += codeXml(S.formatCode, id, e.formatCode)
    + codeXml(S.healthcareFacilityTypeCode, id, e.healthcareFacilityTypeCode)
    + codeXml(S.practiceSettingCode, id, e.practiceSettingCode)
    + codeXml(S.typeCode, id, e.typeCode);
  if (e.limitedMetadata) out += classificationXml({ classifiedObject: id, classificationNode: S.limitedMetadata });
  return out;
}
