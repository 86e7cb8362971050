/**
 * WS-Security fault codes (OASIS WSS 1.0 §12) that the XUA check returns, and how a failed
 * check is reported. See ihe-requirements.md §11 (TF2-40 §3.40.4.1.1).
 */

export type WsseFaultCode = 'wsse:InvalidSecurityToken' | 'wsse:FailedAuthentication' | 'wsse:SecurityTokenUnavailable';

/**
 * One failed check. The code says which WSS fault it leads to:
 * - SecurityTokenUnavailable: no ticket where one is required;
 * - InvalidSecurityToken: the ticket is malformed, unsigned, wrapped, or its attributes break
 *   the profile (a second purpose of use or role, no NameID …);
 * - FailedAuthentication: well-formed but not to be believed (signature, trust, issuer,
 *   audience, validity period, timestamp, replay).
 */
export interface CheckFailure {
  readonly code: WsseFaultCode;
  readonly message: string;
}

export const invalid = (message: string): CheckFailure => ({ code: 'wsse:InvalidSecurityToken', message });
export const failedAuth = (message: string): CheckFailure => ({ code: 'wsse:FailedAuthentication', message });
