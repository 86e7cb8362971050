import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importLinks } from '../../../scripts/xref-cli.js';
import { createLogger } from '../../../src/logging/logger.js';
import { EmbeddedPatientLinks } from '../../../src/storage/embedded/patient-links.js';
import { syntheticFnr } from '../profiles/synthetic-ids.js';

const FNR = '13116900216';
const cx = (id: string, oid: string): string => `${id}^^^&${oid}&ISO`;
const NATIONAL = cx(FNR, '2.16.578.1.12.4.1.4.1');

describe('npm run xref -- import', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'xref-cli-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const file = (text: string): string => { const f = join(dir, 'links.csv'); writeFileSync(f, text); return f; };

  it('links every good line, reports each bad one with its number, and keeps the links for the next start', async () => {
    const synthetic = syntheticFnr(13, 11, 69, 500, 65);
    const f = file([
      '# national, then local ids',
      `${NATIONAL}, ${cx('L1', '2.999.55.1')}; ${cx('L2', '2.999.55.2')}`,
      '',
      `${cx(synthetic, '2.16.578.1.12.4.1.4.1')} ${cx('L3', '2.999.55.1')}`,
      `${cx('13116900217', '2.16.578.1.12.4.1.4.1')},${cx('L4', '2.999.55.1')}`,
      `${cx('L5', '2.999.55.1')}`,
      `${NATIONAL},${'x'.repeat(9000)}`,
      'not a cx',
    ].join('\n'));
    const out: string[] = [];
    const store = await EmbeddedPatientLinks.open({ dir, log: createLogger('silent') });
    expect(await importLinks(f, store, 'error', (l) => out.push(l))).to.equal(5);
    await store.close();
    expect(out.slice(0, -1)).to.deep.equal([
      `line 4: the national id ${synthetic} is a synthetic test identity, which no.patient-id.synthetic=error refuses`,
      'line 5: the national id 13116900217 is not valid (checksum)',
      'line 6: exactly one national id (fødselsnummer 2.16.578.1.12.4.1.4.1, D-nummer 2.16.578.1.12.4.1.4.2 or felles hjelpenummer 2.16.578.1.12.4.1.4.3) is needed; 0 given',
      'line 7: the line is longer than 8192 characters',
      'line 8: "not" is not a CX id^^^&OID&ISO',
    ]);
    expect(out.at(-1)).to.match(/: 1 person\(s\) linked to 2 local id\(s\); 5 line\(s\) refused$/);
    const reopened = await EmbeddedPatientLinks.open({ dir, log: createLogger('silent') });
    expect((await reopened.resolve({ id: 'L2', assigningAuthority: '2.999.55.2' }))?.nationalId.id).to.equal(FNR);
    await reopened.close();
  });

  it('runs as npm run xref would, on the store STORAGE_URL names, with an exit status per outcome', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/xref-cli.ts', ...args],
      { encoding: 'utf8', env: { ...process.env, STORAGE_URL: `file:${join(dir, 'data')}`, LOG_LEVEL: 'silent' } });
    const ok = run('import', file(`${NATIONAL},${cx('L1', '2.999.55.1')}\n`));
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stdout).to.match(/1 person\(s\) linked to 1 local id\(s\); 0 line\(s\) refused/);
    expect(run('import', join(dir, 'missing.csv')).stderr).to.match(/does not exist/);
    expect(run('import').status).to.equal(2);
    expect(run('import', file('garbage\n')).status).to.equal(1);
  });
});
