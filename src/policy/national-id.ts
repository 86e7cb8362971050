/**
 * Birth date and age from a Norwegian national identity number (fødselsnummer, D-number,
 * H-number, and synthetic test numbers), needed for the citizen age rules of
 * norway-profile.md §6.2. Check digits are not verified here: the ticket is signed.
 */
import { birthMonthOf } from '../domain/norwegian-identifiers.js';

/** Century from the individual number (digits 7–9) and the two-digit year, per Skatteetaten. */
function century(individual: number, yy: number): number | undefined {
  if (individual <= 499) return 1900;
  if (individual <= 749 && yy >= 54) return 1800;
  if (individual >= 900 && yy >= 40) return 1900;
  if (yy <= 39) return 2000;
  return undefined;
}

/**
 * @param id - 11 digits
 * @returns the birth date (UTC midnight), or undefined when the number holds none
 */
function birthDateOf(id: string): Date | undefined {
  if (!/^\d{11}$/.test(id)) return undefined;
  let day = Number(id.slice(0, 2));
  const { month } = birthMonthOf(Number(id.slice(2, 4)));
  if (day > 40) day -= 40;
  const yy = Number(id.slice(4, 6));
  const c = century(Number(id.slice(6, 9)), yy);
  if (c === undefined || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const d = new Date(Date.UTC(c + yy, month - 1, day));
  return d.getUTCDate() === day ? d : undefined;
}

/**
 * @param id - a national identity number
 * @param now - the date to measure at
 * @returns completed years of age, or undefined when the number holds no birth date
 */
export function ageOf(id: string, now: Date): number | undefined {
  const born = birthDateOf(id);
  if (!born) return undefined;
  let age = now.getUTCFullYear() - born.getUTCFullYear();
  const beforeBirthday = now.getUTCMonth() < born.getUTCMonth()
    || (now.getUTCMonth() === born.getUTCMonth() && now.getUTCDate() < born.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}
