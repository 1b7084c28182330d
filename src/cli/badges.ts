import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { SYSTEM, type Deps } from '../platform/deps.js';
import { ok, refuse, type Result } from '../platform/result.js';
import { printBadges, selectBadges } from '../modules/accreditation/print-badges.js';
import type { Progress } from '../modules/accreditation/render-badge.js';

/**
 * `huiwu badges`: every current badge of an event (or of one category) into one PDF file. The file is written
 * under a temporary name and renamed at the end, so an interrupted run never leaves a half PDF under `out`.
 */
export async function printBadgesToFile(deps: Deps, slug: string, out: string, category: string | undefined, onProgress: Progress): Promise<Result<{ count: number; ms: number }>> {
  const started = performance.now();
  const event = await deps.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!event) return refuse('not_found', 'event');
  const selected = await selectBadges(deps, event.id, { category, status: 'all' });
  if (!selected.ok) return selected;
  if (!selected.value.length) return refuse('no_badges', category ? 'category' : undefined);
  const partial = `${out}.partial`;
  try {
    const count = await printBadges(deps, SYSTEM, event.id, selected.value, createWriteStream(partial), onProgress);
    await rename(partial, out);
    return ok({ count, ms: performance.now() - started });
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}
