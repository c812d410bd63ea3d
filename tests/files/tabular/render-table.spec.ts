import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../src/files/tabular/render-table.js';
import {
  columnWidth,
  type Column,
  type Row,
  type TableDocument,
} from '../../../src/files/tabular/table-document.js';
import { pdfPageCount, pdfTexts, readAll } from '../file-readers.js';

const columns: readonly Column[] = [
  { key: 'name', header: 'Name', type: 'string', width: 24 },
  { key: 'visits', header: 'Visits', type: 'integer' },
  { key: 'minutes', header: 'Avg minutes', type: 'number' },
  { key: 'share', header: 'Share', type: 'percent' },
  { key: 'day', header: 'Day', type: 'date' },
  { key: 'at', header: 'Last check-in', type: 'datetime' },
  { key: 'active', header: 'Active', type: 'boolean' },
];

const rows: readonly Row[] = [
  {
    name: 'Ada Lovelace',
    visits: 12,
    minutes: 45.5,
    share: 0.25,
    day: new Date('2026-01-05T00:00:00Z'),
    at: new Date('2026-01-05T14:03:09Z'),
    active: true,
  },
  // As MySQL hands them over: decimals and dates as strings.
  {
    name: '=HYPERLINK("http://x")',
    visits: '7',
    minutes: -3.25,
    share: '0.5',
    day: '2026-02-01',
    at: '2026-02-01T08:00:00Z',
    active: false,
  },
  { name: '@SUM(A1)', visits: null, minutes: null, share: null, day: null, at: null, active: null },
  { name: '+1', visits: 0, minutes: 0, share: 0, day: '2026-03-01', at: '2026-03-01T00:00:00Z', active: 1 },
  {
    name: '-2 and "quotes", commas\nand a newline',
    visits: -5,
    minutes: 1.5,
    share: 1,
    day: null,
    at: null,
    active: 'false',
  },
];

function table(source: readonly Row[] = rows): TableDocument {
  return {
    title: 'Visits by person',
    subtitle: '2026-01-01 – 2026-03-31',
    columns,
    rows: Readable.from(source),
  };
}

describe('renderTable csv', () => {
  it('writes the headers, ISO dates, plain numbers and formula-guarded strings', async () => {
    const records = parse(await readAll(renderTable('csv', table()))) as string[][];
    expect(records).toEqual([
      ['Name', 'Visits', 'Avg minutes', 'Share', 'Day', 'Last check-in', 'Active'],
      ['Ada Lovelace', '12', '45.5', '0.25', '2026-01-05', '2026-01-05T14:03:09.000Z', 'true'],
      [`'=HYPERLINK("http://x")`, '7', '-3.25', '0.5', '2026-02-01', '2026-02-01T08:00:00.000Z', 'false'],
      [`'@SUM(A1)`, '', '', '', '', '', ''],
      [`'+1`, '0', '0', '0', '2026-03-01', '2026-03-01T00:00:00.000Z', 'true'],
      [`'-2 and "quotes", commas\nand a newline`, '-5', '1.5', '1', '', '', 'false'],
    ]);
  });
});

describe('renderTable xlsx', () => {
  it('writes one sheet with a bold, frozen header row, widths and typed cells', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readAll(renderTable('xlsx', table()))) as unknown as ArrayBuffer);
    expect(workbook.worksheets).toHaveLength(1);
    expect(workbook.title).toBe('Visits by person');
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Visits by person');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([undefined, ...columns.map((column) => column.header)]);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    columns.forEach((column, index) => expect(sheet.getColumn(index + 1).width).toBe(columnWidth(column)));

    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Ada Lovelace',
      12,
      45.5,
      0.25,
      new Date('2026-01-05T00:00:00Z'),
      new Date('2026-01-05T14:03:09Z'),
      true,
    ]);
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      '=HYPERLINK("http://x")',
      7,
      -3.25,
      0.5,
      new Date('2026-02-01T00:00:00Z'),
      new Date('2026-02-01T08:00:00Z'),
      false,
    ]);
    expect(sheet.getCell('A3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(4).values).toEqual([undefined, '@SUM(A1)']);
    expect(sheet.getCell('B2').numFmt).toBe('#,##0');
    expect(sheet.getCell('D2').numFmt).toBe('0.0%');
    expect(sheet.getCell('E2').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('F2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.rowCount).toBe(rows.length + 1);
  });
});

describe('renderTable pdf', () => {
  it('draws the title, subtitle, header and rows as people read them', async () => {
    const pdf = await readAll(renderTable('pdf', table()));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBe(1);
    const [page] = pdfTexts(pdf);
    expect(page).toContain('Visits by person | Page 1 | Visits by person | 2026-01-01 – 2026-03-31');
    expect(page).toContain('Name | Visits | Avg minutes | Share | Day | Last check-in | Active');
    expect(page).toContain('Ada Lovelace | 12 | 45.5 | 25% | 2026-01-05 | 2026-01-05 14:03 UTC | Yes');
    expect(page).toContain(
      '=HYPERLINK("http://x") | 7 | -3.25 | 50% | 2026-02-01 | 2026-02-01 08:00 UTC | No',
    );
    expect(page).toContain('-2 and "quotes", commas and a newline | -5 | 1.5 | 100% | No');
  });

  it('repeats the header on every page, numbers the pages and cuts text to its column', async () => {
    const many = Array.from({ length: 100 }, (_, index) => ({
      ...rows[0]!,
      name: `Person ${index} ${'x'.repeat(60)}`,
    }));
    const pdf = await readAll(renderTable('pdf', table(many)));
    const pages = pdfTexts(pdf);
    expect(pdfPageCount(pdf)).toBe(pages.length);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((text, index) => {
      expect(text).toContain(`Page ${index + 1}`);
      expect(text).toContain('Name | Visits | Avg minutes');
    });
    const shown = pages.join(' | ');
    for (let index = 0; index < 100; index += 1)
      expect(shown).toMatch(new RegExp(`Person ${index} x+… \\| 12`));
  });

  it('says so when the table has no rows', async () => {
    const [page] = pdfTexts(await readAll(renderTable('pdf', table([]))));
    expect(page).toContain('Active | No rows');
  });
});
