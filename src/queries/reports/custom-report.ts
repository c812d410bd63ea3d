/**
 * Custom report definitions: a dataset, its columns, a status filter, an optional group-by with
 * aggregates, and registry metrics to chart. Validated against the dataset and metric
 * registries (personal columns are never available to a stored report), then turned into
 * the table the report shows: the rows themselves, or one row per group.
 */
import { z } from 'zod';
import { DATASETS, DATASET_NAMES, type DatasetColumn, type DatasetRow } from './datasets.query.js';
import { METRIC_NAMES } from './metric-registry.js';

const AGGREGATES = ['count', 'sum', 'avg', 'min', 'max'] as const;
const NUMERIC = new Set(['integer', 'number', 'percent']);

export const CustomDefinition = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    dataset: z.enum(DATASET_NAMES),
    columns: z.array(z.string()).min(1).max(30).optional(),
    filters: z.strictObject({ status: z.string().min(1).max(30).optional() }).optional(),
    groupBy: z.string().optional(),
    aggregates: z
      .array(z.strictObject({ fn: z.enum(AGGREGATES), column: z.string().optional() }))
      .min(1)
      .max(10)
      .optional(),
    metrics: z.array(z.enum(METRIC_NAMES)).max(10).optional(),
  })
  .superRefine((d, ctx) => {
    const columns = new Map(reportColumns(d.dataset).map((c) => [c.key, c]));
    const known = (key: string, path: (string | number)[]) => {
      if (!columns.has(key))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${d.dataset} has no column ${key} a report may show`,
        });
    };
    d.columns?.forEach((key, i) => known(key, ['columns', i]));
    if (d.groupBy !== undefined) known(d.groupBy, ['groupBy']);
    if (d.aggregates !== undefined && d.groupBy === undefined)
      ctx.addIssue({ code: 'custom', path: ['aggregates'], message: 'aggregates need a groupBy column' });
    d.aggregates?.forEach((a, i) => {
      if (a.fn === 'count') return;
      if (a.column === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['aggregates', i, 'column'],
          message: `${a.fn} needs a column`,
        });
        return;
      }
      known(a.column, ['aggregates', i, 'column']);
      const type = columns.get(a.column)?.type;
      if (type !== undefined && !NUMERIC.has(type))
        ctx.addIssue({
          code: 'custom',
          path: ['aggregates', i, 'column'],
          message: `${a.fn} needs a numeric column`,
        });
    });
  });

export type CustomDefinition = z.infer<typeof CustomDefinition>;

/** The columns a stored report may show: none of the personal ones. */
export function reportColumns(datasetName: string): DatasetColumn[] {
  return (DATASETS[datasetName]?.columns ?? []).filter((c) => c.personal !== true);
}

/** The columns the definition reads from the dataset, and those of the table it produces. */
export function customShape(d: CustomDefinition): { read: DatasetColumn[]; output: DatasetColumn[] } {
  const all = reportColumns(d.dataset);
  const byKey = (key: string) => all.find((c) => c.key === key)!;
  if (d.groupBy === undefined) {
    const read = d.columns === undefined ? all : d.columns.map(byKey);
    return { read, output: read };
  }
  const group = byKey(d.groupBy);
  const aggregates = d.aggregates ?? [{ fn: 'count' as const }];
  const read = [group, ...aggregates.flatMap((a) => (a.column === undefined ? [] : [byKey(a.column)]))];
  const output: DatasetColumn[] = [
    group,
    ...aggregates.map((a) => ({
      key: aggregateKey(a),
      header: a.column === undefined ? 'Count' : `${a.fn} of ${byKey(a.column).header}`,
      type: a.fn === 'count' ? ('integer' as const) : ('number' as const),
      source: aggregateKey(a),
    })),
  ];
  return { read, output };
}

const aggregateKey = (a: { fn: string; column?: string | undefined }) => `${a.fn}_${a.column ?? 'rows'}`;

/** One row per group, groups in order of first appearance; memory grows with groups, not rows. */
export async function* groupRows(
  d: CustomDefinition,
  rows: AsyncIterable<DatasetRow>,
): AsyncGenerator<DatasetRow> {
  if (d.groupBy === undefined) {
    yield* rows;
    return;
  }
  const groupBy = d.groupBy;
  const aggregates = d.aggregates ?? [{ fn: 'count' as const }];
  type Acc = { count: number; sums: number[]; mins: number[]; maxs: number[]; counted: number[] };
  const groups = new Map<string, { key: DatasetRow[string]; acc: Acc }>();
  for await (const row of rows) {
    const key = row[groupBy] ?? null;
    const id = key instanceof Date ? key.toISOString() : String(key);
    let group = groups.get(id);
    if (group === undefined) {
      const zeros = () => aggregates.map(() => 0);
      group = {
        key,
        acc: {
          count: 0,
          sums: zeros(),
          counted: zeros(),
          mins: aggregates.map(() => Infinity),
          maxs: aggregates.map(() => -Infinity),
        },
      };
      groups.set(id, group);
    }
    group.acc.count += 1;
    aggregates.forEach((a, i) => {
      const value = a.column === undefined ? null : row[a.column];
      if (typeof value !== 'number') return;
      group.acc.sums[i]! += value;
      group.acc.counted[i]! += 1;
      group.acc.mins[i] = Math.min(group.acc.mins[i]!, value);
      group.acc.maxs[i] = Math.max(group.acc.maxs[i]!, value);
    });
  }
  for (const { key, acc } of groups.values()) {
    const out: DatasetRow = { [groupBy]: key };
    aggregates.forEach((a, i) => {
      const n = acc.counted[i]!;
      out[aggregateKey(a)] =
        a.fn === 'count'
          ? acc.count
          : n === 0
            ? null
            : a.fn === 'sum'
              ? acc.sums[i]!
              : a.fn === 'avg'
                ? Math.round((acc.sums[i]! / n) * 100) / 100
                : a.fn === 'min'
                  ? acc.mins[i]!
                  : acc.maxs[i]!;
    });
    yield out;
  }
}
