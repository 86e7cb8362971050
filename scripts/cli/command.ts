/**
 * What every command of the project (demo, validate, xua, conformance, bench) shares: `--help`,
 * strict options, and errors as one line on stderr with a documented exit code, never a stack trace.
 *
 * Exit codes: 0 done (or the check passed), 1 the check or run found failures, 2 bad usage or an
 * input that cannot be read, 3 the gateway could not be reached.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3 } as const;
export const EXIT_CODES_HELP = 'exit codes: 0 done, 1 failures found, 2 bad usage or unreadable input, 3 gateway not reachable';

/** An error the user can act on: printed as one line, then the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** The name printed before error lines, e.g. "demo". */
  readonly name: string;
  /** The whole --help text; its first line is the usage line. */
  readonly help: string;
  readonly options: O;
  /** How many positional arguments are allowed (default none). */
  readonly positionals?: { readonly min: number; readonly max: number };
}

/**
 * Parses argv strictly: an unknown option, a missing value or a wrong number of positionals is
 * a CliError (exit 2) naming it.
 * @returns undefined when --help or -h was given (the help has been written to `out`)
 */
export function parseCommand<O extends ParseArgsOptionsConfig>(spec: CommandSpec<O>, argv: readonly string[], out: (line: string) => void) {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(spec.help);
    return undefined;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: spec.options, allowPositionals: (spec.positionals?.max ?? 0) > 0, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message.split(/\n|(?<=')\. /)[0]}; see --help`);
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw new CliError(`expected ${min === max ? min : `${min} to ${max}`} argument(s), got ${parsed.positionals.length}; usage: ${spec.help.split('\n')[0]}`);
  }
  return parsed;
}

/** The message of anything thrown, on one line. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s*\n\s*/g, '; ');
}

/**
 * Runs a command's main when its file is the entry script: prints an error as one line on
 * stderr and sets the exit code; never a stack trace.
 * @param moduleUrl - import.meta.url of the command's file
 */
export function runWhenMain(moduleUrl: string, name: string, main: (argv: readonly string[]) => Promise<number> | number): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  Promise.resolve().then(() => main(process.argv.slice(2))).then((code) => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`${name}: ${oneLine(e)}\n`);
    process.exitCode = e instanceof CliError ? e.exitCode : EXIT.failed;
  });
}
