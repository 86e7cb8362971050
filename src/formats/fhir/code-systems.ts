/**
 * Coding schemes of XDS metadata (OIDs, as ebRIM carries them) ↔ FHIR Coding.system URIs.
 * FHIR asks for a code system's canonical URI where one is defined (R4 terminologies-systems),
 * and for `urn:oid:` otherwise; the Norwegian Volven systems are written as `urn:oid:` (no FHIR
 * canonical is agreed for MHD in Norway, norway-profile.md §5). Reading accepts every spelling
 * the affinity domain's catalogue knows (metadata-codes/code-systems.json), given as aliases.
 */

/** One known code system: its OID, the URI FHIR uses, and other spellings accepted on input. */
export interface CodeSystemName {
  readonly oid: string;
  readonly uri?: string;
  readonly aliases?: readonly string[];
}

/** Code systems with a FHIR canonical URI that differs from urn:oid: (facts from the R4 registry). */
export const WELL_KNOWN_CODE_SYSTEMS: readonly CodeSystemName[] = [
  { oid: '2.16.840.1.113883.6.1', uri: 'http://loinc.org' },
  { oid: '2.16.840.1.113883.6.96', uri: 'http://snomed.info/sct' },
  { oid: '2.16.840.1.113883.5.25', uri: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality' },
  { oid: '2.16.840.1.113883.5.4', uri: 'http://terminology.hl7.org/CodeSystem/v3-ActCode' },
  { oid: '2.16.840.1.113883.5.8', uri: 'http://terminology.hl7.org/CodeSystem/v3-ActReason' },
  { oid: '2.16.840.1.113883.6.8', uri: 'http://unitsofmeasure.org' },
  {
    oid: '1.3.6.1.4.1.19376.1.2.3', uri: 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode',
    aliases: ['http://profiles.ihe.net/fhir/ihe.formatcode.fhir/CodeSystem-formatcode'],
  },
];

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
/** The Norwegian health sector's code-system arc (Volven). */
const NORWEGIAN_ARC = '2.16.578.1.12.4.1.1.';

/** Translates coding schemes both ways; built once from the known systems. */
export class CodeSystemNaming {
  private readonly uriByOid = new Map<string, string>();
  private readonly oidBySpelling = new Map<string, string>();

  /**
   * @param systems - known systems; for an OID or a spelling given twice, the first entry wins
   */
  constructor(systems: readonly CodeSystemName[] = WELL_KNOWN_CODE_SYSTEMS) {
    for (const s of systems) {
      if (s.uri && !s.oid.startsWith(NORWEGIAN_ARC) && !s.uri.startsWith('urn:oid:') && !this.uriByOid.has(s.oid)) {
        this.uriByOid.set(s.oid, s.uri);
      }
      for (const spelling of [s.uri, ...(s.aliases ?? [])]) if (spelling && !this.oidBySpelling.has(spelling)) this.oidBySpelling.set(spelling, s.oid);
    }
  }

  /**
   * @param codingScheme - the scheme as the domain keeps it (an OID, or a name as sent)
   * @returns the FHIR Coding.system
   */
  toFhirSystem(codingScheme: string): string {
    const known = this.uriByOid.get(codingScheme);
    if (known) return known;
    return OID.test(codingScheme) ? `urn:oid:${codingScheme}` : codingScheme;
  }

  /**
   * @param system - a FHIR Coding.system
   * @returns the coding scheme: the OID when the system is known or `urn:oid:`, else the URI itself
   */
  fromFhirSystem(system: string): string {
    const known = this.oidBySpelling.get(system);
    if (known) return known;
    return system.startsWith('urn:oid:') && OID.test(system.slice(8)) ? system.slice(8) : system;
  }
}

/** Naming with only the well-known systems, for callers without an affinity-domain catalogue. */
export const DEFAULT_CODE_SYSTEM_NAMING = new CodeSystemNaming();
