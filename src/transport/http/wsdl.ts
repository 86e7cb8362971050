/**
 * Serves the WSDLs in wsdl/ at GET /services/{endpoint}?wsdl, with the service address set to
 * the actor endpoint as the client reached it. house-style A1 (wsdl/), interface.md.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeAttr } from '../../formats/xml/write.js';
import type { SoapEndpoint } from '../soap/dispatch.js';

/** The folder of WSDL files, at the project root. */
const WSDL_DIR = fileURLToPath(new URL('../../../wsdl/', import.meta.url));
/** Actor endpoints that have a WSDL of their own, served even before a transaction row names them. */
const ACTOR_WSDLS = new Set(['registry', 'repository', 'xca', 'ig']);
const ADDRESS_PLACEHOLDER = '{{ENDPOINT_URL}}';
/** Host header values used in the address; anything else falls back to the configured address. */
const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export class WsdlCatalogue {
  private readonly texts = new Map<string, Promise<string | undefined>>();
  constructor(private readonly dir: string = WSDL_DIR) {}

  /**
   * The WSDL of an endpoint, with its address filled in.
   * @param name - the endpoint name from the URL
   * @param endpoints - the SOAP endpoints (aliases lead to their actor's WSDL)
   * @param host - the Host header, or the fallback host:port
   * @returns the WSDL text, or undefined when the endpoint has none
   */
  async render(name: string, endpoints: ReadonlyMap<string, SoapEndpoint>, host: string): Promise<string | undefined> {
    const actor = endpoints.get(name)?.wsdl ?? (ACTOR_WSDLS.has(name) ? name : undefined);
    if (!actor || !/^[a-z0-9-]+$/.test(actor)) return undefined;
    const template = await this.load(actor);
    return template?.replaceAll(ADDRESS_PLACEHOLDER, escapeAttr(`http://${host}/services/${actor}`));
  }

  private load(actor: string): Promise<string | undefined> {
    let text = this.texts.get(actor);
    if (!text) {
      // read once; a missing file is remembered as missing
      text = readFile(join(this.dir, `${actor}.wsdl`), 'utf8').catch(() => undefined);
      this.texts.set(actor, text);
    }
    return text;
  }
}

/**
 * The host to put in WSDL addresses.
 * @param header - the request's Host header
 * @param fallback - host:port from the configuration
 */
export function addressHost(header: string | undefined, fallback: string): string {
  return header && SAFE_HOST.test(header) ? header : fallback;
}
