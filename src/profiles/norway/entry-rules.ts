/**
 * Norwegian rules on single DocumentEntry and SubmissionSet attributes: DTM times, languageCode,
 * mimeType (accepted, and consistent with formatCode) and Stable entries only.
 * norway-profile.md §1 (national simplifications), §2.1; ITI TF-3 4.2.3.1.5, 4.2.3.2.
 */
import type { CodeCatalog } from '../../codes/code-catalog.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import { isDtm } from '../../rules/formats.js';
import { times } from '../metadata-values.js';
import type { Finding, ProfileRule, RuleSeverity } from '../types.js';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * True when a value is a DTM of the form YYYY[MM[DD[hh[mm[ss]]]]] naming a real instant: the
 * registry's DTM check (isDtm) plus a day that exists in its month and year. ITI TF-3 4.2.3.1.5
 * @param value - the value as sent
 */
function isValidDtm(value: string): boolean {
  if (!isDtm(value)) return false;
  if (value.length < 8) return true;
  const [y, mo, d] = [value.slice(0, 4), value.slice(4, 6), value.slice(6, 8)].map(Number) as [number, number, number];
  return d <= (mo === 2 && !isLeap(y) ? 28 : (DAYS_IN_MONTH[mo - 1] ?? 0));
}

/** @returns the rule that every time attribute is a valid DTM. */
export function dtmRule(severity: RuleSeverity): ProfileRule {
  return {
    id: 'no.dtm.syntax', defaultSeverity: severity,
    summary: 'creationTime, serviceStartTime, serviceStopTime and submissionTime are valid DTM (YYYY[MM[DD[hh[mm[ss]]]]], UTC)',
    check: ({ objects }) => times(objects).flatMap((t): Finding[] => isValidDtm(t.time) ? [] : [{
      attribute: t.attribute, owner: t.owner, location: t.location,
      detail: `"${t.time}" is not a valid UTC time of the form YYYY[MM[DD[hh[mm[ss]]]]]`,
    }]),
  };
}

/** A rule over DocumentEntries with a finder returning [attribute, detail] or nothing. */
function entryRule(
  id: string, summary: string, severity: RuleSeverity,
  find: (e: DocumentEntry, catalog: CodeCatalog) => readonly [string, string] | undefined,
): ProfileRule {
  return {
    id, summary, defaultSeverity: severity,
    check: ({ objects, catalog }) => objects.documentEntries.flatMap((e): Finding[] => {
      const found = find(e, catalog);
      return found ? [{ attribute: found[0], owner: 'DocumentEntry', location: e.entryUuid, detail: found[1] }] : [];
    }),
  };
}

const lower = (s: string): string => s.trim().toLowerCase();
/** The media type without parameters (`text/plain; charset=UTF-8` → `text/plain`). */
const mediaType = (s: string): string => lower(s.split(';')[0] ?? '');

/** @returns the rule that languageCode is one of the accepted languages (metadata-codes/languageCode.json). */
export function languageCodeRule(severity: RuleSeverity): ProfileRule {
  return entryRule('no.language-code', 'languageCode is an accepted language tag (nb-NO, nn-NO …)', severity, (e, catalog) => {
    const accepted = catalog.valueList('languageCode');
    if (!accepted || e.languageCode === undefined || accepted.some((l) => lower(l) === lower(e.languageCode ?? ''))) return undefined;
    return ['languageCode', `"${e.languageCode}" is not one of ${accepted.join(', ')}`];
  });
}

/** @returns the rule that mimeType is an accepted media type (metadata-codes/mimeType.json). */
export function mimeTypeAllowedRule(severity: RuleSeverity): ProfileRule {
  return entryRule('no.mime-type.allowed', 'mimeType is an accepted media type', severity, (e, catalog) => {
    const accepted = catalog.valueList('mimeType');
    if (!accepted || e.mimeType === undefined || accepted.some((m) => lower(m) === mediaType(e.mimeType ?? ''))) return undefined;
    return ['mimeType', `"${e.mimeType}" is not one of ${accepted.join(', ')}`];
  });
}

/** @returns the rule that mimeType is one the formatCode allows (urn:no:ehelse:document:pdf → application/pdf …). */
export function mimeTypeFormatRule(severity: RuleSeverity): ProfileRule {
  return entryRule('no.mime-type.format', 'mimeType is consistent with formatCode', severity, (e, catalog) => {
    if (!e.formatCode || e.mimeType === undefined) return undefined;
    const allowed = catalog.mimeTypesForFormat(e.formatCode.code);
    if (!allowed || allowed.some((m) => lower(m) === mediaType(e.mimeType ?? ''))) return undefined;
    return ['mimeType', `"${e.mimeType}" does not fit formatCode ${e.formatCode.code}, which allows ${allowed.join(', ')}`];
  });
}

/** @returns the rule that only Stable DocumentEntries are submitted (On-Demand is not used in Norway). */
export function stableOnlyRule(severity: RuleSeverity): ProfileRule {
  return entryRule('no.object-type.stable', 'DocumentEntries are Stable; On-Demand is not used in Norway', severity, (e) =>
    e.objectType === 'stable' ? undefined : ['objectType', 'On-Demand DocumentEntries are not used in Norwegian document sharing; submit a Stable entry']);
}
