import type { Actor, Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { importProgramme, type ImportSummary } from './import-programme.js';
import { detectScheduleFormat, parseScheduleImport } from './parse-schedule-import.js';

/** A frab/pretalx file into an event's programme: lenient parse, warnings kept, one transaction. */
export async function importScheduleFile(
  deps: Deps,
  actor: Actor,
  slug: string,
  file: { content: string; filename?: string | undefined; format?: 'xml' | 'json' | undefined },
): Promise<Result<ImportSummary & { warnings: string[] }>> {
  const format = file.format ?? detectScheduleFormat(file.filename ?? '', file.content);
  if (!format) return refuse('import_unreadable', 'content', { detail: 'neither XML nor JSON' });
  const parsed = parseScheduleImport(file.content, format);
  if (!parsed.ok) return refuse('import_unreadable', 'content', { detail: parsed.message });
  const result = await importProgramme(deps, actor, slug, parsed.programme);
  return result.ok ? ok({ ...result.value, warnings: parsed.warnings }) : result;
}
