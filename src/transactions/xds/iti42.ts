/** IHE XDS.b [ITI-42] Register Document Set-b. ITI TF-2: 3.42 */
import { hasErrors, XdsError } from '../../errors/issue.js';
import { registryResponseToEbrim, responseStatus } from '../../formats/ebrim/registry-response.js';
import { submitObjectsRequestFromEbrim } from '../../formats/ebrim/submit-objects-request.js';
import { handlerOutcome } from '../outcome.js';
import type { SoapHandler } from '../types.js';

/**
 * Decodes the SubmitObjectsRequest, registers it, answers with a RegistryResponse.
 * ITI TF-2 3.42.4.1 (request), 3.42.4.2 (response)
 */
export const iti42Handler: SoapHandler = async (request, ctx) => {
  const { objects, issues } = submitObjectsRequestFromEbrim(request.body);
  if (hasErrors(issues)) throw new XdsError(issues);
  const registered = await ctx.services.registry.registerDocumentSet(objects, ctx);
  const all = [...issues, ...registered.issues];
  const status = responseStatus(all);
  return { outcome: handlerOutcome(status, registered.touched, request), body: registryResponseToEbrim(status, all), attachments: [] };
};
