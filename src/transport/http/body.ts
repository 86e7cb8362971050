/**
 * Reading request bodies under limits: a total byte cap (413) and an idle timeout (408), with
 * the stream left open on refusal so that the fault can still be written. house-style A6.
 */
import type { IncomingMessage } from 'node:http';
import { SoapFault } from '../soap/fault.js';

export interface BodyLimits {
  /** Most bytes accepted; more gives REQUEST_TOO_LARGE. */
  readonly maxBytes: number;
  /** Longest wait for the next chunk; longer gives REQUEST_TIMEOUT. */
  readonly idleMs: number;
  /** Told the size of every chunk received (for the request log). */
  readonly onChunk?: (bytes: number) => void;
}

/** The client went away before its request was read: nobody is left to answer. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before the request was read');
    this.name = 'ClientGoneError';
  }
}

/**
 * The body's chunks, counted and timed.
 * @param req - the request
 * @param limits - size and idle limits
 * @throws SoapFault REQUEST_TOO_LARGE / REQUEST_TIMEOUT, ClientGoneError
 */
export async function* requestChunks(req: IncomingMessage, limits: BodyLimits): AsyncGenerator<Buffer> {
  // destroyOnReturn false: stopping early must not destroy the socket the fault goes out on
  const it = req.iterator({ destroyOnReturn: false })[Symbol.asyncIterator]();
  let total = 0;
  for (;;) {
    let r: IteratorResult<unknown>;
    try {
      r = await nextWithin(it, limits.idleMs);
    } catch (e) {
      if (e instanceof SoapFault) throw e;
      throw new ClientGoneError();
    }
    if (r.done) return;
    const chunk = r.value as Buffer;
    total += chunk.length;
    limits.onChunk?.(chunk.length);
    if (total > limits.maxBytes) {
      req.pause();
      throw new SoapFault('REQUEST_TOO_LARGE', [limits.maxBytes]);
    }
    yield chunk;
  }
}

/**
 * The whole body in one buffer.
 * @param req - the request
 * @param limits - size and idle limits
 */
export async function readWholeBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of requestChunks(req, limits)) {
    chunks.push(c);
    size += c.length;
  }
  return chunks.length === 1 ? chunks[0] as Buffer : Buffer.concat(chunks, size);
}

function nextWithin<T>(it: AsyncIterator<T>, ms: number): Promise<IteratorResult<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new SoapFault('REQUEST_TIMEOUT', [ms])), ms);
    it.next().then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e: unknown) => { clearTimeout(timer); reject(e instanceof Error ? e : new Error(String(e))); },
    );
  });
}
