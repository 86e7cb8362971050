/** Object helpers shared by the principal builders (SAML attributes, JWT claims, attest). */

/** The same shape as T, with every field optional and allowed to be undefined. */
export type Loose<T> = { [K in keyof T]?: T[K] | undefined };

/**
 * Drops undefined and empty-string fields, so optional fields end up absent rather than
 * undefined (the project compiles with exactOptionalPropertyTypes).
 * @param o - fields, some undefined
 * @returns the defined fields
 */
export function definedFields<T extends object>(o: Loose<T>): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}
