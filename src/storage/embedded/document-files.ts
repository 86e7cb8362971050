import { copyFile, open, rename, unlink } from 'node:fs/promises';

/** Moves a file, copying it when it is on another file system. */
export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await copyFile(from, to);
    await unlink(from);
  }
}

/** Writes chunks to a new file (not flushed: the caller syncs it). */
export async function streamToFile(chunks: AsyncIterable<Uint8Array>, path: string): Promise<void> {
  const fh = await open(path, 'w');
  try {
    for await (const c of chunks) {
      let done = 0;
      while (done < c.length) done += (await fh.write(c, done, c.length - done)).bytesWritten;
    }
  } finally {
    await fh.close();
  }
}
