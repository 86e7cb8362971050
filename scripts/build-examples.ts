/**
 * Writes the ready-to-send messages in examples/ (run: npx tsx scripts/build-examples.ts). They are
 * committed, so a person can send them with curl at once; `npm run demo` sends the same files with
 * fresh unique ids. The ITI-41 metadata is the Norwegian fixture (fixtures/ebrim/iti42/) with a
 * synthetic fødselsnummer (month + 80, never a real person's) and Volven codes; the ihe-generic
 * variant swaps in codes of the NIST XDS Toolkit affinity domain (metadata-codes/ihe-generic/).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { personIdCheckDigits } from '../src/domain/norwegian-identifiers.js';
import { AVAILABILITY_STATUS, SOAP_ACTION, STORED_QUERY_ID } from '../src/domain/vocabulary.js';
import { EXAMPLE } from './demo/example-ids.js';

const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));
const template = readFileSync(root('fixtures/ebrim/iti42/norwegian-single-document.xml'), 'utf8');

/** A synthetic fødselsnummer born 13.11.1969: month + 80, first individual number with valid check digits. */
function syntheticFnr(): string {
  for (let ind = 500; ind < 1000; ind++) {
    const k = personIdCheckDigits(`139169${ind}`);
    if (k) return `139169${ind}${k}`;
  }
  throw new Error('no synthetic number');
}

const fnr = syntheticFnr();
let uuid = 0;
const values: Record<string, string> = {
  patientId: fnr, documentUniqueId: EXAMPLE.documentUniqueId, submissionSetUniqueId: EXAMPLE.submissionSetUniqueId,
  mimeType: 'text/plain', confidentiality: 'N',
};
const submitObjects = template.replace(/\{\{(\w+)\}\}/g, (_, k: string) =>
  values[k] ?? `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}`).trim();

