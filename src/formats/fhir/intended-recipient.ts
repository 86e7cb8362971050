/**
 * SubmissionSet.intendedRecipient ↔ the IG's ihe-intendedRecipient extensions, each pointing at
 * a contained Practitioner (a person, or a bare telecom address) or Organization. The extension
 * admits no PractitionerRole, so a recipient naming both a person and an organisation is written
 * as two extensions and read back as two recipients. ITI TF-3 4.2.3.3.5; fsh/submissionSet.fsh
 */
import type { IntendedRecipient } from '../../domain/submission-set.js';
import type { ContainedReader, ContainedWriter } from './contained.js';
import type { IssueList } from './decode-issues.js';
import { MHD_EXTENSION } from './mhd-vocabulary.js';
import { xcnFromPractitioner, xcnToPractitioner, xonFromOrganization, xonToOrganization, xtnFromContactPoint } from './parties.js';
import type { Extension } from './resources.js';

/** The extensions for the recipients, their resources added to `contained`. */
export function intendedRecipientsToFhir(recipients: readonly IntendedRecipient[], contained: ContainedWriter): Extension[] {
  const out: Extension[] = [];
  recipients.forEach((r, i) => {
    const telecom = r.telecommunication ? [r.telecommunication] : [];
    const ext = (valueReference: Extension['valueReference']): void => { out.push({ url: MHD_EXTENSION.intendedRecipient, ...(valueReference ? { valueReference } : {}) }); };
    if (r.person || !r.organization) ext(contained.add(`recipient${i + 1}`, xcnToPractitioner(r.person ?? {}, r.organization ? [] : telecom)));
    if (r.organization) ext(contained.add(`recipient${i + 1}-org`, xonToOrganization(r.organization, telecom)));
  });
  return out;
}

/** The recipients the extensions name; references that are not to contained resources are reported. */
export function intendedRecipientsFromFhir(extensions: readonly Extension[], reader: ContainedReader, issues: IssueList): IntendedRecipient[] {
  const out: IntendedRecipient[] = [];
  extensions.forEach((e, i) => {
    const r = reader.resolve(e.valueReference);
    const telecommunication = r && 'telecom' in r && r.telecom?.[0] ? xtnFromContactPoint(r.telecom[0]) : undefined;
    const t = telecommunication ? { telecommunication } : {};
    if (r?.resourceType === 'Practitioner') {
      const person = xcnFromPractitioner(r);
      out.push({ ...(person ? { person } : {}), ...t });
    } else if (r?.resourceType === 'Organization') {
      out.push({ organization: xonFromOrganization(r), ...t });
    } else {
      issues.warning(`List.extension('${MHD_EXTENSION.intendedRecipient}')[${i}]`, 'an intended recipient that is not a contained Practitioner or Organization was not read', 'not-supported');
    }
  });
  return out;
}
