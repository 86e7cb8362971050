import { expect } from 'chai';
import { documentFromBinary, binaryFromDocument } from '../../../../src/formats/fhir/binary.js';
import { documentEntryToFhir } from '../../../../src/formats/fhir/document-reference.js';
import { FhirFormatError } from '../../../../src/formats/fhir/fhir-format-error.js';
import { parseFhirJson, serializeFhirJson } from '../../../../src/formats/fhir/fhir-json.js';
import { DEFAULT_FHIR_LIMITS } from '../../../../src/formats/fhir/fhir-limits.js';
import { parseFhirXml } from '../../../../src/formats/fhir/fhir-xml.js';
import { serializeFhirXml } from '../../../../src/formats/fhir/fhir-xml-write.js';
import { folderToFhir } from '../../../../src/formats/fhir/folder-list.js';
import type { Bundle, Resource } from '../../../../src/formats/fhir/resources.js';
import { submissionSetToFhir } from '../../../../src/formats/fhir/submission-set-list.js';
import { aFullDocumentEntry, aFullFolder, aFullSubmissionSet, FHIR_OPTIONS } from '../../../support/fhir-samples.js';

function refusal(fn: () => unknown): FhirFormatError {
  try { fn(); } catch (e) { if (e instanceof FhirFormatError) return e; throw e; }
  throw new Error('accepted, but a FhirFormatError was expected');
}

function resources(): Resource[] {
  const entry = aFullDocumentEntry({ sourcePatientInfo: ['PID-3|1^^^&1.2.3&ISO', 'PID-5|Nordmann^Kari', 'PID-7|19691113083000', 'PID-8|F'] });
  const doc = documentEntryToFhir(entry, { ...FHIR_OPTIONS, id: 'd1' });
  const bundle: Bundle = {
    resourceType: 'Bundle', type: 'transaction-response', total: 2,
    entry: [
      { fullUrl: 'urn:uuid:1', resource: { ...doc, text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Epikrise &amp; notat</p></div>' } } as Resource },
      { response: { status: '201 Created', location: 'List/1', etag: 'W/"1"' } },
    ],
  };
  return [doc, submissionSetToFhir(aFullSubmissionSet(), FHIR_OPTIONS), folderToFhir(aFullFolder(), FHIR_OPTIONS),
    binaryFromDocument(new TextEncoder().encode('Hei'), 'text/plain'), bundle,
    { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'structure', diagnostics: 'x', expression: ['Bundle.entry[0]'] }] } as Resource];
}

