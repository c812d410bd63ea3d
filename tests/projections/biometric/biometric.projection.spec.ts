import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { biometricProjector } from '../../../src/projections/biometric/biometric.projection.js';
import { findCard } from '../../../src/queries/biometric/biometric-cards.query.js';
import {
  biometricStatistics,
  percentile,
} from '../../../src/queries/biometric/biometric-statistics.query.js';
import { projectionFixture, recorded, type ProjectionFixture } from '../../support/projection-fixture.js';

const subjectId = '11111111-1111-4111-8111-111111111111';
const templateId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const day = '2026-03-01';
const at = `${day}T08:00:00.000Z`;

const attempt = (n: number, decision: string, latencyMs: number, modality = 'face') =>
  recorded(`biometricAttempt-${n}`, 'BiometricAttemptRecorded', {
    attemptId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    kind: 'verify',
    modality,
    subjectId,
    score: decision === 'failed' ? null : 0.5,
    threshold: 0.401,
    decision,
    modelVersion: 'm1',
    latencyMs,
    attemptedAt: at,
  });

const history = () => [
  recorded(`biometricSubject-${subjectId}`, 'BiometricTemplateEnrolled', {
    templateId,
    subjectId,
    subjectType: 'employee',
    modality: 'face',
    quality: 0.9,
    modelVersion: 'm1',
    imageCount: 3,
    template: '[erased]',
    enrolledAt: at,
  }),
  recorded('biometricAttempt-f', 'BiometricEnrolmentFailed', {
    attemptId: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
    subjectId,
    modality: 'face',
    reason: 'NO_FACE',
    modelVersion: 'm1',
    latencyMs: 9,
    failedAt: at,
  }),
  recorded('biometricCard-42', 'BiometricCardIssued', {
    cardNumber: '42',
    facilityCode: 1,
    holderType: 'visitor',
    holderId: subjectId,
    issuedAt: at,
  }),
  recorded('biometricCard-42', 'BiometricCardRevoked', { cardNumber: '42', revokedAt: at }, 1n),
  ...[10, 20, 30, 40].map((ms, i) => attempt(i, i === 3 ? 'reject' : 'accept', ms)),
  attempt(9, 'failed', 5),
  attempt(8, 'accept', 1, 'card'),
  recorded(
    `biometricSubject-${subjectId}`,
    'BiometricSubjectErased',
    { subjectId, templateIds: [templateId], erasedAt: at },
    1n,
  ),
];

describe('biometric projection', () => {
  let f: ProjectionFixture;
  beforeEach(async () => {
    f = await projectionFixture(biometricProjector);
  });
  afterEach(async () => {
    await f.cleanup();
  });

  it('keeps template metadata (never the template), cards and attempts; twice is the same as once', async () => {
    const events = history();
    await f.apply(events);
    await f.apply(events);
    const templates = await f.db('biometric_templates').select('*');
    expect(templates).toHaveLength(1);
    expect(templates[0]).not.toHaveProperty('template');
    expect(Boolean(templates[0].erased)).toBe(true);
    expect(await findCard(f.db, '42')).toEqual({
      cardNumber: '42',
      facilityCode: 1,
      holderType: 'visitor',
      holderId: subjectId,
      active: false,
    });
    expect(await findCard(f.db, '43')).toBeUndefined();
    const stats = await biometricStatistics(f.db);
    expect(stats.enrollments).toEqual({
      byModality: { face: 1, fingerprint: 0, card: 1 },
      failures: 1,
      failureToEnrollRate: 0.3333,
    });
    const face = stats.byModality.find((m) => m.modality === 'face')!;
    expect(face).toMatchObject({
      attempts: 5,
      accepted: 3,
      rejected: 1,
      failed: 1,
      acceptRate: 0.6,
      rejectRate: 0.2,
      failureRate: 0.2,
    });
    expect(face.latencyMs).toEqual({ p50: 20, p95: 40, p99: 40 });
    expect(stats.attempts.attempts).toBe(6);
    expect(stats.byDay.map((d) => [d.day, d.modality, d.attempts])).toEqual([
      [day, 'card', 1],
      [day, 'face', 5],
    ]);
    expect((await biometricStatistics(f.db, { from: '2026-03-02' })).attempts.attempts).toBe(0);
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
  });
});
