/**
 * Reading FHIR values that can be malformed in ways the JSON/XML structure does not show:
 * dateTimes and SHA-1 hashes. Each reports an issue at its FHIRPath instead of throwing.
 */
import type { Dtm } from '../../domain/datatypes.js';
import { dtmFromFhir, sha1FromBase64 } from './datatypes.js';
import type { IssueList } from './decode-issues.js';

/** A FHIR date/dateTime as a DTM; an error at `at` when it is not one. */
export function readDtm(value: string | undefined, issues: IssueList, at: string): Dtm | undefined {
  if (value === undefined) return undefined;
  const dtm = dtmFromFhir(value);
  if (!dtm) issues.error(at, `${value} is not a FHIR dateTime`, 'value');
  return dtm;
}

/** Attachment.hash as SHA-1 hex; an error when it is not a SHA-1, a warning for base64 of the hex text. */
export function readHash(value: string, issues: IssueList, at: string): string | undefined {
  const hash = sha1FromBase64(value);
  if (!hash) issues.error(at, 'the hash is not the base64 of a SHA-1 digest (20 bytes)', 'value');
  else if (hash.nonStandard) issues.warning(at, 'the hash is base64 of the hexadecimal SHA-1 text, not of its 20 bytes (read as the hexadecimal digest)', 'value');
  return hash?.hex;
}
