/**
 * Norwegian identifiers as pure functions: fødselsnummer, D-nummer and felles hjelpenummer
 * (patient ids), organisasjonsnummer and RESH-id (authorInstitution), HPR-nummer (authorPerson,
 * legalAuthenticator). See norway-profile.md §2.1, §2.1a and §3.1; the algorithms and the
 * decisions the profile leaves open are written down in docs/metadata-profiles.md.
 */
import type { Cx } from './datatypes.js';

/** Which kind of person number an 11-digit id is. */
export type PersonIdKind = 'fnr' | 'dnr' | 'fhn';

/** Assigning-authority OIDs of Norwegian identifiers. norway-profile.md §3.1 */
export const NO_ID_OID = {
  fnr: '2.16.578.1.12.4.1.4.1',
  dnr: '2.16.578.1.12.4.1.4.2',
  fhn: '2.16.578.1.12.4.1.4.3',
  hpr: '2.16.578.1.12.4.1.4.4',
  orgnr: '2.16.578.1.12.4.1.4.101',
  resh: '2.16.578.1.12.4.1.4.102',
  /** Alternative department authority accepted by NHN's reference source (meaning undocumented). */
  altDepartment: '2.16.578.1.12.4.5.390',
} as const;

/** Outcome of checking a person number. */
export type PersonIdCheck =
  | { readonly valid: true; readonly kind: PersonIdKind; readonly synthetic: boolean }
  | { readonly valid: false; readonly problem: 'format' | 'date' | 'checksum'; readonly kind?: PersonIdKind };

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const ORGNR_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/**
 * Modulus-11 check digit over digits with weights; undefined when the remainder makes the
 * number impossible (check digit would be 10).
 */
function mod11CheckDigit(digits: readonly number[], weights: readonly number[]): number | undefined {
  const sum = weights.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  return k === 10 ? undefined : k;
}

function digitsOf(s: string): number[] {
  return [...s].map(Number);
}

/**
 * The two check digits of an 11-digit person number (fødselsnummer algorithm).
 * @param first9 - the first nine digits
 * @returns the two check digits as a string, or undefined when no valid number starts so
 */
