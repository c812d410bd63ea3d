/**
 * Cell conversion shared by every format: a raw cell is first normalized to its column's
 * type (numeric strings to numbers, ISO strings to dates), then written as machine text
 * (CSV), kept typed (XLSX) or shown as human text (PDF). A value that does not fit its
 * column's type is kept as text rather than dropped.
 */
import type { CellValue, ColumnType } from './table-document.js';

const ISO_DATE_START = /^\d{4}-\d{2}-\d{2}/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const FORMULA_TRIGGERS = /^[=+\-@\t\r]/;

export function normalizeCell(value: CellValue | undefined, type: ColumnType): CellValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      return value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : String(value);
    case 'integer':
    case 'number':
    case 'percent':
      return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
        ? Number(value)
        : value;
    case 'date':
    case 'datetime':
      return typeof value === 'string' ? (parseUtcDate(value) ?? value) : value;
    case 'boolean':
      return value === 1 || value === 'true' || value === '1'
        ? true
        : value === 0 || value === 'false' || value === '0'
          ? false
          : value;
  }
}

/**
 * An ISO date or date-time; one without a zone (SQLite's "2026-01-05 14:03:09") is UTC, as
 * the read models store it, never the server's local time.
 */
function parseUtcDate(text: string): Date | undefined {
  if (!ISO_DATE_START.test(text)) return undefined;
  const iso = text.replace(' ', 'T');
  const date = new Date(iso.length === 10 || HAS_ZONE.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Text for CSV: ISO dates, plain numbers, true/false, and strings guarded against formula injection. */
export function csvText(value: CellValue, type: ColumnType): string {
  if (value === null) return '';
  if (value instanceof Date) return type === 'date' ? isoDate(value) : value.toISOString();
  if (typeof value === 'string') return guardFormula(value);
  return String(value);
}

/**
 * A spreadsheet opening the CSV would evaluate a cell starting with = + - @ (or a tab or
 * CR before one); a leading apostrophe makes it text. Numbers are never strings here, so a
 * negative number in a numeric column is left alone.
 */
export function guardFormula(text: string): string {
  return FORMULA_TRIGGERS.test(text) ? `'${text}` : text;
}

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const PERCENT = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** Text for people (PDF): grouped numbers, percentages, short UTC date-times, Yes/No. */
export function displayText(value: CellValue, type: ColumnType): string {
  if (value === null) return '';
  if (value instanceof Date) return type === 'date' ? isoDate(value) : shortDateTime(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return value;
  if (type === 'percent') return PERCENT.format(value);
  return type === 'integer' ? INTEGER.format(value) : DECIMAL.format(value);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function shortDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
