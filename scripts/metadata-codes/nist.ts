/**
 * Builds metadata-codes/ihe-generic/ from the NIST XDS Toolkit's affinity-domain code sets
 * (codes.xml: <Codes><CodeType name="classCode"><Code code display codingScheme/>…). These are
 * the codes the NIST test data uses, so the conformance tests can run against the same build.
 */
import { readFileSync } from 'node:fs';
import {
  CODE_SYSTEMS_FILE, type CodeRecord, type CodeSystemRecord, type CodeSystemsFile, type ValueListFile,
  type ValueSetFile,
} from '../../src/codes/code-files.js';
import { parseXml } from '../../src/formats/xml/parse.js';
import type { XmlElement } from '../../src/formats/xml/tree.js';
import { isIsoOid } from '../../src/domain/oid.js';
import type { GeneratedFiles } from './norway.js';

/** codes.xml CodeType name → [file, attribute]. codeList and folderCodeList both bind Folder.codeList. */
const CODE_TYPES: Readonly<Record<string, readonly [string, string]>> = {
  classCode: ['classCode', 'classCode'], typeCode: ['typeCode', 'typeCode'],
  confidentialityCode: ['confidentialityCode', 'confidentialityCode'], formatCode: ['formatCode', 'formatCode'],
  healthcareFacilityTypeCode: ['healthcareFacilityTypeCode', 'healthcareFacilityTypeCode'],
  practiceSettingCode: ['practiceSettingCode', 'practiceSettingCode'], eventCodeList: ['eventCode', 'eventCodeList'],
  contentTypeCode: ['contentTypeCode', 'contentTypeCode'], codeList: ['folderCodeList', 'folderCodeList'],
  folderCodeList: ['folderCodeList', 'folderCodeList'], associationDocumentation: ['associationDocumentation', 'associationDocumentation'],
};

/** Names and FHIR URIs of the well-known systems among NIST's coding schemes. */
const KNOWN: Readonly<Record<string, { name: string; uri: string; aliases?: readonly string[] }>> = {
  // Older NIST samples (message-validator pnr.xml) write the scheme by name.
  '2.16.840.1.113883.6.1': { name: 'LOINC', uri: 'http://loinc.org', aliases: ['LOINC'] },
  '2.16.840.1.113883.6.96': { name: 'SNOMED CT', uri: 'http://snomed.info/sct' },
  '2.16.840.1.113883.5.25': { name: 'HL7 v3 Confidentiality', uri: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality' },
  '2.16.840.1.113883.5.11': { name: 'HL7 v3 ActCode / facility codes as used by NIST', uri: 'urn:oid:2.16.840.1.113883.5.11' },
  '1.3.6.1.4.1.19376.1.2.3': { name: 'IHE format codes', uri: 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode' },
  '1.2.840.10008.2.6.1': { name: 'DICOM UID registry', uri: 'urn:oid:1.2.840.10008.2.6.1' },
  DCM: { name: 'DICOM controlled terminology', uri: 'http://dicom.nema.org/resources/ontology/DCM' },
};

function codesOf(el: XmlElement): { system: string; record: CodeRecord }[] {
  return el.children.filter((c) => c.local === 'Code').map((c) => ({
    system: c.attrs.codingScheme ?? '',
    record: { code: c.attrs.code ?? '', ...(c.attrs.display ? { display: c.attrs.display.trim() } : {}) },
  }));
}

/** Adds codes to a value set grouped by system, skipping duplicates (codes.xml repeats some). */
function addCodes(target: Map<string, CodeRecord[]>, codes: { system: string; record: CodeRecord }[]): void {
  for (const { system, record } of codes) {
    const list = target.get(system) ?? [];
    if (!list.some((r) => r.code === record.code)) list.push(record);
    target.set(system, list);
  }
}

function systemRecord(scheme: string, count: number): CodeSystemRecord {
  const known = KNOWN[scheme];
  return {
    oid: scheme,
    name: known?.name ?? scheme,
    ...(known ? { uri: known.uri } : isIsoOid(scheme) ? { uri: `urn:oid:${scheme}` } : {}),
    ...(known?.aliases ? { aliases: known.aliases } : {}),
    completeness: 'test-data',
    from: 'conformance/samples/nist-toolkit/validators-soap-message/src/test/resources/codes.xml',
    codeCount: count,
  };
}

/**
 * Builds the ihe-generic files from NIST's codes.xml.
 * @param codesXmlPath - path of codes.xml
 * @returns file name → JSON content
 */
export function buildIheGenericCodes(codesXmlPath: string): GeneratedFiles {
  const root = parseXml(readFileSync(codesXmlPath, 'utf8'));
  const sets = new Map<string, { attribute: string; bySystem: Map<string, CodeRecord[]> }>();
  const files = new Map<string, unknown>();
  for (const type of root.children.filter((c) => c.local === 'CodeType')) {
    const name = type.attrs.name ?? '';
    if (name === 'mimeType') {
      const mime: ValueListFile = { attribute: 'mimeType', description: 'mimeType values of the NIST Toolkit affinity domain', values: codesOf(type).map((c) => c.record.code) };
      files.set('mimeType.json', mime);
      continue;
    }
    const target = CODE_TYPES[name];
    if (!target) continue;
    const set = sets.get(target[0]) ?? { attribute: target[1], bySystem: new Map() };
    addCodes(set.bySystem, codesOf(type));
    sets.set(target[0], set);
  }
  const counts = new Map<string, number>();
  for (const [file, set] of [...sets].sort(([a], [b]) => a.localeCompare(b))) {
    const parts = [...set.bySystem].map(([system, codes]) => ({ system, codes }));
    for (const p of parts) counts.set(p.system, (counts.get(p.system) ?? 0) + p.codes.length);
    const vs: ValueSetFile = { attribute: set.attribute, description: `${set.attribute} codes of the NIST Toolkit affinity domain (codes.xml)`, parts };
    files.set(`${file}.json`, vs);
  }
  const systems: CodeSystemsFile = {
    description: 'Coding schemes of the NIST XDS Toolkit affinity domain (codes.xml), for the ihe-generic profile. Generated by scripts/build-metadata-codes.ts; do not edit by hand.',
    systems: [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => systemRecord(s, n)),
  };
  files.set(CODE_SYSTEMS_FILE, systems);
  return files;
}
