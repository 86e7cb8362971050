/**
 * XPath over step logs, for the plans' <Assert> and <Report> instructions. The NIST toolkit
 * evaluates them over its own log of the section; the runner writes a log of the same shape
 * (TestStep / <Kind>Transaction step= / InputMetadata / Result) so the plans' XPaths apply as
 * written.
 */
import { DOMParser } from '@xmldom/xmldom';
import xpath, { type SelectReturnType } from 'xpath';
import { escapeAttr } from '../../src/formats/xml/write.js';

/** One step as the section log shows it. */
export interface LoggedStep {
  readonly id: string;
  /** e.g. "StoredQueryTransaction". */
  readonly element: string;
  readonly expectedStatus?: string;
  /** The request body XML (no declaration). */
  readonly input?: string;
  /** The response body XML (no declaration). */
  readonly result?: string;
}

/**
 * Writes the section log the plans' XPaths expect.
 * @param steps - the section's steps so far, in order
 * @returns the log as XML text
 */
export function sectionLog(steps: readonly LoggedStep[]): string {
  const one = (s: LoggedStep): string => `<TestStep id="${escapeAttr(s.id)}">`
    + (s.expectedStatus ? `<ExpectedStatus>${s.expectedStatus}</ExpectedStatus>` : '')
    + `<${s.element} step="${escapeAttr(s.id)}">`
    + (s.input ? `<InputMetadata>${s.input}</InputMetadata>` : '')
    + (s.result ? `<Result>${s.result}</Result>` : '')
    + `</${s.element}></TestStep>`;
  return `<TestResults>${steps.map(one).join('')}</TestResults>`;
}

function parse(xml: string): Document {
  // xmldom's Document satisfies the DOM Document that the xpath typings expect.
  return new DOMParser().parseFromString(xml || '<empty/>', 'text/xml') as unknown as Document;
}

function stringValue(n: Node): string {
  return (n.nodeType === 2 ? (n as Attr).value : n.textContent ?? '').trim();
}

/** XPath 1.0 boolean() of any result. */
function truth(v: SelectReturnType): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'boolean') return v;
  return v !== null;
}

/**
 * Evaluates an assertion over a log.
 * @param expression - the XPath (symbols already substituted)
 * @param xml - the log
 * @returns whether it holds, or the evaluation error
 */
export function assertHolds(expression: string, xml: string): { holds: boolean; error?: string } {
  try {
    return { holds: truth(xpath.select(expression, parse(xml))) };
  } catch (e) {
    return { holds: false, error: (e as Error).message };
  }
}

/**
 * Evaluates a report over a request or response: the string value of the first node found.
 * @param expression - the XPath
 * @param xml - the request or response body
 * @returns the value, or undefined when nothing matched
 */
export function reportValue(expression: string, xml: string): string | undefined {
  try {
    const v = xpath.select(expression, parse(xml));
    if (Array.isArray(v)) return v[0] ? stringValue(v[0]) : undefined;
    if (v === null || v === undefined) return undefined;
    return typeof v === 'object' ? stringValue(v) : String(v);
  } catch {
    return undefined;
  }
}
