/**
 * Wires the initiating gateway's outbound side at start: the XCA_COMMUNITIES file, validated,
 * and the client that reaches those communities. Called by gateway.ts before anything listens,
 * so a bad file or an unreadable certificate stops the start (house-style A9).
 */
import { loadCommunities } from '../../config/communities.js';
import type { Config } from '../../config/schema.js';
import type { Logger } from '../../logging/logger.js';
import type { Metrics } from '../http/metrics.js';
import type { XcaOutbound } from '../../services/initiating-gateway.js';
import { soapXmlLimits } from '../soap/envelope.js';
import { createCrossGatewayClient } from './cross-gateway-client.js';

export interface XcaOutboundHandle extends XcaOutbound {
  /** Closes kept-alive connections to the communities. */
  close(): void;
}

/**
 * @param config - XCA_COMMUNITIES, HOME_COMMUNITY_ID and the size limits
 * @param log - the process logger
 * @param metrics - where per-community latency and errors are counted
 * @returns the communities and their client
 * @throws ConfigError for a bad communities file or certificate
 */
export function createXcaOutbound(config: Config, log: Logger, metrics?: Metrics): XcaOutboundHandle {
  const communities = loadCommunities(config.XCA_COMMUNITIES, config.HOME_COMMUNITY_ID);
  const client = createCrossGatewayClient({
    communities,
    log: log.child({ component: 'xca-client' }),
    limits: {
      maxXmlBytes: config.MAX_XML_BYTES, maxResponseBytes: config.MAX_REQUEST_BYTES, xml: soapXmlLimits(config),
      maxParts: config.MTOM_MAX_PARTS, memoryBytes: config.MTOM_MEMORY_BYTES,
    },
    releaseAfterMs: config.REQUEST_TIMEOUT_MS,
    ...(metrics ? { observe: (community: string, transaction: string, seconds: number, failed: boolean) => metrics.recordXca(community, transaction, seconds, failed) } : {}),
  });
  if (communities.length) log.info('XCA communities configured', { communities: communities.map((c) => c.homeCommunityId) });
  return { communities, client, close: () => client.close() };
}
