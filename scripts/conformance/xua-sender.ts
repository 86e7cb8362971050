/**
 * The XUA variant's Sender: every ITI-18, ITI-43, ITI-38 and ITI-39 step goes out with a signed
 * ticket for the step's patient (xua-patient.ts) in wsse:Security; submissions go out as they
 * are (the gateway puts only the read transactions under XUA), and the runner notes whose
 * objects they hold. The first step of each read transaction that got data back is kept as the
 * sample the negative checks re-send (xua-checks.ts).
 */
import type { Attachment } from '../../test/support/soap-client.js';
import type { OutgoingStep, Sender } from './engine.js';
import { exchange, type Exchange } from './exchange.js';
import type { TransactionKind } from './plan.js';
import { descendants, type XNode } from './xml-node.js';
import { PatientOwners, ticketPatient } from './xua-patient.js';
import { securityHeader, type TicketBook } from './xua-tickets.js';

/** The transactions the gateway puts under XUA (src/transport/security/soap-security.ts). */
export const XUA_KINDS: ReadonlySet<TransactionKind> = new Set(['StoredQuery', 'Retrieve', 'XCQ', 'XCR']);
const SUBMISSIONS: ReadonlySet<TransactionKind> = new Set(['Register', 'ProvideAndRegister']);
const QUERIES: ReadonlySet<TransactionKind> = new Set(['StoredQuery', 'XCQ']);

/** A step that passed muster under XUA, kept to be sent again without or with another ticket. */
export interface Sample {
  readonly kind: TransactionKind;
  readonly body: XNode;
  readonly attachments: readonly Attachment[];
  /** The ticket's patient. */
  readonly patient: string;
  /** test/section/step it came from. */
  readonly where: string;
}

/**
 * Whether an answer makes a good sample: a query that names its patient and found entries (so
 * a foreign ticket must be refused as a whole), or a retrieve that returned documents.
 */
function usable(kind: TransactionKind, named: boolean, x: Exchange): boolean {
  if (x.status !== 'Success') return false;
  if (QUERIES.has(kind)) return named && x.body !== undefined && descendants(x.body).some((n) => n.local === 'ExtrinsicObject');
  return x.documents.length > 0;
}

/** Sends steps with tickets and keeps samples; `send` is the engine's Sender. */
export class XuaSender {
  readonly owners = new PatientOwners();
  readonly samples = new Map<TransactionKind, Sample>();
  /** Steps sent with a ticket, by how their patient was chosen. */
  readonly chosen = { named: 0, objects: 0, test: 0 };

  /** @param book - the tickets, one per patient */
  constructor(private readonly book: TicketBook) {}

  /** The engine's Sender. */
  readonly send: Sender = async (step: OutgoingStep): Promise<Exchange> => {
    if (SUBMISSIONS.has(step.kind)) this.owners.noteSubmission(step.body);
    if (!XUA_KINDS.has(step.kind)) return exchange(step.baseUrl, step.kind, step.body, step.attachments);
    const { patient, from } = ticketPatient(step.body, this.owners, step.symbols.get('$patientid$'));
    if (!patient) throw new Error('no patient to issue the ticket for');
    this.chosen[from] += 1;
    const x = await exchange(step.baseUrl, step.kind, step.body, step.attachments, { headers: securityHeader(this.book.ticketFor(patient)) });
    if (!this.samples.has(step.kind) && usable(step.kind, from === 'named', x)) {
      this.samples.set(step.kind, { kind: step.kind, body: step.body, attachments: step.attachments, patient, where: step.where });
    }
    return x;
  };
}
