import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSnsNotifier } from '../../src/notifications/sns-notifier.js';

/** A local stand-in for the SNS query API: records requests, answers by a script. */
type Script = (call: number) => 'ok' | 'throttle' | 'hang';

describe('SNS notifier against a local fake SNS endpoint', () => {
  let server: Server;
  let endpoint: string;
  let requests: URLSearchParams[];
  let script: Script;
  const hanging: ServerResponse[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push(new URLSearchParams(body));
        const action = script(requests.length);
        if (action === 'hang') return void hanging.push(res);
        if (action === 'throttle') {
          res.writeHead(400, { 'content-type': 'text/xml' });
          return void res.end(
            '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>',
          );
        }
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>msg-${requests.length}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    requests = [];
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const notifier = (overrides: { maxAttempts?: number; timeoutMs?: number } = {}) =>
    createSnsNotifier({
      region: 'eu-west-1',
      maxAttempts: overrides.maxAttempts ?? 3,
      timeoutMs: overrides.timeoutMs ?? 2000,
      securityTopicArn: 'arn:aws:sns:eu-west-1:123456789012:security',
      endpoint,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });

  it('publishes an SMS to the host’s phone and returns the message id', async () => {
    script = () => 'ok';
    const outcome = await notifier().send({
      recipient: 'host-1',
      phone: '+15550100',
      text: 'Your visitor is here',
    });
    expect(outcome).toEqual({ ok: true, channel: 'sns', attempts: 1, providerMessageId: 'msg-1' });
    expect(requests[0]!.get('Action')).toBe('Publish');
    expect(requests[0]!.get('PhoneNumber')).toBe('+15550100');
    expect(requests[0]!.get('Message')).toBe('Your visitor is here');
  });

  it('sends security alerts to the security topic', async () => {
    script = () => 'ok';
    await notifier().send({ recipient: 'security', phone: null, text: 'Watch-list match' });
    expect(requests[0]!.get('TopicArn')).toBe('arn:aws:sns:eu-west-1:123456789012:security');
  });

  it('retries throttling and succeeds within its attempts', async () => {
    script = (call) => (call < 3 ? 'throttle' : 'ok');
    const outcome = await notifier().send({ recipient: 'host-1', phone: '+15550100', text: 'x' });
    expect(outcome).toMatchObject({ ok: true, attempts: 3 });
    expect(requests).toHaveLength(3);
  });

  it('gives up after its attempts with the error name, never throwing', async () => {
    script = () => 'throttle';
    const outcome = await notifier({ maxAttempts: 2 }).send({
      recipient: 'host-1',
      phone: '+15550100',
      text: 'x',
    });
    expect(outcome).toMatchObject({ ok: false, channel: 'sns', attempts: 2, error: 'Throttling' });
  });

  it('times out a hanging endpoint', async () => {
    script = () => 'hang';
    const outcome = await notifier({ maxAttempts: 1, timeoutMs: 200 }).send({
      recipient: 'host-1',
      phone: '+15550100',
      text: 'x',
    });
    expect(outcome.ok).toBe(false);
  });

  it('fails without a destination instead of calling SNS', async () => {
    script = () => 'ok';
    const outcome = await notifier().send({ recipient: 'host-1', phone: null, text: 'x' });
    expect(outcome).toMatchObject({ ok: false, error: 'NO_DESTINATION' });
    expect(requests).toHaveLength(0);
  });
});
