import type { Selectable } from 'kysely';
import { isOrganiserOf } from '../../platform/auth/permissions.js';
import { fromJson, type Db } from '../../platform/db/database.js';
import type { DocumentsTable } from './documents.tables.js';
import type { Actor, Deps } from '../../platform/deps.js';
import type { FileStore } from '../../platform/files/file-store.js';
import type { DocumentKind, DocumentView } from './documents.schema.js';

export type DocumentRow = Selectable<DocumentsTable>;

/** The documents module needs the file store besides the platform's ports. */
export type DocumentsDeps = Deps & { files: FileStore };

export function documentViewOf(row: DocumentRow, withCount: boolean): DocumentView {
  return {
    id: row.id,
    kind: row.kind as DocumentKind,
    title: { zh: row.title_zh, en: row.title_en },
    description: { zh: row.description_zh, en: row.description_en },
    audience: row.audience,
    embargoUntil: row.embargo_until,
    file: { name: row.file_name, size: row.file_size, sha256: row.file_sha256, mediaType: row.media_type },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(withCount ? { downloadCount: row.download_count } : {}),
  };
}

/** What a caller may see of an event's library: organisers everything, others released documents of their audiences. */
export interface Reader {
  organiser: boolean;
  audiences: string[];
}

/**
 * `guests` means accounts holding the guest role in the event (or installation-wide); a guest's category is
 * the `category` their registration profile records.
 */
export async function readerOf(db: Db, actor: Actor, eventId: number): Promise<Reader> {
  if (isOrganiserOf(actor.grants, eventId)) return { organiser: true, audiences: [] };
  const audiences = ['public'];
  const guest = actor.grants.some((g) => g.role === 'guest' && (g.eventId === null || g.eventId === eventId));
  if (guest && actor.userId !== null) {
    audiences.push('guests');
    const user = await db.selectFrom('users').select('profile').where('id', '=', actor.userId).executeTakeFirst();
    const category = fromJson<{ category?: unknown }>(user?.profile, {}).category;
    if (typeof category === 'string' && category) audiences.push(`category:${category}`);
  }
  return { organiser: false, audiences };
}

/** The event's documents this reader may see, newest first; ISO-8601 UTC text compares in time order. */
export function visibleDocuments(db: Db, eventId: number, reader: Reader, now: string) {
  let q = db.selectFrom('documents').selectAll().where('event_id', '=', eventId);
  if (!reader.organiser) {
    q = q.where('audience', 'in', reader.audiences).where((eb) => eb.or([eb('embargo_until', 'is', null), eb('embargo_until', '<=', now)]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc');
}
