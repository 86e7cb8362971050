/**
 * A streaming multipart parser (RFC 2046 5.1.1, RFC 2387) for MTOM/XOP packages. Chunks are
 * pushed as they arrive; part bodies go to writers as zero-copy slices of the input. A
 * delimiter is recognised only when the whole boundary is followed by optional padding and a
 * line end or "--", so binary content holding CRLF-- (or a boundary prefix) stays intact.
 * Line ends may be CRLF or bare LF (the NIST captures use LF); the first boundary line decides.
 */
import { SoapFault } from './fault.js';
import type { PartWriter } from './part-sink.js';

/** Header fields of one part, by lower-case name. */
export type PartHeaders = ReadonlyMap<string, string>;

export interface MultipartHandler {
  /** Called when a part's headers are complete; returns where its body goes. */
  startPart(headers: PartHeaders, index: number): PartWriter;
}

export interface MultipartLimits {
  readonly maxHeaderBytes: number;
  readonly maxParts: number;
  /** Most bytes before the first boundary line. */
  readonly maxPreambleBytes: number;
}

export const DEFAULT_MULTIPART_LIMITS: MultipartLimits = { maxHeaderBytes: 16 * 1024, maxParts: 10_000, maxPreambleBytes: 64 * 1024 };

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const EMPTY = Buffer.alloc(0);
/** Transport padding longer than this after a boundary means: not a delimiter. */
const MAX_PADDING = 1024;

type State = 'preamble' | 'headers' | 'body' | 'epilogue';
type After = { kind: 'more' } | { kind: 'no' } | { kind: 'part' | 'close'; next: number };

/**
 * Parses one multipart body. Push chunks in order (awaiting each push), then call end().
 * Throws SoapFault for broken framing; abort() releases the writer of an unfinished part.
 */
export class MultipartParser {
  private state: State = 'preamble';
  private pending: Buffer = EMPTY;
  private readonly dashBoundary: Buffer;
  private delimiter: Buffer = EMPTY;
  private writer: PartWriter | undefined;
  private parts = 0;
  private headerLines: string[] = [];
  private headerBytes = 0;

  constructor(boundary: string, private readonly handler: MultipartHandler,
    private readonly limits: MultipartLimits = DEFAULT_MULTIPART_LIMITS) {
    this.dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
  }

  /** Feeds the next chunk. Await the result before pushing again. */
  async push(chunk: Buffer): Promise<void> {
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    // each step returns where to go on, or -1 after keeping the unread rest in this.pending
    while (at >= 0) {
      at = this.state === 'body' ? await this.body(buf, at)
        : this.state === 'headers' ? this.headers(buf, at)
          : this.state === 'preamble' ? this.preamble(buf, at)
            : this.wait(buf, buf.length);
    }
  }

  /** Signals the end of input. */
  async end(): Promise<void> {
    if (this.state === 'preamble') throw new SoapFault('MULTIPART_NO_START', [this.dashBoundary.toString('latin1')]);
    if (this.state !== 'epilogue') throw new SoapFault('MULTIPART_NO_CLOSE');
    if (this.parts === 0) throw new SoapFault('MULTIPART_NO_PARTS');
  }

  /** Releases the writer of an unfinished part. */
  async abort(): Promise<void> {
    const w = this.writer;
    this.writer = undefined;
    if (w) await w.abort();
  }

  /** Keeps buf[from..] for the next push; returns -1 (stop). */
  private wait(buf: Buffer, from: number): number {
    this.pending = from >= buf.length ? EMPTY : buf.subarray(from);
    return -1;
  }

  private preamble(buf: Buffer, at: number): number {
    let i = buf.indexOf(this.dashBoundary, at);
    while (i > 0 && buf[i - 1] !== LF) i = buf.indexOf(this.dashBoundary, i + 1);
    if (i < 0) {
      if (buf.length - at > this.limits.maxPreambleBytes) throw new SoapFault('MULTIPART_NO_START', [this.dashBoundary.toString('latin1')]);
      return this.wait(buf, at);
    }
    const after = classifyAfter(buf, i + this.dashBoundary.length);
    if (after.kind === 'more') return this.wait(buf, at);
    if (after.kind === 'no') return this.preambleSkip(buf, i);
    const crlf = buf[after.next - 2] === CR && buf[after.next - 1] === LF;
    this.delimiter = Buffer.concat([Buffer.from(crlf ? '\r\n' : '\n', 'latin1'), this.dashBoundary]);
    this.state = after.kind === 'close' ? 'epilogue' : 'headers';
    return after.next;
  }

