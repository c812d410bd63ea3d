import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.spec.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // MariaDB-backed suites share one server; keep files from fighting over it.
    fileParallelism: process.env.DATABASE_URL === undefined,
  },
});
