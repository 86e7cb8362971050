import type { Config } from '../config/schema.js';
import type { Logger } from '../logging/logger.js';
import { createProfileValidator } from '../profiles/validate.js';
import type { Storage } from '../storage/ports.js';
import { createRegistryService } from './registry.js';
import { createRepositoryService } from './repository.js';
import { SerialQueue } from './serial.js';
import type { Services } from './services.js';

/**
 * Wires the actors over the storage port: the registry, and the repository that registers
 * with it in-process. Sweeps document bytes left without metadata by an earlier run before
 * anything is served (bytes are stored before metadata is committed; house style A7).
 * @param config - validated settings
 * @param storage - an opened storage
 * @param log - the process logger
 * @returns the services the transactions call
 */
export async function createServices(config: Config, storage: Storage, log: Logger): Promise<Services> {
  const registry = createRegistryService({
    store: storage.metadata, config, log: log.child({ actor: 'registry' }), writes: new SerialQueue(),
    validateProfile: createProfileValidator(config),
  });
  const repository = createRepositoryService({
    metadata: storage.metadata, documents: storage.documents, registry, config, log: log.child({ actor: 'repository' }),
  });
  await repository.sweepOrphanDocuments();
  return { registry, repository };
}
