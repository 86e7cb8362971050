/**
 * Reads an ITI-41 or ITI-42 request from a file as an EPJ vendor would have it: a bare body
 * (xdsb:ProvideAndRegisterDocumentSetRequest or lcm:SubmitObjectsRequest), a SOAP 1.2
 * envelope, an MTOM/XOP multipart package (starting with its boundary line), or an HTTP
 * capture (request line and headers, then the body). ITI TF-2 3.41, 3.42, Appendix V.
 */
import type { DocumentContent } from '../../src/domain/submission.js';
import { parseXml } from '../../src/formats/xml/parse.js';
import { NS, type XmlElement } from '../../src/formats/xml/tree.js';
import { parseEnvelope } from '../../src/transport/soap/envelope.js';
import { parseMediaType, type MediaType } from '../../src/transport/soap/media-type.js';
import { readMtomPackage } from '../../src/transport/soap/mtom.js';

/** The transaction a body element belongs to. */
export type Transaction = 'ITI-41' | 'ITI-42';

/** A request read from a file. */
export interface ReadMessage {
  readonly transaction: Transaction;
  /** The body element: ProvideAndRegisterDocumentSetRequest or SubmitObjectsRequest. */
  readonly body: XmlElement;
  /** How the file was packaged, for the report. */
  readonly packaging: 'body' | 'soap' | 'mtom';
  /** Removes temp files of MTOM parts. */
  cleanup(): Promise<void>;
}

const noCleanup = async (): Promise<void> => {};

/** Which transaction a body element is, or undefined for anything else. */
export function transactionOf(body: XmlElement): Transaction | undefined {
  if (body.ns === NS.xdsb && body.local === 'ProvideAndRegisterDocumentSetRequest') return 'ITI-41';
  if (body.ns === NS.lcm && body.local === 'SubmitObjectsRequest') return 'ITI-42';
  return undefined;
}

function fromRoot(xml: string, parts: ReadonlyMap<string, DocumentContent>, mtom: boolean, cleanup: () => Promise<void>): ReadMessage {
  const root = parseXml(xml);
  const isEnvelope = root.local === 'Envelope';
  const body = isEnvelope ? parseEnvelope(xml, parts, mtom).body : root;
  const transaction = transactionOf(body);
  if (!transaction) throw new Error(`the message body is {${body.ns}}${body.local}, not an ITI-41 or ITI-42 request`);
  return { transaction, body, packaging: mtom ? 'mtom' : isEnvelope ? 'soap' : 'body', cleanup };
}

/** Splits an HTTP capture into its Content-Type and body; undefined when the text is no capture. */
function httpCapture(bytes: Buffer): { type: MediaType | undefined; body: Buffer } | undefined {
  const head = bytes.subarray(0, 200).toString('latin1');
  if (!/^(POST|PUT) \S+ HTTP\/1\.[01]\r?\n/.test(head)) return undefined;
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf + 2;
  const headers = bytes.subarray(0, end).toString('latin1');
  const type = /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim();
  return { type: parseMediaType(type), body: bytes.subarray(end) };
}

/** The boundary of a multipart body that starts with its boundary line, if it does. */
function leadingBoundary(bytes: Buffer): string | undefined {
  const first = bytes.subarray(0, 300).toString('latin1').replace(/^\s+/, '').split(/\r?\n/)[0] ?? '';
  return first.startsWith('--') ? first.slice(2).trim() : undefined;
}

async function fromMultipart(body: Buffer, type: MediaType): Promise<ReadMessage> {
  const pkg = await readMtomPackage((async function* () { yield body; })(), type, { maxRootBytes: 64 * 1024 * 1024 });
  try {
    return fromRoot(pkg.root.toString('utf8').replace(/^\uFEFF/, ''), pkg.parts, true, () => pkg.cleanup());
  } catch (e) {
    await pkg.cleanup();
    throw e;
  }
}

/**
 * Reads a request from the bytes of a file.
 * @param bytes - the file content
 * @returns the body element and its transaction
 * @throws Error (or SoapFault / XmlParseError) with a message fit to print
 */
export async function readMessage(bytes: Buffer): Promise<ReadMessage> {
  const capture = httpCapture(bytes);
  const body = capture?.body ?? bytes;
  const declared = capture?.type;
  if (declared?.type === 'multipart/related') return fromMultipart(body, declared);
  const boundary = leadingBoundary(body);
  if (boundary) {
    const type = parseMediaType(`multipart/related; boundary="${boundary}"; type="application/xop+xml"`);
    if (type) return fromMultipart(body, type);
  }
  return fromRoot(body.toString('utf8').replace(/^\uFEFF/, ''), new Map(), false, noCleanup);
}
