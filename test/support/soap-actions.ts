/** The wsa:Action of each SOAP transaction the tests send. ITI TF-2 3.18.5, 3.41.5, 3.43.5, 3.38.5, 3.39.5 */
export const ACTION = {
  pnr: 'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b',
  query: 'urn:ihe:iti:2007:RegistryStoredQuery',
  retrieve: 'urn:ihe:iti:2007:RetrieveDocumentSet',
  xcq: 'urn:ihe:iti:2007:CrossGatewayQuery',
  xcr: 'urn:ihe:iti:2007:CrossGatewayRetrieve',
} as const;
