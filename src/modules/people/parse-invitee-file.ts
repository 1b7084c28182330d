import type { Deps } from '../../platform/deps.js';
import type { Locale } from '../../platform/i18n/messages.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { checkInvitees, inviteeContext, mapHeader, normalise } from './check-invitees.js';
import { INVITEE_FIELDS, MAX_INVITEE_ROWS, type ParseResult, REQUIRED_COLUMNS } from './invitations.schema.js';
import { readInviteeTable } from './read-invitee-table.js';

const HEADER_SEARCH_ROWS = 10;

/**
 * Reads an invitee file (CSV or XLSX) and answers every row normalised, with what is wrong with each cell:
 * the organiser fixes them in the console and imports. Nothing is written.
 */
export async function parseInviteeFile(deps: Deps, eventId: number, bytes: Buffer, locale: Locale): Promise<Result<ParseResult>> {
  const table = await readInviteeTable(bytes);
  if (!table.ok) return table;
  // a title row ("WIC 2017 嘉宾名单") often sits above the header: the header is the first row naming two required columns
  const all = table.value.rows.filter(({ cells }) => cells.some((c) => c.trim() !== ''));
  const found = all.slice(0, HEADER_SEARCH_ROWS).findIndex(({ cells }) => {
    const m = mapHeader(cells);
    return REQUIRED_COLUMNS.filter((c) => m.index[c] !== undefined).length >= 2;
  });
  const at = Math.max(found, 0);
  const mapping = mapHeader(all[at]?.cells ?? []);
  const body = all.slice(at + 1);
  const missing = REQUIRED_COLUMNS.filter((c) => mapping.index[c] === undefined);
  if (missing.length > 0) return refuse('invitee_columns_missing', 'file', { columns: missing.join(', ') });
  const rows = body;
  if (rows.length === 0) return refuse('invitee_file_no_rows', 'file');
  if (rows.length > MAX_INVITEE_ROWS) return refuse('invitee_file_too_many_rows', 'file', { max: MAX_INVITEE_ROWS });

  const ctx = await inviteeContext(deps.db, eventId);
  const checked = checkInvitees(
    rows.map(({ cells, line }) => ({
      line,
      values: normalise(
        Object.fromEntries(INVITEE_FIELDS.map((f) => [f, mapping.index[f] === undefined ? '' : (cells[mapping.index[f]] ?? '')])),
        ctx,
      ),
    })),
    ctx,
    locale,
  );
  const invalid = checked.filter((r) => r.errors.length > 0).length;
  return ok({
    format: table.value.format,
    encoding: table.value.encoding,
    columns: mapping.headers as Record<string, string>,
    ignoredColumns: mapping.ignored,
    rows: checked,
    valid: checked.length - invalid,
    invalid,
  });
}
