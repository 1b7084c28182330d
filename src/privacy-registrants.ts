import { accountsPrivacy, auditPrivacy } from './platform/privacy/platform-registrants.js';
import { PrivacyRegistry } from './platform/privacy/registry.js';
import { MODULES } from './manifests.js';

/**
 * Every registrant of the privacy registry, in the modules' order (a shred runs them in reverse, dependants first).
 * The modules' come from their manifests' `privacy` field, in the order of src/manifests.ts.
 */
export const PRIVACY_REGISTRANTS = [accountsPrivacy, ...MODULES.flatMap((m) => (m.privacy ? [m.privacy] : [])), auditPrivacy];

export const privacyRegistry = (): PrivacyRegistry => new PrivacyRegistry(PRIVACY_REGISTRANTS);
