/**
 * The walls between the gateway's layers (docs/architecture.md), checked by `npm run lint` and
 * so by `npm test`. A folder of src/ may import only the folders listed before it; the root
 * files (main.ts, gateway.ts, app.ts) may import everything. Circles are refused, type-only
 * imports included. Libraries that are transport concerns stay in transport/.
 */
const LAYERS = [
  'domain', 'errors', 'logging', 'codes', 'formats', 'config', 'policy', 'rules', 'audit',
  'storage', 'profiles', 'queries', 'services', 'transactions', 'transport',
];
const ROOT_FILES = '^src/[^/]+[.]ts$';
const folder = (names) => `^src/(${names.join('|')})/`;

const layerRules = LAYERS.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `${layer}/ may import only ${i === 0 ? 'itself' : LAYERS.slice(0, i).join(', ')}`,
  severity: 'error',
  from: { path: folder([layer]) },
  to: { path: [...(i + 1 < LAYERS.length ? [folder(LAYERS.slice(i + 1))] : []), ROOT_FILES] },
}));

/** Layers below transactions/: they know nothing of HTTP, SOAP envelopes, tokens or FHIR responses. */
const BELOW_TRANSACTIONS = folder(LAYERS.slice(0, LAYERS.indexOf('transactions')));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'domain-imports-nothing',
      comment: 'the neutral model imports no module at all: no other folder, no library, no Node built-in',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'no-circular',
      comment: 'no circle of imports, type-only ones included',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'transport-libraries-at-the-edge',
      comment: 'express, the XML signature and DOM libraries and Node HTTP are transport concerns',
      severity: 'error',
      from: { path: BELOW_TRANSACTIONS },
      to: { path: ['(^|/)node_modules/(express|xml-crypto|@xmldom/xmldom|xpath|soap)/', '^(node:)?(http|https)$'] },
    },
    {
      name: 'fhir-responses-at-the-edge',
      comment: 'FHIR JSON answers (OperationOutcome, Bundles) are built at or above transactions/; below it only the stored AuditEvent record is FHIR',
      severity: 'error',
      from: { path: BELOW_TRANSACTIONS, pathNot: '^src/formats/fhir/' },
      to: { path: '^src/formats/fhir/', pathNot: '^src/formats/fhir/audit-event[.]ts$' },
    },
    {
      name: 'mongodb-driver-in-its-adapter',
      severity: 'error',
      from: { pathNot: '^src/storage/mongodb/' },
      to: { path: '(^|/)node_modules/mongodb/' },
    },
    {
      name: 'xml-parser-in-formats-xml',
      severity: 'error',
      from: { pathNot: '^src/formats/xml/' },
      to: { path: '(^|/)node_modules/saxes/' },
    },
  ],
  options: {
    // swc parses TypeScript without the compiler API, which TypeScript 7 no longer ships.
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6'],
  },
};
