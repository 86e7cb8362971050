import type { Config } from '../config/schema.js';
import type { Logger } from '../logging/logger.js';
import { createProfileValidator } from '../profiles/validate.js';
import type { Storage } from '../storage/ports.js';
import { createInitiatingGateway, NO_REMOTE_COMMUNITIES, type XcaOutbound } from './initiating-gateway.js';
import { createRegistryService } from './registry.js';
import { createRepositoryService } from './repository.js';
import { createRespondingGateway } from './responding-gateway.js';
import type { Services } from './services.js';
import { withStoreErrors } from './store-errors.js';

/**
 * Wires the actors over the storage port: the registry, and the repository that registers
 * with it in-process. Sweeps document bytes left without metadata by an earlier run before
 * anything is served (bytes are stored before metadata is committed; house style A7).
 * @param config - validated settings
 * @param storage - an opened storage
 * @param log - the process logger
 * @param xca - the remote communities and the outbound client of the initiating gateway
 *   (transport/client); none by default, so the initiating gateway asks this community only
 * @returns the services the transactions call
 */
export async function createServices(config: Config, storage: Storage, log: Logger,
  xca: XcaOutbound = NO_REMOTE_COMMUNITIES): Promise<Services> {
  const registry = withStoreErrors(createRegistryService({
    store: storage.metadata, config, log: log.child({ actor: 'registry' }),
    validateProfile: createProfileValidator(config), ...(storage.patients ? { patients: storage.patients } : {}),
  }), 'registry');
  const repository = withStoreErrors(createRepositoryService({
    metadata: storage.metadata, documents: storage.documents, registry, config, log: log.child({ actor: 'repository' }),
    ...(storage.patients ? { patients: storage.patients } : {}),
  }), 'repository');
  await repository.sweepOrphanDocuments();
  const respondingGateway = createRespondingGateway({ registry, repository, config });
  const initiatingGateway = createInitiatingGateway({
    registry, repository, config, communities: xca.communities, client: xca.client, log: log.child({ actor: 'initiating-gateway' }),
  });
  return { registry, repository, respondingGateway, initiatingGateway };
}
