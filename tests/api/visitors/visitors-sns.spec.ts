import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../../support/test-system.js';
import { as, checkIn, settled, visitor, visitorStaff, type VisitorStaff } from './visitor-test-kit.js';

describe('visitors with SNS enabled and SNS failing', () => {
  let t: TestSystem;
  let staff: VisitorStaff;
  let server: Server;
  let calls = 0;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    server = createServer((req, res) => {
      calls++;
      req.resume();
      req.on('end', () => {
        res.writeHead(500, { 'content-type': 'text/xml' });
        res.end(
          '<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>boom</Message></Error></ErrorResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // The SDK's default credential chain reads these; no real account is involved.
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    t = await startTestSystem({
      SNS_ENABLED: 'true',
      SNS_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      SNS_MAX_ATTEMPTS: '2',
      SNS_TIMEOUT_MS: '500',
    });
    staff = await visitorStaff(t);
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => server.close(resolve));
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it('still checks the visitor in and records NotificationFailed with the attempts', async () => {
    const response = await checkIn(
      t,
      { visitor: visitor('Sid', 'Sms'), hostId: staff.host.id, purpose: 'x' },
      staff.kiosk.token,
    );
    expect(response.statusCode).toBe(201);
    expect(calls).toBe(2);
    const notes = await t.app.inject({
      method: 'GET',
      url: '/api/notifications',
      headers: { ...as(staff.host.token), 'x-min-position': await settled(t) },
    });
    expect(notes.json().items).toEqual([
      expect.objectContaining({
        kind: 'approval_request',
        channel: 'sns',
        status: 'failed',
        attempts: 2,
        error: 'InternalErrorException',
      }),
    ]);
  });
});
