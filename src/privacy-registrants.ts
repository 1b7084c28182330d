import { accountsPrivacy, auditPrivacy } from './platform/privacy/platform-registrants.js';
import { PrivacyRegistry } from './platform/privacy/registry.js';
import { accessPrivacy } from './modules/access/access.privacy.js';
import { accreditationPrivacy } from './modules/accreditation/accreditation.privacy.js';
import { agendaPrivacy } from './modules/agenda/agenda.privacy.js';
import { facesPrivacy } from './modules/faces/faces.privacy.js';
import { logisticsPrivacy } from './modules/logistics/logistics.privacy.js';
import { noticesPrivacy } from './modules/notices/notices.privacy.js';
import { peoplePrivacy } from './modules/people/people.privacy.js';
import { vehiclesPrivacy } from './modules/vehicles/vehicles.privacy.js';

/**
 * Every registrant of the privacy registry, in the modules' order (a shred runs them in reverse, dependants first).
 * Until the module manifests carry their `privacy` field, the composition root takes them from here.
 */
export const PRIVACY_REGISTRANTS = [accountsPrivacy, peoplePrivacy, agendaPrivacy, accreditationPrivacy, accessPrivacy, facesPrivacy, vehiclesPrivacy, logisticsPrivacy, noticesPrivacy, auditPrivacy];

export const privacyRegistry = (): PrivacyRegistry => new PrivacyRegistry(PRIVACY_REGISTRANTS);
