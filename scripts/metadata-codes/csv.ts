/**
 * Reader for the code-list CSVs of ../shared/codes/norway: line 1 a `# source: …` comment,
 * line 2 the header `code,display,codeSystemOid`, then one row per code. Fields may be
 * double-quoted with "" as the escaped quote (RFC 4180). See ../shared/codes/norway/README.md.
 */

/** One row of a code-list CSV. */
export interface CsvCodeRow {
  readonly code: string;
  readonly display: string;
  readonly codeSystemOid: string;
}

/** A parsed code-list CSV: where it came from and its rows in file order. */
export interface CodeCsv {
  /** The text of the `# source:` comment, without the leading "# source:". */
  readonly source: string;
  readonly rows: readonly CsvCodeRow[];
}

/**
 * Splits one CSV line into fields, honouring double quotes.
 * @param line - a line without its line ending
 * @returns the fields, unquoted
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; } else field += c;
  }
  fields.push(field);
  return fields;
}

/**
 * Parses a code-list CSV.
 * @param text - the file content (LF or CRLF line endings)
 * @returns the source comment and the rows
 * @throws Error when the header is not `code,display,codeSystemOid` or a row has the wrong field count
 */
export function parseCodeCsv(text: string): CodeCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0);
  const first = lines[0] ?? '';
  const source = first.startsWith('#') ? first.replace(/^#\s*(source:)?\s*/, '') : '';
  const body = first.startsWith('#') ? lines.slice(1) : lines;
  const header = splitCsvLine(body[0] ?? '').join(',');
  if (header !== 'code,display,codeSystemOid') throw new Error(`unexpected CSV header: ${header}`);
  const rows = body.slice(1).map((line, n) => {
    const f = splitCsvLine(line);
    if (f.length !== 3) throw new Error(`row ${n + 1} has ${f.length} fields: ${line}`);
    return { code: f[0]!.trim(), display: f[1]!.trim(), codeSystemOid: f[2]!.trim() };
  });
  return { source, rows };
}
