/**
 * Contained resources (http://hl7.org/fhir/R4/references.html#contained): a writer that gives
 * each resource a local id and returns its `#id` reference, and a reader that resolves them.
 * MHD Comprehensive metadata carries author, authenticator and sourcePatientInfo this way.
 */
import type { ContainedResource, Reference } from './resources.js';

type Unidentified<R> = R extends ContainedResource ? Omit<R, 'id'> : never;

/** Collects the contained resources of one resource being written. */
export class ContainedWriter {
  readonly resources: ContainedResource[] = [];

  /**
   * @param id - a local id, unique within the resource (e.g. `author1`)
   * @param resource - the resource without an id
   * @returns a Reference to it
   */
  add(id: string, resource: Unidentified<ContainedResource>): Reference {
    this.resources.push({ ...resource, id } as ContainedResource);
    return { reference: `#${id}` };
  }
}

/** Resolves `#id` references against the contained resources of one resource. */
export class ContainedReader {
  private readonly byId = new Map<string, ContainedResource>();

  constructor(contained: readonly ContainedResource[] | undefined) {
    for (const r of contained ?? []) if (r.id) this.byId.set(r.id, r);
  }

  /**
   * @param ref - a Reference as sent
   * @returns the contained resource it points to, or undefined when it is not a local reference
   */
  resolve(ref: Reference | undefined): ContainedResource | undefined {
    const r = ref?.reference;
    return r?.startsWith('#') ? this.byId.get(r.slice(1)) : undefined;
  }
}
