/**
 * Validation of metadata-codes/*.json when it is read, so that a hand-edited list with a
 * mistake stops the gateway at start with the file's name, not at the first request.
 */
import { z } from 'zod';
import { CODE_SYSTEMS_FILE, type CodeSystemsFile, type ValueListFile, type ValueSetFile } from './code-files.js';

const codeRecord = z.object({ code: z.string().min(1), display: z.string().optional(), parent: z.string().optional() });
const part = z.object({
  system: z.string().min(1), open: z.boolean().optional(), codes: z.array(codeRecord).optional(), note: z.string().optional(),
});
const valueSet = z.object({ attribute: z.string().min(1), description: z.string(), parts: z.array(part) });
const valueList = z.object({
  attribute: z.string().min(1), description: z.string(), maintained: z.string().optional(),
  values: z.array(z.string().min(1)), byFormatCode: z.record(z.string(), z.array(z.string())).optional(),
});
const system = z.object({
  oid: z.string().min(1), name: z.string(), uri: z.string().optional(), aliases: z.array(z.string()).optional(),
  completeness: z.enum(['complete', 'ref-copy', 'partial', 'subset', 'not-available', 'test-data']),
  note: z.string().optional(), source: z.string().optional(), from: z.string().optional(), codeCount: z.number().optional(),
});
const systems = z.object({ description: z.string(), systems: z.array(system) });

export type ParsedCodesFile =
  | { readonly kind: 'systems'; readonly content: CodeSystemsFile }
  | { readonly kind: 'value-set'; readonly content: ValueSetFile }
  | { readonly kind: 'value-list'; readonly content: ValueListFile };

/** Drops keys whose value is undefined, which zod output may carry but exactOptionalPropertyTypes forbids. */
function clean<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Parses one file of metadata-codes/.
 * @param name - file name, used to tell code-systems.json apart and in messages
 * @param text - the file content
 * @returns the typed content
 * @throws Error naming the file and the first problem
 */
export function parseCodesFile(name: string, text: string): ParsedCodesFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`metadata-codes/${name}: not valid JSON: ${(e as Error).message}`);
  }
  const fail = (issues: z.ZodError): never => {
    const i = issues.issues[0];
    throw new Error(`metadata-codes/${name}: ${i?.path.join('.') ?? ''} ${i?.message ?? 'invalid'}`);
  };
  if (name === CODE_SYSTEMS_FILE) {
    const r = systems.safeParse(json);
    return r.success ? { kind: 'systems', content: clean<CodeSystemsFile>(r.data) } : fail(r.error);
  }
  if (json !== null && typeof json === 'object' && 'values' in json) {
    const r = valueList.safeParse(json);
    return r.success ? { kind: 'value-list', content: clean<ValueListFile>(r.data) } : fail(r.error);
  }
  const r = valueSet.safeParse(json);
  return r.success ? { kind: 'value-set', content: clean<ValueSetFile>(r.data) } : fail(r.error);
}
