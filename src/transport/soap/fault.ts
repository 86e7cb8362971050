/**
 * SOAP 1.2 faults: the error type the transport raises and the envelope that carries it.
 * See SOAP 1.2 Part 1 5.4 (Fault), Part 2 7.5.1 (HTTP status), WS-Addressing 1.0 SOAP Binding 6.
 */
import { SOAP_FAULTS, type FaultEntry, type SoapFaultId } from '../../errors/messages.js';
import { NS } from '../../formats/xml/tree.js';
import { escapeAttr, escapeText } from '../../formats/xml/write.js';

/** Namespaces a fault subcode prefix may name. */
const SUBCODE_NS: Readonly<Record<string, string>> = { wsa: NS.wsa, wsse: NS.wsse };

/** wsa:Action of a fault message. WS-Addressing 1.0 SOAP Binding 6. */
const FAULT_ACTION_WSA = 'http://www.w3.org/2005/08/addressing/fault';
const FAULT_ACTION_SOAP = 'http://www.w3.org/2005/08/addressing/soap/fault';

/** A header block that a MustUnderstand fault names in env:NotUnderstood. */
export interface QNameRef { readonly ns: string; readonly local: string }

/**
 * A SOAP fault raised anywhere in the transport. The reason text comes from the catalogue
 * (errors/messages.ts SOAP_FAULTS) and is safe to send: never a stack trace.
 */
export class SoapFault extends Error {
  readonly id: SoapFaultId;
  readonly entry: FaultEntry;
  readonly reason: string;
  /** Header blocks not understood (MustUnderstand faults only). */
  readonly notUnderstood: readonly QNameRef[];

  constructor(id: SoapFaultId, args: readonly (string | number)[] = [], notUnderstood: readonly QNameRef[] = []) {
    const entry: FaultEntry = SOAP_FAULTS[id];
    let i = 0;
    const reason = entry.text.replace(/%s/g, () => String(args[i++] ?? ''));
    super(reason);
    this.name = 'SoapFault';
    this.id = id;
    this.entry = entry;
    this.reason = reason;
    this.notUnderstood = notUnderstood;
  }

  /** HTTP status of the response (SOAP 1.2 Part 2 7.5.1: Sender 400, others 500; transport refusals their own). */
  get httpStatus(): number {
    return this.entry.http;
  }

  /** wsa:Action to put on the fault: addressing faults use the WS-A fault action. */
  get action(): string {
    return this.entry.subcode?.startsWith('wsa:') ? FAULT_ACTION_WSA : FAULT_ACTION_SOAP;
  }
}

/**
 * Serialises the env:Fault element (to be placed in env:Body).
 * @param fault - the fault
 * @returns the env:Fault markup, using the env and (if needed) the subcode's prefix
 */
export function faultElement(fault: SoapFault): string {
  const sub = fault.entry.subcode;
  let subcode = '';
  if (sub) {
    const prefix = sub.slice(0, sub.indexOf(':'));
    const ns = SUBCODE_NS[prefix] ?? '';
    subcode = `<env:Subcode><env:Value xmlns:${prefix}="${escapeAttr(ns)}">${escapeText(sub)}</env:Value></env:Subcode>`;
  }
  return '<env:Fault>'
    + `<env:Code><env:Value>env:${fault.entry.code}</env:Value>${subcode}</env:Code>`
    + `<env:Reason><env:Text xml:lang="en">${escapeText(fault.reason)}</env:Text></env:Reason>`
    + '</env:Fault>';
}

/**
 * Header blocks that belong with a fault: env:NotUnderstood for MustUnderstand faults and
 * env:Upgrade for VersionMismatch faults (SOAP 1.2 Part 1 5.4.7, 5.4.8).
 */
export function faultHeaderBlocks(fault: SoapFault): string {
  if (fault.entry.code === 'VersionMismatch') {
    return `<env:Upgrade><env:SupportedEnvelope qname="s12:Envelope" xmlns:s12="${NS.soap12}"/></env:Upgrade>`;
  }
  return fault.notUnderstood
    .map((q) => `<env:NotUnderstood qname="q:${escapeAttr(q.local)}" xmlns:q="${escapeAttr(q.ns)}"/>`)
    .join('');
}
