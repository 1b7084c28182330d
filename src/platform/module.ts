import type { Migration } from 'kysely';
import type { PermissionMap } from './auth/permissions.js';
import type { Subscriber } from './bus/bus.js';
import type { Deps } from './deps.js';
import type { App } from './http/types.js';
import type { MessageArea } from './i18n/define.js';
import type { PrivacyRegistrant } from './privacy/registry.js';

/** A durable bus subscriber a module declares: its name is stable across instances and restarts. */
export interface ModuleSubscriber {
  name: string;
  handle: (deps: Deps) => Subscriber;
}

/**
 * What a module is, as the composition root sees it (ADR 0010). Each `src/modules/<m>/index.ts` exports one; main.ts
 * lists them in order and the platform composes their migrations, permissions, messages, routes and subscribers
 * without naming any module.
 *
 * `T` is the module's Kysely table map (`<Module>Tables` in `<module>.tables.ts`); `tables` lists the same names at
 * run time (the table-ownership test reads it), and `ModuleManifest<T>` refuses a name that is not a key of `T`.
 */
export interface ModuleManifest<T = unknown, P extends PermissionMap = PermissionMap, M extends MessageArea = MessageArea> {
  name: string;
  tables: readonly (keyof T & string)[];
  /** the module's own migrations (migrations/index.ts), frozen once landed */
  migrations: Record<string, Migration>;
  /** permission → roles; names are unique across the platform and every module */
  permissions: P;
  /** the module's server messages (refusal codes under `error.`), in Chinese and English */
  messages: readonly M[];
  /** registers the module's HTTP routes, and its job handlers on `deps.jobs` (badge batches, invitation sends) */
  routes?: (app: App, deps: Deps) => void;
  subscribers?: readonly ModuleSubscriber[];
  /** the personal data it holds, for one person's export and an ended event's shred */
  privacy?: PrivacyRegistrant;
}

/**
 * Declares a manifest: `defineModule<EventsTables>()({ … })`. The first call fixes the table map; the second infers
 * the permission and message keys as literal types, which the root composes into `Permission` and `MessageKey`.
 */
export function defineModule<T>() {
  return <const P extends PermissionMap, const M extends MessageArea = never>(manifest: ModuleManifest<T, P, M>): ModuleManifest<T, P, M> => manifest;
}

/** The permission names of a list of manifests. */
export type PermissionsOf<L extends readonly ModuleManifest<never, PermissionMap, MessageArea>[]> = L[number] extends infer X
  ? X extends ModuleManifest<never, infer P, MessageArea>
    ? keyof P & string
    : never
  : never;

/** The message keys of a list of manifests. */
export type MessageKeysOf<L extends readonly ModuleManifest<never, PermissionMap, MessageArea>[]> = L[number] extends infer X
  ? X extends ModuleManifest<never, PermissionMap, infer M>
    ? M extends { en: infer E }
      ? keyof E & string
      : never
    : never
  : never;
