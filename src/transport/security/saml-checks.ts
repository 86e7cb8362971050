/**
 * The application checks after the signature (house-style.md Part C F4 step 7): version,
 * issuer, subject, validity period with clock skew, audience, AuthnStatement, and the
 * wsu:Timestamp of the Security header. They run on every use of a ticket, cached or not.
 * See ihe-requirements.md §11 (Gazelle ITI40-009…019), norway-profile.md §4.2.
 */
import { NS, children, type XmlElement } from '../../formats/xml/tree.js';
import type { SignedAssertion } from './saml-assertion.js';
import { failedAuth, invalid, type CheckFailure } from './wsse-fault.js';
import type { XuaSettings } from './xua-settings.js';

/** xs:dateTime → epoch ms; NaN when unreadable. A value without zone is taken as UTC. */
export function parseInstant(value: string | undefined): number {
  if (!value) return Number.NaN;
  const v = /(Z|[+-]\d\d:\d\d)$/.test(value) ? value : `${value}Z`;
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(v) ? Date.parse(v) : Number.NaN;
}

/**
 * @param a - the signed assertion
 * @param s - settings (issuer and audience lists, clock skew)
 * @param now - the time of the request
 * @returns every failed check, empty when the assertion is acceptable now
 */
export function checkAssertion(a: SignedAssertion, s: XuaSettings, now: Date): CheckFailure[] {
  return [...checkShape(a), ...checkIssuer(a, s), ...checkPeriod(a, s, now), ...checkAudience(a, s)];
}

function checkShape(a: SignedAssertion): CheckFailure[] {
  const f: CheckFailure[] = [];
  if (a.version !== '2.0') f.push(invalid(`the Assertion has Version "${a.version}", not 2.0`));
  if (!a.nameId) f.push(invalid('the Assertion has no Subject/NameID'));
  if (a.subjectConfirmations.length === 0) f.push(invalid('the Subject has no SubjectConfirmation'));
  if (a.authnStatementCount !== 1 || a.authnContextClassRefs.length !== 1) {
    f.push(invalid(`the Assertion must carry exactly one AuthnStatement with one AuthnContextClassRef (found ${a.authnStatementCount} / ${a.authnContextClassRefs.length})`));
  }
  return f;
}

function checkIssuer(a: SignedAssertion, s: XuaSettings): CheckFailure[] {
  if (!a.issuer) return [invalid('the Assertion has no Issuer')];
  if (s.issuers.length > 0 && !s.issuers.includes(a.issuer)) {
    return [failedAuth(`the issuer ${a.issuer} is not an accepted issuer (XUA_ISSUERS)`)];
  }
  return [];
}

function checkPeriod(a: SignedAssertion, s: XuaSettings, now: Date): CheckFailure[] {
  const f: CheckFailure[] = [];
  const skew = s.clockSkewSeconds * 1000;
  const t = now.getTime();
  const nb = parseInstant(a.notBefore);
  const na = parseInstant(a.notOnOrAfter);
  if (!a.hasConditions || a.notOnOrAfter === undefined) f.push(invalid('the Assertion has no Conditions/@NotOnOrAfter'));
  else if (Number.isNaN(na)) f.push(invalid(`NotOnOrAfter ${a.notOnOrAfter} is not a date-time`));
  else if (t >= na + skew) f.push(failedAuth(`the Assertion expired at ${a.notOnOrAfter}`));
  if (a.notBefore !== undefined) {
    if (Number.isNaN(nb)) f.push(invalid(`NotBefore ${a.notBefore} is not a date-time`));
    else if (t < nb - skew) f.push(failedAuth(`the Assertion is not valid before ${a.notBefore}`));
  }
  for (const sc of a.subjectConfirmations) {
    const scEnd = parseInstant(sc.notOnOrAfter);
    if (sc.notOnOrAfter !== undefined && !(t < scEnd + skew)) f.push(failedAuth(`the SubjectConfirmation expired at ${sc.notOnOrAfter}`));
    const scStart = parseInstant(sc.notBefore);
    if (sc.notBefore !== undefined && !(t >= scStart - skew)) f.push(failedAuth(`the SubjectConfirmation is not valid before ${sc.notBefore}`));
  }
  return f;
}

function checkAudience(a: SignedAssertion, s: XuaSettings): CheckFailure[] {
  if (s.audiences.length === 0) return [];
  if (a.audienceRestrictions.length === 0) return [failedAuth('the Assertion names no audience, and XUA_AUDIENCES requires one')];
  const unmet = a.audienceRestrictions.find((r) => !r.some((x) => s.audiences.includes(x)));
  return unmet ? [failedAuth(`the audience ${unmet.join(', ') || '(empty)'} is not this gateway (XUA_AUDIENCES)`)] : [];
}

/**
 * The wsu:Timestamp of the Security header (WSS 1.0 §10): at most one; Created not in the
 * future and Expires not in the past, with the clock skew. It is not covered by the
 * assertion's signature; it limits how long one captured request stays usable.
 * @param security - the wsse:Security header
 * @param s - settings (clock skew, whether a timestamp is required)
 * @param now - the time of the request
 * @returns every failed check
 */
export function checkTimestamp(security: XmlElement, s: XuaSettings, now: Date): CheckFailure[] {
  const stamps = children(security, NS.wsu, 'Timestamp');
  if (stamps.length === 0) return s.requireTimestamp ? [invalid('the Security header has no wsu:Timestamp')] : [];
  if (stamps.length > 1) return [invalid('the Security header has more than one wsu:Timestamp')];
  const ts = stamps[0] as XmlElement;
  const created = children(ts, NS.wsu, 'Created')[0]?.text.trim();
  const expires = children(ts, NS.wsu, 'Expires')[0]?.text.trim();
  const skew = s.clockSkewSeconds * 1000;
  const t = now.getTime();
  const f: CheckFailure[] = [];
  if (created !== undefined) {
    const c = parseInstant(created);
    if (Number.isNaN(c)) f.push(invalid(`wsu:Created ${created} is not a date-time`));
    else if (c > t + skew) f.push(failedAuth(`the message timestamp is created in the future (${created})`));
  }
  if (expires !== undefined) {
    const e = parseInstant(expires);
    if (Number.isNaN(e)) f.push(invalid(`wsu:Expires ${expires} is not a date-time`));
    else if (t >= e + skew) f.push(failedAuth(`the message timestamp expired at ${expires}`));
  }
  return f;
}
