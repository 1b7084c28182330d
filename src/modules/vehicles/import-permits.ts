import { parse as parseCsv } from 'csv-parse/sync';
import { nowIso } from '../../platform/db/database.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import { normalisePlate } from '../../engines/plates/plate-grammar.js';
import { checkPermit, permitRow, permitTaken } from './manage-permits.js';
import { PermitInput } from './vehicles.schema.js';
import { zoneCodes } from './vehicles.store.js';

export const CSV_COLUMNS = ['plate', 'type', 'owner', 'zones', 'from', 'to'] as const;

/** A refused row: its number in the file (the header is row 1) and the refusal. */
export interface RowRefusal {
  row: number;
  refusal: Refusal;
}
export type ImportOutcome = Result<{ imported: number }> | (Refusal & { rows: RowRefusal[] });

/**
 * Permits from a CSV file with the columns plate, type, owner, zones (codes separated by `;`), from, to
 * (ISO-8601, may be empty). All or nothing: one wrong row and nothing is written, with every wrong row named.
 */
/** Thrown inside the import's transaction to roll it back when a row's plate was permitted meanwhile. */
class PermitRaced extends Error {
  constructor(
    readonly row: number,
    readonly plate: string,
  ) {
    super('permit_taken');
  }
}

export async function importPermits(deps: Deps, actor: Actor, eventId: number, csv: string): Promise<ImportOutcome> {
  let records: string[][];
  try {
    records = parseCsv(csv.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch {
    return refuse('permit_import_header', 'csv');
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const index = CSV_COLUMNS.map((c) => header.indexOf(c));
  if (index[0] === -1 || index[3] === -1) return refuse('permit_import_header', 'csv');
  const zones = await zoneCodes(deps.db, eventId);
  const rows: RowRefusal[] = [];
  const inputs: Array<{ row: number; input: PermitInput }> = [];
  // a plate twice in the file is refused like a plate already permitted: one unrevoked permit per plate
  const plates = new Set<string>();
  for (const [i, record] of records.slice(1).entries()) {
    const row = i + 2;
    const cell = (c: number) => (index[c] === -1 ? '' : (record[index[c]!] ?? ''));
    const candidate = {
      plate: cell(0),
      ...(cell(1) ? { type: cell(1) } : {}),
      ...(cell(2) ? { owner: cell(2) } : {}),
      zones: cell(3).split(/[;|,\s]+/).filter(Boolean),
      validFrom: cell(4) || null,
      validTo: cell(5) || null,
    };
    const parsed = PermitInput.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = String(issue.path[0] ?? 'plate');
      const column = { validFrom: 'from', validTo: 'to' }[key] ?? key;
      rows.push({ row, refusal: refuse('validation', column, { field: column, detail: issue.message }) });
      continue;
    }
    const refusal = plates.has(normalisePlate(parsed.data.plate)) ? permitTaken(parsed.data.plate) : await checkPermit(deps.db, eventId, parsed.data, zones);
    if (refusal) {
      const column = { validTo: 'to', validFrom: 'from' }[refusal.field ?? ''] ?? (refusal.field ?? '').replace(/\.\d+$/, '');
      rows.push({ row, refusal: { ...refusal, field: column, params: { ...refusal.params, field: column } } });
      continue;
    }
    plates.add(normalisePlate(parsed.data.plate));
    inputs.push({ row, input: parsed.data });
  }
  if (rows.length > 0) return { ...refuse('permit_import_rows', 'csv', { count: rows.length }), rows };
  const now = nowIso();
  // a plate permitted meanwhile (a create at the same time) refuses its row, and nothing is written
  const raced = await deps.db.transaction().execute(async (trx) => {
    for (const { row, input } of inputs) {
      const written = await trx.insertInto('vehicle_permits').values(permitRow(eventId, input, now)).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
      if (!written) throw new PermitRaced(row, input.plate);
    }
    return null;
  }).catch((err: unknown) => {
    if (err instanceof PermitRaced) return err;
    throw err;
  });
  if (raced) return { ...refuse('permit_import_rows', 'csv', { count: 1 }), rows: [{ row: raced.row, refusal: { ...permitTaken(raced.plate), params: { plate: raced.plate, field: 'plate' } } }] };
  await emit(deps, actor, eventId, { type: 'vehicles.permits_imported', payload: { count: inputs.length } });
  return ok({ imported: inputs.length });
}
