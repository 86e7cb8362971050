import { combineRecords, type AccessRecord, type TouchedDocument } from '../domain/access-record.js';
import type { Cx } from '../domain/datatypes.js';
import { withTouched } from '../errors/issue.js';

/**
 * What one service call touches, collected in the order it happens and returned with the
 * call's result, or attached to the error that stops it (domain/access-record.ts).
 */
export class Touched {
  private found: AccessRecord;

  constructor(start: AccessRecord = {}) { this.found = start; }

  /** @param patient - the patient the request concerns; the first one found stands */
  patient(patient: Cx | undefined): void { if (patient) this.add({ patient }); }

  /** @param docs - documents touched, each with the access decision applied */
  documents(docs: readonly TouchedDocument[]): void { if (docs.length) this.add({ documents: docs }); }

  /** @param later - a record made after what is collected so far (a nested call's) */
  add(later: AccessRecord): void { this.found = combineRecords(this.found, later); }

  get record(): AccessRecord { return this.found; }

  /**
   * Runs a step of the call: what the step's error says it touched is added to this record.
   * @param step - the step
   * @throws the step's error, carrying everything touched so far
   */
  async during<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (e) {
      throw withTouched(e, this.found);
    }
  }
}
