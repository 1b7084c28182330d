import { sql } from 'kysely';
import type { Actor } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import type { StoredFile } from '../../platform/files/file-store.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { type DocumentRow, type DocumentsDeps, readerOf, visibleDocuments } from './documents.store.js';

/** Where a missing file is reported: the request's logger. */
export interface MissingFileLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * Opens a document's file for a caller who may see it, and counts the download. Downloads are counted on the
 * row rather than published as one audit event each: a public blue book is fetched thousands of times by
 * anonymous readers, and an audit row apiece would drown the log of who changed what.
 */
export async function downloadDocument(
  deps: DocumentsDeps,
  actor: Actor,
  eventId: number,
  id: number,
  opts: { count: boolean; log?: MissingFileLog } = { count: true },
): Promise<Result<{ document: DocumentRow; file: StoredFile }>> {
  const reader = await readerOf(deps.db, actor, eventId);
  const row = await visibleDocuments(deps.db, eventId, reader, nowIso()).where('id', '=', id).executeTakeFirst();
  if (!row) return refuse('not_found', 'id');
  const file = await deps.files.open(row.file_key);
  if (!file) {
    // The row outlived its file (restored from a backup without the files, or a file removed by hand): the reader
    // learns it is gone for good, and the operator gets a warning naming the file to restore.
    opts.log?.warn({ documentId: row.id, eventId, fileKey: row.file_key, filesDir: deps.files.dir }, 'document file missing from the file store');
    return refuse('file_gone', 'id');
  }
  if (opts.count) {
    await deps.db
      .updateTable('documents')
      .set({ download_count: sql<number>`download_count + 1` })
      .where('id', '=', row.id)
      .execute();
  }
  return ok({ document: row, file });
}

/** RFC 6266 / RFC 5987: an ASCII fallback for old clients, and the exact UTF-8 name in `filename*`. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
