/**
 * The year of history the analytics benchmark appends straight to the log (times in the past,
 * which commands would not allow): visits on the weekdays of 2026 between 07:00 and 18:00
 * UTC, hosted across the departments, most checked out after 10 minutes to 8 hours; incidents
 * of mixed types, injuries and illnesses classified, most closed; biometric attempts; hours
 * worked per department and month. Deterministic (seeded PRNG), one stream per entity.
 */
import { randomUUID } from 'node:crypto';

export type SeedSize = {
  readonly visits: number;
  readonly incidents: number;
  readonly biometricAttempts: number;
};

export type SeedStream = {
  readonly streamId: string;
  readonly events: readonly { readonly type: string; readonly data: Record<string, unknown> }[];
};

export type SeedPeople = { readonly departments: readonly string[]; readonly hosts: readonly string[] };

const YEAR_START = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const INCIDENT_TYPES = [
  ...Array<string>(30).fill('injury'),
  ...Array<string>(35).fill('near_miss'),
  ...Array<string>(5).fill('illness'),
  ...Array<string>(15).fill('property_damage'),
  ...Array<string>(5).fill('environmental'),
  ...Array<string>(10).fill('security'),
];
const OUTCOMES = ['days_away', 'days_away', 'restricted', 'restricted', 'other_recordable'];
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const FIRST = ['Ada', 'Bert', 'Cleo', 'Dana', 'Emil', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jun'];

/** mulberry32: a small seeded PRNG, so every run seeds the same history. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The weekdays of 2026 as epoch milliseconds at 00:00 UTC. */
export const WEEKDAYS: readonly number[] = Array.from({ length: 365 }, (_, i) => YEAR_START + i * DAY).filter(
  (day) => new Date(day).getUTCDay() % 6 !== 0,
);

/** The day (YYYY-MM-DD) visit number `n` of `total` falls on: visits fill the weekdays in order. */
export function visitDay(n: number, total: number): string {
  return new Date(WEEKDAYS[Math.floor((n * WEEKDAYS.length) / total)]!).toISOString().slice(0, 10);
}

export function* visitStreams(size: SeedSize, people: SeedPeople): Generator<SeedStream> {
  const random = prng(1);
  const visitors = Array.from({ length: Math.max(1, Math.floor(size.visits / 5)) }, () => randomUUID());
  for (let n = 0; n < size.visits; n++) {
    const visitId = randomUUID();
    const visitorId = visitors[Math.floor(random() * visitors.length)]!;
    const day = Date.parse(`${visitDay(n, size.visits)}T07:00:00Z`);
    const checkedInAt = new Date(day + Math.floor(random() * 660) * 60_000).toISOString();
    const durationMinutes = 10 + Math.floor(random() ** 2 * 470);
    const events: SeedStream['events'][number][] = [
      {
        type: 'VisitorCheckedIn',
        data: {
          visitId,
          visitorId,
          visitor: {
            firstName: FIRST[n % FIRST.length]!,
            lastName: `Visitor${n % 997}`,
            email: null,
            phone: null,
            company: `Supplier ${n % 250} Ltd`,
          },
          hostId: people.hosts[Math.floor(random() * people.hosts.length)]!,
          purpose: n % 5 === 0 ? 'Contractor induction' : 'Meeting',
          expectedDeparture: null,
          badgeNumber: `V-${n}`,
          approvalRequired: false,
          checkedInAt,
        },
      },
    ];
    // One visit in a thousand is still on site.
    if (n % 1000 !== 999)
      events.push({
        type: 'VisitorCheckedOut',
        data: {
          visitId,
          visitorId,
          checkedInAt,
          checkedOutAt: new Date(Date.parse(checkedInAt) + durationMinutes * 60_000).toISOString(),
          durationMinutes,
        },
      });
    yield { streamId: `visit-${visitId}`, events };
  }
}

export function* incidentStreams(size: SeedSize, people: SeedPeople): Generator<SeedStream> {
  const random = prng(2);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  for (let n = 0; n < size.incidents; n++) {
    const incidentId = randomUUID();
    const occurred = YEAR_START + Math.floor(random() * 365 * 24 * 60) * 60_000;
    const reportedAt = new Date(occurred + (1 + Math.floor(random() * 6)) * 3_600_000).toISOString();
    const type = pick(INCIDENT_TYPES);
    const events: SeedStream['events'][number][] = [
      {
        type: 'IncidentReported',
        data: {
          incidentId,
          number: `INC-2026-${String(n + 1).padStart(4, '0')}`,
          title: `Bench incident ${n}`,
          description: 'Benchmark history',
          occurredAt: new Date(occurred).toISOString(),
          location: `Line ${n % 12}`,
          departmentId: pick(people.departments),
          type,
          severity: pick(SEVERITIES),
          immediateActions: null,
          reportedBy: 'bench',
          reportedAt,
        },
      },
    ];
    if (type === 'injury' || type === 'illness') {
      // Half of injuries and illnesses are recordable; of those, 2 in 5 days away, 2 in 5 restricted.
      const outcome = random() < 0.5 ? 'not_recordable' : pick(OUTCOMES);
      events.push({
        type: 'IncidentClassified',
        data: {
          incidentId,
          recordable: outcome !== 'not_recordable',
          outcome,
          daysAway: outcome === 'days_away' ? 1 + Math.floor(random() * 60) : 0,
          daysRestricted: outcome === 'restricted' ? 1 + Math.floor(random() * 30) : 0,
          caseType: type === 'injury' ? 'injury' : 'other_illness',
          jobTitle: null,
        },
      });
    }
    if (random() < 0.7)
      events.push({
        type: 'IncidentClosed',
        data: {
          incidentId,
          closedAt: new Date(Date.parse(reportedAt) + (1 + Math.floor(random() * 40)) * DAY).toISOString(),
        },
      });
    yield { streamId: `incident-${incidentId}`, events };
  }
}

export function* biometricStreams(size: SeedSize): Generator<SeedStream> {
  const random = prng(3);
  for (let n = 0; n < size.biometricAttempts; n++) {
    const attemptId = randomUUID();
    const verify = random() < 0.8;
    const roll = random();
    const decision = roll < 0.85 ? 'accept' : roll < 0.95 ? 'reject' : 'failed';
    const attemptedAt = new Date(
      WEEKDAYS[Math.floor(random() * WEEKDAYS.length)]! + Math.floor((6 + random() * 12) * 3_600_000),
    ).toISOString();
    const data = {
      attemptId,
      kind: verify ? 'verify' : 'identify',
      modality: ['face', 'fingerprint', 'card'][n % 3],
      subjectId: decision === 'failed' ? null : randomUUID(),
      score: decision === 'failed' ? null : Math.round(random() * 1000) / 1000,
      threshold: decision === 'failed' ? null : 0.401,
      decision,
      modelVersion: 'bench',
      latencyMs: 20 + Math.floor(random() * 200),
      attemptedAt,
    };
    yield { streamId: `biometricAttempt-${attemptId}`, events: [{ type: 'BiometricAttemptRecorded', data }] };
  }
}

export function* hoursWorkedStreams(people: SeedPeople): Generator<SeedStream> {
  const random = prng(4);
  for (const departmentId of people.departments)
    for (let m = 1; m <= 12; m++) {
      const month = `2026-${String(m).padStart(2, '0')}`;
      const data = { departmentId, month, hours: 8000 + Math.floor(random() * 12_000) };
      yield {
        streamId: `hoursWorked-${departmentId}_${month}`,
        events: [{ type: 'HoursWorkedRecorded', data }],
      };
    }
}

export function* allStreams(size: SeedSize, people: SeedPeople): Generator<SeedStream> {
  yield* hoursWorkedStreams(people);
  yield* visitStreams(size, people);
  yield* incidentStreams(size, people);
  yield* biometricStreams(size);
}
