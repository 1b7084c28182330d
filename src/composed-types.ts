// The types the platform leaves open, composed at the root from the modules: the database as Kysely sees it (the
// platform declares `DB` with its own tables), the event of a request (the platform needs only id and slug), the
// permission names and the message keys (from the manifests in src/manifests.ts). So `src/platform` names no module.
// A new module adds its `<Module>Tables` to the DB list and its manifest to src/manifests.ts.
import type { MODULES } from './manifests.js';
import type { MessageKeysOf, PermissionsOf } from './platform/module.js';
import type { AccessTables } from './modules/access/index.js';
import type { AccreditationTables } from './modules/accreditation/index.js';
import type { AgendaTables } from './modules/agenda/index.js';
import type { DocumentsTables } from './modules/documents/index.js';
import type { EventRow, EventsTables } from './modules/events/index.js';
import type { FacesTables } from './modules/faces/index.js';
import type { LogisticsTables } from './modules/logistics/index.js';
import type { NoticesTables } from './modules/notices/index.js';
import type { PeopleTables } from './modules/people/index.js';
import type { ProgramTables } from './modules/program/index.js';
import type { VehiclesTables } from './modules/vehicles/index.js';

declare module './platform/db/schema.js' {
  interface DB
    extends EventsTables,
      ProgramTables,
      AgendaTables,
      DocumentsTables,
      NoticesTables,
      PeopleTables,
      AccreditationTables,
      AccessTables,
      LogisticsTables,
      VehiclesTables,
      FacesTables {}
}

declare module './platform/http/types.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface RequestEvent extends EventRow {}
}

declare module './platform/auth/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ModulePermissions extends Record<PermissionsOf<typeof MODULES>, true> {}
}

declare module './platform/i18n/messages.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ModuleMessageKeys extends Record<MessageKeysOf<typeof MODULES>, true> {}
}
