/**
 * One MIME part of a community's MTOM answer on its way to our consumer. While the consumer
 * reads it, bytes pass straight through with backpressure (a bounded window in memory, the
 * community's socket paused when it is full). A part nobody reads yet keeps a window in
 * memory and then spills to a temp file, so parts arriving in another order than they are
 * read (or several communities answering at once) never deadlock.
 * See house-style A6 (large documents), SOAP MTOM 4.3.
 */
import type { DocumentContent } from '../../domain/submission.js';
import { SpillingSink, type PartWriter, type TempFiles } from '../soap/part-sink.js';

/** Bytes held in memory per part before it spills (not read yet) or pauses the sender (being read). */
const RELAY_WINDOW = 1024 * 1024;

export class RelayPart implements PartWriter {
  private queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private failure: Error | undefined;
  private spill: SpillingSink | undefined;
  private spilled: DocumentContent | undefined;
  private reading = false;
  /** Set when a MIME part of the package has been bound to this placeholder. */
  bound = false;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  constructor(private readonly temp: TempFiles, private readonly window = RELAY_WINDOW) {}

  write(bytes: Buffer): void | Promise<void> {
    if (this.spill) return this.spill.write(bytes);
    this.queue.push(bytes);
    this.queued += bytes.length;
    this.notifyReader();
    if (this.queued <= this.window) return undefined;
    if (!this.reading) return this.toSpill();
    return new Promise<void>((resolve) => { this.wakeWriter = resolve; });
  }

  async end(): Promise<void> {
    if (this.spill) {
      await this.spill.end();
      this.spilled = this.spill.content();
    }
    this.ended = true;
    this.notifyReader();
  }

  async abort(): Promise<void> {
    await this.spill?.abort();
    this.fail(new Error('the community\'s answer broke off during a document'));
  }

  /** Ends the part with an error: the reader (now or later) gets it. */
  fail(e: Error): void {
    if (this.ended) return; // complete: nothing is lost
    this.failure ??= e;
    this.notifyReader();
    this.notifyWriter();
  }

  /** The part as content: size and hash are not known before it has been read (-1, ''). */
  content(): DocumentContent {
    return { size: -1, sha1: '', open: () => this.read() };
  }

  private async toSpill(): Promise<void> {
    const sink = new SpillingSink(this.temp, 0);
    this.spill = sink;
    const held = this.queue;
    this.queue = [];
    this.queued = 0;
    for (const c of held) await sink.write(c);
  }

  private notifyReader(): void {
    const w = this.wakeReader;
    this.wakeReader = undefined;
    w?.();
  }

  private notifyWriter(): void {
    const w = this.wakeWriter;
    this.wakeWriter = undefined;
    w?.();
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => { this.wakeReader = resolve; });
  }

  /** Reads the part once, from memory as it arrives or from its temp file once complete. */
  private async *read(): AsyncGenerator<Uint8Array> {
    if (this.reading) throw new Error('a relayed document can be read only once');
    this.reading = true;
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.spill) {
        if (this.spilled) { yield* this.spilled.open(); return; }
        await this.changed();
        continue;
      }
      const next = this.queue.shift();
      if (next) {
        this.queued -= next.length;
        if (this.queued <= this.window) this.notifyWriter();
        yield next;
        continue;
      }
      if (this.ended) return;
      await this.changed();
    }
  }
}