  /** A boundary-like line that is not a delimiter: look further. */
  private preambleSkip(buf: Buffer, i: number): number {
    const nl = buf.indexOf(LF, i);
    return nl < 0 ? this.wait(buf, i) : nl + 1;
  }

  private headers(buf: Buffer, at: number): number {
    let pos = at;
    for (;;) {
      const nl = buf.indexOf(LF, pos);
      if (nl < 0) {
        if (this.headerBytes + buf.length - pos > this.limits.maxHeaderBytes) this.headersTooLarge();
        return this.wait(buf, pos);
      }
      const end = nl > pos && buf[nl - 1] === CR ? nl - 1 : nl;
      this.headerBytes += nl + 1 - pos;
      if (this.headerBytes > this.limits.maxHeaderBytes) this.headersTooLarge();
      const line = buf.toString('latin1', pos, end);
      pos = nl + 1;
      if (line === '') return this.startPart(pos);
      this.headerLines.push(line);
    }
  }

  private headersTooLarge(): never {
    throw new SoapFault('MULTIPART_HEADERS_TOO_LARGE', [this.parts + 1, this.limits.maxHeaderBytes]);
  }

  private startPart(pos: number): number {
    if (++this.parts > this.limits.maxParts) throw new SoapFault('MULTIPART_TOO_MANY_PARTS', [this.limits.maxParts]);
    const headers = parseHeaderLines(this.headerLines);
    this.headerLines = [];
    this.headerBytes = 0;
    this.writer = this.handler.startPart(headers, this.parts - 1);
    this.state = 'body';
    return pos;
  }

  private async body(buf: Buffer, at: number): Promise<number> {
    const delim = this.delimiter;
    let search = at;
    for (;;) {
      const i = buf.indexOf(delim, search);
      if (i < 0) {
        const hold = heldTail(buf, Math.max(search, at), delim);
        await this.emit(buf, at, hold);
        return this.wait(buf, hold);
      }
      const after = classifyAfter(buf, i + delim.length);
      if (after.kind === 'no') { search = i + 1; continue; }
      await this.emit(buf, at, i);
      if (after.kind === 'more') return this.wait(buf, i);
      await this.finishPart();
      this.state = after.kind === 'close' ? 'epilogue' : 'headers';
      return after.kind === 'close' ? buf.length : after.next;
    }
  }

  private async emit(buf: Buffer, from: number, to: number): Promise<void> {
    if (to <= from || !this.writer) return;
    const r = this.writer.write(buf.subarray(from, to));
    if (r) await r;
  }

  private async finishPart(): Promise<void> {
    const w = this.writer;
    this.writer = undefined;
    if (w) {
      const r = w.end();
      if (r) await r;
    }
  }
}

/** What follows a boundary at `p`: padding then CRLF/LF (next part), "--" (close), or not a delimiter. */
function classifyAfter(buf: Buffer, p: number): After {
  let q = p;
  while (q < buf.length && (buf[q] === 0x20 || buf[q] === 0x09)) {
    if (++q - p > MAX_PADDING) return { kind: 'no' };
  }
  if (q >= buf.length) return { kind: 'more' };
  const c = buf[q];
  if (c === LF) return { kind: 'part', next: q + 1 };
  if (c !== CR && c !== DASH) return { kind: 'no' };
  if (q + 1 >= buf.length) return { kind: 'more' };
  if (c === CR) return buf[q + 1] === LF ? { kind: 'part', next: q + 2 } : { kind: 'no' };
  return buf[q + 1] === DASH ? { kind: 'close', next: q + 2 } : { kind: 'no' };
}

/**
 * Where the bytes that might begin a delimiter start: the earliest position in the last
 * delim.length - 1 bytes from which the rest of buf is a prefix of delim; buf.length if none.
 */
function heldTail(buf: Buffer, from: number, delim: Buffer): number {
  const first = delim[0] as number;
  let k = buf.indexOf(first, Math.max(from, buf.length - delim.length + 1));
  while (k >= 0) {
    const n = buf.length - k;
    if (buf.compare(delim, 0, n, k, buf.length) === 0) return k;
    k = buf.indexOf(first, k + 1);
  }
  return buf.length;
}

/** Header lines (folded lines joined) into a map by lower-case name; the first of a name wins. */
function parseHeaderLines(lines: readonly string[]): PartHeaders {
  const out = new Map<string, string>();
  let last = '';
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      out.set(last, `${out.get(last) ?? ''} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(colon + 1).trim());
    last = name;
  }
  return out;
}
