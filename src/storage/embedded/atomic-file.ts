import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Flushes a directory, so that files created, renamed or removed in it survive a power loss.
 * Some file systems refuse fsync on a directory; that only weakens durability, so it is ignored.
 * @param dir - the directory
 */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch {
    // EINVAL/EISDIR on file systems without directory fsync: nothing better to do.
  } finally {
    await fh.close();
  }
}

/**
 * Writes a file so that readers see either the old or the complete new content: the chunks go
 * to `<path>.tmp`, which is flushed and then renamed over `path`, and the directory is flushed.
 * @param path - the final file
 * @param chunks - the content, produced lazily so that large files need not be held at once
 */
export async function writeFileAtomic(path: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    for await (const c of chunks) {
      let done = 0;
      while (done < c.length) done += (await fh.write(c, done, c.length - done)).bytesWritten;
    }
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  await rename(tmp, path);
  await fsyncDir(dirname(path));
}
