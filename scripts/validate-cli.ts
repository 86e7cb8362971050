/**
 * `npm run validate -- <submission.xml> [--profile norway|ihe-generic] [--rules rule=level,…]`
 *
 * Checks an ITI-41 or ITI-42 request offline, as the gateway's registry would, and prints one
 * line per finding: severity, rule id, location and text. The profile and rule severities come
 * from METADATA_PROFILE, METADATA_RULES and the GATEWAY_CONFIG file as for the gateway; the
 * options override them. Exit status 0 when there is no error, 1 when there is, 2 when the file
 * cannot be read as a request or the options or settings are bad. Lets an EPJ vendor test a
 * message before sending it. See docs/metadata-profiles.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { isProfileId } from '../src/profiles/profiles.js';
import { CliError, EXIT, EXIT_CODES_HELP, oneLine, parseCommand, runWhenMain } from './cli/command.js';
import { checkMessage, type ReportedFinding } from './validate/check-message.js';
import { readMessage } from './validate/read-message.js';

const HELP = `npm run validate -- <submission.xml> [--profile norway|ihe-generic] [--rules rule-id=error|warning|off,…]
Checks an ITI-41 (SOAP, MTOM or body) or ITI-42 request offline against the metadata rules and
prints each finding with its rule id and location.
  --profile   metadata profile (default: METADATA_PROFILE, or the GATEWAY_CONFIG file's, else norway)
  --rules     rule severities (default: METADATA_RULES, as for the gateway; docs/metadata-profiles.md)
${EXIT_CODES_HELP}`;

const SPEC = {
  name: 'validate', help: HELP, positionals: { min: 1, max: 1 },
  options: { profile: { type: 'string' }, rules: { type: 'string' } },
} as const;

/** One report line: severity, rule, location, text. */
export function formatFinding(f: ReportedFinding): string {
  return `${f.severity.toUpperCase().padEnd(7)} ${f.rule}  at ${f.location}  ${f.code}: ${f.text}`;
}

/** The profile settings as the gateway would read them, options first. */
function settingsOf(values: { profile?: string; rules?: string }, env: Readonly<Record<string, string | undefined>>) {
  let config;
  try {
    config = loadConfig({ ...env, ...(values.profile ? { METADATA_PROFILE: undefined } : {}), ...(values.rules !== undefined ? { METADATA_RULES: undefined } : {}) });
  } catch (e) {
    throw new CliError(e instanceof ConfigError ? `settings: ${e.problems.join('; ')}` : oneLine(e));
  }
  const profile = values.profile ?? config.METADATA_PROFILE;
  if (!isProfileId(profile)) throw new CliError(`unknown profile "${profile}"; give norway or ihe-generic`);
  return { METADATA_PROFILE: profile, METADATA_RULES: values.rules ?? config.METADATA_RULES };
}

/**
 * Runs the command.
 * @param argv - the arguments after the script name
 * @param out - where report lines go
 * @param env - the environment whose METADATA_PROFILE, METADATA_RULES and GATEWAY_CONFIG apply
 * @returns the exit status
 */
export async function runValidateCli(argv: readonly string[], out: (line: string) => void,
  env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  let file: string;
  let settings;
  try {
    const parsed = parseCommand(SPEC, argv, out);
    if (!parsed) return EXIT.ok;
    file = parsed.positionals[0] ?? '';
    settings = settingsOf(parsed.values as { profile?: string; rules?: string }, env);
  } catch (e) {
    out(oneLine(e));
    return EXIT.usage;
  }
  try {
    const message = await readMessage(readFileSync(file));
    try {
      const findings = checkMessage(message.transaction, message.body, settings);
      findings.forEach((f) => out(formatFinding(f)));
      const errors = findings.filter((f) => f.severity === 'error').length;
      out(`${path.basename(file)}: ${message.transaction} (${message.packaging}), profile ${settings.METADATA_PROFILE}: ${errors} error(s), ${findings.length - errors} warning(s)`);
      return errors > 0 ? EXIT.failed : EXIT.ok;
    } finally {
      await message.cleanup();
    }
  } catch (e) {
    out(`${file}: ${oneLine(e)}`);
    return EXIT.usage;
  }
}

runWhenMain(import.meta.url, 'validate', (argv) => runValidateCli(argv, (line) => console.log(line)));
