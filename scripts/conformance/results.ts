/**
 * Outcomes of a conformance run, per step, section and test. A test passes only when every
 * step that talks to the gateway met its expectations; a step the runner cannot carry out makes
 * the test not applicable (with the reason), never passed.
 */

/** pass / fail / not applicable; "local" is a step handled by the runner alone (patient id feed). */
export type Verdict = 'pass' | 'fail' | 'na';
export type StepVerdict = Verdict | 'local';

export interface StepResult {
  readonly step: string;
  readonly verdict: StepVerdict;
  /** Why it failed or was not applicable; notes for passes. */
  readonly reasons: readonly string[];
}

export interface SectionResult {
  readonly section: string;
  /** "local" when every step was handled by the runner alone. */
  readonly verdict: StepVerdict;
  readonly steps: readonly StepResult[];
}

export interface TestResult {
  readonly test: string;
  readonly title: string;
  /** The runner's collection this test was reported under. */
  readonly collection: string;
  readonly verdict: Verdict;
  /** One line: the first failure or not-applicable reason. */
  readonly reason: string;
  readonly sections: readonly SectionResult[];
  readonly durationMs: number;
}

/**
 * Combines step verdicts: any failure fails; otherwise anything not applicable makes the whole
 * not applicable; a set of steps with no exchange with the gateway is not applicable too.
 * @param verdicts - step (or section) verdicts
 * @returns the combined verdict
 */
export function combine(verdicts: readonly StepVerdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('na')) return 'na';
  return verdicts.includes('pass') ? 'pass' : 'na';
}

/** The first reason given by a step with this verdict, prefixed with where it happened. */
export function firstReason(sections: readonly SectionResult[], verdict: Verdict): string {
  for (const s of sections) {
    for (const st of s.steps) {
      if (st.verdict === verdict && st.reasons.length) return `${s.section || '-'}/${st.step}: ${st.reasons.join('; ')}`;
    }
  }
  if (verdict !== 'na') return '';
  const local = sections.flatMap((s) => s.steps).find((st) => st.verdict === 'local' && st.reasons.length);
  return `no step exchanges messages with the gateway${local ? ` (${local.reasons.join('; ')})` : ''}`;
}

/** A section verdict from its steps. */
export function sectionResult(section: string, steps: readonly StepResult[]): SectionResult {
  const local = steps.length > 0 && steps.every((s) => s.verdict === 'local');
  return { section, verdict: local ? 'local' : combine(steps.map((s) => s.verdict)), steps };
}

/** A test verdict from all of its steps. */
export function testVerdict(sections: readonly SectionResult[]): Verdict {
  return combine(sections.flatMap((s) => s.steps.map((st) => st.verdict)));
}
