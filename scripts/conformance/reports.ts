/**
 * What steps leave behind for later steps, as the NIST toolkit's logs do: ids the runner
 * assigned (AssignedUids, AssignedUuids, AssignedPatientId), values named by <Report>, and each
 * step's request and response. Later steps read them through UseId and UseReport.
 */

/** The log sections UseId reads from. */
export type AssignedSection = 'AssignedUids' | 'AssignedUuids' | 'AssignedPatientId';

/** What one step sent and received, kept for the section log and ReferenceMetadata. */
export interface StepRecord {
  /** The transaction element name written in the log, e.g. "StoredQueryTransaction". */
  readonly element: string;
  readonly status?: string;
  /** The request body as sent (XML text), with document content left out. */
  readonly input?: string;
  /** The response body (XML text), with document content left out. */
  readonly result?: string;
}

const key = (test: string, section: string, step: string): string => `${test}\u0000${section}\u0000${step}`;

/** Reports of every step run so far, by test, section and step. */
export class ReportStore {
  private readonly values = new Map<string, Map<string, string>>();
  private readonly records = new Map<string, StepRecord>();
  private readonly ran = new Set<string>();

  /** Records that a step ran (whatever its outcome), so a missing report can be told from a step never run. */
  markRun(test: string, section: string, step: string): void {
    this.ran.add(key(test, section, step));
  }

  /** True when the step has run. */
  hasRun(test: string, section: string, step: string): boolean {
    return this.ran.has(key(test, section, step));
  }

  /** Stores a named value reported by a step. */
  set(test: string, section: string, step: string, name: string, value: string): void {
    const k = key(test, section, step);
    let m = this.values.get(k);
    if (!m) { m = new Map(); this.values.set(k, m); }
    m.set(name, value);
  }

  /** A named value reported by a step, if any. */
  get(test: string, section: string, step: string, name: string): string | undefined {
    return this.values.get(key(test, section, step))?.get(name);
  }

  /** Stores an id the runner assigned to a symbolic object id ("Document01"). */
  assign(test: string, section: string, step: string, kind: AssignedSection, symbolic: string, value: string): void {
    this.set(test, section, step, `${kind}\u0000${symbolic}`, value);
  }

  /** An id assigned to a symbolic object id by a step, if any. */
  assigned(test: string, section: string, step: string, kind: AssignedSection, symbolic: string): string | undefined {
    return this.get(test, section, step, `${kind}\u0000${symbolic}`);
  }

  /** Keeps what a step sent and received. */
  record(test: string, section: string, step: string, rec: StepRecord): void {
    this.records.set(key(test, section, step), rec);
  }

  /** What a step sent and received, if it ran. */
  recordOf(test: string, section: string, step: string): StepRecord | undefined {
    return this.records.get(key(test, section, step));
  }
}
