/**
 * `npm run xref -- import <file>`: feeds the patient identity cross-reference in a batch, as
 * PIXm ITI-104 does one person at a time (docs/patient-identities.md). Each line names one
 * person: the national id and one or more local ids, as CX values (`id^^^&OID&ISO`) separated
 * by commas, semicolons or blanks; empty lines and lines starting with # are skipped. Every line
 * is checked like a feed (exactly one national id with valid check digits, at least one local id,
 * synthetic test persons as no.patient-id.synthetic says) and linked, or reported with its line
 * number. The store is the one STORAGE_URL names; with the embedded store run the import while the
 * gateway is stopped (the gateway reads the links at start). Lines longer than 8 KiB are refused.
 * Exit status 0 when every line was imported, 1 when a line was refused, 2 for a usage or storage error.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../src/config/load.js';
import type { Cx } from '../src/domain/datatypes.js';
import { parseCx } from '../src/formats/hl7v2/cx.js';
import { createLogger } from '../src/logging/logger.js';
import { syntheticIdSeverity } from '../src/profiles/norway/profile.js';
import { identityOf } from '../src/services/patient-feed.js';
import { closeStorage, openStorage } from '../src/storage/open-storage.js';
import type { PatientIdentityStore } from '../src/storage/ports.js';

const USAGE = 'usage: npm run xref -- import <file>   (one person a line: <national CX>,<local CX>[,<local CX>…]; STORAGE_URL names the store)';
const MAX_LINE = 8 * 1024;

/** The file's lines with their numbers; a line longer than MAX_LINE is given as undefined. */
async function* lines(file: string): AsyncGenerator<{ n: number; text: string | undefined }> {
  let rest = '';
  let n = 0;
  let tooLong = false;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    const parts = (rest + (chunk as string)).split(/\r?\n/);
    rest = parts.pop() ?? '';
    for (const p of parts) {
      n += 1;
      yield { n, text: tooLong || p.length > MAX_LINE ? undefined : p };
      tooLong = false;
    }
    // A line still open beyond the cap is not kept in memory: only that it was too long.
    if (rest.length > MAX_LINE) { tooLong = true; rest = ''; }
  }
  if (rest !== '' || tooLong) yield { n: n + 1, text: tooLong ? undefined : rest };
}

/** The ids of one line, or why they cannot be read. */
function idsOf(text: string): Cx[] | string {
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  const ids: Cx[] = [];
  for (const t of tokens) {
    const cx = parseCx(t);
    if (!cx || !cx.id || (cx.universalIdType !== undefined && cx.universalIdType !== 'ISO')) return `"${t}" is not a CX id^^^&OID&ISO`;
    ids.push({ id: cx.id, assigningAuthority: cx.assigningAuthority });
  }
  return ids;
}

/**
 * Imports one file into the cross-reference.
 * @param file - the file
 * @param patients - the store
 * @param synthetic - the no.patient-id.synthetic severity
 * @param out - where report lines go
 * @returns the number of lines refused
 */
export async function importLinks(file: string, patients: PatientIdentityStore, synthetic: 'error' | 'warning' | 'off', out: (l: string) => void): Promise<number> {
  let people = 0;
  let locals = 0;
  let refused = 0;
  for await (const { n, text } of lines(file)) {
    if (text !== undefined && (text.trim() === '' || text.trimStart().startsWith('#'))) continue;
    const ids = text === undefined ? `the line is longer than ${MAX_LINE} characters` : idsOf(text);
    const checked = typeof ids === 'string' ? { ok: false as const, problems: [ids] } : identityOf(ids, synthetic);
    if (!checked.ok) {
      refused += 1;
      out(`line ${n}: ${checked.problems.join('; ')}`);
      continue;
    }
    await patients.link(checked.identity.nationalId, checked.identity.localIds);
    people += 1;
    locals += checked.identity.localIds.length;
  }
  out(`${file}: ${people} person(s) linked to ${locals} local id(s); ${refused} line(s) refused`);
  return refused;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, file, ...rest] = argv;
  if (command === '--help' || command === '-h') { console.log(USAGE); return 0; }
  if (command !== 'import' || !file || rest.length) { console.error(USAGE); return 2; }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : String(e));
    return 2;
  }
  if (config.STORAGE_URL.startsWith('memory:')) { console.error('STORAGE_URL memory: keeps nothing; name the gateway\'s store (file:… or mongodb://…)'); return 2; }
  let storage;
  try {
    storage = await openStorage(config.STORAGE_URL, { log: createLogger('warn') });
  } catch (e) {
    console.error(`xref import: the store cannot be opened: ${(e as Error).message}`);
    return 2;
  }
  try {
    return (await importLinks(file, storage.patients, syntheticIdSeverity(config.METADATA_RULES), (l) => console.log(l))) > 0 ? 1 : 0;
  } catch (e) {
    console.error(`xref import: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `${file} does not exist` : (e as Error).message}`);
    return 2;
  } finally {
    await closeStorage(storage);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => { console.error(String(e)); process.exitCode = 2; });
}
