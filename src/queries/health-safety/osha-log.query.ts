/**
 * The OSHA 300 log (29 CFR 1904): one row per recordable case of the year, with the single
 * most serious outcome as its column (G death, H days away, I job transfer or restriction,
 * J other recordable). Names come from the users read model; an erased person reads as such.
 */
import type { Knex } from 'knex';

const COLUMN: Readonly<Record<string, 'G' | 'H' | 'I' | 'J'>> = {
  death: 'G',
  days_away: 'H',
  restricted: 'I',
  other_recordable: 'J',
};

export type OshaRow = {
  readonly caseNumber: string;
  readonly employeeName: string | null;
  readonly jobTitle: string | null;
  readonly dateOfInjury: string;
  readonly where: string;
  readonly description: string;
  readonly outcome: string;
  readonly classification: 'G' | 'H' | 'I' | 'J';
  readonly daysAway: number;
  readonly daysRestricted: number;
  readonly caseType: string;
  readonly departmentId: string;
};

export async function oshaLog(db: Knex, year: number, departmentId?: string) {
  const query = db('hs_incidents as i')
    .leftJoin('users as u', 'u.id', 'i.injured_person_id')
    .where('i.recordable', true)
    .where('i.occurred_at', '>=', `${year}-01-01`)
    .where('i.occurred_at', '<', `${year + 1}-01-01`)
    .orderBy('i.number')
    .select('i.*', 'u.name as employee_name');
  if (departmentId !== undefined) void query.where('i.department_id', departmentId);
  const rows = (await query) as Record<string, string | number | null>[];
  const items: OshaRow[] = rows.map((r) => ({
    caseNumber: String(r.number),
    employeeName: r.employee_name === null ? null : String(r.employee_name),
    jobTitle: r.job_title === null ? null : String(r.job_title),
    dateOfInjury: String(r.occurred_at).slice(0, 10),
    where: String(r.location),
    description: String(r.description),
    outcome: String(r.outcome),
    classification: COLUMN[String(r.outcome)] ?? 'J',
    daysAway: Number(r.days_away),
    daysRestricted: Number(r.days_restricted),
    caseType: String(r.case_type ?? 'injury'),
    departmentId: String(r.department_id),
  }));
  const count = (c: string) => items.filter((i) => i.classification === c).length;
  return {
    year,
    items,
    totals: {
      deaths: count('G'),
      daysAwayCases: count('H'),
      restrictedCases: count('I'),
      otherRecordableCases: count('J'),
      daysAway: items.reduce((a, i) => a + i.daysAway, 0),
      daysRestricted: items.reduce((a, i) => a + i.daysRestricted, 0),
    },
  };
}
