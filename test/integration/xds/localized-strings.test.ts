import { expect } from 'chai';
import { requireShared, XSD } from '../../support/shared.js';
import { callSoap, errorCodes } from '../../support/soap-client.js';
import { validateAgainstXsd } from '../../support/xsd.js';
import { findDocumentsRequest, NORWEGIAN_PATIENT_CX, provideAndRegisterRequest, submitObjectsRequest } from '../../support/xds-messages.js';
import { ACTION, startCommunity, type Community } from '../xca/xca-fixture.js';

/**
 * Titles, comments and code names in several languages, as Java (IPF / CXF) sources send them:
 * each LocalizedString with its xml:lang and charset is stored and returned whole by ITI-18 and
 * ITI-38 (ebRIM 3.0 InternationalString; ITI TF-3 4.2.3.1). Before, only the first value was
 * kept, and nb-NO came back as the schema default en-US.
 */
const NAME = '<rim:Name><rim:LocalizedString xml:lang="nb-NO" charset="UTF-8" value="Epikrise etter innleggelse"/>'
  + '<rim:LocalizedString xml:lang="nn-NO" charset="UTF-8" value="Epikrise etter innlegging"/>'
  + '<rim:LocalizedString xml:lang="en-GB" value="Discharge summary"/></rim:Name>'
  + '<rim:Description><rim:LocalizedString xml:lang="nb-NO" value="Sendt til fastlege og pasient"/>'
  + '<rim:LocalizedString xml:lang="se-NO" value="Sáddejuvvon"/></rim:Description>';
const TYPE_NAME = '<rim:Name><rim:LocalizedString xml:lang="nb-NO" value="Epikrise"/><rim:LocalizedString xml:lang="en-GB" value="Discharge letter"/></rim:Name>';

/** The LocalizedStrings of a response, as [lang, value] pairs in order. */
const localized = (xml: string): string[][] =>
  [...xml.matchAll(/<(?:\w+:)?LocalizedString\b([^>]*)\/>/g)].map((m) => [/xml:lang="([^"]*)"/.exec(m[1]!)?.[1] ?? '', /value="([^"]*)"/.exec(m[1]!)?.[1] ?? '']);
const bodyOf = (envelope: string): string => /<(?:\w+:)?Body[^>]*>([\s\S]*)<\/(?:\w+:)?Body>/.exec(envelope)?.[1] ?? '';

describe('every LocalizedString kept, with its language, through store, ITI-18 and ITI-38', function () {
  this.timeout(20_000);
  let c: Community;
  before(async () => {
    c = await startCommunity(41);
    const { xml } = submitObjectsRequest({ mimeType: 'text/plain' });
    const multi = xml
      .replace('<rim:Name><rim:LocalizedString xml:lang="nb-NO" value="Epikrise etter innleggelse"/></rim:Name>', NAME)
      .replace('<rim:Name><rim:LocalizedString value="Epikrise"/></rim:Name>', TYPE_NAME);
    if (!multi.includes('se-NO') || !multi.includes('Discharge letter')) throw new Error('the fixture submission has changed');
    const res = await callSoap(`${c.gateway.url}/services/repository`, ACTION.pnr, provideAndRegisterRequest(multi, { inline: Buffer.from('Epikrise\n') }));
    if (!res.envelope.includes('ResponseStatusType:Success')) throw new Error(`ITI-41 failed: ${errorCodes(res.envelope).join(', ')}`);
  });
  after(async () => { await c.gateway.close(); });

  for (const [path, action, name] of [['registry', ACTION.query, 'ITI-18'], ['xca', ACTION.xcq, 'ITI-38']] as const) {
    it(`${name} returns the title, comments and typeCode name in every language, in order, with xml:lang`, async () => {
      const res = await callSoap(`${c.gateway.url}/services/${path}`, action, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
      const strings = localized(res.envelope);
      expect(strings).to.deep.include.members([
        ['nb-NO', 'Epikrise etter innleggelse'], ['nn-NO', 'Epikrise etter innlegging'], ['en-GB', 'Discharge summary'],
        ['nb-NO', 'Sendt til fastlege og pasient'], ['se-NO', 'Sáddejuvvon'], ['nb-NO', 'Epikrise'], ['en-GB', 'Discharge letter'],
      ]);
      expect(res.envelope).to.contain('<rim:LocalizedString xml:lang="nb-NO" charset="UTF-8" value="Epikrise etter innleggelse"/>'
        + '<rim:LocalizedString xml:lang="nn-NO" charset="UTF-8" value="Epikrise etter innlegging"/>');
    });
  }

  it('writes the multi-language answer so that the query schema accepts it', async function () {
    requireShared(this);
    const res = await callSoap(`${c.gateway.url}/services/registry`, ACTION.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
    expect(validateAgainstXsd(bodyOf(res.envelope), XSD.query).errors).to.equal('');
  });
});
