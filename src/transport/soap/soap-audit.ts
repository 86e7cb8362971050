/**
 * The audit record of a SOAP request: the dispatch hands every outcome (response, failure, SOAP
 * fault, security refusal), with what its handler said it touched, to a SoapAuditor, which builds one
 * AuditEvent (audit/audit-event.ts) and stores it BEFORE the response goes out. When the record
 * cannot be stored the request fails with an env:Receiver fault instead: an unrecorded request
 * never succeeds. See ihe-requirements.md §11 (last item), §12; docs/access-policy.md §4.
 */
import { buildAuditEvent } from '../../audit/audit-event.js';
import { outcomeFields } from '../../audit/outcome-fields.js';
import { AuditUnavailableError, type AuditRecorder, type TransactionOutcome } from '../../audit/ports.js';
import type { Logger } from '../../logging/logger.js';
import type { AuditedRequest, SoapAuditor, SoapOutcome } from './dispatch.js';
import { SoapFault } from './fault.js';

const MAX_DESCRIPTION_CHARS = 1000;

/**
 * @param recorder - stores the records (createAuditRecorder over the storage's AuditStore)
 * @param log - for a record that could not be built
 * @param clock - the time source
 * @returns the auditor for DispatchDeps.audit
 */
export function soapAuditor(recorder: AuditRecorder, log: Logger, clock: () => Date = () => new Date()): SoapAuditor {
  return async (outcome, request) => {
    try {
      await recorder.record(buildAuditEvent(transactionOutcome(outcome, request, clock())));
      return outcome;
    } catch (e) {
      // AuditUnavailableError is logged by the recorder; anything else is a fault of ours.
      if (!(e instanceof AuditUnavailableError)) {
        log.error('the audit record could not be built', { correlationId: request.correlationId, error: e instanceof Error ? e.stack : String(e) });
      }
      const fault = new SoapFault('AUDIT_UNAVAILABLE', [request.correlationId]);
      return { kind: 'fault', label: 'fault', fault, relatesTo: outcome.relatesTo, transaction: outcome.transaction,
        ...(outcome.requestAction ? { requestAction: outcome.requestAction } : {}), facts: outcome.facts };
    }
  };
}

/**
 * Why a request was refused, for the refusal metric: the wsse fault code of a refused ticket,
 * "access-policy" for a request the access policy refused, undefined for any other outcome.
 */
export function refusalReason(outcome: SoapOutcome): string | undefined {
  if (outcome.kind === 'fault') return outcome.fault.entry.subcode?.startsWith('wsse:') ? outcome.fault.entry.subcode : undefined;
  return outcome.facts.refusal !== undefined ? 'access-policy' : undefined;
}

/** The audit view of a dispatch outcome. */
function transactionOutcome(outcome: SoapOutcome, request: AuditedRequest, now: Date): TransactionOutcome {
  const row = outcome.transaction;
  const transaction = row?.transaction ?? outcome.requestAction ?? 'SOAP';
  const fields = outcomeFields(outcome.facts, request.caller);
  const verdict = verdictOf(outcome);
  const description = [fields.outcomeDescription, verdict.description].filter((d) => d).join('; ').slice(0, MAX_DESCRIPTION_CHARS);
  return {
    ...fields,
    transaction,
    ...(row ? { coding: row.audit } : {}),
    outcome: verdict.outcome,
    ...(description ? { outcomeDescription: description } : {}),
    recorded: now,
    correlationId: request.correlationId,
    server: { endpoint: `/services/${request.endpoint}` },
  };
}

/** success / partial / failure / refused, from the outcome kind, the response status and a policy refusal. */
function verdictOf(outcome: SoapOutcome): { outcome: TransactionOutcome['outcome']; description?: string } {
  if (outcome.kind === 'fault') {
    return { outcome: outcome.fault.entry.subcode?.startsWith('wsse:') ? 'refused' : 'failure', description: outcome.fault.reason };
  }
  if (outcome.facts.refusal !== undefined) return { outcome: 'refused' };
  if (outcome.label !== 'success') {
    return { outcome: 'failure', description: outcome.issues.map((i) => `${i.code}: ${i.codeContext}`).join('; ') };
  }
  // A handler that returns normally may still answer Failure or PartialSuccess (ITI-43 with
  // documents not found): it says which.
  return { outcome: outcome.status === 'Failure' ? 'failure' : outcome.status === 'PartialSuccess' ? 'partial' : 'success' };
}
