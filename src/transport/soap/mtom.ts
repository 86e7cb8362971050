/**
 * MTOM/XOP packages (W3C SOAP MTOM, XOP 1.0; RFC 2387 multipart/related) read from a stream
 * and written as a stream. Reading keeps the root part (the SOAP envelope) in memory and sends
 * every other part to a spilling sink; writing streams attachments from their sources and
 * never joins documents in memory. See ITI TF-2 Appendix V, house-style Part C F2.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import type { DocumentContent } from '../../domain/submission.js';
import type { OutgoingAttachment } from '../../transactions/types.js';
import { SoapFault } from './fault.js';
import { bareContentId, parseMediaType, type MediaType } from './media-type.js';
import { DEFAULT_MULTIPART_LIMITS, MultipartParser, type MultipartLimits, type PartHeaders } from './multipart-parser.js';
import { MemoryBudget, RootSink, SPILL_THRESHOLD, SpillingSink, TempFiles, type PartWriter } from './part-sink.js';

export interface MtomLimits {
  /** Largest root part (the SOAP envelope) accepted. */
  readonly maxRootBytes: number;
  /** Parts larger than this go to a temp file. */
  readonly spillThreshold?: number;
  /** Attachment bytes held in memory over all parts; further parts go to temp files. */
  readonly memoryBytes?: number;
  /** Folder for temp files; os.tmpdir() by default. */
  readonly tempDir?: string;
  readonly multipart?: MultipartLimits;
}

/** A received MTOM package. */
export interface MtomPackage {
  /** The bytes of the root part. */
  readonly root: Buffer;
  readonly rootContentType: MediaType | undefined;
  /** Every other part, by Content-ID without angle brackets. */
  readonly parts: ReadonlyMap<string, DocumentContent>;
  /** Removes the temp files; safe when a store has already moved a file away. */
  cleanup(): Promise<void>;
}

const PASS_THROUGH_ENCODINGS = new Set(['binary', '8bit', '7bit']);
const BOUNDARY_MAX = 200;

/**
 * The limits of an MTOM message from the settings.
 * @param config - MAX_XML_BYTES, MTOM_MAX_PARTS and MTOM_MEMORY_BYTES
 * @returns the limits for readMtomPackage
 */
export function mtomLimits(config: Pick<Config, 'MAX_XML_BYTES' | 'MTOM_MAX_PARTS' | 'MTOM_MEMORY_BYTES'>): MtomLimits {
  return {
    maxRootBytes: config.MAX_XML_BYTES,
    memoryBytes: config.MTOM_MEMORY_BYTES,
    multipart: { ...DEFAULT_MULTIPART_LIMITS, maxParts: config.MTOM_MAX_PARTS },
  };
}

/**
 * Reads a multipart/related MTOM package from a stream of chunks.
 * @param source - the request body chunks (limits on total size apply upstream)
 * @param contentType - the request's parsed Content-Type
 * @param limits - size limits and temp folder
 * @returns the package; its temp files live until cleanup()
 * @throws SoapFault for a broken package (no boundary, no closing boundary, no root, …)
 */
export async function readMtomPackage(source: AsyncIterable<Buffer>, contentType: MediaType, limits: MtomLimits): Promise<MtomPackage> {
  const boundary = contentType.params.get('boundary') ?? '';
  if (!boundary || boundary.length > BOUNDARY_MAX) throw new SoapFault('MULTIPART_NO_BOUNDARY');
  const startParam = contentType.params.get('start');
  const startId = startParam ? bareContentId(startParam) : undefined;
  const temp = new TempFiles(limits.tempDir);
  const collector = new PartCollector(startId, limits, temp);
  const parser = new MultipartParser(boundary, collector, limits.multipart ?? DEFAULT_MULTIPART_LIMITS);
  try {
    for await (const chunk of source) await parser.push(chunk);
    await parser.end();
    return collector.result(startId ?? '', () => temp.cleanup());
  } catch (e) {
    await parser.abort();
    await temp.cleanup();
    throw e;
  }
}

