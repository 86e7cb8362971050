/**
 * The XUA check as the SOAP dispatch's SoapSecurityCheck: ITI-18, ITI-43, ITI-38 and ITI-39
 * requests are checked with verifySamlTicket; a refusal becomes the SOAP 1.2 Sender fault with
 * the WS-Security subcode (errors/messages.ts SOAP_FAULTS). Other transactions pass as anonymous.
 * See ihe-requirements.md §11, docs/access-policy.md §1.
 */
import { ANONYMOUS } from '../../domain/security-context.js';
import type { SoapSecurityCheck } from '../soap/dispatch.js';
import { SoapFault } from '../soap/fault.js';
import { verifySamlTicket } from './saml.js';
import type { WsseFaultCode } from './wsse-fault.js';
import type { XuaSettings } from './xua-settings.js';

/**
 * The transactions the issue puts under XUA. The initiating gateway's ITI-18 and ITI-43 rows
 * (/services/ig) are ITI-18 and ITI-43 too: their ticket is checked here before it is passed on,
 * and the local community's part of their answer obeys the access policy like any other.
 */
export const XUA_TRANSACTIONS: ReadonlySet<string> = new Set(['ITI-18', 'ITI-43', 'ITI-38', 'ITI-39', 'ITI-18-IG', 'ITI-43-IG']);

const FAULTS = {
  'wsse:SecurityTokenUnavailable': 'WSSE_TOKEN_UNAVAILABLE',
  'wsse:InvalidSecurityToken': 'WSSE_INVALID_TOKEN',
  'wsse:FailedAuthentication': 'WSSE_FAILED_AUTHENTICATION',
} as const satisfies Record<WsseFaultCode, string>;

/**
 * @param settings - XUA settings (xuaSettingsFromConfig)
 * @param transactions - which transactions need a ticket
 * @param clock - the time source (tests pass a fixed one)
 * @returns a security check for DispatchDeps.security
 */
export function xuaSecurityCheck(settings: XuaSettings, transactions: ReadonlySet<string> = XUA_TRANSACTIONS,
  clock: () => Date = () => new Date()): SoapSecurityCheck {
  return async (message, transaction) => {
    if (!transactions.has(transaction.id)) return ANONYMOUS;
    const v = verifySamlTicket(message.securityHeader, message.rawEnvelope, settings, clock());
    if (!v.ok) throw new SoapFault(FAULTS[v.faultCode], [v.reason]);
    return v.context;
  };
}
