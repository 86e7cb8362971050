/**
 * Validates XML against an XSD with xmllint (libxml2), the independent schema checker the
 * tests rely on. See ../shared/conformance/schemas/SOURCES.md for which XSD to use.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface XsdResult {
  readonly valid: boolean;
  /** xmllint's messages (empty when valid). */
  readonly errors: string;
}

/**
 * Writes `xml` to a temporary file and runs `xmllint --noout --schema xsdPath` on it.
 * @param xml - the document
 * @param xsdPath - the schema entry point
 * @returns whether it validates, and xmllint's error output
 */
export function validateAgainstXsd(xml: string, xsdPath: string): XsdResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'xsd-'));
  const file = path.join(dir, 'instance.xml');
  try {
    writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsdPath, file], { encoding: 'utf8' });
    if (r.error) return { valid: false, errors: `xmllint could not run: ${r.error.message}` };
    const errors = (r.stderr ?? '').split('\n').filter((l) => l && !l.endsWith(' validates')).join('\n');
    return { valid: r.status === 0, errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
