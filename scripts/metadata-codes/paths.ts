/** Where the code-list sources sit inside ../shared (see ../shared/README.md). */
export const NORWAY_CODES_DIR = 'codes/norway';
export const NIST_CODES_XML = 'conformance/samples/nist-toolkit/validators-soap-message/src/test/resources/codes.xml';
