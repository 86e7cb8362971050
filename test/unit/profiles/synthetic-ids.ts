/**
 * Generators of valid synthetic Norwegian identifiers for tests. Person numbers use the
 * synthetic-person convention (month + 80, as in Skatteetaten's Tenor test population), so
 * they can never be a real person's number.
 */
import { organisationNumberCheckDigit, personIdCheckDigits } from '../../../src/domain/norwegian-identifiers.js';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Completes nine digits with check digits, trying successive individual numbers until valid. */
function complete(prefix6: string, firstIndividual: number): string {
  for (let ind = firstIndividual; ind < firstIndividual + 1000; ind++) {
    const first9 = prefix6 + pad(ind % 1000, 3);
    const k = personIdCheckDigits(first9);
    if (k) return first9 + k;
  }
  throw new Error(`no valid number for ${prefix6}`);
}

/**
 * A synthetic fødselsnummer.
 * @param day - day of birth
 * @param month - month of birth (`offset` is added)
 * @param year2 - two-digit year
 * @param offset - 80 (Skatteetaten's Tenor), 65 (Norsk helsenett) or 40 (NAV)
 */
export function syntheticFnr(day = 13, month = 11, year2 = 69, individual = 500, offset = 80): string {
  return complete(`${pad(day, 2)}${pad(month + offset, 2)}${pad(year2, 2)}`, individual);
}

/** A synthetic D-nummer (day + 40, month + 80). */
export function syntheticDnr(day = 5, month = 3, year2 = 91, individual = 200): string {
  return complete(`${pad(day + 40, 2)}${pad(month + 80, 2)}${pad(year2, 2)}`, individual);
}

/** A felles hjelpenummer (first digit 8 or 9, no date) with valid check digits. */
export function aFellesHjelpenummer(stem = '812345'): string {
  return complete(stem, 100);
}

/** The same number with its last check digit changed, so the checksum fails. */
export function withWrongCheckDigit(id: string): string {
  const last = Number(id.charAt(id.length - 1));
  return id.slice(0, -1) + String((last + 1) % 10);
}

/** An organisation number (9 digits, modulus-11 check digit) built from an 8-digit stem. */
export function anOrganisationNumber(stem = 92345678): string {
  for (let s = stem; s < stem + 100; s++) {
    const k = organisationNumberCheckDigit(String(s));
    if (k !== undefined) return `${s}${k}`;
  }
  throw new Error('no organisation number');
}
