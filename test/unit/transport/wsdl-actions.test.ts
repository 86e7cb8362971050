/**
 * The WSDLs in wsdl/ advertise exactly what each endpoint serves: the input wsa:Actions of an
 * endpoint's WSDL are the actions of the transaction-table rows that name that endpoint, no more
 * and no less, so a client generated from a WSDL never calls an operation that is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseXml } from '../../../src/formats/xml/parse.js';
import type { XmlElement } from '../../../src/formats/xml/tree.js';
import { SOAP_TRANSACTIONS } from '../../../src/transactions/table.js';
import { PROJECT_ROOT } from '../../support/shared.js';

const WSDL = 'http://schemas.xmlsoap.org/wsdl/';
const WSAW = 'http://www.w3.org/2006/05/addressing/wsdl';

function inputActions(endpoint: string): string[] {
  const root = parseXml(readFileSync(join(PROJECT_ROOT, 'wsdl', `${endpoint}.wsdl`), 'utf8'));
  const portType = root.children.find((c) => c.ns === WSDL && c.local === 'portType') as XmlElement;
  return portType.children.filter((op) => op.ns === WSDL && op.local === 'operation')
    .map((op) => op.children.find((c) => c.ns === WSDL && c.local === 'input')?.attrs[`{${WSAW}}Action`] ?? '')
    .sort();
}

describe('WSDLs in step with the transaction table', () => {
  for (const endpoint of ['registry', 'repository', 'xca', 'ig']) {
    it(`${endpoint}.wsdl lists exactly the actions the ${endpoint} endpoint serves`, () => {
      const served = SOAP_TRANSACTIONS.filter((t) => t.endpoints.includes(endpoint)).map((t) => t.action).sort();
      expect(served, 'the table serves something on this endpoint').to.not.be.empty;
      expect(inputActions(endpoint)).to.deep.equal(served);
    });
  }
});
