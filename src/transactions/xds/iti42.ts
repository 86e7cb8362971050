/** IHE XDS.b [ITI-42] Register Document Set-b. ITI TF-2: 3.42 */
import { hasErrors, XdsError } from '../../errors/issue.js';
import { registryResponseToEbrim, responseStatus } from '../../formats/ebrim/registry-response.js';
import { submitObjectsRequestFromEbrim } from '../../formats/ebrim/submit-objects-request.js';
import type { SoapHandler } from '../types.js';

/**
 * Decodes the SubmitObjectsRequest, registers it, answers with a RegistryResponse.
 * ITI TF-2 3.42.4.1 (request), 3.42.4.2 (response)
 */
export const iti42Handler: SoapHandler = async (request, ctx) => {
  const { objects, issues } = submitObjectsRequestFromEbrim(request.body);
  if (hasErrors(issues)) throw new XdsError(issues);
  const all = [...issues, ...(await ctx.services.registry.registerDocumentSet(objects, ctx))];
  const status = responseStatus(all);
  return { status, body: registryResponseToEbrim(status, all), attachments: [] };
};