/** Decides per part whether it is the root, and collects the finished parts. */
class PartCollector {
  private root: { sink: RootSink; type: MediaType | undefined } | undefined;
  private readonly attachments: { id: string | undefined; sink: SpillingSink }[] = [];
  private readonly seenIds = new Set<string>();
  private readonly budget: MemoryBudget | undefined;

  constructor(private readonly startId: string | undefined, private readonly limits: MtomLimits, private readonly temp: TempFiles) {
    this.budget = limits.memoryBytes === undefined ? undefined : new MemoryBudget(limits.memoryBytes);
  }

  startPart(headers: PartHeaders, index: number): PartWriter {
    const rawId = headers.get('content-id');
    const id = rawId === undefined ? undefined : bareContentId(rawId);
    const encoding = (headers.get('content-transfer-encoding') ?? 'binary').trim().toLowerCase();
    if (!PASS_THROUGH_ENCODINGS.has(encoding)) throw new SoapFault('MULTIPART_ENCODING', [id ?? `#${index + 1}`, encoding]);
    if (id !== undefined) {
      if (this.seenIds.has(id)) throw new SoapFault('MULTIPART_DUPLICATE_ID', [id]);
      this.seenIds.add(id);
    }
    const isRoot = !this.root && (this.startId === undefined ? index === 0 : id === this.startId);
    if (isRoot) {
      const sink = new RootSink(this.limits.maxRootBytes);
      this.root = { sink, type: parseMediaType(headers.get('content-type')) };
      return sink;
    }
    const sink = new SpillingSink(this.temp, this.limits.spillThreshold ?? SPILL_THRESHOLD, this.budget);
    this.attachments.push({ id, sink });
    return sink;
  }

  result(startId: string, cleanup: () => Promise<void>): MtomPackage {
    if (!this.root) throw new SoapFault('ROOT_PART_MISSING', [startId]);
    const parts = new Map<string, DocumentContent>();
    for (const a of this.attachments) if (a.id !== undefined) parts.set(a.id, a.sink.content());
    return { root: this.root.sink.bytes(), rootContentType: this.root.type, parts, cleanup };
  }
}

/** How an MTOM response is framed. */
export interface MtomFrame {
  readonly boundary: string;
  readonly rootId: string;
}

/** A fresh boundary and root Content-ID; random, so they never occur in content. */
export function newMtomFrame(): MtomFrame {
  const id = randomUUID().replace(/-/g, '');
  return { boundary: `MIMEBoundary_${id}`, rootId: `root.${id}@gateway` };
}

/**
 * The Content-Type of an MTOM response. See SOAP MTOM 4.3, XOP 1.0 4.
 * @param frame - boundary and root id
 * @param action - the response's wsa:Action (given as the SOAP 1.2 action parameter)
 */
export function mtomContentType(frame: MtomFrame, action: string): string {
  return `multipart/related; boundary="${frame.boundary}"; type="application/xop+xml"; `
    + `start="<${frame.rootId}>"; start-info="application/soap+xml"; action="${headerSafe(action)}"`;
}

/**
 * Streams an MTOM package: the root part, then each attachment read from its source.
 * @param frame - boundary and root id
 * @param rootXml - the SOAP envelope with xop:Include elements
 * @param attachments - the binary parts, each streamed from open()
 */
export async function* mtomStream(frame: MtomFrame, rootXml: string, attachments: readonly OutgoingAttachment[]): AsyncGenerator<Buffer> {
  yield Buffer.from(`--${frame.boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"\r\n`
    + `Content-Transfer-Encoding: binary\r\nContent-ID: <${frame.rootId}>\r\n\r\n${rootXml}`, 'utf8');
  for (const a of attachments) {
    yield Buffer.from(`\r\n--${frame.boundary}\r\nContent-Type: ${headerSafe(a.contentType)}\r\n`
      + `Content-Transfer-Encoding: binary\r\nContent-ID: <${headerSafe(a.contentId)}>\r\n\r\n`, 'utf8');
    for await (const chunk of a.open()) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  yield Buffer.from(`\r\n--${frame.boundary}--\r\n`, 'latin1');
}

/** A header value without line breaks or quotes, so a value cannot start a new header. */
function headerSafe(v: string): string {
  return v.replace(/[\r\n"]/g, '');
}
