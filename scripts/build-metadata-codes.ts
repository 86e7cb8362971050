/**
 * Regenerates metadata-codes/ from the reference material in ../shared:
 *   codes/norway/*.csv → metadata-codes/*.json (norway profile)
 *   NIST codes.xml     → metadata-codes/ihe-generic/*.json (ihe-generic profile)
 * Hand-maintained files (mimeType.json, languageCode.json in metadata-codes/) are left alone.
 * Usage: npx tsx scripts/build-metadata-codes.ts [shared-dir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIheGenericCodes } from './metadata-codes/nist.js';
import { buildNorwayCodes, type GeneratedFiles } from './metadata-codes/norway.js';
import { NIST_CODES_XML, NORWAY_CODES_DIR } from './metadata-codes/paths.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The JSON text written for a generated file: stable, two-space indented, final newline. */
export function jsonText(content: unknown): string {
  return `${JSON.stringify(content, null, 2)}\n`;
}

function writeAll(dir: string, files: GeneratedFiles): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of files) writeFileSync(path.join(dir, name), jsonText(content));
  console.log(`${files.size} files written to ${path.relative(projectRoot, dir) || '.'}`);
}

function main(): void {
  const shared = path.resolve(process.argv[2] ?? path.join(projectRoot, '..', 'shared'));
  writeAll(path.join(projectRoot, 'metadata-codes'), buildNorwayCodes(path.join(shared, NORWAY_CODES_DIR)));
  writeAll(path.join(projectRoot, 'metadata-codes', 'ihe-generic'), buildIheGenericCodes(path.join(shared, NIST_CODES_XML)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
