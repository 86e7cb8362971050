import { cxKey, type Author, type Code, type Cx } from '../domain/datatypes.js';
import type { DocumentEntry } from '../domain/document-entry.js';
import type { Folder } from '../domain/folder.js';
import type { SubmissionSet } from '../domain/submission-set.js';
import { issue, type Issue } from '../errors/issue.js';
import type { RuleContext } from './context.js';
import {
  isCompleteAuthor, isDtm, isLanguageCode, isMimeType, isOid, isSha1Hex, isSize, isUniqueId, isXdsCx,
} from './formats.js';

type OwnerKind = 'DocumentEntry' | 'SubmissionSet' | 'Folder';

/** Per-object checks that append to one issue list, all located at the object's id. */
function checker(kind: OwnerKind, id: string, out: Issue[], strictUniqueId: boolean) {
  const at = { location: id };
  return {
    required(attr: string, present: boolean): void {
      if (!present) out.push(issue('MISSING_ATTRIBUTE', [kind, id, attr], at));
    },
    code(attr: string, c: Code | undefined): void {
      if (c !== undefined && (c.code.trim() === '' || c.codingScheme.trim() === '')) {
        out.push(issue('BAD_CODE', [attr, id], at));
      }
    },
    dtm(attr: string, v: string | undefined): void {
      if (v !== undefined && !isDtm(v)) out.push(issue('BAD_DTM', [attr, id, v], at));
    },
    cx(attr: string, v: Cx | undefined): void {
      if (v !== undefined && !isXdsCx(v)) out.push(issue('BAD_CX', [attr, id, cxKey(v)], at));
    },
    oid(attr: string, v: string | undefined): void {
      if (v !== undefined && !isOid(v)) out.push(issue('BAD_OID', [attr, id, v], at));
    },
    uniqueId(v: string | undefined): void {
      if (v === undefined || isUniqueId(v, kind, strictUniqueId)) return;
      out.push(kind === 'DocumentEntry' || !strictUniqueId
        ? issue('BAD_UNIQUE_ID', [id, v], at) : issue('BAD_OID', ['uniqueId', id, v], at));
    },
    authors(authors: readonly Author[]): void {
      if (authors.some((a) => !isCompleteAuthor(a))) out.push(issue('AUTHOR_INCOMPLETE', [id], at));
    },
  };
}

/**
 * Required attributes and value formats of a DocumentEntry. hash, size and
 * repositoryUniqueId are required of a stable entry because the registry receives them
 * from the source (ITI-42) or from this repository (ITI-41).
 * ITI TF-3 Table 4.3.1-3, 4.2.3.2
 */
function checkDocumentEntry(de: DocumentEntry, out: Issue[], strict: boolean): void {
  const c = checker('DocumentEntry', de.entryUuid, out, strict);
  const required: readonly [string, unknown][] = [
    ['classCode', de.classCode], ['creationTime', de.creationTime], ['formatCode', de.formatCode],
    ['healthcareFacilityTypeCode', de.healthcareFacilityTypeCode], ['languageCode', de.languageCode],
    ['mimeType', de.mimeType], ['patientId', de.patientId], ['practiceSettingCode', de.practiceSettingCode],
    ['sourcePatientId', de.sourcePatientId], ['typeCode', de.typeCode], ['uniqueId', de.uniqueId],
    ['repositoryUniqueId', de.repositoryUniqueId],
    ...(de.objectType === 'stable' ? [['hash', de.hash], ['size', de.size]] as [string, unknown][] : []),
  ];
  for (const [attr, v] of required) c.required(attr, v !== undefined && v !== '');
  c.required('confidentialityCode', de.confidentialityCodes.length > 0);
  for (const [attr, code] of [['classCode', de.classCode], ['typeCode', de.typeCode], ['formatCode', de.formatCode],
    ['healthcareFacilityTypeCode', de.healthcareFacilityTypeCode], ['practiceSettingCode', de.practiceSettingCode],
  ] as const) c.code(attr, code);
  for (const code of de.confidentialityCodes) c.code('confidentialityCode', code);
  for (const code of de.eventCodeList) c.code('eventCodeList', code);
  for (const attr of ['creationTime', 'serviceStartTime', 'serviceStopTime'] as const) c.dtm(attr, de[attr]);
  c.cx('patientId', de.patientId);
  c.cx('sourcePatientId', de.sourcePatientId);
  c.oid('repositoryUniqueId', de.repositoryUniqueId || undefined);
  c.uniqueId(de.uniqueId || undefined);
  c.authors(de.authors);
  const at = { location: de.entryUuid };
  if (de.hash !== undefined && !isSha1Hex(de.hash)) out.push(issue('BAD_HASH', [de.entryUuid, de.hash], at));
  if (de.size !== undefined && !isSize(de.size)) out.push(issue('BAD_SIZE', [de.entryUuid, de.size], at));
  if (de.languageCode && !isLanguageCode(de.languageCode)) out.push(issue('BAD_LANGUAGE_CODE', [de.entryUuid, de.languageCode], at));
  if (de.mimeType && !isMimeType(de.mimeType)) out.push(issue('BAD_MIME_TYPE', [de.entryUuid, de.mimeType], at));
}

/** Required attributes and formats of a SubmissionSet. ITI TF-3 Table 4.3.1-3, 4.2.3.3 */
function checkSubmissionSet(ss: SubmissionSet, out: Issue[], strict: boolean): void {
  const c = checker('SubmissionSet', ss.entryUuid, out, strict);
  for (const [attr, v] of [['contentTypeCode', ss.contentTypeCode], ['patientId', ss.patientId],
    ['sourceId', ss.sourceId], ['submissionTime', ss.submissionTime], ['uniqueId', ss.uniqueId]] as const) {
    c.required(attr, v !== undefined && v !== '');
  }
  c.code('contentTypeCode', ss.contentTypeCode);
  c.dtm('submissionTime', ss.submissionTime);
  c.cx('patientId', ss.patientId);
  c.oid('sourceId', ss.sourceId || undefined);
  c.uniqueId(ss.uniqueId || undefined);
  c.authors(ss.authors);
}

/** Required attributes and formats of a Folder. ITI TF-3 Table 4.3.1-3, 4.2.3.4 */
function checkFolder(f: Folder, out: Issue[], strict: boolean): void {
  const c = checker('Folder', f.entryUuid, out, strict);
  c.required('codeList', f.codeList.length > 0);
  c.required('patientId', f.patientId !== undefined);
  c.required('title', f.title !== undefined && f.title.trim() !== '');
  c.required('uniqueId', f.uniqueId !== undefined && f.uniqueId !== '');
  for (const code of f.codeList) c.code('codeList', code);
  c.cx('patientId', f.patientId);
  c.uniqueId(f.uniqueId || undefined);
}

/**
 * Required attributes (ITI TF-3 Table 4.3.1-3, Document Source column) and value formats
 * (ITI TF-3 4.2.3) of every SubmissionSet, DocumentEntry and Folder in the message.
 * @param ctx - rule context
 * @returns every issue found, each located at the object's id
 */
export function checkAttributes(ctx: RuleContext): Issue[] {
  const out: Issue[] = [];
  const strict = ctx.options.uniqueIdFormat === 'oid';
  for (const ss of ctx.objects.submissionSets) checkSubmissionSet(ss, out, strict);
  for (const de of ctx.objects.documentEntries) checkDocumentEntry(de, out, strict);
  for (const f of ctx.objects.folders) checkFolder(f, out, strict);
  return out;
}
