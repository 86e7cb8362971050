/**
 * Canonical URLs and codes of IHE MHD 4.2.3 and FHIR R4 that the mapping writes. They name
 * FHIR artefacts, so they live beside the FHIR mapping rather than in the neutral domain
 * vocabulary. Sources: the IG's FSH (documentReference.fsh, submissionSet.fsh, folder.fsh,
 * mhdList.fsh) and ITI TF-2 Appendix Z.9.1 (identifiers).
 */

const MHD_SD = 'https://profiles.ihe.net/ITI/MHD/StructureDefinition/';

/** Profiles written into meta.profile: the Minimal one marks limitedMetadata. */
export const MHD_PROFILE = {
  minimalDocumentReference: `${MHD_SD}IHE.MHD.Minimal.DocumentReference`,
  comprehensiveDocumentReference: `${MHD_SD}IHE.MHD.Comprehensive.DocumentReference`,
  unContainedDocumentReference: `${MHD_SD}IHE.MHD.UnContained.Comprehensive.DocumentReference`,
  minimalSubmissionSet: `${MHD_SD}IHE.MHD.Minimal.SubmissionSet`,
  comprehensiveSubmissionSet: `${MHD_SD}IHE.MHD.Comprehensive.SubmissionSet`,
  unContainedSubmissionSet: `${MHD_SD}IHE.MHD.UnContained.Comprehensive.SubmissionSet`,
  minimalFolder: `${MHD_SD}IHE.MHD.Minimal.Folder`,
  comprehensiveFolder: `${MHD_SD}IHE.MHD.Comprehensive.Folder`,
} as const;

/** Extensions defined by the IG. */
export const MHD_EXTENSION = {
  designationType: `${MHD_SD}ihe-designationType`,
  sourceId: `${MHD_SD}ihe-sourceId`,
  intendedRecipient: `${MHD_SD}ihe-intendedRecipient`,
  authorOrg: `${MHD_SD}ihe-authorOrg`,
} as const;

/** List.code system and codes telling a SubmissionSet from a Folder. mhdList.fsh */
export const MHD_LIST_TYPES = 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes';

/** Identifier system for values that are URIs themselves (urn:oid:…, urn:uuid:…). Appendix Z.9.1 */
export const URI_SYSTEM = 'urn:ietf:rfc:3986';

/** HL7 v2 table 0203 (identifier type), for XON.7. */
export const V2_IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** FHIR core extension for a birth time finer than a day (PID-7 with a time). */
export const PATIENT_BIRTH_TIME = 'http://hl7.org/fhir/StructureDefinition/patient-birthTime';