describe('FHIR JSON and XML codecs', () => {
  it('read back what they write, JSON and XML alike, primitive extensions included', () => {
    for (const r of resources()) {
      expect(parseFhirJson(serializeFhirJson(r)), r.resourceType).to.deep.equal(JSON.parse(JSON.stringify(r)));
      const xml = serializeFhirXml(r);
      expect(parseFhirXml(xml), `${r.resourceType}\n${xml}`).to.deep.equal(JSON.parse(JSON.stringify(r)));
    }
    expect(serializeFhirXml(resources()[0]!)).to.contain('<birthDate value="1969-11-13"><extension url="http://hl7.org/fhir/StructureDefinition/patient-birthTime">');
  });

  it('write XML elements in the specification order, whatever the JSON key order', () => {
    const xml = serializeFhirXml({ resourceType: 'Binary', data: 'SGVp', contentType: 'text/plain', id: 'b1' } as Resource);
    expect(xml).to.equal('<?xml version="1.0" encoding="UTF-8"?><Binary xmlns="http://hl7.org/fhir"><id value="b1"/><contentType value="text/plain"/><data value="SGVp"/></Binary>');
  });

  describe('refuse hostile or malformed JSON with a FHIR issue, before the work', () => {
    it('nesting deeper than the limit, found before JSON.parse runs', () => {
      const e = refusal(() => parseFhirJson(`{"resourceType":"Bundle","x":${'['.repeat(1_000_000)}`));
      expect([e.issueType, e.message]).to.deep.equal(['too-costly', `JSON nested deeper than ${DEFAULT_FHIR_LIMITS.maxDepth}`]);
    });
    it('an array longer than the limit', () => {
      const e = refusal(() => parseFhirJson(`{"resourceType":"Bundle","type":"batch","entry":[${'{},'.repeat(10_000)}{}]}`));
      expect([e.issueType, e.message]).to.deep.equal(['too-costly', 'a JSON array has more than 10000 items']);
    });
    it('input over the size limit, and too many values', () => {
      expect(refusal(() => parseFhirJson('{"resourceType":"Binary"}'.padEnd(2000), { ...DEFAULT_FHIR_LIMITS, maxBytes: 1000 })).issueType).to.equal('too-costly');
      expect(refusal(() => parseFhirJson(`[${'1,'.repeat(500)}1]`, { ...DEFAULT_FHIR_LIMITS, maxItems: 100 })).message).to.equal('more than 100 JSON values');
    });
    it('prototype keys, at the top and deep inside, without touching Object.prototype', () => {
      const top = refusal(() => parseFhirJson('{"resourceType":"Binary","contentType":"text/plain","__proto__":{"polluted":1}}'));
      expect([top.issueType, top.expression]).to.deep.equal(['structure', 'Binary.__proto__']);
      const deep = refusal(() => parseFhirJson('{"resourceType":"List","status":"current","mode":"working","code":{"constructor":{"prototype":{}}}}'));
      expect(deep.expression).to.equal('List.code.constructor');
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    });
    it('what is not FHIR: not JSON, unknown resource types and elements, wrong JSON types, empty values, two choices', () => {
      expect(refusal(() => parseFhirJson('{"resourceType":')).issueType).to.equal('structure');
      expect(refusal(() => parseFhirJson('{"resourceType":"Encounter","status":"x"}')).issueType).to.equal('not-supported');
      expect(refusal(() => parseFhirJson('[1]')).message).to.match(/resource/);
      expect(refusal(() => parseFhirJson('{"resourceType":"Binary","contentType":"a","bogus":1}')).expression).to.equal('Binary.bogus');
      expect(refusal(() => parseFhirJson('{"resourceType":"DocumentReference","status":"current","content":[{"attachment":{"size":"12"}}]}')).expression)
        .to.equal('DocumentReference.content[0].attachment.size');
      expect(refusal(() => parseFhirJson('{"resourceType":"Binary","contentType":""}')).message).to.match(/must not be empty/);
      expect(refusal(() => parseFhirJson('{"resourceType":"List","status":"current","mode":"working","identifier":[]}')).message).to.match(/non-empty array/);
      expect(refusal(() => parseFhirJson('{"resourceType":"List","status":"current","extension":[{"url":"u","valueString":"a","valueCode":"b"}]}')).message)
        .to.match(/more than one value\[x\]/);
      expect(refusal(() => parseFhirJson('{"resourceType":"Patient","name":[{"given":["a","b"],"_given":[null]}]}')).message).to.match(/same length/);
    });
  });

  describe('refuse hostile or malformed XML', () => {
    const fhir = (inner: string, root = 'Binary'): string => `<${root} xmlns="http://hl7.org/fhir">${inner}</${root}>`;
    it('a DOCTYPE (entity expansion, external entities)', () => {
      const xml = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>' + fhir('<contentType value="&lol2;"/>');
      expect(refusal(() => parseFhirXml(xml)).message).to.match(/DOCTYPE/);
      expect(refusal(() => parseFhirXml('<!DOCTYPE x SYSTEM "file:///etc/passwd"><Binary xmlns="http://hl7.org/fhir"/>')).message).to.match(/DOCTYPE/);
    });
    it('deep nesting, too many repetitions, and input over the size limit', () => {
      expect(refusal(() => parseFhirXml(fhir(`${'<extension url="u">'.repeat(200)}${'</extension>'.repeat(200)}`, 'Patient'))).issueType).to.equal('too-costly');
      const many = fhir(`<type value="searchset"/>${'<link><relation value="a"/><url value="b"/></link>'.repeat(11)}`, 'Bundle');
      expect(refusal(() => parseFhirXml(many, { ...DEFAULT_FHIR_LIMITS, maxArrayLength: 10 })).message).to.match(/more than 10 repetitions/);
      expect(refusal(() => parseFhirXml(fhir('<contentType value="a"/>'), { ...DEFAULT_FHIR_LIMITS, maxBytes: 10 })).issueType).to.equal('too-costly');
    });
    it('what is not FHIR XML: other namespaces, unknown elements, text, repeated single elements, bad numbers', () => {
      expect(refusal(() => parseFhirXml('<Binary xmlns="urn:evil"><contentType value="a"/></Binary>')).message).to.match(/not a FHIR element/);
      expect(refusal(() => parseFhirXml(fhir('<bogus value="a"/>'))).expression).to.equal('Binary.bogus');
      expect(refusal(() => parseFhirXml(fhir('<contentType value="a"/>text'))).message).to.match(/text is not allowed/);
      expect(refusal(() => parseFhirXml(fhir('<contentType value="a"/><contentType value="b"/>'))).message).to.match(/repeats/);
      expect(refusal(() => parseFhirXml(fhir('<contentType value="a"><coding url="u"/></contentType>'))).expression).to.equal('Binary.contentType.extension[0]');
      expect(refusal(() => parseFhirXml(fhir('<status value="current"/><content><attachment><size value="1e999x"/></attachment></content>', 'DocumentReference'))).message)
        .to.match(/not a number/);
      expect(refusal(() => parseFhirXml('<Binary xmlns="http://hl7.org/fhir"><contentType value="a"/>')).issueType).to.equal('structure');
    });
    it('narrative that is not XHTML, when writing', () => {
      const r = { resourceType: 'List', status: 'current', mode: 'working', text: { status: 'generated', div: '<div>x</div><script/>' } } as Resource;
      expect(refusal(() => serializeFhirXml(r)).message).to.match(/narrative/);
    });
  });

  describe('Binary', () => {
    it('gives the bytes, their SHA-1 and size', () => {
      const doc = documentFromBinary({ resourceType: 'Binary', contentType: 'text/plain', data: 'SGVsbG8gV29ybGQ=' }, 100);
      expect([Buffer.from(doc.bytes!).toString(), doc.sha1, doc.size]).to.deep.equal(['Hello World', '0a4d55a8d778e5022fab701977c5d840bbc486d0', 11]);
    });
    it('refuses data that is not base64, and data over the size limit before decoding it', () => {
      for (const data of ['SGVsbG8gV29ybGQ', 'SGVs*G8=', 'SGVsbG8=====', 'SG Vs']) {
        expect(refusal(() => documentFromBinary({ resourceType: 'Binary', contentType: 'a', data }, 100)).issueType, data).to.equal('value');
      }
      expect(refusal(() => documentFromBinary({ resourceType: 'Binary', contentType: 'a', data: 'A'.repeat(400) }, 100)).issueType).to.equal('too-costly');
      expect(refusal(() => documentFromBinary({ resourceType: 'Binary', contentType: 'a' }, 100)).issueType).to.equal('required');
    });
  });
});
