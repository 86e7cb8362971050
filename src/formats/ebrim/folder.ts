import type { Folder } from '../../domain/folder.js';
import { CLASSIFICATION_NODE, IDENTIFICATION_SCHEME, OBJECT_TYPE, SCHEME } from '../../domain/vocabulary.js';
import type { Issue } from '../../errors/issue.js';
import { prune } from '../prune.js';
import type { XmlElement } from '../xml/tree.js';
import { attrs } from '../xml/write.js';
import {
  attrOf, codeList, codeXml, cxOf, cxText, homeOf, textAttributesFromRim, schemeIndex, singleIdentifier, slotBag, statusOf, statusUrn,
} from './attributes.js';
import {
  classificationXml, externalIdentifierXml, extraSlotsXml, localizedXml, readRegistryObject, singleSlotXml,
  versionInfoXml, type Owner, type RimObject,
} from './rim.js';
import type { EbrimWriteOptions } from './write-options.js';

/**
 * Folder ↔ rim:RegistryPackage classified by the Folder classificationNode.
 * See ITI TF-3 4.2.3.4 and 4.2.5.
 */

const S = SCHEME.folder;
const ID = IDENTIFICATION_SCHEME.folder;

/**
 * Decodes a RegistryPackage on its own as a Folder (the caller has decided it is one).
 * @param el - the rim:RegistryPackage element
 * @param issues - collects structure problems
 * @returns the Folder
 */
export function folderFromEbrim(el: XmlElement, issues: Issue[] = []): Folder {
  return folderFromRim(readRegistryObject(el, issues), issues);
}

/** Decodes the typed view of a RegistryPackage, sibling classifications attached. */
export function folderFromRim(o: RimObject, issues: Issue[]): Folder {
  const owner: Owner = { kind: 'Folder', id: o.id };
  const slots = slotBag(o.slots, owner, issues);
  const idx = schemeIndex(o);
  return prune<Folder>({
    entryUuid: o.id,
    uniqueId: singleIdentifier(idx, ID.uniqueId, 'uniqueId', owner, issues),
    logicalId: attrOf(o, 'lid'),
    version: o.versionName,
    patientId: cxOf(singleIdentifier(idx, ID.patientId, 'patientId', owner, issues)),
    ...textAttributesFromRim(o),
    codeList: codeList(idx, S.codeList),
    lastUpdateTime: slots.single('lastUpdateTime'),
    availabilityStatus: statusOf(o, owner, issues),
    homeCommunityId: homeOf(o),
    limitedMetadata: idx.hasNode(S.limitedMetadata),
    extraMetadata: slots.extra(),
  });
}

/**
 * Writes a Folder as a rim:RegistryPackage with its Folder Classification nested.
 * @param f - the Folder
 * @param opts - registry view and home
 * @returns the element markup
 */
export function folderToEbrim(f: Folder, opts: EbrimWriteOptions = {}): string {
  const id = f.entryUuid;
  let out = `<rim:RegistryPackage${attrs({
    id,
    home: opts.homeCommunityId ?? f.homeCommunityId,
    lid: opts.registryView ? (f.logicalId ?? id) : f.logicalId,
    objectType: OBJECT_TYPE.registryPackage,
    status: statusUrn(f.availabilityStatus),
  })}>`;
  out += singleSlotXml('lastUpdateTime', f.lastUpdateTime) + extraSlotsXml(f.extraMetadata)
    + localizedXml('Name', f.title, f.localizedTitle) + localizedXml('Description', f.comments, f.localizedComments)
    + versionInfoXml(opts.registryView ? (f.version ?? '1') : f.version);
  for (const c of f.codeList) out += codeXml(S.codeList, id, c);
  out += classificationXml({ classifiedObject: id, classificationNode: CLASSIFICATION_NODE.folder });
  if (f.limitedMetadata) out += classificationXml({ classifiedObject: id, classificationNode: S.limitedMetadata });
  return out + externalIdentifierXml(id, ID.patientId, cxText(f.patientId), 'XDSFolder.patientId')
    + externalIdentifierXml(id, ID.uniqueId, f.uniqueId, 'XDSFolder.uniqueId') + '</rim:RegistryPackage>';
}
