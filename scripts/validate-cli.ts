/**
 * `npm run validate -- <submission.xml> [--profile norway|ihe-generic] [--rules rule=level,…]`
 *
 * Checks an ITI-41 or ITI-42 request offline, as the gateway's registry would, and prints one
 * line per finding: severity, rule id, location and text. Exit status 0 when there is no
 * error, 1 when there is, 2 when the file cannot be read as a request or the options are bad.
 * Lets an EPJ vendor test a message before sending it. See docs/metadata-profiles.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isProfileId } from '../src/profiles/profiles.js';
import { checkMessage, type ReportedFinding } from './validate/check-message.js';
import { readMessage } from './validate/read-message.js';

const USAGE = 'usage: npm run validate -- <submission.xml> [--profile norway|ihe-generic] [--rules rule-id=error|warning|off,…]';

/** One report line: severity, rule, location, text. */
export function formatFinding(f: ReportedFinding): string {
  return `${f.severity.toUpperCase().padEnd(7)} ${f.rule}  at ${f.location}  ${f.code}: ${f.text}`;
}

/**
 * Runs the command.
 * @param argv - the arguments after the script name
 * @param out - where report lines go
 * @returns the exit status
 */
export async function runValidateCli(argv: readonly string[], out: (line: string) => void): Promise<number> {
  let file: string;
  let profile: string;
  let rules: string;
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { profile: { type: 'string', default: 'norway' }, rules: { type: 'string', default: '' } } });
    if (positionals.length !== 1) throw new Error('give exactly one file');
    [file, profile, rules] = [positionals[0] ?? '', values.profile ?? 'norway', values.rules ?? ''];
    if (!isProfileId(profile)) throw new Error(`unknown profile "${profile}"`);
  } catch (e) {
    out(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const message = await readMessage(readFileSync(file));
    try {
      const findings = checkMessage(message.transaction, message.body, { METADATA_PROFILE: profile, METADATA_RULES: rules });
      findings.forEach((f) => out(formatFinding(f)));
      const errors = findings.filter((f) => f.severity === 'error').length;
      out(`${path.basename(file)}: ${message.transaction} (${message.packaging}), profile ${profile}: ${errors} error(s), ${findings.length - errors} warning(s)`);
      return errors > 0 ? 1 : 0;
    } finally {
      await message.cleanup();
    }
  } catch (e) {
    out(`${file}: ${(e as Error).message}`);
    return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runValidateCli(process.argv.slice(2), (line) => console.log(line)).then((code) => { process.exitCode = code; }, (e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  });
}
