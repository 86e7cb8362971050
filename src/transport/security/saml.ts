/**
 * XUA: validates the SAML 2.0 ticket of an ITI-18, ITI-43, ITI-38 or ITI-39 request (ITI-40
 * Provide X-User Assertion, X-Service Provider side) and yields the caller's SecurityContext.
 * Governed by XUA_MODE: off (no check), optional (a ticket, when sent, must be valid),
 * required (no ticket → fault). See ihe-requirements.md §11, norway-profile.md §4,
 * house-style.md Part C F4 and docs/access-policy.md.
 *
 * Order: structure and wrapping guards → wsu:Timestamp → verification cache or (signature with
 * a pinned or chained certificate → read the signed XML → Norwegian attributes) → validity
 * period, issuer, audience, holder-of-key proof (on every use) → replay register.
 */
import { ANONYMOUS, type SecurityContext } from '../../domain/security-context.js';
import type { XmlElement } from '../../formats/xml/tree.js';
import { checkHolderOfKey } from './holder-of-key.js';
import { readSignedAssertion } from './saml-assertion.js';
import { checkAssertion, checkTimestamp, parseInstant } from './saml-checks.js';
import { locateAssertion, type LocatedAssertion } from './saml-locate.js';
import { verifyAssertionSignature } from './saml-signature.js';
import { principalFromAssertion } from './norwegian-attributes.js';
import type { CheckFailure, WsseFaultCode } from './wsse-fault.js';
import type { VerifiedTicket, XuaSettings } from './xua-settings.js';

export type { XuaSettings } from './xua-settings.js';

export type SamlVerdict =
  | { readonly ok: true; readonly context: SecurityContext; readonly cached?: boolean }
  | { readonly ok: false; readonly faultCode: WsseFaultCode; readonly reason: string; readonly failures: string[] };

/**
 * @param securityHeader - the wsse:Security header element, or undefined when there is none
 * @param rawEnvelopeXml - the envelope text the header was parsed from (the signature is
 *   checked over the assertion's text as sent)
 * @param settings - mode, pinned certificates, lists, clock skew and caches
 * @param now - the time of the request
 * @returns the caller's context, or a WS-Security fault code with the reason and every failed check
 */
export function verifySamlTicket(securityHeader: XmlElement | undefined, rawEnvelopeXml: string,
  settings: XuaSettings, now: Date): SamlVerdict {
  if (settings.mode === 'off') return { ok: true, context: ANONYMOUS };
  const location = securityHeader ? locateAssertion(securityHeader, rawEnvelopeXml) : { kind: 'absent' as const };
  if (location.kind === 'absent') {
    return settings.mode === 'required'
      ? refuse([{ code: 'wsse:SecurityTokenUnavailable', message: 'the request carries no SAML assertion in wsse:Security, and XUA is required' }])
      : { ok: true, context: ANONYMOUS };
  }
  if (location.kind === 'invalid') return refuse(location.failures);
  const located = location.assertion;
  const stampFailures = checkTimestamp(securityHeader as XmlElement, settings, now);
  const nowMs = now.getTime();
  let ticket = settings.verificationCache.get(located.cacheKey, nowMs);
  const cached = ticket !== undefined;
  if (!ticket) {
    const fresh = verifyFresh(located, settings, now);
    if (!fresh.ok) return refuse(fresh.failures);
    ticket = fresh.ticket;
    settings.verificationCache.set(located.cacheKey, ticket, expiry(ticket, settings), nowMs);
  }
  // The holder-of-key proof is in each message, so it is checked on every use, never cached.
  const failures = [...stampFailures, ...checkAssertion(ticket.assertion, settings, now), ...checkHolderOfKey(ticket.assertion, rawEnvelopeXml, now)];
  if (failures.length) return refuse(failures);
  const replay = settings.replayCache.use(ticket.assertion.id, ticket.signatureHash, ticket.assertion.oneTimeUse, expiry(ticket, settings), nowMs);
  if (replay) return refuse([{ code: 'wsse:FailedAuthentication', message: `replayed assertion: ${replay}` }]);
  return { ok: true, context: ticket.context, cached };
}

/**
 * The expensive, time-independent part: signature with a pinned certificate, reading the
 * signed XML, the Norwegian attributes. Its result is cached; nothing here depends on `now`
 * except which pinned certificates are within their validity.
 */
function verifyFresh(located: LocatedAssertion, settings: XuaSettings, now: Date):
  { ok: true; ticket: VerifiedTicket } | { ok: false; failures: readonly CheckFailure[] } {
  const sig = verifyAssertionSignature(located, settings.trustedCerts, now, settings.trustRoots);
  if (!sig.ok) return sig;
  let assertion;
  try {
    assertion = readSignedAssertion(sig.signedXml);
  } catch (e) {
    return { ok: false, failures: [{ code: 'wsse:InvalidSecurityToken', message: (e as Error).message }] };
  }
  if (assertion.id !== located.id) {
    return { ok: false, failures: [{ code: 'wsse:InvalidSecurityToken', message: 'the signed assertion is not the one located (signature wrapping)' }] };
  }
  const principal = principalFromAssertion(assertion, settings.citizenIssuers, settings.syntheticPatients);
  if (!principal.ok) return principal;
  // Frozen: the cached context is handed to every request that presents this ticket.
  const context = Object.freeze(principal.context);
  return {
    ok: true,
    ticket: { assertion, context, signatureHash: located.signatureHash, signer: sig.signer.subject, signerValidTo: sig.signer.validTo.getTime() },
  };
}

/**
 * A ticket is of no use after NotOnOrAfter plus the skew; unreadable times expire at once. A
 * cached verdict also ends when the signing certificate (or a certificate of its chain) expires.
 */
function expiry(ticket: VerifiedTicket, settings: XuaSettings): number {
  const end = parseInstant(ticket.assertion.notOnOrAfter);
  return Number.isNaN(end) ? 0 : Math.min(end + settings.clockSkewSeconds * 1000, ticket.signerValidTo);
}

function refuse(failures: readonly CheckFailure[]): SamlVerdict {
  const first = failures[0] ?? { code: 'wsse:InvalidSecurityToken' as const, message: 'the ticket is not valid' };
  return { ok: false, faultCode: first.code, reason: first.message, failures: failures.map((f) => f.message) };
}
