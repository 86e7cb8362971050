/** IHE XDS.b [ITI-41] Provide and Register Document Set-b. ITI TF-2: 3.41 */
import { hasErrors, XdsError } from '../../errors/issue.js';
import { provideAndRegisterFromEbrim } from '../../formats/ebrim/provide-and-register.js';
import { registryResponseToEbrim, responseStatus } from '../../formats/ebrim/registry-response.js';
import { handlerOutcome } from '../outcome.js';
import type { SoapHandler } from '../types.js';

/**
 * Decodes the metadata and documents, hands them to the repository (which registers them),
 * answers with a RegistryResponse. ITI TF-2 3.41.4.1 (request), 3.41.4.2 (response)
 */
export const iti41Handler: SoapHandler = async (request, ctx) => {
  const { objects, documents, issues } = provideAndRegisterFromEbrim(request.body);
  if (hasErrors(issues)) throw new XdsError(issues);
  const registered = await ctx.services.repository.provideAndRegister(objects, documents, ctx);
  const all = [...issues, ...registered.issues];
  const status = responseStatus(all);
  return { outcome: handlerOutcome(status, registered.touched, request), body: registryResponseToEbrim(status, all), attachments: [] };
};
