import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ok, refuse, type Result } from '../../platform/result.js';
import { MAX_INVITEE_ROWS } from './invitations.schema.js';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';
export interface InviteeTable {
  format: 'csv' | 'xlsx';
  encoding: TextEncoding | null;
  /** the non-empty rows with their line (CSV) or row number (XLSX), header included */
  rows: Array<{ line: number; cells: string[] }>;
}

const ZIP = Buffer.from('PK\x03\x04', 'latin1');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Control characters no spreadsheet export writes into text: their presence means a binary file. */
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/**
 * CSV text as Excel and WPS write it in China: UTF-8 (with or without BOM) or GBK. Bytes that are valid UTF-8
 * are UTF-8; anything else is read as GB18030 (a superset of GBK), and refused if even that leaves garbage.
 */
export function decodeText(bytes: Buffer): { text: string; encoding: TextEncoding } | null {
  if (bytes.subarray(0, 3).equals(BOM)) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(3));
    return BINARY.test(text) ? null : { text, encoding: 'utf-8-bom' };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return BINARY.test(text) ? null : { text, encoding: 'utf-8' };
  } catch {
    const text = iconv.decode(bytes, 'gb18030');
    return BINARY.test(text) ? null : { text, encoding: 'gb18030' };
  }
}

/** The CSV's delimiter: the one among comma, semicolon and tab that the header line uses most. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

function readCsv(bytes: Buffer): Result<InviteeTable> {
  const decoded = decodeText(bytes);
  if (!decoded) return refuse('invitee_file_unreadable', 'file');
  try {
    const rows = parseCsv(decoded.text, {
      delimiter: delimiterOf(decoded.text),
      relax_column_count: true,
      // a stray quote inside a name (O"Brien) is text, not a broken file
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
      info: true,
      to: MAX_INVITEE_ROWS + 12,
    }) as Array<{ record: string[]; info: { lines: number } }>;
    return ok({ format: 'csv', encoding: decoded.encoding, rows: rows.map((r) => ({ line: r.info.lines, cells: r.record })) });
  } catch {
    // an unclosed quote and the like
    return refuse('invitee_file_unreadable', 'file');
  }
}

/** A cell's text whatever Excel stored: rich text, a hyperlink (emails often are), a formula's result, a date. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('error' in value) return '';
  return '';
}

async function readXlsx(bytes: Buffer): Promise<Result<InviteeTable>> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return refuse('invitee_file_unreadable', 'file');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return refuse('invitee_file_unreadable', 'file');
  const rows: InviteeTable['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    if (rows.length > MAX_INVITEE_ROWS + 11) return;
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows.push({ line: row.number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return ok({ format: 'xlsx', encoding: null, rows });
}

/** Reads an invitee file by its content, never its name: a zip is XLSX, text is CSV, anything else is refused. */
export async function readInviteeTable(bytes: Buffer): Promise<Result<InviteeTable>> {
  if (bytes.length === 0) return refuse('file_empty', 'file');
  return bytes.subarray(0, 4).equals(ZIP) ? readXlsx(bytes) : readCsv(bytes);
}
