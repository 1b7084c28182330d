import { type Actor, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import type { DocumentsTable } from './documents.tables.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { DocumentPatch, DocumentView } from './documents.schema.js';
import { type DocumentsDeps, documentViewOf } from './documents.store.js';
import { safeFileName } from './upload-document.js';
import type { Updateable } from 'kysely';

/** Changes a document's metadata (the file stays); an empty patch returns the document unchanged. */
export async function updateDocument(
  deps: DocumentsDeps,
  actor: Actor,
  eventId: number,
  id: number,
  patch: DocumentPatch,
): Promise<Result<DocumentView>> {
  const current = await deps.db.selectFrom('documents').selectAll().where('id', '=', id).where('event_id', '=', eventId).executeTakeFirst();
  if (!current) return refuse('not_found', 'id');
  const set: Updateable<DocumentsTable> = {};
  if (patch.title) Object.assign(set, { title_zh: patch.title.zh, title_en: patch.title.en });
  if (patch.description) Object.assign(set, { description_zh: patch.description.zh, description_en: patch.description.en });
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.audience !== undefined) set.audience = patch.audience;
  if (patch.embargoUntil !== undefined) set.embargo_until = patch.embargoUntil === null ? null : new Date(patch.embargoUntil).toISOString();
  if (patch.fileName !== undefined) set.file_name = safeFileName(patch.fileName);
  if (Object.keys(set).length === 0) return ok(documentViewOf(current, true));
  const row = await deps.db
    .updateTable('documents')
    .set({ ...set, updated_at: nowIso() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await emit(deps, actor, eventId, { type: 'document.updated', payload: { documentId: id, fields: Object.keys(patch) } });
  return ok(documentViewOf(row, true));
}

/** Deletes the row first: a file without its row is invisible, a row without its file would be a broken link. */
export async function deleteDocument(deps: DocumentsDeps, actor: Actor, eventId: number, id: number): Promise<Result<{ id: number }>> {
  const row = await deps.db
    .deleteFrom('documents')
    .where('id', '=', id)
    .where('event_id', '=', eventId)
    .returning(['id', 'file_key', 'file_name'])
    .executeTakeFirst();
  if (!row) return refuse('not_found', 'id');
  await deps.files.remove(row.file_key);
  await emit(deps, actor, eventId, { type: 'document.deleted', payload: { documentId: id, fileName: row.file_name } });
  return ok({ id });
}
