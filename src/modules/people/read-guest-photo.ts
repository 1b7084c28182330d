import type { Deps } from '../../platform/deps.js';
import { createFileStore } from '../../platform/files/file-store.js';

/**
 * A guest's registration photo: the normalised JPEG (at most 1200 px on its longer side) stored at upload, or
 * null when the guest has none (or its file is gone). Badges and the badge desk read it through here.
 */
export async function readGuestPhoto(deps: Pick<Deps, 'db' | 'config'>, guestId: number): Promise<Buffer | null> {
  const row = await deps.db.selectFrom('guests').select('photo_key').where('id', '=', guestId).executeTakeFirst();
  if (!row?.photo_key) return null;
  const file = await createFileStore(deps.config.filesDir).open(row.photo_key);
  if (!file) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
