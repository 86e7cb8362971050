/**
 * The runner's collections, built from the testkit's own collection names (collections.txt in
 * each test folder), and the tests that cannot be run against a gateway on its own, each with
 * the reason. A test named here is reported as not applicable, never as passed.
 */
import type { TestDef } from './testkit.js';

export interface Collection {
  /** Name used on the command line and in reports. */
  readonly id: string;
  readonly title: string;
  /** Testkit collection names (collections.txt) that belong here. */
  readonly testkit: readonly string[];
  /** Tests that belong here though their collections.txt does not say so. */
  readonly extra: readonly string[];
}

export const COLLECTIONS: readonly Collection[] = [
  { id: 'registry', title: 'Registry (R.b, SQ.b, MU, RMD)', testkit: ['R.b', 'SQ.b', 'reg_mu', 'reg_rm', 'reg_rmd_rm'], extra: [] },
  { id: 'repository', title: 'Repository (PR.b, Ret.b, RD)', testkit: ['PR.b', 'Ret.b', 'rep_rd'], extra: [] },
  { id: 'responding-gateway', title: 'Responding Gateway (XCA)', testkit: ['rg(xca)', 'rg', 'rgtool', 'rgtool(xca)'], extra: [] },
  { id: 'initiating-gateway', title: 'Initiating Gateway (XCA)', testkit: ['ig(xca)', 'ig(xca)_ad'], extra: ['12093'] },
];

/**
 * Tests that need something a lone gateway plus this runner cannot provide. The reasons are
 * facts about the test, not about the gateway's quality.
 */
export const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  '11996': 'needs a registry with a patient identity feed: the gateway knows every well-formed patient id, so XDSUnknownPatientId cannot arise',
  '12093': 'needs the NIST responding-gateway simulators behind the initiating gateway',
  '12300': 'needs the NIST responding-gateway simulators behind the initiating gateway',
  '12306': 'needs the NIST responding-gateway simulators behind the initiating gateway',
  '12307': 'needs the NIST responding-gateway simulators behind the initiating gateway',
  '12308': 'needs the NIST responding-gateway simulators behind the initiating gateway',
  '15808': 'needs the NIST responding-gateway simulators behind the initiating gateway',
  '15809': 'needs the NIST responding-gateway simulators behind the initiating gateway',
  '15810': 'needs the NIST responding-gateway simulators behind the initiating gateway',
  '15814': 'needs the NIST responding-gateway simulators behind the initiating gateway',
};

/**
 * Tests that cannot pass under XUA by design of the access policy (docs/access-policy.md §3),
 * with the reason: the runner cannot give a ticket that covers two patients.
 */
export const NOT_APPLICABLE_UNDER_XUA: Readonly<Record<string, string>> = {
  '12368': 'expects XDSResultNotSinglePatient from a query naming objects of two patients; under XUA the access policy leaves out '
    + 'the objects of every patient but the ticket\'s before that check, so the error cannot arise (docs/access-policy.md §3)',
};

/** The collection a test is reported under, or undefined when it belongs to none of ours. */
export function collectionOf(test: TestDef): Collection | undefined {
  return COLLECTIONS.find((c) => c.extra.includes(test.id) || test.collections.some((k) => c.testkit.includes(k)));
}

/**
 * The tests of the given collections, in testkit order.
 * @param all - every test of the testkit, loaded
 * @param ids - collection ids (all when empty)
 * @returns test ids
 */
export function testsOf(all: readonly TestDef[], ids: readonly string[]): string[] {
  const wanted = COLLECTIONS.filter((c) => !ids.length || ids.includes(c.id));
  return all.filter((t) => { const c = collectionOf(t); return c !== undefined && wanted.includes(c); }).map((t) => t.id);
}
