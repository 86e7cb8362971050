/**
 * SQL LIKE patterns as ITI TF-2 3.18.4.1.2.3.5 uses them for AuthorPerson: `%` any run, `_`
 * exactly one character, everything else literal, case-sensitive, no escape character, the
 * whole value matched. Characters are Unicode code points, as in MongoDB's `$regex`.
 *
 * Matching is our own and never a regular expression: a pattern such as `%%%%%%%%` turned into
 * a backtracking regular expression costs exponential time on a value that does not match. Here
 * the pattern splits at `%` into segments; the first must match at the start, the last at the
 * end, and each middle one is taken at its leftmost place after the one before (taking the
 * leftmost never loses a match, because what follows only needs to lie further right). The
 * cost is at most the value's length times the pattern's, whatever the pattern.
 */

type Segment = readonly string[];
const ANY = '_';

interface CompiledLike {
  readonly first: Segment;
  readonly middle: readonly Segment[];
  /** undefined when the pattern has no `%`: then `first` must be the whole value. */
  readonly last: Segment | undefined;
}

function compile(pattern: string): CompiledLike {
  const segments = pattern.split('%').map((s) => Array.from(s));
  if (segments.length === 1) return { first: segments[0] as Segment, middle: [], last: undefined };
  return { first: segments[0] as Segment, middle: segments.slice(1, -1).filter((s) => s.length > 0), last: segments[segments.length - 1] as Segment };
}

/** Whether the segment matches the value at `at`. */
function matchesAt(value: readonly string[], at: number, seg: Segment): boolean {
  if (at < 0 || at + seg.length > value.length) return false;
  for (let i = 0; i < seg.length; i++) if (seg[i] !== ANY && seg[i] !== value[at + i]) return false;
  return true;
}

function matches(value: readonly string[], p: CompiledLike): boolean {
  if (p.last === undefined) return value.length === p.first.length && matchesAt(value, 0, p.first);
  const end = value.length - p.last.length;
  if (end < p.first.length || !matchesAt(value, 0, p.first) || !matchesAt(value, end, p.last)) return false;
  let at = p.first.length;
  for (const seg of p.middle) {
    while (at + seg.length <= end && !matchesAt(value, at, seg)) at++;
    if (at + seg.length > end) return false;
    at += seg.length;
  }
  return true;
}

/**
 * One predicate that is true when any of the patterns matches the whole string.
 * @param patterns - the LIKE patterns, OR-ed
 * @returns a predicate over strings
 */
export function compileLike(patterns: readonly string[]): (s: string) => boolean {
  const compiled = patterns.map(compile);
  return (s) => {
    const value = Array.from(s);
    return compiled.some((p) => matches(value, p));
  };
}

/** `%%` means the same as `%`; folding runs keeps the regular expressions below short. */
const folded = (p: string): string => p.replace(/%+/g, '%');
/** Unbounded runs a database expression may hold: with two, a value of n characters costs at most about n² steps. */
const MAX_RUNS = 2;

/**
 * Whether some pattern has more `%` runs than likePrefilterSource renders exactly.
 * @param patterns - the LIKE patterns
 * @returns true when the database's selection must be filtered with compileLike
 */
export function likeNeedsPostFilter(patterns: readonly string[]): boolean {
  return patterns.some((p) => folded(p).split('%').length - 1 > MAX_RUNS);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(/_/g, '[\\s\\S]');

/**
 * A regular expression for a database (MongoDB `$regex`) that selects every value one of the
 * patterns matches, and that no engine can make slow: each alternative is anchored at both
 * ends and holds at most two unbounded runs, so even a backtracking engine needs at most about
 * length² steps on a value (slot values are at most 256 characters). Exact for patterns with
 * at most two `%` runs; for the others it keeps the first and last segment and the longest
 * middle one, a superset which compileLike then filters (likeNeedsPostFilter).
 * @param patterns - the LIKE patterns, OR-ed
 * @returns the regular expression source
 */
export function likePrefilterSource(patterns: readonly string[]): string {
  return patterns.map((p) => {
    const segments = folded(p).split('%');
    const first = segments[0] as string;
    if (segments.length === 1) return `(?:^${escape(first)}$)`;
    const last = segments[segments.length - 1] as string;
    const middle = segments.slice(1, -1).reduce((a, b) => (b.length > a.length ? b : a), '');
    const between = segments.length > 2 ? `${escape(middle)}[\\s\\S]*` : '';
    return `(?:^${escape(first)}[\\s\\S]*${between}${escape(last)}$)`;
  }).join('|');
}
