import { expect } from 'chai';
import { testNow } from '../../support/saml-signer.js';
import { signedEnvelope, unsignedEnvelope } from '../../support/saml-tickets.js';
import { xuaTestSettings } from '../../support/xua-harness.js';
import type { Config } from '../../../src/config/schema.js';
import { SOAP_TRANSACTIONS } from '../../../src/transactions/table.js';
import type { SoapTransaction } from '../../../src/transactions/types.js';
import { parseEnvelope } from '../../../src/transport/soap/envelope.js';
import { faultElement, SoapFault } from '../../../src/transport/soap/fault.js';
import { xuaSecurityCheck } from '../../../src/transport/security/soap-security.js';

describe('XUA as the SOAP dispatch security check', () => {
  const now = testNow();
  const check = xuaSecurityCheck(xuaTestSettings(), () => now);
  const row = (id: string): SoapTransaction => {
    const found = SOAP_TRANSACTIONS.find((t) => t.id === id);
    if (!found) throw new Error(`no row ${id}`);
    return found;
  };
  const run = (xml: string, id = 'ITI-38') => check(parseEnvelope(xml, new Map(), false), row(id), {} as Config);

  it('gives the handler the principal of a valid ticket', async () => {
    const ctx = await run(signedEnvelope({ now }).xml);
    expect(ctx).to.include({ kind: 'health-personnel', hprNumber: '565501872' });
  });

  it('answers a tampered ticket with a Sender fault whose subcode is wsse:FailedAuthentication', async () => {
    const err = await run(signedEnvelope({ now }).xml.replace('RANDABERG KOMMUNE', 'X')).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(SoapFault);
    const fault = err as SoapFault;
    expect([fault.entry.code, fault.entry.subcode, fault.httpStatus]).to.deep.equal(['Sender', 'wsse:FailedAuthentication', 400]);
    expect(faultElement(fault)).to.contain('wsse:FailedAuthentication').and.contain('digest does not match');
  });

  it('answers an unsigned ticket with wsse:InvalidSecurityToken', async () => {
    const err = await run(unsignedEnvelope({ now }).xml).then(() => undefined, (e: unknown) => e as SoapFault);
    expect(err?.entry.subcode).to.equal('wsse:InvalidSecurityToken');
  });

  it('leaves transactions outside XUA anonymous', async () => {
    const ctx = await run(unsignedEnvelope({ now }).xml, 'ITI-42');
    expect(ctx.kind).to.equal('anonymous');
  });
});
