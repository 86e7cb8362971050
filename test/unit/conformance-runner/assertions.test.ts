import { expect } from 'chai';
import { checkStatus } from '../../../scripts/conformance/checks.js';
import { checkContents } from '../../../scripts/conformance/contents.js';
import type { Exchange } from '../../../scripts/conformance/exchange.js';
import { planFrom } from '../../../scripts/conformance/plan.js';
import { parseNode } from '../../../scripts/conformance/xml-node.js';
import { assertHolds, reportValue, sectionLog } from '../../../scripts/conformance/xpath-eval.js';

const PLAN = `<TestPlan><Test>x/y</Test>
  <TestStep id="q">
    <ExpectedStatus>urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure</ExpectedStatus>
    <ExpectedErrorCode>XDSResultNotSinglePatient</ExpectedErrorCode>
    <StoredQueryTransaction>
      <XDSb/><MetadataFile>query.xml</MetadataFile>
      <UseId testdir="../../12346/single_doc" id="Document01" symbol="$uuid1$" step="submit_doc" section="AssignedUuids"/>
      <UseReport reportName="repuid" section="query" step="by_uid" useAs="$repuid$"/>
      <Report name="docid" section="Result">//*[local-name()='ExtrinsicObject']/@id</Report>
      <ExpectedContents><Documents count="0"/></ExpectedContents>
      <Assertions><DataRef file="THIS" as="output"/><Assert id="a1">count(//x) = 0</Assert></Assertions>
    </StoredQueryTransaction>
  </TestStep>
  <TestStep id="odd"><ExpectedStatus>Success</ExpectedStatus><RegisterTransaction><XDSb/><Frobnicate/><MetadataFile>m.xml</MetadataFile></RegisterTransaction></TestStep>
  <TestStep id="mpq"><ExpectedStatus>Success</ExpectedStatus><MPQTransaction><MetadataFile>m.xml</MetadataFile></MPQTransaction></TestStep>
</TestPlan>`;

const RESPONSE = `<q:AdhocQueryResponse xmlns:q="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0" status="x:Success"><rim:RegistryObjectList>
  <rim:ExtrinsicObject id="urn:uuid:d1" status="urn:oasis:names:tc:ebxml-regrep:StatusType:Approved"/>
  <rim:ExtrinsicObject id="urn:uuid:d2" status="urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated"/>
  <rim:RegistryPackage id="urn:uuid:s1" status="urn:oasis:names:tc:ebxml-regrep:StatusType:Approved"/>
  <rim:Classification id="urn:uuid:c1" classifiedObject="urn:uuid:s1" classificationNode="urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd"/>
  <rim:Association id="urn:uuid:a1" sourceObject="urn:uuid:s1" targetObject="urn:uuid:d1" associationType="urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember"/>
</rim:RegistryObjectList></q:AdhocQueryResponse>`;

const exchangeOf = (status: string, codes: string[] = []): Exchange => ({
  httpStatus: 200, status, documents: [], input: parseNode('<x/>'),
  errors: codes.map((code) => ({ code, context: `${code} happened`, severity: 'Error', location: '' })),
});

describe('conformance runner: reading a plan and checking its assertions', () => {
  it('reads status, error codes, UseId, UseReport, Report, contents and assertions of a step', () => {
    const step = planFrom(parseNode(PLAN)).steps[0]!;
    expect(step.expectedStatus).to.deep.equal(['Failure']);
    expect(step.expectedErrorCodes).to.deep.equal(['XDSResultNotSinglePatient']);
    const tx = step.transaction!;
    expect(tx.kind).to.equal('StoredQuery');
    expect(tx.useIds[0]).to.deep.include({ testdir: '../../12346/single_doc', symbol: '$uuid1$', section: 'AssignedUuids' });
    expect(tx.useReports[0]).to.deep.include({ reportName: 'repuid', useAs: '$repuid$' });
    expect(tx.reports[0]).to.deep.include({ name: 'docid', section: 'Result' });
    expect(tx.asserts).to.deep.equal([{ id: 'a1', xpath: 'count(//x) = 0' }]);
    expect(tx.unsupported).to.deep.equal([]);
  });

  it('keeps instructions and transactions it does not understand, so they are not passed silently', () => {
    const [, odd, mpq] = planFrom(parseNode(PLAN)).steps;
    expect(odd?.transaction?.unsupported).to.deep.equal(['Frobnicate']);
    expect(mpq?.transaction).to.equal(undefined);
    expect(mpq?.unsupported).to.contain('MPQTransaction');
  });

  it('holds a step to its expected status and error code', () => {
    const step = planFrom(parseNode(PLAN)).steps[0]!;
    expect(checkStatus(step, exchangeOf('Failure', ['XDSResultNotSinglePatient']))).to.deep.equal([]);
    expect(checkStatus(step, exchangeOf('Success'))).to.deep.equal(['expected Failure, got Success']);
    expect(checkStatus(step, exchangeOf('Failure', ['XDSRegistryError']))[0]).to.contain('expected error code XDSResultNotSinglePatient');
  });

  it('counts returned objects by kind and checks their status rules', () => {
    const body = parseNode(RESPONSE);
    const expected = parseNode('<ExpectedContents><Documents count="2"/><SubmissionSets count="1"/><Associations count="1"/><Folders count="0"/><SSApproved/></ExpectedContents>');
    expect(checkContents(expected, body)).to.deep.equal({ failures: [], unsupported: [] });
    const wrong = checkContents(parseNode('<E><SSwithOneDoc/><DocApp/><OneDocDep/><None/></E>'), body);
    expect(wrong.failures).to.have.length(3);
    expect(wrong.failures.join()).to.contain('expected every DocumentEntry (2) to be Approved');
    expect(checkContents(parseNode('<E><Mystery/></E>'), body).unsupported).to.deep.equal(['ExpectedContents/Mystery']);
  });

  it('evaluates assertions and reports over a log shaped like the toolkit log', () => {
    const log = sectionLog([{ id: 'finddocs', element: 'XCQTransaction', input: '<q/>', result: RESPONSE }]);
    const count = (n: number): string => `count(//XCQTransaction[@step="finddocs"]/Result/*[local-name(.)='AdhocQueryResponse']/*[local-name(.)='RegistryObjectList']/*[local-name(.)='ExtrinsicObject']) = ${n}`;
    expect(assertHolds(count(2), log).holds).to.equal(true);
    expect(assertHolds(count(3), log).holds).to.equal(false);
    expect(assertHolds('//*[', log)).to.have.property('error');
    expect(reportValue("//*[local-name()='ExtrinsicObject'][2]/@id", RESPONSE)).to.equal('urn:uuid:d2');
    expect(reportValue("//*[local-name()='Folder']/@id", RESPONSE)).to.equal(undefined);
  });
});