const GENERIC: [RegExp, string][] = [
  [/nodeRepresentation="A00-1" ([^>]*>\s*<rim:Slot name="codingScheme"><rim:ValueList><rim:Value>)2\.16\.578\.1\.12\.4\.1\.1\.9602(<\/rim:Value><\/rim:ValueList><\/rim:Slot>\s*<rim:Name><rim:LocalizedString value=")Epikriser og sammenfatninger/,
    'nodeRepresentation="DEMO-Consult" $11.3.6.1.4.1.21367.100.1$2Consultation'],
  // the second A00-1 is the SubmissionSet's contentTypeCode
  [/nodeRepresentation="A00-1" ([^>]*>\s*<rim:Slot name="codingScheme"><rim:ValueList><rim:Value>)2\.16\.578\.1\.12\.4\.1\.1\.9602(<\/rim:Value><\/rim:ValueList><\/rim:Slot>\s*<rim:Name><rim:LocalizedString value=")Epikriser og sammenfatninger/,
    'nodeRepresentation="34133-9" $12.16.840.1.113883.6.1$2Summary of Episode Note'],
  [/nodeRepresentation="urn:ihe:iti:xds:2017:mimeTypeSufficient"([^]*?)value="Mime type sufficient"/, 'nodeRepresentation="urn:ihe:pcc:xds-ms:2007"$1value="XDS Medical Summary"'],
  [/nodeRepresentation="A03-2" ([^>]*>\s*<rim:Slot name="codingScheme"><rim:ValueList><rim:Value>)2\.16\.578\.1\.12\.4\.1\.1\.9602(<\/rim:Value><\/rim:ValueList><\/rim:Slot>\s*<rim:Name><rim:LocalizedString value=")Epikrise/,
    'nodeRepresentation="34746-8" $12.16.840.1.113883.6.1$2Nursing Evaluation and Management Note'],
  [/2\.16\.578\.1\.12\.4\.1\.1\.9603/, '2.16.840.1.113883.5.25'],
  [/nodeRepresentation="86\.101" ([^>]*>\s*<rim:Slot name="codingScheme"><rim:ValueList><rim:Value>)2\.16\.578\.1\.12\.4\.1\.1\.1303(<\/rim:Value><\/rim:ValueList><\/rim:Slot>\s*<rim:Name><rim:LocalizedString value=")Alminnelige somatiske sykehus/,
    'nodeRepresentation="281PC2000N" $12.16.840.1.113883.5.11$2Hospitals; Chronic Disease Hospital; Children'],
  [/nodeRepresentation="4" ([^>]*>\s*<rim:Slot name="codingScheme"><rim:ValueList><rim:Value>)2\.16\.578\.1\.12\.4\.1\.1\.8653(<\/rim:Value><\/rim:ValueList><\/rim:Slot>\s*<rim:Name><rim:LocalizedString value=")Legevakt/,
    'nodeRepresentation="R-3027B" $1SRT$2Radiology'],
  [/\^\^\^&amp;2\.16\.578\.1\.12\.4\.1\.4\.1&amp;ISO/g, `^^^&amp;${EXAMPLE.genericPatientAuthority}&amp;ISO`],
  [new RegExp(fnr, 'g'), EXAMPLE.genericPatientId],
];
const genericObjects = GENERIC.reduce((xml, [re, by]) => {
  if (!re.test(xml)) throw new Error(`ihe-generic example: ${re.source} did not match`);
  return xml.replace(re, by);
}, submitObjects);

function envelope(action: string, messageId: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing">
<soap:Header>
<wsa:Action soap:mustUnderstand="true">${action}</wsa:Action>
<wsa:MessageID>urn:uuid:${messageId}</wsa:MessageID>
<wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>
</soap:Header>
<soap:Body>
${body}
</soap:Body>
</soap:Envelope>
`;
}
const pnr = (objects: string, doc: string): string =>
  `<xdsb:ProvideAndRegisterDocumentSetRequest xmlns:xdsb="urn:ihe:iti:xds-b:2007">\n${objects}\n<xdsb:Document id="Document01">${doc}</xdsb:Document>\n</xdsb:ProvideAndRegisterDocumentSetRequest>`;
const inline = Buffer.from(EXAMPLE.documentText).toString('base64');
const A = {
  pnr: SOAP_ACTION.provideAndRegister, sq: SOAP_ACTION.registryStoredQuery, rds: SOAP_ACTION.retrieveDocumentSet,
  xcq: SOAP_ACTION.crossGatewayQuery, xcr: SOAP_ACTION.crossGatewayRetrieve,
};

const findDocuments = (patientCx: string, home = ''): string => `<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">
<query:ResponseOption returnComposedObjects="true" returnType="LeafClass"/>
<rim:AdhocQuery id="${STORED_QUERY_ID.FindDocuments}"${home ? ` home="${home}"` : ''}>
<rim:Slot name="$XDSDocumentEntryPatientId"><rim:ValueList><rim:Value>'${patientCx}'</rim:Value></rim:ValueList></rim:Slot>
<rim:Slot name="$XDSDocumentEntryStatus"><rim:ValueList><rim:Value>('${AVAILABILITY_STATUS.approved}')</rim:Value></rim:ValueList></rim:Slot>
</rim:AdhocQuery>
</query:AdhocQueryRequest>`;
const retrieve = (home: string): string => `<xdsb:RetrieveDocumentSetRequest xmlns:xdsb="urn:ihe:iti:xds-b:2007">
<xdsb:DocumentRequest>${home ? `\n<xdsb:HomeCommunityId>${home}</xdsb:HomeCommunityId>` : ''}
<xdsb:RepositoryUniqueId>${EXAMPLE.repositoryUniqueId}</xdsb:RepositoryUniqueId>
<xdsb:DocumentUniqueId>${EXAMPLE.documentUniqueId}</xdsb:DocumentUniqueId>
</xdsb:DocumentRequest>
</xdsb:RetrieveDocumentSetRequest>`;
const patientCx = `${fnr}^^^&amp;2.16.578.1.12.4.1.4.1&amp;ISO`;

const files: Record<string, string | Buffer> = {
  'iti41-norway.xml': envelope(A.pnr, '6f1e2a9c-0001-4c1e-9a51-000000000041', pnr(submitObjects, inline)),
  'iti41-ihe-generic.xml': envelope(A.pnr, '6f1e2a9c-0002-4c1e-9a51-000000000041', pnr(genericObjects, inline)),
  'iti18-find-documents.xml': envelope(A.sq, '6f1e2a9c-0003-4c1e-9a51-000000000018', findDocuments(patientCx)),
  'iti43-retrieve.xml': envelope(A.rds, '6f1e2a9c-0004-4c1e-9a51-000000000043', retrieve('')),
  'iti38-cross-gateway-query.xml': envelope(A.xcq, '6f1e2a9c-0005-4c1e-9a51-000000000038', findDocuments(patientCx, EXAMPLE.homeCommunityId)),
  'iti39-cross-gateway-retrieve.xml': envelope(A.xcr, '6f1e2a9c-0006-4c1e-9a51-000000000039', retrieve(EXAMPLE.homeCommunityId)),
};
// The MTOM form of the Norwegian ITI-41: the document travels as a binary part, referenced by xop:Include.
const mtomEnvelope = envelope(A.pnr, '6f1e2a9c-0007-4c1e-9a51-000000000041',
  pnr(submitObjects, `<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:document01@example"/>`));
files['iti41-norway-mtom.txt'] = [
  `--${EXAMPLE.mtomBoundary}`, 'Content-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"',
  'Content-Transfer-Encoding: binary', 'Content-ID: <root@example>', '', mtomEnvelope,
  `--${EXAMPLE.mtomBoundary}`, 'Content-Type: text/plain', 'Content-Transfer-Encoding: binary', 'Content-ID: <document01@example>', '',
  EXAMPLE.documentText, `--${EXAMPLE.mtomBoundary}--`, '',
].join('\r\n');

for (const [name, text] of Object.entries(files)) writeFileSync(root(`examples/${name}`), text);
process.stdout.write(`wrote ${Object.keys(files).length} files to examples/ (patient ${fnr})\n`);
