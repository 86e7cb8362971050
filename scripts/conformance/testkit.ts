/**
 * Reads NIST testkit tests from disk: a test is a folder with index.idx (its sections, in order)
 * and one testplan.xml per section; older tests have a single testplan.xml at the top.
 * Dependencies between tests are read from the plans themselves (UseId testdir, UseReport test),
 * so loaders such as 12346 run before the stored-query tests that use their data.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { planFrom, type Plan } from './plan.js';
import { parseNode } from './xml-node.js';

export interface Section {
  /** The section name ('' for a test with a single top-level plan). */
  readonly name: string;
  readonly dir: string;
  readonly plan?: Plan;
  /** Why the section's plan could not be read. */
  readonly error?: string;
}

export interface TestDef {
  readonly id: string;
  readonly dir: string;
  readonly sections: readonly Section[];
  /** The testkit's own collection names (collections.txt), e.g. "R.b", "SQ.b", "rg(xca)". */
  readonly collections: readonly string[];
  /** First line of readme.txt. */
  readonly title: string;
  /** Other tests whose reports or ids this test uses. */
  readonly dependencies: readonly string[];
}

/** A place in the testkit: a test and one of its sections. */
export interface SectionRef {
  readonly test: string;
  readonly section: string;
}

function readText(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function words(text: string): string[] {
  return text.split(/\s+/).map((w) => w.trim()).filter(Boolean);
}

function sectionAt(name: string, dir: string): Section {
  const file = path.join(dir, 'testplan.xml');
  if (!existsSync(file)) return { name, dir, error: `no testplan.xml in ${name || 'the test folder'}` };
  try {
    return { name, dir, plan: planFrom(parseNode(readFileSync(file, 'utf8'))) };
  } catch (e) {
    return { name, dir, error: `testplan.xml cannot be read: ${(e as Error).message}` };
  }
}

/**
 * Resolves a UseId testdir (relative to the section folder) to a test and section.
 * @param testsDir - the testkit's tests folder
 * @param sectionDir - the folder of the section that holds the UseId
 * @param testdir - the attribute value, e.g. "../submit" or "../../12346/single_doc"
 * @returns the referenced test and section
 */
export function resolveTestdir(testsDir: string, sectionDir: string, testdir: string): SectionRef {
  const rel = path.relative(testsDir, path.resolve(sectionDir, testdir)).split(path.sep).filter(Boolean);
  return { test: rel[0] ?? '', section: rel.slice(1).join('/') };
}

function dependenciesOf(testsDir: string, id: string, sections: readonly Section[]): string[] {
  const out = new Set<string>();
  for (const s of sections) {
    for (const step of s.plan?.steps ?? []) {
      const tx = step.transaction;
      if (!tx) continue;
      for (const u of tx.useIds) if (u.testdir) out.add(resolveTestdir(testsDir, s.dir, u.testdir).test);
      for (const r of tx.useReports) if (r.test) out.add(r.test);
    }
  }
  out.delete(id);
  return [...out].filter(Boolean).sort();
}

/**
 * Loads one test.
 * @param testsDir - the testkit's tests folder
 * @param id - the test's folder name, e.g. "11966"
 * @returns the test with its sections in run order
 */
export function loadTest(testsDir: string, id: string): TestDef {
  const dir = path.join(testsDir, id);
  const index = path.join(dir, 'index.idx');
  const sections = existsSync(index)
    ? words(readText(index)).map((name) => sectionAt(name, path.join(dir, name)))
    : [sectionAt('', dir)];
  return {
    id, dir, sections,
    collections: words(readText(path.join(dir, 'collections.txt'))),
    title: (readText(path.join(dir, 'readme.txt')).split('\n').find((l) => l.trim()) ?? '').trim(),
    dependencies: dependenciesOf(testsDir, id, sections),
  };
}

/** True when the testkit holds a test of this name. */
export function testExists(testsDir: string, id: string): boolean {
  return existsSync(path.join(testsDir, id));
}

/**
 * Orders tests so that each runs after the tests it depends on (those present in the testkit),
 * adding the dependencies that were not asked for.
 * @param testsDir - the testkit's tests folder
 * @param wanted - the tests asked for
 * @returns loaded tests, dependencies first, otherwise in the order asked
 */
export function withDependencies(testsDir: string, wanted: readonly string[]): TestDef[] {
  const loaded = new Map<string, TestDef>();
  const order: TestDef[] = [];
  const visiting = new Set<string>();
  const visit = (id: string): void => {
    if (loaded.has(id) || visiting.has(id) || !testExists(testsDir, id)) return;
    visiting.add(id);
    const t = loadTest(testsDir, id);
    t.dependencies.forEach(visit);
    visiting.delete(id);
    loaded.set(id, t);
    order.push(t);
  };
  wanted.forEach(visit);
  return order;
}
