import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const base = { NODE_ENV: 'test', JWT_SECRET: 'a-test-secret-that-is-long-enough-for-hs256' };

describe('config: where the projectors run', () => {
  it('keeps them beside the server by default; auto puts them in a thread only when log and read models are embedded', () => {
    expect(loadConfig(base).projectionThread).toBe(false);
    const auto = { ...base, PROJECTION_THREAD: 'auto' };
    expect(loadConfig(auto).projectionThread).toBe(availableParallelism() >= 2);
    expect(loadConfig({ ...auto, DATABASE_URL: 'mysql://root@127.0.0.1:3306/test' }).projectionThread).toBe(
      false,
    );
    expect(loadConfig({ ...auto, EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false' }).projectionThread).toBe(
      false,
    );
  });

  it('does as told when PROJECTION_THREAD is set, and refuses anything else', () => {
    expect(loadConfig({ ...base, PROJECTION_THREAD: 'false' }).projectionThread).toBe(false);
    expect(
      loadConfig({ ...base, DATABASE_URL: 'mysql://root@127.0.0.1:3306/test', PROJECTION_THREAD: 'true' })
        .projectionThread,
    ).toBe(true);
    expect(() => loadConfig({ ...base, PROJECTION_THREAD: 'yes' })).toThrow(/PROJECTION_THREAD/);
  });
});
