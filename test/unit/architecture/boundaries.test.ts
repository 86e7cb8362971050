import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The walls between the layers (.dependency-cruiser.cjs) and the lint rules (eslint.config.js)
 * hold for the gateway's own code, and each wall refuses a deliberately bad import in a small
 * tree written for the test. `npm run lint` runs the same checks before the tests.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'node_modules/.bin');
const run = promisify(execFile);

interface Violation { readonly rule: string; readonly from: string; readonly to: string }

async function cruise(cwd: string): Promise<Violation[]> {
  const out = await run(join(BIN, 'depcruise'), ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd, maxBuffer: 64 << 20 })
    .catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  const report = JSON.parse(out.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

/** Writes `files` (path under src/ → text) into a fresh tree that shares the project's config and node_modules. */
function tree(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'walls-'));
  copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'src', path)), { recursive: true });
    writeFileSync(join(dir, 'src', path), text);
  }
  return dir;
}

describe('The walls between the layers', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('hold for the gateway\'s own code', async () => {
    expect(await cruise(ROOT)).to.deep.equal([]);
  });

  it('refuse an import upwards, a circle, anything in domain/ and transport libraries below transactions/', async () => {
    const dir = tree({
      'domain/entry.ts': "import { readFileSync } from 'node:fs';\nexport const read = (p: string): string => readFileSync(p, 'utf8');\n",
      'formats/codec.ts': "import { handle } from '../transactions/handler.js';\nexport const codec = handle;\n",
      'transactions/handler.ts': "export const handle = (): number => 1;\n",
      'services/a.ts': "import type { B } from './b.js';\nexport interface A { readonly b?: B }\n",
      'services/b.ts': "import type { A } from './a.js';\nexport interface B { readonly a?: A }\n",
      'services/http.ts': "import express from 'express';\nexport const app = express;\n",
      'rules/outcome.ts': "import { operationOutcome } from '../formats/fhir/operation-outcome.js';\nexport const o = operationOutcome;\n",
      'formats/fhir/operation-outcome.ts': "export const operationOutcome = (): string => 'x';\n",
      'queries/mongo.ts': "import { MongoClient } from 'mongodb';\nexport const c = MongoClient;\n",
      'transport/fine.ts': "import express from 'express';\nimport { handle } from '../transactions/handler.js';\nexport const ok = [express, handle];\n",
    });
    dirs.push(dir);
    const found = (await cruise(dir)).map((v) => `${v.rule} ${v.from}`);
    expect(found).to.include.members([
      'domain-imports-nothing src/domain/entry.ts',
      'layer-formats src/formats/codec.ts',
      'no-circular src/services/a.ts',
      'transport-libraries-at-the-edge src/services/http.ts',
      'fhir-responses-at-the-edge src/rules/outcome.ts',
      'mongodb-driver-in-its-adapter src/queries/mongo.ts',
    ]);
    expect(found.filter((f) => f.endsWith('src/transport/fine.ts'))).to.deep.equal([]);
  });
});

describe('The lint rules', function () {
  this.timeout(60_000);

  async function lint(path: string, text: string): Promise<string[]> {
    const child = execFile(join(BIN, 'eslint'), ['--format', 'json', '--stdin', '--stdin-filename', path], { cwd: ROOT });
    child.stdin?.end(text);
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
    await new Promise((res) => child.on('close', res));
    const [result] = JSON.parse(stdout) as { messages: { ruleId: string | null }[] }[];
    return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse');
  }

  it('refuse `any` below transport/ and loose equality anywhere, and accept them where allowed', async () => {
    const text = 'export const f = (a: any): boolean => a == 1;\n';
    expect(await lint('src/domain/probe.ts', text)).to.have.members(['no-restricted-syntax', 'eqeqeq']);
    expect(await lint('src/transport/probe.ts', text)).to.deep.equal(['eqeqeq']);
    expect(await lint('src/domain/probe.ts', 'export const f = (a: unknown): boolean => a === 1;\n')).to.deep.equal([]);
  });
});
