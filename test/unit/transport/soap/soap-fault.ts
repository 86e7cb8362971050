import { expect } from 'chai';
import { SoapFault } from '../../../../src/transport/soap/fault.js';

/** The SoapFault that `fn` throws; fails the test when it throws anything else or nothing. */
export function thrownFault(fn: () => unknown): SoapFault {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(SoapFault);
    return e as SoapFault;
  }
  throw new Error('expected a SoapFault');
}
