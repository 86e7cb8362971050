/**
 * Object literals whose optional properties may be written as `undefined`; prune() then
 * leaves them out, as `exactOptionalPropertyTypes` requires of the domain types.
 */
export type Loose<T> = {
  [K in keyof T as object extends Pick<T, K> ? K : never]?: T[K] | undefined;
} & {
  [K in keyof T as object extends Pick<T, K> ? never : K]: T[K];
};

/**
 * Drops the properties whose value is undefined.
 * @param o - an object literal of type T in which optional properties may be undefined
 * @returns the same values as a T
 */
export function prune<T>(o: Loose<T>): T {
  const out: Record<string, unknown> = {};
  for (const k in o) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}
