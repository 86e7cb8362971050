/**
 * The affinity-domain profiles the gateway ships, chosen by METADATA_PROFILE.
 * docs/metadata-profiles.md
 */
import { IHE_GENERIC_PROFILE } from './ihe-generic.js';
import { NORWAY_PROFILE } from './norway/profile.js';
import type { MetadataProfile, MetadataProfileId } from './types.js';

export const PROFILES: Readonly<Record<MetadataProfileId, MetadataProfile>> = {
  norway: NORWAY_PROFILE,
  'ihe-generic': IHE_GENERIC_PROFILE,
};

/**
 * @param id - profile id from configuration
 * @returns the profile
 */
export function getProfile(id: MetadataProfileId): MetadataProfile {
  return PROFILES[id];
}

/** True when a string names a shipped profile. */
export function isProfileId(id: string): id is MetadataProfileId {
  return Object.hasOwn(PROFILES, id);
}
