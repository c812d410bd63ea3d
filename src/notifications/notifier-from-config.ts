/** Picks the notifier adapter from config: SNS when enabled, else the recorded outbox. */
import type { Config } from '../config.js';
import type { Notifier } from './notifier.port.js';
import { createOutboxNotifier } from './outbox-notifier.js';
import { createSnsNotifier } from './sns-notifier.js';

export function notifierFromConfig(config: Pick<Config, 'sns'>): Notifier & { readonly close: () => void } {
  if (!config.sns.enabled) return { ...createOutboxNotifier(), close: () => undefined };
  return createSnsNotifier({
    region: config.sns.region,
    maxAttempts: config.sns.maxAttempts,
    timeoutMs: config.sns.timeoutMs,
    securityTopicArn: config.sns.securityTopicArn,
    endpoint: config.sns.endpoint,
  });
}
