import { expect } from 'chai';
import { startGateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/logging/logger.js';
import { TEST_USER } from '../../support/saml-tickets.js';
import { errorCodes } from '../../support/soap-client.js';
import { findDocumentsRequest } from '../../support/xds-messages.js';
import { ACTION, call, faultOf, PATIENT_CX, provide, startXuaGateway, statusOf, ticket, type XuaGateway } from './xua-fixture.js';
import { testConfig } from '../../support/test-config.js';

/**
 * XUA_MODE=required over HTTP: the ticket check of ITI-18 / ITI-38 and the negative matrix,
 * each refusal a SOAP 1.2 Sender fault with a WS-Security subcode (ihe-requirements.md §11).
 */
describe('XUA ticket check over HTTP (XUA_MODE=required)', function () {
  this.timeout(30_000);
  let g: XuaGateway;
  let registry: string;
  let valid: string;
  before(async () => {
    g = await startXuaGateway();
    registry = `${g.url}/services/registry`;
    valid = ticket();
    await provide(g.url, 'Epikrise\n');
  });
  after(async () => { await g.close(); });

  const expectFault = async (assertion: string | undefined, subcode: string, reason: RegExp): Promise<void> => {
    const res = await call(registry, ACTION.query, findDocumentsRequest(PATIENT_CX), assertion);
    expect(res.status).to.equal(400);
    const fault = faultOf(res.envelope);
    expect(fault.code).to.equal('env:Sender');
    expect(fault.subcode).to.equal(subcode);
    expect(fault.reason).to.match(reason);
  };

  it('refuses an ITI-18 without a ticket with wsse:SecurityTokenUnavailable', async () => {
    await expectFault(undefined, 'wsse:SecurityTokenUnavailable', /XUA is required/);
  });

  it('answers an ITI-18 with a valid ticket with Success and the document', async () => {
    const res = await call(registry, ACTION.query, findDocumentsRequest(PATIENT_CX), valid);
    expect(res.status).to.equal(200);
    expect(statusOf(res.envelope)).to.equal('Success');
    expect(res.envelope).to.contain('Epikrise etter innleggelse');
  });

  it('answers an ITI-38 whose V2 ticket tells the patient\'s point of care by two attributes, name and identifier', async () => {
    const tf = 'urn:nhn:trust-framework:1.0:ext:resource:child-organization';
    const value = (v: string) => `<saml2:AttributeValue xsi:type="xs:string">${v}</saml2:AttributeValue>`;
    const ii = '&lt;id xmlns="urn:hl7-org:v3" extension="974600951" root="urn:oid:2.16.578.1.12.4.1.4.101"/&gt;';
    const extraAttributes = `<saml2:Attribute Name="${tf}">${value('RANDABERG SYKEHJEM')}</saml2:Attribute>`
      + `<saml2:Attribute Name="${tf}-id">${value(ii)}</saml2:Attribute>`;
    const res = await call(`${g.url}/services/xca`, ACTION.xcq, findDocumentsRequest(PATIENT_CX), ticket({ names: 'v2', extraAttributes }));
    expect(res.status, res.envelope).to.equal(200);
    expect(statusOf(res.envelope)).to.equal('Success');
    expect(res.envelope).to.contain('Epikrise etter innleggelse');
  });

  it('accepts the same ticket again (bearer use within its lifetime is not replay)', async () => {
    const res = await call(`${g.url}/services/xca`, ACTION.xcq, findDocumentsRequest(PATIENT_CX), valid);
    expect(statusOf(res.envelope)).to.equal('Success');
  });

  it('refuses an expired ticket with wsse:FailedAuthentication', async () => {
    await expectFault(ticket({ notBeforeOffset: -7200, notOnOrAfterOffset: -3600 }), 'wsse:FailedAuthentication', /expired|NotOnOrAfter/i);
  });

  it('refuses a ticket for another audience with wsse:FailedAuthentication', async () => {
    await expectFault(ticket({ audience: 'urn:someone-else' }), 'wsse:FailedAuthentication', /audience/i);
  });

  it('refuses a wrapped ticket (an unsigned evil assertion before the signed one) with wsse:InvalidSecurityToken', async () => {
    const evil = valid.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '').replace(/ID="[^"]*"/, 'ID="_evil"')
      .replace(`>${TEST_USER}<`, '>99999999999<');
    await expectFault(evil + valid, 'wsse:InvalidSecurityToken', /2 Assertion elements/);
  });

  it('refuses a tampered ticket with wsse:FailedAuthentication', async () => {
    await expectFault(valid.replace('RANDABERG KOMMUNE', 'EVIL KOMMUNE'), 'wsse:FailedAuthentication', /digest/i);
  });

  it('refuses a query about another patient than the ticket\'s with a policy XDSRegistryError', async () => {
    const other = '01017012343^^^&2.16.578.1.12.4.1.4.1&ISO';
    const res = await call(registry, ACTION.query, findDocumentsRequest(other), valid);
    expect(res.status).to.equal(200);
    expect(statusOf(res.envelope)).to.equal('Failure');
    expect(errorCodes(res.envelope)).to.deep.equal(['XDSRegistryError']);
    expect(res.envelope).to.match(/codeContext="Access refused by the access policy: the ticket is for patient 13116900216/);
  });

  it('refuses a purpose of use that health personnel may not use', async () => {
    const res = await call(registry, ACTION.query, findDocumentsRequest(PATIENT_CX), ticket({ purposes: ['HMARKT'] }));
    expect(statusOf(res.envelope)).to.equal('Failure');
    expect(res.envelope).to.contain('purpose of use HMARKT is not allowed');
  });

  it('needs no ticket for ITI-41, which is not under XUA', async () => {
    expect(await provide(g.url, 'Notat\n')).to.match(/^2\.999\./);
  });
});

describe('XUA settings at start', () => {
  it('stops the start with a clear message when XUA_TRUST_DIR cannot be read', async () => {
    const config = testConfig({ XUA_MODE: 'required', XUA_TRUST_DIR: '/nonexistent/xua-trust' });
    const err = await startGateway(config, createLogger('silent')).then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).to.equal('invalid XUA settings: XUA_TRUST_DIR /nonexistent/xua-trust cannot be read (ENOENT)');
  });
});
