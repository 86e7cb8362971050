import { expect } from 'chai';
import { prepareSubmission, registryObjects } from '../../../scripts/conformance/prepare.js';
import { IDENTIFICATION_SCHEME } from '../../../src/domain/vocabulary.js';
import { descendants, parseNode, type XNode } from '../../../scripts/conformance/xml-node.js';
import { submission } from './mini-testkit.js';

const valueOf = (root: XNode, scheme: string): string[] => descendants(root)
  .filter((n) => n.local === 'ExternalIdentifier' && n.attrs['identificationScheme'] === scheme).map((n) => n.attrs['value'] ?? '');

describe('conformance runner: submission preparation', () => {
  const plan = (): XNode => parseNode(submission('PLAN^^^&1.2&ISO', 'OTHER^^^&1.2&ISO'));

  it('writes the test patient id into every patientId identifier unless the plan says NoPatientId', () => {
    const set = prepareSubmission(plan(), { patientId: 'NEW^^^&1.3&ISO', assignUuids: false, noAssignUids: [] });
    expect([...valueOf(set.body, IDENTIFICATION_SCHEME.documentEntry.patientId), ...valueOf(set.body, IDENTIFICATION_SCHEME.submissionSet.patientId)]).to.deep.equal(['NEW^^^&1.3&ISO', 'NEW^^^&1.3&ISO']);
    const kept = prepareSubmission(plan(), { assignUuids: false, noAssignUids: [] });
    expect(valueOf(kept.body, IDENTIFICATION_SCHEME.documentEntry.patientId)).to.deep.equal(['OTHER^^^&1.2&ISO']);
    expect(kept.patientIds.get('SubmissionSet01')).to.equal('PLAN^^^&1.2&ISO');
  });

  it('assigns fresh uniqueIds, except to the objects NoAssignUids names', () => {
    const all = prepareSubmission(plan(), { assignUuids: false, noAssignUids: [] });
    expect(all.uids.get('Document01')).to.match(/^2\.25\.\d+$/);
    expect(all.uids.get('SubmissionSet01')).to.match(/^2\.25\.\d+$/);
    const some = prepareSubmission(plan(), { assignUuids: false, noAssignUids: ['Document01'] });
    expect(some.uids.get('Document01')).to.equal('1.2.3.plan.doc');
    expect(some.uids.get('SubmissionSet01')).to.not.equal('1.2.3.plan.ss');
    const none = prepareSubmission(plan(), { assignUuids: false, noAssignUids: 'all' });
    expect(valueOf(none.body, IDENTIFICATION_SCHEME.submissionSet.uniqueId)).to.deep.equal(['1.2.3.plan.ss']);
  });

  it('replaces symbolic ids by urn:uuids everywhere they are referred to, with AssignUuids', () => {
    const p = prepareSubmission(plan(), { assignUuids: true, noAssignUids: [] });
    const doc = p.uuids.get('Document01');
    const ss = p.uuids.get('SubmissionSet01');
    expect(doc).to.match(/^urn:uuid:/);
    const objects = registryObjects(p.body);
    const assoc = objects.find((o) => o.local === 'Association');
    expect([assoc?.attrs['sourceObject'], assoc?.attrs['targetObject']]).to.deep.equal([ss, doc]);
    const eis = descendants(p.body).filter((n) => n.local === 'ExternalIdentifier');
    expect(new Set(eis.map((e) => e.attrs['registryObject']))).to.deep.equal(new Set([doc, ss]));
    expect(descendants(p.body).some((n) => Object.values(n.attrs).includes('Document01'))).to.equal(false);
  });

  it('leaves symbolic ids for the registry to replace when the plan does not say AssignUuids', () => {
    const p = prepareSubmission(plan(), { assignUuids: false, noAssignUids: [] });
    expect(p.uuids.get('Document01')).to.equal('Document01');
    expect(registryObjects(p.body)[0]?.attrs['id']).to.equal('Document01');
  });
});
