/**
 * Exports: renders a 50,000-row table of 10 typed columns as XLSX, CSV and PDF to a file,
 * each in a fresh child process so every format's peak RSS is its own (the kernel's maxRSS),
 * and prints time, peak RSS, the RSS before rendering began (runtime and libraries loaded)
 * and the file size. Target for XLSX: under 5 s and 150 MiB.
 */
import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { renderTable } from '../src/files/tabular/render-table.js';
import type { Column, Row, TabularFormat } from '../src/files/tabular/table-document.js';

const ROWS = 50_000;
const FORMATS: readonly TabularFormat[] = ['xlsx', 'csv', 'pdf'];

const COLUMNS: readonly Column[] = [
  { key: 'visitId', header: 'Visit', type: 'integer' },
  { key: 'visitor', header: 'Visitor', type: 'string' },
  { key: 'company', header: 'Company', type: 'string' },
  { key: 'department', header: 'Department', type: 'string' },
  { key: 'day', header: 'Day', type: 'date' },
  { key: 'checkedInAt', header: 'Checked in', type: 'datetime' },
  { key: 'minutes', header: 'Minutes on site', type: 'number' },
  { key: 'badgeReturned', header: 'Badge returned', type: 'boolean' },
  { key: 'escortShare', header: 'Escorted', type: 'percent' },
  { key: 'purpose', header: 'Purpose', type: 'string' },
];

async function* visits(): AsyncGenerator<Row> {
  for (let index = 0; index < ROWS; index += 1) {
    yield {
      visitId: 100_000 + index,
      visitor: `Visitor ${index}`,
      company: `Supplier ${index % 250} Ltd`,
      department: ['Operations', 'Safety', 'Front desk', 'Maintenance'][index % 4]!,
      day: new Date(Date.UTC(2026, 0, 1 + (index % 90))),
      checkedInAt: new Date(Date.UTC(2026, 0, 1, 7, index)),
      minutes: 15 + (index % 480) / 3,
      badgeReturned: index % 9 !== 0,
      escortShare: (index % 101) / 100,
      purpose: index % 5 === 0 ? 'Contractor induction and site safety walk-through' : 'Meeting',
    };
    // A database cursor hands rows over asynchronously; so does this source.
    await Promise.resolve();
  }
}

type Figures = { seconds: number; peakRssMiB: number; startRssMiB: number; bytes: number };

/** Child side: renders one format to a file and prints its figures as one JSON line. */
async function renderOne(format: TabularFormat): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-exports-'));
  const file = join(dir, `visits.${format}`);
  const startRssMiB = process.memoryUsage.rss() / 2 ** 20;
  const start = process.hrtime.bigint();
  await pipeline(
    renderTable(format, { title: 'Visits', columns: COLUMNS, rows: visits() }),
    createWriteStream(file),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const figures: Figures = {
    seconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    startRssMiB,
    bytes: statSync(file).size,
  };
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(figures));
}

export async function benchExports(): Promise<void> {
  const run = promisify(execFile);
  for (const format of FORMATS) {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      format,
    ]);
    const figures = JSON.parse(stdout.trim().split('\n').at(-1)!) as Figures;
    console.log(
      `export ${format.padEnd(4)} ${ROWS} rows x ${COLUMNS.length} columns`.padEnd(58) +
        ` ${figures.seconds.toFixed(2).padStart(6)} s   peak RSS ${Math.round(figures.peakRssMiB)} MiB` +
        ` (${Math.round(figures.startRssMiB)} MiB before rendering)   ${(figures.bytes / 2 ** 20).toFixed(1)} MiB file`,
    );
  }
}

const format = process.argv[2];
if (process.argv[1] === fileURLToPath(import.meta.url) && FORMATS.some((known) => known === format)) {
  await renderOne(format as TabularFormat);
}
