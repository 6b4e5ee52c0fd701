import type { Alert } from '../../model/index.js';
import { HttpAlertSink, type HttpSinkOptions } from './http-sink.js';

/**
 * Alerts per POST to a generic webhook. One request per flush (not per alert) keeps a burst from
 * becoming a request storm; the cap keeps bodies small enough for common receivers' limits
 * (an alert is about 1 KiB).
 */
export const WEBHOOK_BATCH_SIZE = 100;

/** The generic webhook body: `{"alerts": [Alert, …]}`, every alert in the JSON-lines shape. */
export function webhookBody(alerts: readonly Alert[]): string {
  return JSON.stringify({ alerts });
}

export type WebhookSinkOptions = Omit<HttpSinkOptions, 'kind' | 'batchSize' | 'encode'>;

export function createWebhookSink(options: WebhookSinkOptions): HttpAlertSink {
  return new HttpAlertSink({ ...options, kind: 'webhook', batchSize: WEBHOOK_BATCH_SIZE, encode: webhookBody });
}
