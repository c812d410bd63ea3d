/**
 * SMS through AWS SNS (enabled by SNS_ENABLED). The SDK retries throttling and transient
 * errors (`maxAttempts`), and each attempt is bounded by a request timeout, so a slow SNS
 * delays a check-in by at most attempts × timeout and never fails it: errors become an
 * outcome. Security alerts go to a topic (SNS_SECURITY_TOPIC_ARN), hosts to their phone.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { DeliveryOutcome, Notification, Notifier } from './notifier.port.js';

export type SnsSettings = {
  readonly region: string;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly securityTopicArn: string | undefined;
  /** A custom endpoint (a local fake in tests, a VPC endpoint in production). */
  readonly endpoint?: string | undefined;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
};

export function createSnsNotifier(settings: SnsSettings): Notifier & { readonly close: () => void } {
  const client = new SNSClient({
    region: settings.region,
    maxAttempts: settings.maxAttempts,
    // Options for the SDK's own Node handler (the SDK builds it), not a handler of ours.
    requestHandler: { connectionTimeout: settings.timeoutMs, requestTimeout: settings.timeoutMs },
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
  });
  return {
    channel: 'sns',
    send: (notification) => publish(client, settings, notification),
    close: () => client.destroy(),
  };
}

async function publish(client: SNSClient, settings: SnsSettings, n: Notification): Promise<DeliveryOutcome> {
  const target =
    n.recipient === 'security'
      ? settings.securityTopicArn === undefined
        ? undefined
        : { TopicArn: settings.securityTopicArn }
      : n.phone === null
        ? undefined
        : { PhoneNumber: n.phone };
  if (target === undefined) return { ok: false, channel: 'sns', attempts: 0, error: 'NO_DESTINATION' };
  try {
    // The handler's timeouts bound each attempt's socket; this bounds the whole call, retries included.
    const deadline = AbortSignal.timeout(settings.timeoutMs * settings.maxAttempts + 100);
    const result = await client.send(new PublishCommand({ ...target, Message: n.text }), {
      abortSignal: deadline,
    });
    const attempts = result.$metadata.attempts ?? 1;
    return { ok: true, channel: 'sns', attempts, providerMessageId: result.MessageId ?? null };
  } catch (error) {
    const attempts =
      (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? settings.maxAttempts;
    // The error's name (e.g. Throttling, TimeoutError), never its message: it may echo the phone number.
    return { ok: false, channel: 'sns', attempts, error: error instanceof Error ? error.name : 'UNKNOWN' };
  }
}
