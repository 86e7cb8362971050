/**
 * A certificate whose ticket signatures the gateway trusts: pinned in XUA_TRUST_DIR
 * (xua-settings.ts) or chained to a root of XUA_TRUST_ROOTS_DIR (cert-chain.ts).
 */
import type { KeyObject } from 'node:crypto';

/** A certificate whose signatures the gateway trusts. */
export interface TrustedCert {
  /** File it came from, for messages. */
  readonly source: string;
  readonly pem: string;
  /** The parsed public key: handing xml-crypto a KeyObject spares a PEM parse per check. */
  readonly publicKey: KeyObject;
  /** DER bytes, base64: what a ds:X509Certificate in KeyInfo is compared against. */
  readonly derBase64: string;
  readonly subject: string;
  readonly validFrom: Date;
  readonly validTo: Date;
}
