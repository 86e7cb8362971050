/**
 * Identifiers fixed by the Document Sharing metadata model.
 * See ITI TF-3 4.2.5 (classification schemes, external identifiers, object types)
 * and ITI TF-3 4.2.2 (association types).
 */

export const OBJECT_TYPE = {
  stableDocumentEntry: 'urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1',
  onDemandDocumentEntry: 'urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248',
  registryPackage: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage',
  association: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Association',
  classification: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Classification',
  externalIdentifier: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:ExternalIdentifier',
} as const;

/** classificationNode values that mark a RegistryPackage as SubmissionSet or Folder. ITI TF-3 4.2.5.1 */
export const CLASSIFICATION_NODE = {
  submissionSet: 'urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd',
  folder: 'urn:uuid:d9d542f3-6cc4-48b6-8870-ea235fbc94c2',
} as const;

/** Classification schemes of coded attributes. ITI TF-3 Table 4.2.5.1-1 */
export const SCHEME = {
  documentEntry: {
    author: 'urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d',
    classCode: 'urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a',
    confidentialityCode: 'urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f',
    eventCodeList: 'urn:uuid:2c6b8cb7-8b2a-4051-b291-b1ae6a575ef4',
    formatCode: 'urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d',
    healthcareFacilityTypeCode: 'urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1',
    practiceSettingCode: 'urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead',
    typeCode: 'urn:uuid:f0306f51-975f-434e-a61c-c59651d33983',
    limitedMetadata: 'urn:uuid:ab9b591b-83ab-4d03-8f5d-f93b1fb92e85',
  },
  submissionSet: {
    author: 'urn:uuid:a7058bb9-b4e4-4307-ba5b-e3f0ab85e12d',
    contentTypeCode: 'urn:uuid:aa543740-bdda-424e-8c96-df4873be8500',
    limitedMetadata: 'urn:uuid:5003a9db-8d8d-49e6-bf0c-990e34ac7707',
  },
  folder: {
    codeList: 'urn:uuid:1ba97051-7806-41a8-a48b-8fce7af683c5',
    limitedMetadata: 'urn:uuid:2c144a76-29a9-4b7c-af54-b25409fe7d03',
  },
  associationDocumentation: 'urn:uuid:abd807a3-4432-4053-87b4-fd82c643d1f3',
} as const;

/** ExternalIdentifier identificationSchemes. ITI TF-3 Table 4.2.5.2-1 */
export const IDENTIFICATION_SCHEME = {
  documentEntry: {
    patientId: 'urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427',
    uniqueId: 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab',
  },
  submissionSet: {
    patientId: 'urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446',
    uniqueId: 'urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8',
    sourceId: 'urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832',
  },
  folder: {
    patientId: 'urn:uuid:f64ffdf0-4b97-4e06-b79f-a52b38ec2f8a',
    uniqueId: 'urn:uuid:75df8f67-9973-4fbe-a900-df66cefecc5a',
  },
} as const;

export const AVAILABILITY_STATUS = {
  approved: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved',
  deprecated: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated',
  submitted: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Submitted',
} as const;

/** Association types and their full URNs. ITI TF-3 4.2.2 */
export const ASSOCIATION_TYPE_URN = {
  HasMember: 'urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember',
  RPLC: 'urn:ihe:iti:2007:AssociationType:RPLC',
  APND: 'urn:ihe:iti:2007:AssociationType:APND',
  XFRM: 'urn:ihe:iti:2007:AssociationType:XFRM',
  XFRM_RPLC: 'urn:ihe:iti:2007:AssociationType:XFRM_RPLC',
  signs: 'urn:ihe:iti:2007:AssociationType:signs',
  IsSnapshotOf: 'urn:ihe:iti:2010:AssociationType:IsSnapshotOf',
  UpdateAvailabilityStatus: 'urn:ihe:iti:2010:AssociationType:UpdateAvailabilityStatus',
  SubmitAssociation: 'urn:ihe:iti:2010:AssociationType:SubmitAssociation',
} as const;

export type AssociationType = keyof typeof ASSOCIATION_TYPE_URN;

/** Relationship types between DocumentEntries (everything but HasMember). ITI TF-3 4.2.2.2 */
export const RELATIONSHIP_TYPES: readonly AssociationType[] = ['RPLC', 'APND', 'XFRM', 'XFRM_RPLC', 'signs'];
/** Relationship types that deprecate their target. ITI TF-3 4.2.2.2.2, 4.2.2.2.5 */
export const REPLACING_TYPES: readonly AssociationType[] = ['RPLC', 'XFRM_RPLC'];

export const RESPONSE_STATUS = {
  success: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success',
  failure: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure',
  partialSuccess: 'urn:ihe:iti:2007:ResponseStatusType:PartialSuccess',
} as const;

export const ERROR_SEVERITY_URN = {
  Error: 'urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error',
  Warning: 'urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Warning',
} as const;

/**
 * wsa:Action of each SOAP transaction the gateway serves or sends; the response action is the
 * request action + "Response". ITI TF-2 3.18.5, 3.38.5, 3.39.5, 3.41.5, 3.42.5, 3.43.5 (WSDL).
 */
export const SOAP_ACTION = {
  registryStoredQuery: 'urn:ihe:iti:2007:RegistryStoredQuery',
  registerDocumentSet: 'urn:ihe:iti:2007:RegisterDocumentSet-b',
  provideAndRegister: 'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b',
  retrieveDocumentSet: 'urn:ihe:iti:2007:RetrieveDocumentSet',
  crossGatewayQuery: 'urn:ihe:iti:2007:CrossGatewayQuery',
  crossGatewayRetrieve: 'urn:ihe:iti:2007:CrossGatewayRetrieve',
} as const;

/** Stored query ids. ITI TF-2 3.18.4.1.2.3.7 */
export const STORED_QUERY_ID = {
  FindDocuments: 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d',
  FindSubmissionSets: 'urn:uuid:f26abbcb-ac74-4422-8a30-edb644bbc1a9',
  FindFolders: 'urn:uuid:958f3006-baad-4929-a4de-ff1114824431',
  GetAll: 'urn:uuid:10b545ea-725c-446d-9b95-8aeb444eddf3',
  GetDocuments: 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4',
  GetFolders: 'urn:uuid:5737b14c-8a1a-4539-b659-e03a34a5e1e4',
  GetAssociations: 'urn:uuid:a7ae438b-4bc2-4642-93e9-be891f7bb155',
  GetDocumentsAndAssociations: 'urn:uuid:bab9529a-4a10-40b3-a01f-f68a615d247a',
  GetSubmissionSets: 'urn:uuid:51224314-5390-4169-9b91-b1980040715a',
  GetSubmissionSetAndContents: 'urn:uuid:e8e3cb2c-e39c-46b9-99e4-c12f57260b83',
  GetFolderAndContents: 'urn:uuid:b909a503-523d-4517-8acf-8e5834dfc4c7',
  GetFoldersForDocument: 'urn:uuid:10cae35a-c7f9-4cf5-b61e-fc3278ffb578',
  GetRelatedDocuments: 'urn:uuid:d90e5407-b356-4d91-a89f-873917b4b0e6',
  FindDocumentsByReferenceId: 'urn:uuid:12941a89-e02e-4be5-967c-ce4bfc8fe492',
} as const;

export type StoredQueryName = keyof typeof STORED_QUERY_ID;

/** Slot that carries referenceIdList values (CXi). ITI TF-3 4.2.3.2.28 */
export const REFERENCE_ID_LIST_SLOT = 'urn:ihe:iti:xds:2013:referenceIdList';
