import { randomUUID } from 'node:crypto';
import type { RegistryObjectList, SubmittedDocument } from '../../domain/submission.js';
import { issue, type Issue } from '../../errors/issue.js';
import { child, children, NS, type XmlElement } from '../xml/tree.js';
import { escapeAttr } from '../xml/write.js';
import { base64Of, bytesFromBase64, contentFromBytes } from './binary.js';
import { EMPTY_OBJECT_LIST, submitObjectsRequestFromEbrim, submitObjectsRequestToEbrim } from './submit-objects-request.js';

/**
 * xdsb:ProvideAndRegisterDocumentSetRequest, the body of ITI-41: a SubmitObjectsRequest and
 * one xdsb:Document per stable DocumentEntry. See ITI TF-2 3.41.4.1.2.
 */

export interface DecodedProvideAndRegister {
  readonly objects: RegistryObjectList;
  readonly documents: SubmittedDocument[];
  readonly issues: Issue[];
}

const WHAT = 'ProvideAndRegisterDocumentSetRequest';

/**
 * Decodes an ITI-41 request. A Document whose xop:Include the transport resolved carries
 * `binary`; otherwise its text is base64 (unoptimised MTOM or plain SOAP).
 * @param el - the xdsb:ProvideAndRegisterDocumentSetRequest element
 * @returns the objects, the documents by id, and structure issues (repeated Document ids:
 *   DUPLICATE_DOCUMENT_ID; unreadable documents: MALFORMED_REPOSITORY_REQUEST)
 */
export function provideAndRegisterFromEbrim(el: XmlElement): DecodedProvideAndRegister {
  if (el.ns !== NS.xdsb || el.local !== WHAT) {
    return { objects: EMPTY_OBJECT_LIST, documents: [], issues: [issue('MALFORMED_REPOSITORY_REQUEST', [WHAT, `the element is {${el.ns}}${el.local}`])] };
  }
  const sor = child(el, NS.lcm, 'SubmitObjectsRequest');
  if (!sor) {
    return { objects: EMPTY_OBJECT_LIST, documents: [], issues: [issue('MALFORMED_REPOSITORY_REQUEST', [WHAT, 'it has no lcm:SubmitObjectsRequest'])] };
  }
  const { objects, issues } = submitObjectsRequestFromEbrim(sor, 'MALFORMED_REPOSITORY_REQUEST');
  const documents: SubmittedDocument[] = [];
  const seen = new Set<string>();
  for (const d of children(el, NS.xdsb, 'Document')) {
    const id = (d.attrs['id'] ?? '').trim();
    if (id === '') { issues.push(issue('MALFORMED_REPOSITORY_REQUEST', [WHAT, 'a Document has no id'])); continue; }
    if (seen.has(id)) { issues.push(issue('DUPLICATE_DOCUMENT_ID', [id], { location: id })); continue; }
    seen.add(id);
    const content = documentContent(d);
    if (content) documents.push({ id, content });
    else issues.push(issue('MALFORMED_REPOSITORY_REQUEST', [WHAT, `Document ${id} is neither an attachment nor base64`], { location: id }));
  }
  return { objects, documents, issues };
}

function documentContent(d: XmlElement): SubmittedDocument['content'] | undefined {
  if (d.binary) return d.binary;
  // An xop:Include the transport did not resolve is not document content.
  if (child(d, NS.xop, 'Include')) return undefined;
  const bytes = bytesFromBase64(d.text);
  return bytes ? contentFromBytes(bytes) : undefined;
}

export interface EncodedProvideAndRegister {
  readonly xml: string;
  /** With `inline: false`: the attachment each xop:Include refers to. */
  readonly attachments: readonly { readonly contentId: string; readonly document: SubmittedDocument }[];
}

/**
 * Writes an ITI-41 request, for clients and tests. Documents must hold their bytes in memory.
 * @param objects - the metadata
 * @param documents - the documents by DocumentEntry id
 * @param opts - `inline: true` writes base64 text; false writes xop:Include with fresh content ids
 * @returns the body element and, for MTOM, its attachments
 */
export function provideAndRegisterToEbrim(
  objects: RegistryObjectList, documents: readonly SubmittedDocument[], opts: { readonly inline: boolean },
): EncodedProvideAndRegister {
  const attachments: { contentId: string; document: SubmittedDocument }[] = [];
  let docs = '';
  for (const d of documents) {
    const bytes = d.content.bytes;
    if (!bytes) throw new TypeError(`provideAndRegisterToEbrim needs the bytes of document ${d.id} in memory`);
    let content: string;
    if (opts.inline) content = base64Of(bytes);
    else {
      const contentId = `${randomUUID()}@dokumentdeling`;
      attachments.push({ contentId, document: d });
      content = `<xop:Include href="cid:${escapeAttr(contentId)}"/>`;
    }
    docs += `<xdsb:Document id="${escapeAttr(d.id)}">${content}</xdsb:Document>`;
  }
  const ns = ` xmlns:xdsb="${NS.xdsb}" xmlns:lcm="${NS.lcm}" xmlns:rim="${NS.rim}"${opts.inline ? '' : ` xmlns:xop="${NS.xop}"`}`;
  const xml = `<xdsb:${WHAT}${ns}>${submitObjectsRequestToEbrim(objects, false)}${docs}</xdsb:${WHAT}>`;
  return { xml, attachments };
}
