import type { Actor, Deps } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { DocumentView } from './documents.schema.js';
import { readerOf, documentViewOf, visibleDocuments } from './documents.store.js';

/** The library as this caller may see it; download counts only for organisers. */
export async function listDocuments(deps: Deps, actor: Actor, eventId: number): Promise<DocumentView[]> {
  const reader = await readerOf(deps.db, actor, eventId);
  const rows = await visibleDocuments(deps.db, eventId, reader, nowIso()).execute();
  return rows.map((r) => documentViewOf(r, reader.organiser));
}

/** One document's metadata; a document the caller may not see (yet) is not found, so its existence stays private. */
export async function getDocument(deps: Deps, actor: Actor, eventId: number, id: number): Promise<Result<DocumentView>> {
  const reader = await readerOf(deps.db, actor, eventId);
  const row = await visibleDocuments(deps.db, eventId, reader, nowIso()).where('id', '=', id).executeTakeFirst();
  return row ? ok(documentViewOf(row, reader.organiser)) : refuse('not_found', 'id');
}
