import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../../src/files/report/report-document.js';
import { renderReport } from '../../../src/files/report/render-report.js';
import { pdfContents, pdfPageCount, pdfTexts, readAll } from '../file-readers.js';

const weeks = Array.from({ length: 13 }, (_, index) => ({
  label: `2026-W${String(index + 1).padStart(2, '0')}`,
  value: index === 4 ? null : ((index * 7) % 11) + 1,
}));

function report(): ReportDocument {
  return {
    title: 'Safety summary',
    period: { from: '2026-01-01', to: '2026-03-31' },
    generatedAt: '2026-04-01T06:00:00.000Z',
    kpis: [
      { section: 'Safety', label: 'TRIR', value: 1.234, unit: 'per 200,000 h' },
      { section: 'Safety', label: 'LTIFR', value: null, unit: 'per 1,000,000 h' },
      { section: 'Visitors', label: 'Peak hour', value: '09:00' },
      { section: 'Visitors', label: 'Total visits', value: 12_345 },
    ],
    charts: [
      { title: 'Incidents per week', kind: 'bar', unit: 'incidents', points: weeks },
      {
        title: 'Visits: by/day [all sites] in the first quarter',
        kind: 'line',
        points: Array.from({ length: 90 }, (_, day) => ({
          label: `d${day}`,
          value: day >= 40 && day < 45 ? null : day,
        })),
      },
      {
        title: 'Net change',
        kind: 'bar',
        points: [
          { label: 'A', value: -5 },
          { label: 'B', value: 12 },
        ],
      },
    ],
    tables: [
      {
        title: 'Daily visits',
        columns: [
          { key: 'day', header: 'Day', type: 'date' },
          { key: 'visits', header: 'Visits', type: 'integer' },
        ],
        rows: Readable.from(
          Array.from({ length: 60 }, (_, index) => ({
            day: new Date(Date.UTC(2026, 0, 1 + index)),
            visits: index * 3,
          })),
        ),
      },
      {
        title: 'Daily visits',
        columns: [{ key: 'note', header: '=Note', type: 'string' }],
        rows: Readable.from([{ note: '-1' }]),
      },
    ],
  };
}

describe('renderReport pdf', () => {
  it('has a title page, the KPI table, the charts as vector drawings, then the tables', async () => {
    const pdf = await readAll(renderReport('pdf', report()));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfTexts(pdf);
    expect(pdfPageCount(pdf)).toBe(pages.length);
    expect(pages[0]).toContain('Safety summary | 2026-01-01 – 2026-03-31 | Generated 2026-04-01 06:00 UTC');
    expect(pages[1]).toContain('Key figures | Section | Metric | Value | Unit');
    expect(pages[1]).toContain(
      'Safety | TRIR | 1.23 | per 200,000 h | Safety | LTIFR | n/a | per 1,000,000 h',
    );
    expect(pages[1]).toContain('Visitors | Peak hour | 09:00 | Visitors | Total visits | 12,345');
    expect(pages[2]).toContain('Incidents per week (incidents) | 0 | 5 | 10 | 15 | 2026-W01 | 2026-W02');
    expect(pages[2]).toContain('Visits: by/day [all sites] in the first quarter | 0 | 20 | 40');
    // One filled rectangle per bar that has a value: the null week is a gap.
    expect(pdfContents(pdf)[2]!.match(/ re$/gm)).toHaveLength(12);
    expect(pages[3]).toContain('Net change | -5 | 0 | 5 | 10 | 15');
    const tables = pages.slice(3).join(' | ');
    expect(tables).toContain('Daily visits | Day | Visits | 2026-01-01 | 0');
    expect(tables).toContain('2026-03-01 | 177');
    expect(tables).toContain('Daily visits | =Note | -1');
    pages.forEach((text, index) => expect(text).toContain(`Page ${index + 1}`));
  });
});

describe('renderReport xlsx', () => {
  it('has a KPIs sheet, a sheet of points per chart and a sheet per table', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readAll(renderReport('xlsx', report()))) as unknown as ArrayBuffer);
    expect(workbook.title).toBe('Safety summary');
    expect(workbook.subject).toBe('2026-01-01 – 2026-03-31');
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'KPIs',
      'Incidents per week',
      'Visits  by day  all sites  in t',
      'Net change',
      'Daily visits',
      'Daily visits 2',
    ]);
    const [kpis, incidents] = workbook.worksheets;
    expect(kpis!.getRow(1).values).toEqual([undefined, 'Section', 'Metric', 'Value', 'Unit']);
    expect(kpis!.getRow(2).values).toEqual([undefined, 'Safety', 'TRIR', 1.234, 'per 200,000 h']);
    expect(kpis!.getRow(3).values).toEqual([undefined, 'Safety', 'LTIFR', 'n/a', 'per 1,000,000 h']);
    expect(kpis!.getRow(5).values).toEqual([undefined, 'Visitors', 'Total visits', 12_345]);
    expect(incidents!.getRow(1).values).toEqual([undefined, 'Label', 'Incidents per week (incidents)']);
    expect(incidents!.getRow(6).values).toEqual([undefined, '2026-W05']);
    expect(incidents!.rowCount).toBe(weeks.length + 1);
    const visits = workbook.getWorksheet('Daily visits')!;
    expect(visits.rowCount).toBe(61);
    expect(visits.getRow(61).values).toEqual([undefined, new Date('2026-03-01T00:00:00Z'), 177]);
  });
});

describe('renderReport csv', () => {
  it('writes the KPI records, then the points of each chart and each table after a blank line and its title', async () => {
    const records = parse(await readAll(renderReport('csv', report())), {
      relax_column_count: true,
    }) as string[][];
    expect(records.slice(0, 5)).toEqual([
      ['section', 'metric', 'value', 'unit'],
      ['Safety', 'TRIR', '1.234', 'per 200,000 h'],
      ['Safety', 'LTIFR', 'n/a', 'per 1,000,000 h'],
      ['Visitors', 'Peak hour', '09:00', ''],
      ['Visitors', 'Total visits', '12345', ''],
    ]);
    expect(records.slice(5, 9)).toEqual([
      [''],
      ['Incidents per week'],
      ['Label', 'Incidents per week (incidents)'],
      ['2026-W01', '1'],
    ]);
    const charts = 3 * 3 + 13 + 90 + 2;
    expect(records.slice(5 + charts, 5 + charts + 4)).toEqual([
      [''],
      ['Daily visits'],
      ['Day', 'Visits'],
      ['2026-01-01', '0'],
    ]);
    expect(records.slice(-5)).toEqual([['2026-03-01', '177'], [''], ['Daily visits'], [`'=Note`], [`'-1`]]);
    expect(records).toHaveLength(5 + charts + 3 + 60 + 4);
  });
});
