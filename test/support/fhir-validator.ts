/**
 * The independent FHIR R4 + IHE MHD 4.2.3 validator in ../shared/tools/fhir-validator (HAPI FHIR
 * with the IG's StructureDefinitions built from its FSH). requireFhirValidator() builds it on
 * first use (setup.sh: Maven and npm, a few minutes; a no-op once built), so a clean checkout in
 * CI builds it from the project's own test run. Missing shared material is treated like every
 * other test that reads ../shared: skipped with the reason, or a failure under REQUIRE_SHARED=1.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { requireShared, sharedPath } from './shared.js';

const TOOL_DIR = sharedPath('tools', 'fhir-validator');

/** Time allowed for building the validator from empty Maven and npm caches on a busy machine. */
export const FHIR_VALIDATOR_BUILD_TIMEOUT_MS = 20 * 60 * 1000;

/** Where the validator is built (and where setup.sh writes the IG examples). */
export function fhirValidatorHome(): string {
  return process.env['FHIR_VALIDATOR_HOME'] ?? path.join(homedir(), '.cache', 'fhir-validator');
}

/** The IG's example resources as JSON, generated from its FSH by the validator build. */
export function mhdExamplesDir(): string {
  return path.join(fhirValidatorHome(), 'examples', 'mhd');
}

interface Run { readonly status: number | null; readonly stdout: string; readonly stderr: string }

function run(script: string, args: readonly string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(path.join(TOOL_DIR, script), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); resolve({ status: null, stdout, stderr: `${stderr}${e.message}` }); });
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

/**
 * Call from a before() hook given FHIR_VALIDATOR_BUILD_TIMEOUT_MS: makes sure the validator is
 * built, or skips (fails under REQUIRE_SHARED=1) saying why it is not usable.
 * @param ctx - the mocha context of the hook
 */
export async function requireFhirValidator(ctx: Mocha.Context): Promise<void> {
  requireShared(ctx);
  const problem = !existsSync(path.join(TOOL_DIR, 'validate.sh'))
    ? `the FHIR validator is missing; expected it at ${TOOL_DIR}`
    : await run('setup.sh', [], FHIR_VALIDATOR_BUILD_TIMEOUT_MS).then((r) => (r.status === 0 ? undefined
      : `the FHIR validator could not be built (setup.sh exit ${r.status}): ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`));
  if (!problem) return;
  if (process.env['REQUIRE_SHARED'] === '1') throw new Error(`${problem} (REQUIRE_SHARED=1)`);
  ctx.skip();
}

/** The validator's verdict on a set of files. */
export interface FhirValidation {
  /** 0 all valid, 1 some invalid, 2 usage error, 3 tool unusable. */
  readonly status: number | null;
  /** file → VALID | INVALID, as printed. */
  readonly verdicts: ReadonlyMap<string, 'VALID' | 'INVALID'>;
  /** The validator's report: per file, the ERROR and FATAL lines. */
  readonly report: string;
}

/**
 * Validates files or folders in one validator run.
 * @param paths - files or folders
 * @param profile - a profile every file must also meet (name or canonical URL)
 * @returns verdicts and the report
 */
export async function validateFhir(paths: readonly string[], profile?: string): Promise<FhirValidation> {
  const args = ['--quiet', ...(profile ? ['--profile', profile] : []), ...paths];
  const r = await run('validate.sh', args, FHIR_VALIDATOR_BUILD_TIMEOUT_MS);
  const verdicts = new Map<string, 'VALID' | 'INVALID'>();
  for (const line of r.stdout.split('\n')) {
    const m = /^== (.+): (VALID|INVALID) \(\d+ errors, \d+ warnings\)/.exec(line);
    if (m?.[1] && (m[2] === 'VALID' || m[2] === 'INVALID')) verdicts.set(m[1], m[2]);
  }
  return { status: r.status, verdicts, report: `${r.stdout}${r.status === 0 || r.status === 1 ? '' : r.stderr}` };
}
