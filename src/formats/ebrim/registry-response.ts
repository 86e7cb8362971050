import type { Severity } from '../../errors/codes.js';
import { hasErrors, issue, type Issue } from '../../errors/issue.js';
import { ERROR_SEVERITY_URN, RESPONSE_STATUS } from '../../domain/vocabulary.js';
import { child, children, NS, type XmlElement } from '../xml/tree.js';
import { attrs } from '../xml/write.js';

/**
 * rs:RegistryResponse and rs:RegistryErrorList, shared by every XDS response.
 * See ITI TF-3 4.2.4 and ebRS 3.0 §2.1.
 */

export type ResponseStatus = 'Success' | 'Failure' | 'PartialSuccess';

/** A RegistryError as received from a peer: its errorCode need not be one we know. */
export interface ReceivedIssue {
  readonly code: string;
  readonly codeContext: string;
  readonly severity: Severity;
  readonly location?: string;
}

/** What a response carried: its status, its RegistryErrors, and problems met while decoding. */
export interface DecodedResponse {
  readonly status: ResponseStatus;
  readonly issues: ReceivedIssue[];
  readonly decodeIssues: Issue[];
}

const STATUS_URN: Readonly<Record<ResponseStatus, string>> = {
  Success: RESPONSE_STATUS.success, Failure: RESPONSE_STATUS.failure, PartialSuccess: RESPONSE_STATUS.partialSuccess,
};

/**
 * The status of a response from its issues: Failure if any has severity Error, else
 * Success (warnings allowed). PartialSuccess is the caller's choice (ITI-43, XCA). ITI TF-3 4.2.4
 */
export function responseStatus(issues: readonly Issue[]): ResponseStatus {
  return hasErrors(issues) ? 'Failure' : 'Success';
}

/** The status URN of a status. */
export function responseStatusUrn(status: ResponseStatus): string {
  return STATUS_URN[status];
}

/** `<rs:RegistryErrorList>` with one RegistryError per issue, or '' when there are none. */
export function registryErrorListXml(issues: readonly ReceivedIssue[]): string {
  if (issues.length === 0) return '';
  const highest = issues.some((i) => i.severity === 'Error') ? 'Error' : 'Warning';
  let out = `<rs:RegistryErrorList highestSeverity="${ERROR_SEVERITY_URN[highest]}">`;
  for (const i of issues) {
    out += `<rs:RegistryError${attrs({
      codeContext: i.codeContext, errorCode: i.code, severity: ERROR_SEVERITY_URN[i.severity], location: i.location,
    })}/>`;
  }
  return `${out}</rs:RegistryErrorList>`;
}

/**
 * Writes an rs:RegistryResponse (ITI-41, ITI-42, ITI-57, ITI-62, ITI-86).
 * @param status - the response status
 * @param issues - errors and warnings, in order
 * @returns the element markup, namespaces bound
 */
export function registryResponseToEbrim(status: ResponseStatus, issues: readonly ReceivedIssue[]): string {
  const content = registryErrorListXml(issues);
  const open = `<rs:RegistryResponse xmlns:rs="${NS.rs}" status="${STATUS_URN[status]}"`;
  return content === '' ? `${open}/>` : `${open}>${content}</rs:RegistryResponse>`;
}

/** Reads the status attribute and RegistryErrorList of any RegistryResponseType element. */
export function responseFromEbrim(el: XmlElement, what: string): DecodedResponse {
  const decodeIssues: Issue[] = [];
  const urn = el.attrs['status']?.trim() ?? '';
  let status = (Object.keys(STATUS_URN) as ResponseStatus[]).find((s) => STATUS_URN[s] === urn);
  if (!status) {
    decodeIssues.push(issue('MALFORMED_RESPONSE', [what, urn === '' ? 'it has no status' : `unknown status ${urn}`]));
    status = 'Failure';
  }
  const list = child(el, NS.rs, 'RegistryErrorList');
  const issues = list ? children(list, NS.rs, 'RegistryError').map(receivedIssue) : [];
  return { status, issues, decodeIssues };
}

function receivedIssue(e: XmlElement): ReceivedIssue {
  const sev = e.attrs['severity']?.trim();
  const base = {
    code: e.attrs['errorCode'] ?? '',
    codeContext: e.attrs['codeContext'] ?? e.text.trim(),
    severity: sev === ERROR_SEVERITY_URN.Warning || sev === 'Warning' ? 'Warning' : 'Error',
  } as const;
  const location = e.attrs['location'];
  return location === undefined ? base : { ...base, location };
}

/**
 * Decodes an rs:RegistryResponse, for clients and tests.
 * @param el - the rs:RegistryResponse element
 * @returns status, received RegistryErrors, and decode problems
 */
export function registryResponseFromEbrim(el: XmlElement): DecodedResponse {
  if (el.ns !== NS.rs || el.local !== 'RegistryResponse') {
    return { status: 'Failure', issues: [], decodeIssues: [issue('MALFORMED_RESPONSE', ['RegistryResponse', `the element is {${el.ns}}${el.local}`])] };
  }
  return responseFromEbrim(el, 'RegistryResponse');
}
