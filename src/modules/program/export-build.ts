import { exportCalendar, type CalendarExportOptions } from './export-calendar.js';
import { exportProgrammeCsv, type ProgrammeCsvOptions } from './export-programme-csv.js';
import { exportScheduleJson, type ScheduleExportOptions } from './export-schedule-json.js';
import { exportScheduleXml } from './export-schedule-xml.js';
import type { ProgrammeSnapshot } from './program.schema.js';

/** One public export of a published programme: what it is built from, besides the snapshot. */
export type ExportSpec =
  | { format: 'xml'; opts: ScheduleExportOptions }
  | { format: 'json'; opts: ScheduleExportOptions }
  | { format: 'ics'; opts: CalendarExportOptions }
  | { format: 'csv'; opts: ProgrammeCsvOptions };

/** The export's text: a pure function of the snapshot and the spec, so one build serves a version for good. */
export function buildExport(snap: ProgrammeSnapshot, spec: ExportSpec): string {
  switch (spec.format) {
    case 'xml':
      return exportScheduleXml(snap, spec.opts);
    case 'json':
      return JSON.stringify(exportScheduleJson(snap, spec.opts));
    case 'ics':
      return exportCalendar(snap, spec.opts);
    case 'csv':
      return exportProgrammeCsv(snap, spec.opts);
  }
}
