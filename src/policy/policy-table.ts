/**
 * THE access-policy table: every rule of blocking and refusal ("sperring og nekting") as data,
 * so that a change of policy is a change of this file only. Documented row by row in
 * docs/access-policy.md. Sources: norway-profile.md §4.5 (ACP), §4.6 (purposes), §6 (9603
 * codes and the reference source's behaviour).
 */

export type Effect = 'allow' | 'mask' | 'deny';

/** How a citizen reaches the record: as the patient, as parent (ACP .1) or as representative (ACP .2 / .3). */
export type CitizenRelation = 'self' | 'parent' | 'representative';

const CODE_SYSTEM = {
  sperring: '2.16.578.1.12.4.1.1.9603',
  hl7Confidentiality: '2.16.840.1.113883.5.25',
  purposeOfUse: '2.16.840.1.113883.1.11.20448',
  actReason: '2.16.840.1.113883.5.8',
  iso14265: '1.0.14265.1',
  hcpCategory: '2.16.578.1.12.4.1.1.9060',
  acp: '2.16.578.1.12.4.1.7.2.1',
} as const;

/** One confidentiality rule: a code, what it does, and when it does not apply. */
export interface ConfidentialityRule {
  readonly system: string;
  /** A code, or a prefix ending in `*` (NORN_*). */
  readonly code: string;
  readonly effect: Effect;
  readonly reason: string;
  /** The rule does not apply for these purposes of use (normalised codes). */
  readonly unlessPurposes?: readonly string[];
  /** The rule applies only to these citizen relations (citizen rules). */
  readonly relations?: readonly CitizenRelation[];
  /** The rule applies only to citizens whose own age lies in [min, max) (citizen rules, own access). */
  readonly ownAge?: { readonly min: number; readonly max: number };
}

export interface AccessPolicyTable {
  /** Purposes a health-personnel principal may use to read documents. */
  readonly healthPersonnelPurposes: readonly string[];
  /** Purposes a citizen principal may use. */
  readonly citizenPurposes: readonly string[];
  /** Legacy and alternative codes, "system|code" → the normalised purpose. */
  readonly purposeAliases: Readonly<Record<string, string>>;
  /** Purposes that are break-the-glass: allowed, and marked in the audit record. */
  readonly breakTheGlassPurposes: readonly string[];
  /** Role code systems accepted for health personnel; a role, when given, must come from one. */
  readonly roleSystems: readonly string[];
  /** Role codes accepted; undefined = any code of the accepted systems. */
  readonly roleCodes?: readonly string[];
  readonly healthPersonnel: readonly ConfidentialityRule[];
  readonly citizen: readonly ConfidentialityRule[];
  /** ACP codes (bare OIDs) that make a citizen a parent or a representative. */
  readonly acpRelations: Readonly<Record<string, CitizenRelation>>;
  /** Citizens may read their own record from this age. */
  readonly citizenOwnAccessFromAge: number;
  /** Parents may read a child's record below this age. */
  readonly parentAccessBelowAge: number;
}

const NORN = (code: string, reason: string): ConfidentialityRule =>
  ({ system: CODE_SYSTEM.sperring, code, effect: 'deny', reason });

/** The default policy. See docs/access-policy.md for why each row is what it is. */
export const DEFAULT_POLICY: AccessPolicyTable = {
  healthPersonnelPurposes: ['TREAT', 'ETREAT', 'COC', 'BTG', 'CAREMGT'],
  citizenPurposes: ['SUBJECT', 'PATRQT', 'FAMRQT', 'PWATRNY'],
  purposeAliases: {
    [`${CODE_SYSTEM.iso14265}|1`]: 'TREAT',
    [`${CODE_SYSTEM.iso14265}|2`]: 'ETREAT',
    [`${CODE_SYSTEM.iso14265}|5`]: 'CAREMGT',
    [`${CODE_SYSTEM.iso14265}|13`]: 'SUBJECT',
  },
  breakTheGlassPurposes: ['BTG'],
  roleSystems: [CODE_SYSTEM.hcpCategory],
  healthPersonnel: [
    { system: CODE_SYSTEM.sperring, code: 'NORS', effect: 'mask', unlessPurposes: ['ETREAT', 'BTG'],
      reason: 'the patient has blocked this document for health personnel (NORS, sperret); shown only for ETREAT or BTG' },
  ],
  citizen: [
    { system: CODE_SYSTEM.sperring, code: 'NORU', effect: 'deny', reason: 'citizen access to this document is delayed (NORU, utsatt innsyn)' },
    { system: CODE_SYSTEM.sperring, code: 'NORN_FORANS', effect: 'deny', relations: ['parent'], reason: 'refused for parents and guardians (NORN_FORANS)' },
    { system: CODE_SYSTEM.sperring, code: 'NORN_UNGDOM', effect: 'deny', relations: ['self'], ownAge: { min: 12, max: 16 }, reason: 'refused for youth aged 12–16 (NORN_UNGDOM)' },
    NORN('NORN_FFL', 'refused: danger to life or serious harm (NORN_FFL)'),
    NORN('NORN_KUT', 'refused: clearly inadvisable (NORN_KUT)'),
    NORN('NORN_EPO', 'refused at the patient\'s own wish (NORN_EPO)'),
    NORN('NORN_ALL', 'all of the patient\'s documents are refused (NORN_ALL)'),
    NORN('NORN_FOR', 'older than the date of automatic electronic access (NORN_FOR)'),
    NORN('NORN_FFH', 'refused: threat to health personnel (NORN_FFH)'),
    NORN('NORN_FPB', 'refused: responsible treatment (NORN_FPB)'),
    NORN('NORN_DUP', 'refused: duplicate (NORN_DUP)'),
    NORN('NORN_ANG', 'refused for other reasons (NORN_ANG)'),
    { system: CODE_SYSTEM.hl7Confidentiality, code: 'V', effect: 'deny', reason: 'very restricted (HL7 V) documents are not shown to citizens' },
  ],
  acpRelations: {
    [`${CODE_SYSTEM.acp}.1`]: 'parent',
    [`${CODE_SYSTEM.acp}.2`]: 'representative',
    [`${CODE_SYSTEM.acp}.3`]: 'representative',
  },
  citizenOwnAccessFromAge: 16,
  parentAccessBelowAge: 12,
};
