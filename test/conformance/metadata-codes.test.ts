/**
 * Keeps metadata-codes/ in step with the reference code lists in ../shared: rebuilding from
 * ../shared/codes/norway/*.csv and the NIST codes.xml must give exactly the files the gateway
 * ships. After a change in ../shared run `npx tsx scripts/build-metadata-codes.ts`.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildIheGenericCodes } from '../../scripts/metadata-codes/nist.js';
import { buildNorwayCodes, norwaySourceCsvs, type GeneratedFiles } from '../../scripts/metadata-codes/norway.js';
import { NIST_CODES_XML, NORWAY_CODES_DIR } from '../../scripts/metadata-codes/paths.js';
import { PROJECT_ROOT, requireShared, SHARED_DIR, sharedAvailable, sharedPath } from '../support/shared.js';

const CODES_DIR = path.join(PROJECT_ROOT, 'metadata-codes');
const REBUILD = 'run `npx tsx scripts/build-metadata-codes.ts` and commit metadata-codes/';

function expectInStep(generated: GeneratedFiles, dir: string): void {
  for (const [name, content] of generated) {
    const shipped: unknown = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    expect(shipped, `${path.relative(PROJECT_ROOT, path.join(dir, name))} differs from ../shared; ${REBUILD}`).to.deep.equal(content);
  }
}

describe('metadata-codes kept in step with ../shared', function () {
  before(function () {
    if (!sharedAvailable()) console.log(`    (not run: the code lists are compared with ${SHARED_DIR}, which is missing)`);
    requireShared(this);
  });

  it('builds every Norwegian value set exactly as shipped in metadata-codes/', () => {
    expectInStep(buildNorwayCodes(sharedPath(NORWAY_CODES_DIR)), CODES_DIR);
  });

  it('builds every ihe-generic value set exactly as shipped in metadata-codes/ihe-generic/', () => {
    expectInStep(buildIheGenericCodes(sharedPath(NIST_CODES_XML)), path.join(CODES_DIR, 'ihe-generic'));
  });

  it('uses every code list of ../shared/codes/norway', () => {
    const csvs = readdirSync(sharedPath(NORWAY_CODES_DIR)).filter((f) => f.endsWith('.csv')).sort();
    expect(csvs.filter((f) => !norwaySourceCsvs().includes(f)), 'CSV files the build does not read').to.deep.equal([]);
  });

  it('counts as many codes per code system as the CSV has rows', () => {
    const systems = JSON.parse(readFileSync(path.join(CODES_DIR, 'code-systems.json'), 'utf8')) as { systems: { from?: string; codeCount?: number }[] };
    for (const s of systems.systems.filter((x) => x.from)) {
      const rows = readFileSync(sharedPath(s.from ?? ''), 'utf8').split(/\r?\n/).filter(Boolean).length - 2;
      expect(s.codeCount, s.from).to.equal(rows);
    }
  });
});
