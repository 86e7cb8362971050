/**
 * Reads a community's MTOM answer as it streams: the root part (the SOAP envelope) whole, then
 * each document part relayed to whoever reads it (see relay-part.ts), so a retrieved document
 * flows from the community to our consumer without being stored first. The envelope can be
 * parsed as soon as the root part is in: its xop:Include elements resolve to placeholders
 * that the parts fill as they arrive. See XOP 1.0, SOAP MTOM 4.3, ITI TF-2 Appendix V.
 */
import type { IncomingMessage } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { DocumentContent } from '../../domain/submission.js';
import { bareContentId, parseMediaType, type MediaType } from '../soap/media-type.js';
import { SoapFault } from '../soap/fault.js';
import { DEFAULT_MULTIPART_LIMITS, MultipartParser, type PartHeaders } from '../soap/multipart-parser.js';
import { RootSink, TempFiles, type PartWriter } from '../soap/part-sink.js';
import { RelayPart } from './relay-part.js';

/** How long a release waits for the rest of a package before cutting the connection. */
const RELEASE_GRACE_MS = 1000;

export interface StreamingLimits {
  readonly maxRootBytes: number;
  /** A part that sends nothing for this long fails (the community stalled mid-document). */
  readonly idleMs: number;
  /** Most bytes of the whole answer; a never-ending package fails here. */
  readonly maxBytes: number;
  readonly maxParts: number;
  readonly tempDir?: string | undefined;
}

export interface StreamedPackage {
  readonly root: Buffer;
  readonly rootContentType: MediaType | undefined;
  /**
   * Parts by Content-ID. Looking up an id that has not arrived yet gives a placeholder that
   * the part fills when it comes; one that never comes fails when read.
   */
  readonly parts: ReadonlyMap<string, DocumentContent>;
  /** Stops reading, closes the connection and removes temp files. */
  release(): Promise<void>;
}

/** Placeholders by Content-ID, created on first lookup by the envelope or the parser. */
class PartTable extends Map<string, DocumentContent> {
  readonly relays = new Map<string, RelayPart>();
  constructor(private readonly temp: TempFiles) { super(); }

  relay(id: string): RelayPart {
    let r = this.relays.get(id);
    if (!r) {
      r = new RelayPart(this.temp);
      this.relays.set(id, r);
    }
    return r;
  }

  override get(id: string): DocumentContent {
    return this.relay(id).content();
  }

  override has(): boolean {
    return true;
  }

  failAll(e: Error): void {
    for (const r of this.relays.values()) r.fail(e);
  }
}

/** Routes the root part to a RootSink and every other part to its placeholder. */
class StreamingCollector {
  rootDone: (() => void) | undefined;
  rootComplete = false;
  private root: { sink: RootSink; type: MediaType | undefined } | undefined;

  constructor(private readonly startId: string | undefined, private readonly table: PartTable, private readonly maxRootBytes: number) {}

  startPart(headers: PartHeaders, index: number): PartWriter {
    const rawId = headers.get('content-id');
    const id = rawId === undefined ? undefined : bareContentId(rawId);
    const isRoot = !this.root && (this.startId === undefined ? index === 0 : id === this.startId);
    if (isRoot) {
      const sink = new RootSink(this.maxRootBytes);
      this.root = { sink, type: parseMediaType(headers.get('content-type')) };
      const done = (): void => { this.rootComplete = true; this.rootDone?.(); };
      return { write: (b) => sink.write(b), end: () => { sink.end(); done(); }, abort: () => sink.abort() };
    }
    const relay = this.table.relay(id ?? `#${index}`);
    relay.bound = true;
    return relay;
  }

  rootPart(): { root: Buffer; type: MediaType | undefined } | undefined {
    return this.root && { root: this.root.sink.bytes(), type: this.root.type };
  }
}

/**
 * Starts reading an MTOM answer; resolves once its root part is complete, while the parts
 * keep streaming in the background.
 * @param res - the HTTP response
 * @param contentType - its parsed Content-Type (multipart/related)
 * @param limits - root size cap, idle timeout, temp folder
 * @returns the root and the part placeholders
 * @throws SoapFault for a broken package before the root is complete
 */
export async function streamMtomPackage(res: IncomingMessage, contentType: MediaType, limits: StreamingLimits): Promise<StreamedPackage> {
  const boundary = contentType.params.get('boundary') ?? '';
  if (!boundary) throw new SoapFault('MULTIPART_NO_BOUNDARY');
  const start = contentType.params.get('start');
  const temp = new TempFiles(limits.tempDir);
  const table = new PartTable(temp);
  const collector = new StreamingCollector(start ? bareContentId(start) : undefined, table, limits.maxRootBytes);
  const parser = new MultipartParser(boundary, collector, { ...DEFAULT_MULTIPART_LIMITS, maxParts: limits.maxParts });
  const rootReady = new Promise<undefined>((resolve) => { collector.rootDone = () => resolve(undefined); });
  const feeding = feed(res, parser, table, limits);
  const stopped = await Promise.race([rootReady, feeding]);
  const release = async (): Promise<void> => {
    // Let a package whose documents have all been read finish (closing boundary), so its
    // connection goes back to the keep-alive pool; cut off whatever is still pending.
    await Promise.race([feeding, delay(RELEASE_GRACE_MS, undefined, { ref: false })]);
    res.destroy();
    table.failAll(new Error('the retrieved document was released before it was read'));
    await feeding;
    await temp.cleanup();
  };
  const root = collector.rootComplete ? collector.rootPart() : undefined;
  if (!root) {
    await release();
    throw stopped ?? new SoapFault('ROOT_PART_MISSING', [start ?? '']);
  }
  return { root: root.root, rootContentType: root.type, parts: table, release };
}

/**
 * Pushes the body through the parser; settles with the error that stopped it, if any. The
 * idle timer runs only while waiting for the community, not while our consumer holds us back.
 */
async function feed(res: IncomingMessage, parser: MultipartParser, table: PartTable, limits: StreamingLimits): Promise<Error | undefined> {
  const { idleMs, maxBytes } = limits;
  const stall = (): void => { res.destroy(new Error(`the community sent nothing for ${idleMs} ms`)); };
  let timer = setTimeout(stall, idleMs);
  let total = 0;
  try {
    for await (const chunk of res) {
      clearTimeout(timer);
      total += (chunk as Buffer).length;
      if (total > maxBytes) throw new Error(`the answer is larger than ${maxBytes} bytes`);
      await parser.push(chunk as Buffer);
      timer = setTimeout(stall, idleMs);
    }
    await parser.end();
    for (const [id, r] of table.relays) if (!r.bound) r.fail(new Error(`the answer has no MIME part cid:${id}`));
    return undefined;
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    table.failAll(error); // first, so readers learn the cause rather than the abort
    await parser.abort().catch(() => undefined);
    return error;
  } finally {
    clearTimeout(timer);
  }
}
