import { randomUUID } from 'node:crypto';
import { type Actor, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import type { EventRow } from '../events/index.js';
import type { StagedFile } from '../../platform/files/file-store.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import type { DocumentView, UploadFields } from './documents.schema.js';
import { type DocumentsDeps, documentViewOf } from './documents.store.js';

export const PDF_MEDIA_TYPE = 'application/pdf';
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

export interface Upload {
  fields: UploadFields;
  /** as the client named it; only its last path segment is kept */
  fileName: string;
  staged: StagedFile;
  /** the upload went past the size limit and was cut off */
  truncated: boolean;
}

export const tooLarge = (maxBytes: number): Refusal => refuse('file_too_large', 'file', { max: Math.floor(maxBytes / (1024 * 1024)) });

/** The type is judged by the bytes: a PNG renamed to .pdf, or sent as application/pdf, is still a PNG. */
export function checkPdf(upload: Pick<Upload, 'staged' | 'truncated'>, maxBytes: number): Refusal | null {
  if (upload.truncated || upload.staged.size > maxBytes) return tooLarge(maxBytes);
  if (upload.staged.size === 0) return refuse('file_empty', 'file');
  if (!upload.staged.head.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return refuse('file_type', 'file');
  return null;
}

export function safeFileName(name: string): string {
  const base = (name.split(/[/\\]/).pop() ?? '')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 200);
  if (!base || base === '.' || base === '..') return 'document.pdf';
  return /\.pdf$/i.test(base) ? base : `${base}.pdf`;
}

/**
 * Saves a document: its row and its file together or not at all. The staged file is renamed into place inside
 * the row's transaction, so a failed rename rolls the row back; a failed commit removes the renamed file.
 */
export async function uploadDocument(deps: DocumentsDeps, actor: Actor, event: EventRow, upload: Upload): Promise<Result<DocumentView>> {
  const bad = checkPdf(upload, deps.config.maxUploadBytes);
  if (bad) return bad;
  const { fields, staged } = upload;
  const key = `${randomUUID()}.pdf`;
  const now = nowIso();
  let renamed = false;
  let row;
  try {
    row = await deps.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('documents')
        .values({
          event_id: event.id,
          kind: fields.kind,
          title_zh: fields.title_zh,
          title_en: fields.title_en,
          description_zh: fields.description_zh,
          description_en: fields.description_en,
          audience: fields.audience,
          embargo_until: fields.embargoUntil ? new Date(fields.embargoUntil).toISOString() : null,
          file_key: key,
          file_name: safeFileName(upload.fileName),
          file_size: staged.size,
          file_sha256: staged.sha256,
          media_type: PDF_MEDIA_TYPE,
          download_count: 0,
          uploaded_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await deps.files.commit(staged, key);
      renamed = true;
      return inserted;
    });
  } catch (err) {
    if (renamed) await deps.files.remove(key);
    throw err;
  }
  await emit(deps, actor, event.id, {
    type: 'document.uploaded',
    payload: {
      documentId: row.id,
      kind: row.kind,
      audience: row.audience,
      fileName: row.file_name,
      size: row.file_size,
      sha256: row.file_sha256,
    },
  });
  return ok(documentViewOf(row, true));
}
