import { expect } from 'chai';
import {
  checkHprNumber, checkOrganisationNumber, checkPersonId, checkReshId, personIdCheckDigits,
} from '../../../src/domain/norwegian-identifiers.js';
import { aFellesHjelpenummer, anOrganisationNumber, syntheticDnr, syntheticFnr, withWrongCheckDigit } from './synthetic-ids.js';

describe('Norwegian identifiers', () => {
  describe('fødselsnummer, D-nummer and felles hjelpenummer', () => {
    it('computes the two modulus-11 check digits of the fødselsnummer algorithm', () => {
      // 130189 500: k1 = 11 - (3+21+0+1+64+81+20+0+0 = 190) mod 11 = 11 - 3 = 8;
      // k2 = 11 - (5+12+0+2+56+54+25+0+0+16 = 170) mod 11 = 11 - 5 = 6
      expect(personIdCheckDigits('130189500')).to.equal('86');
    });

    it('accepts a synthetic fødselsnummer and says it is synthetic', () => {
      const r = checkPersonId(syntheticFnr());
      expect(r).to.deep.equal({ valid: true, kind: 'fnr', synthetic: true });
    });

    it('accepts the synthetic persons of NAV (+40), Norsk helsenett (+65) and Tenor (+80) as synthetic', () => {
      for (const offset of [40, 65, 80]) {
        for (const month of [1, 12]) {
          const id = syntheticFnr(28, month, 85, 400, offset);
          expect(checkPersonId(id), `${id} (+${offset})`).to.deep.equal({ valid: true, kind: 'fnr', synthetic: true });
        }
      }
      expect(checkPersonId(syntheticFnr(28, 12, 85, 400, 0))).to.deep.equal({ valid: true, kind: 'fnr', synthetic: false });
    });

    it('refuses months between and beyond the synthetic ranges as dates', () => {
      // 13, 53 and 78 are past the end of the real, NAV and NHN ranges; 93 past Tenor's.
      for (const mm of ['13', '53', '65', '78', '80', '93']) {
        const first9 = `28${mm}85400`;
        const id = first9 + (personIdCheckDigits(first9) ?? '00');
        expect(checkPersonId(id), id).to.deep.include({ valid: false });
      }
    });

    it('recognises a D-nummer by its first digit plus four', () => {
      const id = syntheticDnr(5, 3, 91);
      expect(id.charAt(0)).to.equal('4');
      expect(checkPersonId(id)).to.include({ valid: true, kind: 'dnr' });
    });

    it('recognises a felles hjelpenummer by its first digit 8 or 9, without a date', () => {
      expect(checkPersonId(aFellesHjelpenummer('812345'))).to.include({ valid: true, kind: 'fhn' });
      expect(checkPersonId(aFellesHjelpenummer('999999'))).to.include({ valid: true, kind: 'fhn' });
    });

    it('rejects a number whose last check digit is wrong', () => {
      expect(checkPersonId(withWrongCheckDigit(syntheticFnr()))).to.deep.include({ valid: false, problem: 'checksum' });
      expect(checkPersonId(withWrongCheckDigit(aFellesHjelpenummer()))).to.deep.include({ valid: false, problem: 'checksum' });
    });

    it('rejects a number whose first check digit is wrong even if the second is recomputed', () => {
      const id = syntheticFnr();
      const k1 = (Number(id.charAt(9)) + 1) % 10;
      expect(checkPersonId(`${id.slice(0, 9)}${k1}${id.charAt(10)}`).valid).to.equal(false);
    });

    it('rejects numbers that are not 11 digits', () => {
      for (const bad of ['1311690021', '131169002161', '1311690021X', '']) {
        expect(checkPersonId(bad), bad).to.deep.equal({ valid: false, problem: 'format' });
      }
    });

    it('rejects a fødselsnummer whose date part is not a day of the year', () => {
      expect(checkPersonId('32018950000')).to.deep.include({ valid: false, problem: 'date' });
      expect(checkPersonId('30029350000')).to.deep.include({ valid: false, problem: 'date' });
      expect(checkPersonId('01139350000')).to.deep.include({ valid: false, problem: 'date' });
    });
  });

  describe('organisasjonsnummer', () => {
    it('accepts nine digits with the modulus-11 check digit (weights 3 2 7 6 5 4 3 2)', () => {
      expect(checkOrganisationNumber('983974880')).to.deep.equal({ valid: true });
      expect(checkOrganisationNumber(anOrganisationNumber())).to.deep.equal({ valid: true });
    });

    it('rejects a wrong check digit and a wrong length', () => {
      expect(checkOrganisationNumber('983974881')).to.deep.equal({ valid: false, problem: 'checksum' });
      expect(checkOrganisationNumber('98397488')).to.deep.equal({ valid: false, problem: 'format' });
    });
  });

  describe('RESH-id and HPR-nummer', () => {
    it('accepts numbers of up to nine digits without a leading zero', () => {
      expect(checkReshId('4211607').valid).to.equal(true);
      expect(checkHprNumber('502116685').valid).to.equal(true);
    });

    it('rejects letters, leading zeros and more than nine digits', () => {
      for (const bad of ['42116O7', '0421160', '1234567890', '']) {
        expect(checkReshId(bad).valid, bad).to.equal(false);
        expect(checkHprNumber(bad).valid, bad).to.equal(false);
      }
    });
  });
});
