/**
 * An export of 100k events streams in constant memory: the heap that survives a GC, sampled
 * while the file is downloaded over real HTTP, grows by a small fraction of the file's size.
 */
import { createHash, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentStream } from '../../../src/events/auth/user.events.js';
import type { EventToAppend } from '../../../src/eventstore/event-store.port.js';
import { ADMIN, login, startTestSystem, type TestSystem } from '../../support/test-system.js';

const EVENTS = 100_000;
const BATCH = 1000;

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

function retainedHeap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

describe('audit export of 100k events', () => {
  let t: TestSystem;
  let token: string;

  beforeAll(async () => {
    t = await startTestSystem();
    token = await login(t.app, ADMIN.email, ADMIN.password);
    // Projections are not what this measures; the export reads the log itself.
    await t.system.runtime.stop();
    for (let i = 0; i < EVENTS; i += BATCH) {
      const events: EventToAppend[] = Array.from({ length: BATCH }, (_, j) => ({
        type: 'DepartmentCreated',
        data: { departmentId: randomUUID(), name: `Department ${i + j} ${'x'.repeat(200)}` },
        metadata: {
          eventId: randomUUID(),
          occurredAt: new Date().toISOString(),
          actor: { system: 'load-test' },
          correlationId: randomUUID(),
          causationId: null,
          requestId: null,
          schemaVersion: 1,
        },
      }));
      await t.system.store.append(departmentStream.name(randomUUID()), events, {
        expectedRevision: 'no_stream',
      });
    }
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  it('streams the file with bounded memory and a manifest that matches it', async () => {
    const { port } = t.app.server.address() as AddressInfo;
    const baseline = retainedHeap();
    let peak = 0;
    let bytes = 0;
    let lines = 0;
    let chunks = 0;
    const hash = createHash('sha256');
    const trailers = await new Promise<NodeJS.Dict<string>>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/audit/exports',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
          res.on('data', (chunk: Buffer) => {
            hash.update(chunk);
            bytes += chunk.length;
            for (const byte of chunk) if (byte === 10) lines++;
            if (++chunks % 200 === 0) peak = Math.max(peak, retainedHeap() - baseline);
          });
          res.on('end', () => resolve(res.trailers));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ format: 'ndjson', filters: { type: 'DepartmentCreated' } }));
    });
    expect(lines).toBe(EVENTS);
    expect(trailers['x-export-event-count']).toBe(String(EVENTS));
    expect(trailers['x-export-sha256']).toBe(hash.digest('hex'));
    expect(bytes).toBeGreaterThan(50_000_000);
    // Buffering the file would retain at least its size; streaming keeps a few pages.
    expect(peak).toBeLessThan(bytes / 10);
  }, 180_000);
});
