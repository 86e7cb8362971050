/**
 * A stored query parsed once: one type per stored query, its parameters typed by the
 * definition table (definitions.ts). ITI-18 and ITI-38 decode into it, and the MHD search
 * parameters (ITI-67, ITI-66) are to build the same. ITI TF-2 3.18.4.1.2.3.7
 */
import type { AvailabilityStatus, Cx } from '../domain/datatypes.js';
import type { AssociationType, StoredQueryName } from '../domain/vocabulary.js';
import type { ParamDef, StoredQueryDefinitions } from './definitions.js';

/** The type each kind of parameter value is parsed to (parameters.ts). */
export interface ParamValueTypes {
  readonly string: string;
  readonly uuid: string;
  readonly pattern: string;
  /** A patient: id and ISO assigning authority. */
  readonly patientId: Cx;
  /** A code as `code^^scheme` (codeKey), the form the store indexes. */
  readonly code: string;
  /** YYYY[MM[DD[hh[mm[ss]]]]] */
  readonly dtm: string;
  readonly status: AvailabilityStatus;
  readonly objectType: 'stable' | 'on-demand';
  readonly associationType: AssociationType;
  readonly integer: number;
}

/** The value of a parameter: one value, a list (OR), or AND-ed OR-groups. */
export type ParamValue<D> =
  D extends ParamDef<infer K, 'single'> ? ParamValueTypes[K]
    : D extends ParamDef<infer K, 'list'> ? readonly ParamValueTypes[K][]
      : D extends ParamDef<infer K, 'andOr'> ? readonly (readonly ParamValueTypes[K][])[]
        : never;

/** The parameters of one stored query, each optional (the definition says which are required). */
export type StoredQueryParams<N extends StoredQueryName> = {
  readonly [P in keyof StoredQueryDefinitions[N]['params']]?: ParamValue<StoredQueryDefinitions[N]['params'][P]>;
};

/** One stored query, parsed. */
export interface StoredQueryOf<N extends StoredQueryName> {
  readonly name: N;
  /** The stored query id (urn:uuid:…). */
  readonly id: string;
  readonly returnType: 'LeafClass' | 'ObjectRef';
  /** AdhocQuery/@home. */
  readonly home?: string;
  readonly params: StoredQueryParams<N>;
}

/** Any stored query, parsed: a union discriminated by `name`. */
export type StoredQuery = { readonly [N in StoredQueryName]: StoredQueryOf<N> }[StoredQueryName];
