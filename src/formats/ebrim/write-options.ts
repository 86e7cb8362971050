/** How registry objects are written. */
export interface EbrimWriteOptions {
  /**
   * Write objects as a registry returns them (LeafClass query results): `lid` defaults to the
   * entryUUID and VersionInfo to "1" when the object has none. ITI TF-2 3.18.4.1.3.5
   */
  readonly registryView?: boolean;
  /** homeCommunityId to put in `home` (XCA responding gateway), overriding the object's own. ITI TF-2 3.38.4.1.3 */
  readonly homeCommunityId?: string | undefined;
}
