import { expect } from 'chai';
import { compileLike, likeNeedsPostFilter, likePrefilterSource } from '../../../src/storage/like.js';

/** LIKE by dynamic programming over code points: slow, obviously right, the reference. */
function reference(pattern: string, value: string): boolean {
  const p = Array.from(pattern);
  const v = Array.from(value);
  let row = Array<boolean>(v.length + 1).fill(false);
  row[0] = true;
  for (const c of p) {
    const next = Array<boolean>(v.length + 1).fill(false);
    if (c === '%') {
      for (let j = 0; j <= v.length; j++) next[j] = row[j] === true || (j > 0 && next[j - 1] === true);
    } else {
      for (let j = 1; j <= v.length; j++) next[j] = row[j - 1] === true && (c === '_' || c === v[j - 1]);
    }
    row = next;
  }
  return row[v.length] === true;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
}

describe('LIKE matching', () => {
  it('agrees with a reference matcher on thousands of generated patterns and values', () => {
    const next = random(7);
    const pick = (alphabet: string, max: number): string => Array.from({ length: Math.floor(next() * max) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let i = 0; i < 5_000; i++) {
      const pattern = pick('ab%_^.𝄞', 7);
      const value = pick('ab^.𝄞', 9);
      const expected = reference(pattern, value);
      expect(compileLike([pattern])(value), `${pattern} on ${value}`).to.equal(expected);
      const pre = new RegExp(likePrefilterSource([pattern]), 'u').test(value);
      if (expected) expect(pre, `prefilter keeps ${value} for ${pattern}`).to.equal(true);
      if (!likeNeedsPostFilter([pattern])) expect(pre, `prefilter exact for ${pattern} on ${value}`).to.equal(expected);
    }
  });

  it('takes linear time on patterns that make a backtracking regular expression explode', () => {
    const value = `^${'a'.repeat(5_000)}`;
    const hostile = ['%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%b', '%a%a%a%a%a%a%a%a%b', `${'%_'.repeat(100)}b`];
    const started = Date.now();
    for (const p of hostile) {
      expect(compileLike([p])(value)).to.equal(false);
      expect(new RegExp(likePrefilterSource([p])).test(value), 'the database regex is as quick').to.equal(false);
    }
    expect(Date.now() - started).to.be.below(1_000);
  });

  it('hands the database only anchored expressions with at most one unbounded run', () => {
    const src = likePrefilterSource(['%We%lby%', 'A_c', 'x.%%']);
    expect(src).to.equal('(?:^[\\s\\S]*lby[\\s\\S]*$)|(?:^A[\\s\\S]c$)|(?:^x\\.[\\s\\S]*$)');
    expect(likeNeedsPostFilter(['%We%lby%'])).to.equal(true);
    expect(likeNeedsPostFilter(['A_c', 'x.%%', '%Welby%'])).to.equal(false);
  });
});
