import type { Deps } from '../platform/deps.js';
import { ok, refuse, type Result } from '../platform/result.js';
import { exportCalendar } from '../modules/program/export-calendar.js';
import { exportProgrammeCsv } from '../modules/program/export-programme-csv.js';
import { exportScheduleJson } from '../modules/program/export-schedule-json.js';
import { exportScheduleXml } from '../modules/program/export-schedule-xml.js';
import { programmeForViewer } from '../modules/program/read-programme.js';

export const EXPORT_FORMATS = ['xml', 'json', 'ics', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The same public exports the HTTP API serves, for scripts. */
export async function exportProgramme(deps: Deps, slug: string, format: ExportFormat, lang: 'zh' | 'en', baseUrl: string): Promise<Result<string>> {
  const event = await deps.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!event) return refuse('not_found', 'event');
  const res = await programmeForViewer(deps, event.id, { userId: null, grants: [] });
  if (!res.ok) return res;
  const snap = res.value.snap;
  switch (format) {
    case 'xml':
      return ok(exportScheduleXml(snap, { lang, baseUrl }));
    case 'json':
      return ok(JSON.stringify(exportScheduleJson(snap, { lang, baseUrl }), null, 2));
    case 'ics':
      return ok(exportCalendar(snap, { lang }));
    case 'csv':
      return ok(exportProgrammeCsv(snap, { lang }));
  }
}
