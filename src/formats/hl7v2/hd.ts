/**
 * HL7 v2 HD (hierarchic designator) as it appears inside CX.4, XCN.9 and XON.6:
 * `namespaceId&universalId&universalIdType`. ITI TF-3 4.2.3.1.7
 */
export interface Hd {
  readonly namespaceId: string;
  readonly universalId: string;
  readonly universalIdType: string;
}

/** Splits an HD component into its three sub-components; missing ones are ''. */
export function parseHd(component: string): Hd {
  const [namespaceId = '', universalId = '', universalIdType = ''] = component.split('&');
  return { namespaceId, universalId, universalIdType };
}

/** Writes `&OID&ISO` (or with a namespace id first); '' when there is no OID at all. */
export function serializeHd(universalId: string | undefined, namespaceId = '', universalIdType = 'ISO'): string {
  if (!universalId && !namespaceId) return '';
  return `${namespaceId}&${universalId ?? ''}&${universalIdType}`;
}

/** Joins HL7 components with ^, dropping trailing empty ones (HL7 v2 2.5 §2.5.5.2). */
export function joinComponents(components: readonly (string | undefined)[]): string {
  let end = components.length;
  while (end > 0 && !components[end - 1]) end--;
  let out = '';
  for (let i = 0; i < end; i++) out += (i ? '^' : '') + (components[i] ?? '');
  return out;
}

/** `undefined` for an empty string, so absent components stay absent in the domain. */
export function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}
