// The landed migrations import './dialect.js' and are frozen byte for byte, so each module's folder re-exports the
// platform's dialect helpers under that name (migrations never import app code).
export * from '../../../platform/db/migrations/dialect.js';