export function personIdCheckDigits(first9: string): string | undefined {
  const d = digitsOf(first9);
  const k1 = mod11CheckDigit(d, K1_WEIGHTS);
  if (k1 === undefined) return undefined;
  const k2 = mod11CheckDigit([...d, k1], K2_WEIGHTS);
  return k2 === undefined ? undefined : `${k1}${k2}`;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Month offsets of synthetic test persons in the national test environments: Skatteetaten's
 * Tenor (+80), Norsk helsenett (+65) and NAV (+40). Their ranges (81–92, 66–77, 41–52) do
 * not overlap, so a month tells which convention it follows.
 */
const SYNTHETIC_MONTH_OFFSETS = [80, 65, 40] as const;

/**
 * @param mm - the MM digits of a person number
 * @returns the calendar month, and whether a synthetic-person offset was removed
 */
export function birthMonthOf(mm: number): { month: number; synthetic: boolean } {
  for (const offset of SYNTHETIC_MONTH_OFFSETS) {
    if (mm > offset && mm <= offset + 12) return { month: mm - offset, synthetic: true };
  }
  return { month: mm, synthetic: false };
}

/**
 * True when DDMM is a calendar day, once the D-nummer (+40 on the day) and synthetic
 * (birthMonthOf) offsets are removed. 29 February is accepted because the century is not
 * known from the number alone.
 */
function plausibleDate(dd: number, mm: number): boolean {
  return mm >= 1 && mm <= 12 && dd >= 1 && dd <= (DAYS_IN_MONTH[mm - 1] ?? 0);
}

/** The kind of an 11-digit number by its first digit: 0–3 FNR, 4–7 DNR, 8–9 FHN. */
function personIdKind(id: string): PersonIdKind {
  const first = Number(id.charAt(0));
  return first >= 8 ? 'fhn' : first >= 4 ? 'dnr' : 'fnr';
}

/**
 * The assigning authority of a national identity number given without one: D-nummer when the
 * first digit is 4–7, else fødselsnummer. norway-profile.md §3.1
 * @param id - the number
 * @returns the OID
 */
export function nationalIdAuthority(id: string): string {
  return /^[4-7]/.test(id) ? NO_ID_OID.dnr : NO_ID_OID.fnr;
}

/**
 * The patient CX of a bare national identity number, as tickets, tokens and the access-log
 * search accept it: 11 digits, a D-nummer when the first digit is 4–7, else a fødselsnummer.
 * norway-profile.md §3.1
 * @param id - the number as sent
 * @returns the CX `id^^^&OID&ISO` (without universalIdType), or undefined when it is not 11 digits
 */
export function nationalIdCx(id: string): Cx | undefined {
  if (!/^\d{11}$/.test(id)) return undefined;
  return { id, assigningAuthority: nationalIdAuthority(id) };
}

/**
 * Checks a fødselsnummer, D-nummer or felles hjelpenummer: 11 digits, a plausible birth date
 * for FNR/DNR (D-nummer: first digit + 4; synthetic test persons: month + 40, 65 or 80), and the two
 * modulus-11 check digits (weights 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2). A felles
 * hjelpenummer starts with 8 or 9, carries no date and uses the same check digits.
 * @param id - the number as sent
 * @returns its kind, or what is wrong with it
 */
export function checkPersonId(id: string): PersonIdCheck {
  if (!/^\d{11}$/.test(id)) return { valid: false, problem: 'format' };
  const kind = personIdKind(id);
  let synthetic = false;
  if (kind !== 'fhn') {
    const dd = Number(id.slice(0, 2)) - (kind === 'dnr' ? 40 : 0);
    const month = birthMonthOf(Number(id.slice(2, 4)));
    synthetic = month.synthetic;
    if (!plausibleDate(dd, month.month)) return { valid: false, problem: 'date', kind };
  }
  if (personIdCheckDigits(id.slice(0, 9)) !== id.slice(9)) return { valid: false, problem: 'checksum', kind };
  return { valid: true, kind, synthetic };
}

/**
 * @param cx - a patient id
 * @returns true for a valid fødselsnummer or D-nummer under its own OID that belongs to a synthetic test person
 */
export function isSyntheticPersonId(cx: { readonly id: string; readonly assigningAuthority: string }): boolean {
  if (cx.assigningAuthority !== NO_ID_OID.fnr && cx.assigningAuthority !== NO_ID_OID.dnr) return false;
  const r = checkPersonId(cx.id);
  return r.valid && r.synthetic;
}

/** Outcome of checking a number that has only a syntax and perhaps a check digit. */
export type NumberCheck = { readonly valid: true } | { readonly valid: false; readonly problem: 'format' | 'checksum' };

/**
 * Checks an organisasjonsnummer (Enhetsregisteret): 9 digits, the last a modulus-11 check digit
 * over the first eight with weights 3 2 7 6 5 4 3 2.
 * @param id - the number as sent
 */
export function checkOrganisationNumber(id: string): NumberCheck {
  if (!/^\d{9}$/.test(id)) return { valid: false, problem: 'format' };
  const k = mod11CheckDigit(digitsOf(id.slice(0, 8)), ORGNR_WEIGHTS);
  return k !== undefined && String(k) === id.charAt(8) ? { valid: true } : { valid: false, problem: 'checksum' };
}

/** The check digit that completes an 8-digit organisation-number stem, if any. */
export function organisationNumberCheckDigit(first8: string): number | undefined {
  return mod11CheckDigit(digitsOf(first8), ORGNR_WEIGHTS);
}

/**
 * Checks a RESH-id (Register for enheter i spesialisthelsetjenesten): digits only, no leading
 * zero, at most 9 digits. No check digit is published (project decision).
 * @param id - the number as sent
 */
export function checkReshId(id: string): NumberCheck {
  return /^[1-9]\d{0,8}$/.test(id) ? { valid: true } : { valid: false, problem: 'format' };
}

/**
 * Checks an HPR-nummer (Helsepersonellregisteret): digits only, no leading zero, at most 9
 * digits; no check digit is assumed (norway-profile.md §2.1a).
 * @param id - the number as sent
 */
export function checkHprNumber(id: string): NumberCheck {
  return /^[1-9]\d{0,8}$/.test(id) ? { valid: true } : { valid: false, problem: 'format' };
}
