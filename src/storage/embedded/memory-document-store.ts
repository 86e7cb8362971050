import type { DocumentContent } from '../../domain/submission.js';
import { StoreUnavailableError } from '../errors.js';
import type { DocumentStore, StoredDocument } from '../ports.js';

/** Reads a document's content into one buffer (its own copy). */
export async function readContent(content: DocumentContent): Promise<Buffer> {
  if (content.bytes) return Buffer.from(content.bytes);
  const parts: Buffer[] = [];
  for await (const c of content.open()) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

/** A StoredDocument whose bytes are in memory. */
export function storedFromBytes(uniqueId: string, bytes: Buffer, sha1: string): StoredDocument {
  return {
    uniqueId, size: bytes.length, sha1,
    async *open() { if (bytes.length > 0) yield bytes; },
  };
}

/** DocumentStore for `memory:`: bytes in a Map, gone when the process ends. For tests. */
export class MemoryDocumentStore implements DocumentStore {
  private readonly docs = new Map<string, { bytes: Buffer; sha1: string }>();
  private closed = false;

  async put(uniqueId: string, content: DocumentContent): Promise<{ size: number; sha1: string }> {
    this.assertOpen();
    const bytes = await readContent(content);
    this.docs.set(uniqueId, { bytes, sha1: content.sha1 });
    return { size: bytes.length, sha1: content.sha1 };
  }

  async get(uniqueId: string): Promise<StoredDocument | undefined> {
    const d = this.docs.get(uniqueId);
    return d && storedFromBytes(uniqueId, d.bytes, d.sha1);
  }

  async remove(uniqueIds: readonly string[]): Promise<void> {
    for (const id of uniqueIds) this.docs.delete(id);
  }

  async *list(): AsyncIterable<string> {
    yield* [...this.docs.keys()];
  }

  async ping(): Promise<void> { this.assertOpen(); }

  async close(): Promise<void> { this.closed = true; }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The document store is closed');
  }
}
