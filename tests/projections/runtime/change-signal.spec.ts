import { describe, expect, it } from 'vitest';
import { changeSignal } from '../../../src/projections/runtime/checkpoint-waiter.js';

describe('changeSignal', () => {
  it('fires once for moves in one turn of the event loop, and again for a later move', async () => {
    const signal = changeSignal();
    const first = signal.next();
    let fired = 0;
    void first.then(() => fired++);
    signal.notify();
    signal.notify();
    signal.notify();
    expect(signal.next()).toBe(first);
    await first;
    expect(fired).toBe(1);
    const second = signal.next();
    expect(second).not.toBe(first);
    let secondFired = false;
    void second.then(() => (secondFired = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondFired).toBe(false);
    signal.notify();
    await second;
    expect(secondFired).toBe(true);
  });
});
