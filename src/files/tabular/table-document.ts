/**
 * The shape every tabular file is rendered from: typed columns and a lazily pulled row
 * source. Percent values are fractions (0.25 is 25 %), as spreadsheets store them; date and
 * datetime cells may be `Date`s or ISO strings; numbers may arrive as numeric strings (MySQL
 * decimals). `width` is in characters, as in a spreadsheet; PDF scales the widths to the page.
 */
export type ColumnType = 'string' | 'integer' | 'number' | 'percent' | 'date' | 'datetime' | 'boolean';
export type Column = {
  readonly key: string;
  readonly header: string;
  readonly type: ColumnType;
  readonly width?: number;
};
export type CellValue = string | number | boolean | Date | null;
export type Row = Readonly<Record<string, CellValue>>;
export type TabularFormat = 'csv' | 'xlsx' | 'pdf';

export const TABULAR_FORMATS = ['csv', 'xlsx', 'pdf'] as const satisfies readonly TabularFormat[];

export const TABULAR_CONTENT_TYPES: Readonly<Record<TabularFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export const TABULAR_EXTENSIONS: Readonly<Record<TabularFormat, string>> = {
  csv: 'csv',
  xlsx: 'xlsx',
  pdf: 'pdf',
};

export type TableDocument = {
  readonly title: string;
  /** e.g. the period "2026-01-01 – 2026-03-31" */
  readonly subtitle?: string;
  readonly columns: readonly Column[];
  /** Pulled lazily; never collected into an array. */
  readonly rows: AsyncIterable<Row>;
};

const DEFAULT_WIDTHS: Readonly<Record<ColumnType, number>> = {
  string: 20,
  integer: 10,
  number: 12,
  percent: 9,
  date: 11,
  datetime: 19,
  boolean: 7,
};

/** The column's width in characters: its own, or a default for its type. */
export function columnWidth(column: Column): number {
  return column.width ?? Math.max(DEFAULT_WIDTHS[column.type], Math.min(column.header.length + 2, 30));
}

export function isNumericType(type: ColumnType): boolean {
  return type === 'integer' || type === 'number' || type === 'percent';
}
