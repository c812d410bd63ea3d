import { describe, expect, it } from 'vitest';
import { createOutboxNotifier } from '../../src/notifications/outbox-notifier.js';

describe('outbox notifier', () => {
  it('records what would have been sent and keeps only the most recent', async () => {
    const outbox = createOutboxNotifier(3);
    for (let n = 1; n <= 10; n++) {
      const outcome = await outbox.send({ recipient: `host-${n}`, phone: null, text: `message ${n}` });
      expect(outcome).toEqual({ ok: true, channel: 'outbox', attempts: 1, providerMessageId: null });
    }
    expect(outbox.sent().map((n) => n.text)).toEqual(['message 8', 'message 9', 'message 10']);
  });
});
