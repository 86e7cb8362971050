/**
 * Starts the gateway as its own process, the way `npm start` does, so that benchmarks measure
 * the server alone (its RSS, its CPU) and not the load generator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface GatewayProcess {
  readonly url: string;
  readonly pid: number;
  /** Graceful stop (SIGTERM), waiting for the exit. */
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL), as a crash would, and waits for the exit. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** How `npm start` runs the gateway: the TypeScript sources through tsx. */
export const SOURCE_ENTRY = ['--import', 'tsx', 'src/main.ts'] as const;
/** How `npm run start:prod` and the Docker image run it: the compiled JavaScript of `npm run build`. */
export const BUILT_ENTRY = ['dist/main.js'] as const;

/** Starts the gateway (`node --import tsx src/main.ts` unless told otherwise) with the given settings and waits for /healthz. */
export async function startGatewayProcess(env: Record<string, string>, entry: readonly string[] = SOURCE_ENTRY): Promise<GatewayProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', XUA_MODE: 'off', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error('gateway did not start in 30 s'); }
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise<void>((resolve) => { if (child.exitCode !== null) resolve(); else child.once('exit', () => resolve()); });
  return {
    url,
    pid: child.pid ?? 0,
    kill: async () => { child.kill('SIGKILL'); await exited; },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }),
  };
}

/** Resident set size and its high-water mark of a process, in bytes (Linux /proc). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Resets the RSS high-water mark of a process so a later peak measures one phase only. */
export function resetPeak(pid: number): boolean {
  try {
    // Writing 5 to clear_refs resets VmHWM (Linux 4.0+).
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
