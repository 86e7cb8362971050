/**
 * Where the shared reference folder (../shared from the project root) is, and how tests that
 * need it behave when it is missing: skipped with a message naming the expected location, or
 * failed when REQUIRE_SHARED=1 (as CI sets it).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (two levels above test/support). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The shared reference folder, a sibling of the project. */
export const SHARED_DIR = path.resolve(PROJECT_ROOT, '..', 'shared');
/** The primary XSD set for XDS.b / XCA validation. */
export const IHE_SCHEMAS = path.join(SHARED_DIR, 'conformance', 'schemas', 'ihe-iti', 'iti', 'schema');
export const XSD = {
  rs: path.join(IHE_SCHEMAS, 'ebRS', 'rs.xsd'),
  lcm: path.join(IHE_SCHEMAS, 'ebRS', 'lcm.xsd'),
  query: path.join(IHE_SCHEMAS, 'ebRS', 'query.xsd'),
  rim: path.join(IHE_SCHEMAS, 'ebRS', 'rim.xsd'),
  repository: path.join(IHE_SCHEMAS, 'IHE', 'XDS.b_DocumentRepository.xsd'),
} as const;

/** True when the shared folder is present. */
export function sharedAvailable(): boolean {
  return existsSync(path.join(SHARED_DIR, 'conformance'));
}

/** A path inside the shared folder. */
export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DIR, ...parts);
}

/**
 * Call first in a test (or before hook) that reads ../shared: skips it when the folder is
 * missing, or fails when REQUIRE_SHARED=1.
 * @param ctx - the mocha context (`this` in a non-arrow test function)
 */
export function requireShared(ctx: Mocha.Context): void {
  if (sharedAvailable()) return;
  const message = `the shared reference folder is missing; expected it at ${SHARED_DIR}`;
  if (process.env['REQUIRE_SHARED'] === '1') throw new Error(`${message} (REQUIRE_SHARED=1)`);
  ctx.skip();
}
