import { expect } from 'chai';
import { normalizeValue, splitValueText, type ParamKind, type Parsed } from '../../../src/queries/parameters.js';

const value = <T>(p: Parsed<T>): T => {
  if (!p.ok) throw new Error(`expected success, got: ${p.reason}`);
  return p.value;
};
const reason = <T>(p: Parsed<T>): string => {
  if (p.ok) throw new Error(`expected failure, got: ${JSON.stringify(p.value)}`);
  return p.reason;
};
const split = (text: string, kind: ParamKind = 'string'): string[] => value(splitValueText(text, kind));

describe('stored query parameter values (ITI TF-2 3.18.4.1.2.3.3)', () => {
  describe('splitting a Value text', () => {
    it('reads one quoted string', () => {
      expect(split("'abc'")).to.deep.equal(['abc']);
      expect(split("  'a b c'  ")).to.deep.equal(['a b c']);
    });

    it('turns a doubled quote into one quote', () => {
      expect(split("'O''Brien'")).to.deep.equal(["O'Brien"]);
      expect(split("('it''s', 'x')")).to.deep.equal(["it's", 'x']);
      expect(split("''")).to.deep.equal(['']);
    });

    it('reads a parenthesised list with or without spaces', () => {
      expect(split("('a','b')")).to.deep.equal(['a', 'b']);
      expect(split("( 'a' ,\n 'b' , 'c' )")).to.deep.equal(['a', 'b', 'c']);
      expect(split("('a')")).to.deep.equal(['a']);
    });

    it('keeps commas and parentheses inside quotes', () => {
      expect(split("('a,b', '(c)')")).to.deep.equal(['a,b', '(c)']);
    });

    it('accepts unquoted timestamps and numbers, and tolerates quotes on them', () => {
      expect(split('20041224', 'dtm')).to.deep.equal(['20041224']);
      expect(split("'20041224'", 'dtm')).to.deep.equal(['20041224']);
      expect(split('2', 'integer')).to.deep.equal(['2']);
      expect(split('(1, 2)', 'integer')).to.deep.equal(['1', '2']);
    });

    it('refuses unquoted strings (MV sq-req-bad-pid-format, sq-req-bad-stat-format1/2)', () => {
      expect(reason(splitValueText('c4d77e21^^^&1.2.3&ISO', 'patientId'))).to.match(/single quotes/);
      expect(reason(splitValueText('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved', 'status'))).to.match(/single quotes/);
      expect(reason(splitValueText('(urn:oasis:names:tc:ebxml-regrep:StatusType:Approved)', 'status'))).to.match(/single quotes/);
    });

    it('refuses broken quoting and list syntax', () => {
      expect(reason(splitValueText("'abc", 'string'))).to.match(/not closed/);
      expect(reason(splitValueText("('a','b'", 'string'))).to.match(/end with \)/);
      expect(reason(splitValueText("('a' 'b')", 'string'))).to.match(/commas/);
      expect(reason(splitValueText("('a',)", 'string'))).to.match(/ends with a comma/);
      expect(reason(splitValueText('()', 'string'))).to.match(/empty/);
      expect(reason(splitValueText("'a' x", 'string'))).to.match(/follows the closing quote/);
      expect(reason(splitValueText('   ', 'string'))).to.match(/empty/);
    });
  });

  describe('normalising a value', () => {
    it('keeps code^^scheme and drops a display name in the middle', () => {
      expect(value(normalizeValue('code', 'REPORTS^^1.3.6.1.4.1.19376.1.2.6.1'))).to.equal('REPORTS^^1.3.6.1.4.1.19376.1.2.6.1');
      expect(value(normalizeValue('code', 'N^Normal^2.16.840.1.113883.5.25'))).to.equal('N^^2.16.840.1.113883.5.25');
      expect(value(normalizeValue('code', 'urn:ihe:rad:TEXT^^1.3.6.1.4.1.19376.1.2.3'))).to.equal('urn:ihe:rad:TEXT^^1.3.6.1.4.1.19376.1.2.3');
    });

    it('refuses a code without its scheme (NIST 11897 classcode_scheme_mismatch, old_scheme)', () => {
      expect(reason(normalizeValue('code', 'a^^'))).to.match(/coding scheme/);
      expect(reason(normalizeValue('code', 'Dialysis'))).to.match(/code\^\^scheme/);
      expect(reason(normalizeValue('code', '^^2.16.840'))).to.match(/coding scheme/);
      expect(reason(normalizeValue('code', 'a^b^c^d'))).to.match(/code\^\^scheme/);
    });

    it('normalises a patient id to its CX key, ignoring a namespace id', () => {
      expect(value(normalizeValue('patientId', 'c4d77e21^^^&1.3.6.1.4.1.21367.2005.3.7&ISO'))).to.equal('c4d77e21^^^&1.3.6.1.4.1.21367.2005.3.7&ISO');
      expect(value(normalizeValue('patientId', '123^^^NS&1.2.3&ISO'))).to.equal('123^^^&1.2.3&ISO');
      expect(value(normalizeValue('patientId', '123^^^&1.2.3'))).to.equal('123^^^&1.2.3&ISO');
    });

    it('refuses a patient id without id or assigning authority', () => {
      expect(reason(normalizeValue('patientId', '123'))).to.match(/CX/);
      expect(reason(normalizeValue('patientId', '^^^&1.2.3&ISO'))).to.match(/CX/);
      expect(reason(normalizeValue('patientId', '123^^^&1.2.3&DNS'))).to.match(/ISO/);
    });

    it('maps status URNs to statuses and refuses anything else', () => {
      expect(value(normalizeValue('status', 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved'))).to.equal('Approved');
      expect(value(normalizeValue('status', 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated'))).to.equal('Deprecated');
      expect(value(normalizeValue('status', 'urn:oasis:names:tc:ebxml-regrep:StatusType:Submitted'))).to.equal('Submitted');
      expect(reason(normalizeValue('status', 'Approved'))).to.match(/availabilityStatus/);
      expect(reason(normalizeValue('status', 'urn:oasis:names:tc:ebxml-regrep:StatusType:Gone'))).to.match(/availabilityStatus/);
    });

    it('maps the DocumentEntry objectType UUIDs to stable and on-demand', () => {
      expect(value(normalizeValue('objectType', 'urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1'))).to.equal('stable');
      expect(value(normalizeValue('objectType', 'urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248'))).to.equal('on-demand');
      expect(reason(normalizeValue('objectType', 'urn:uuid:7edca82f-054d-47f2-a032-9b2a5b518fff'))).to.match(/objectType/);
    });

    it('maps association type URNs to their names', () => {
      expect(value(normalizeValue('associationType', 'urn:ihe:iti:2007:AssociationType:RPLC'))).to.equal('RPLC');
      expect(value(normalizeValue('associationType', 'urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember'))).to.equal('HasMember');
      expect(reason(normalizeValue('associationType', 'RPLC'))).to.match(/association type/);
    });

    it('accepts timestamps of every DTM precision and nothing else', () => {
      for (const t of ['2004', '200412', '20041224', '2004122408', '200412240830', '20041224083059']) {
        expect(value(normalizeValue('dtm', t))).to.equal(t);
      }
      for (const t of ['04', '20041', '2004-12-24', '20041224083059.5', '20041224+0100', '200412240830599']) {
        expect(reason(normalizeValue('dtm', t))).to.match(/YYYY/);
      }
    });

    it('accepts whole numbers only for integer parameters', () => {
      expect(value(normalizeValue('integer', '2'))).to.equal('2');
      expect(reason(normalizeValue('integer', 'two'))).to.match(/whole number/);
      expect(reason(normalizeValue('integer', '-1'))).to.match(/whole number/);
    });

    it('refuses empty strings for ids and patterns', () => {
      expect(reason(normalizeValue('uuid', ''))).to.match(/empty/);
      expect(reason(normalizeValue('pattern', ''))).to.match(/empty/);
      expect(value(normalizeValue('pattern', '%Ford_'))).to.equal('%Ford_');
    });
  });
});
