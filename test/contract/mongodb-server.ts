import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * A FerretDB server of a test's own, run through scripts/mongodb-test-server.sh on a data
 * directory of its own, so a test may stop, SIGKILL and restart it without disturbing the
 * server at MONGODB_URL. A restart keeps the port, so clients reconnect to the same URL.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = join(ROOT, 'scripts/mongodb-test-server.sh');
const run = promisify(execFile);

/** Whether the script can start a server without building one first (the binary is there). */
export const ferretDbAvailable = (): boolean => existsSync(join(ROOT, '.tmp/bin/ferretdb'));

export class PrivateMongoServer {
  private constructor(readonly dir: string, private urlValue: string) {}

  /** The connection string (the same across restarts). */
  get url(): string { return this.urlValue; }

  /** Starts a server on a new data directory under .tmp/. */
  static async start(): Promise<PrivateMongoServer> {
    const dir = await mkdtemp(join(ROOT, '.tmp/ferretdb-test-'));
    const s = new PrivateMongoServer(dir, '');
    await s.restart();
    return s;
  }

  /** Starts the server again on the same data directory and port. */
  async restart(): Promise<void> {
    const { stdout } = await run(SCRIPT, ['start', this.dir], { timeout: 60_000 });
    const url = /MONGODB_URL=(\S+)/.exec(stdout)?.[1];
    if (!url) throw new Error(`mongodb-test-server.sh start printed no URL: ${stdout}`);
    this.urlValue = url;
  }

  /** Stops the server gracefully (SIGTERM). */
  async stop(): Promise<void> { await run(SCRIPT, ['stop', this.dir], { timeout: 30_000 }); }

  /** Kills the server with SIGKILL: no shutdown, as in a power cut of the process. */
  async kill(): Promise<void> { await run(SCRIPT, ['kill', this.dir], { timeout: 30_000 }); }

  /** Stops the server and removes its data. */
  async destroy(): Promise<void> {
    await this.kill().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
