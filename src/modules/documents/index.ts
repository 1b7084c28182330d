// The documents module's face to other modules (DESIGN: modules use only each other's exported services).
import { defineModule } from '../../platform/module.js';
import { migrations } from './migrations/index.js';
import type { DocumentsTables } from './documents.tables.js';
import { documentsRoutes } from './documents.routes.js';
export { documentsRoutes } from './documents.routes.js';
export { listDocuments } from './list-documents.js';
export type { DocumentsTables } from './documents.tables.js';

/** The documents module as the composition root plugs it in (ADR 0010). */
export const manifest = defineModule<DocumentsTables>()({
  name: 'documents',
  tables: ['documents'],
  migrations,
  permissions: {
    'documents.manage': ['organiser'],
  },
  messages: [],
  routes: documentsRoutes,
});
