import { expect } from 'chai';
import { CLASSIFICATION_NODE } from '../../../../src/domain/vocabulary.js';
import { folderFromEbrim, folderToEbrim } from '../../../../src/formats/ebrim/folder.js';
import { aFolder, CODES } from '../../../support/builders.js';
import { parseRimElement } from '../../../support/ebrim.js';

describe('ebRIM Folder mapping', () => {
  it('round-trips a Folder unchanged', () => {
    const f = aFolder();
    expect(folderFromEbrim(parseRimElement(folderToEbrim(f)))).to.deep.equal(f);
  });

  it('round-trips lastUpdateTime, several codes, version and status', () => {
    const f = aFolder({
      lastUpdateTime: '20240304121000', codeList: [CODES.folderCode, CODES.classCode], availabilityStatus: 'Approved',
      logicalId: 'urn:uuid:0d7d1b0c-8f51-4a8e-9a55-6f2f3b3d1e01', version: '3', comments: 'Samlemappe',
    });
    expect(folderFromEbrim(parseRimElement(folderToEbrim(f)))).to.deep.equal(f);
  });

  it('marks the RegistryPackage with the Folder classification node', () => {
    const el = parseRimElement(folderToEbrim(aFolder()));
    expect(el.children.some((c) => c.attrs['classificationNode'] === CLASSIFICATION_NODE.folder)).to.equal(true);
  });
});
