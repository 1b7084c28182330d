// The documents module's face to other modules (DESIGN: modules use only each other's exported services).
export { documentsRoutes } from './documents.routes.js';
export { listDocuments } from './list-documents.js';
