import { expect } from 'chai';
import { dtmInRange, dtmKey, xcnString } from '../../../src/storage/keys.js';
import { compileLike, likePrefilterSource } from '../../../src/storage/like.js';

describe('storage comparison keys', () => {
  it('pads a DTM of any precision to the first instant it denotes', () => {
    expect(dtmKey('2004')).to.equal('20040101000000');
    expect(dtmKey('200412')).to.equal('20041201000000');
    expect(dtmKey('20041225')).to.equal('20041225000000');
    expect(dtmKey('2004122523')).to.equal('20041225230000');
    expect(dtmKey('20041225235959')).to.equal('20041225235959');
    expect(dtmKey('20041225235959.123+0100')).to.equal('20041225235959');
  });

  it('treats from as inclusive, to as exclusive, and a missing value as outside any bounded range', () => {
    expect(dtmInRange('2004', dtmKey('2004'), undefined)).to.equal(true);
    expect(dtmInRange('2004', undefined, dtmKey('2004'))).to.equal(false);
    expect(dtmInRange('20031231235959', undefined, dtmKey('2004'))).to.equal(true);
    expect(dtmInRange(undefined, dtmKey('2004'), undefined)).to.equal(false);
    expect(dtmInRange(undefined, undefined, undefined)).to.equal(true);
  });

  it('renders an XCN with empty components kept and trailing ones dropped', () => {
    expect(xcnString({ familyName: 'Welby', givenName: 'Marcus' })).to.equal('^Welby^Marcus');
    expect(xcnString({ idNumber: '123', familyName: 'Welby', prefix: 'Dr' })).to.equal('123^Welby^^^^Dr');
    expect(xcnString({ idNumber: '123', assigningAuthority: '2.16.578' })).to.equal('123^^^^^^^^&2.16.578&ISO');
  });

  it('matches LIKE patterns with % and _ and takes every other character literally', () => {
    const like = compileLike(['%Welby%', 'A_c']);
    expect(like('^Welby^Marcus')).to.equal(true);
    expect(like('Abc')).to.equal(true);
    expect(like('Abbc')).to.equal(false);
    expect(compileLike(['a.c'])('abc')).to.equal(false);
    expect(compileLike(['(x)*'])('(x)*')).to.equal(true);
    expect(compileLike(['%'])('line\nbreak')).to.equal(true);
    expect(new RegExp(likePrefilterSource(['%W_lby%'])).test('^Welby')).to.equal(true);
  });
});
