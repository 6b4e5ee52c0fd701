import { SEVERITIES, type Alert, type Severity } from '../../model/index.js';
import { HttpAlertSink, type HttpSinkOptions } from './http-sink.js';

/**
 * Alerts per Slack message. Slack allows 50 blocks a message and about one message a second per
 * webhook, so a flush sends its alerts as few messages of one section each.
 */
export const SLACK_BATCH_SIZE = 20;
/** Slack rejects a section whose text is longer than 3000 characters. */
const SECTION_TEXT_LIMIT = 3000;

const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':large_blue_circle:',
  info: ':white_circle:',
};

interface SlackSection {
  type: 'section';
  text: { type: 'mrkdwn'; text: string };
}

/** An incoming-webhook message: `text` is the notification and fallback, `blocks` what the channel shows. */
export interface SlackMessage {
  text: string;
  blocks: SlackSection[];
}

/** Slack reads `&`, `<` and `>` as markup (`<!channel>` notifies everyone): event data must not. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function objectText(alert: Alert): string {
  const { object } = alert;
  const resource = [object.resource, object.subresource].filter(Boolean).join('/');
  const name = [object.namespace, object.name].filter(Boolean).join('/');
  return [resource, name || object.arn].filter(Boolean).join(' ');
}

function sectionText(alert: Alert): string {
  const who = alert.subject.name ? `${alert.subject.name}${alert.subject.sourceIPs?.length ? ` from ${alert.subject.sourceIPs.join(', ')}` : ''}` : '';
  const facts = [
    who && `*who* ${who}`,
    objectText(alert) && `*what* ${objectText(alert)}`,
    alert.time && `*when* ${alert.time}`,
    `*MITRE* ${alert.mitre.tactic} ${alert.mitre.technique}`,
  ].filter(Boolean);
  const text = [
    `${SEVERITY_EMOJI[alert.severity]} *${alert.severity.toUpperCase()}* ${escapeMrkdwn(alert.title)} (\`${escapeMrkdwn(alert.ruleId)}\`)`,
    escapeMrkdwn(alert.output),
    escapeMrkdwn(facts.join(' · ')),
  ].join('\n');
  return text.length > SECTION_TEXT_LIMIT ? `${text.slice(0, SECTION_TEXT_LIMIT - 1)}…` : text;
}

function notificationText(alerts: readonly Alert[]): string {
  if (alerts.length === 1) {
    const [alert] = alerts as [Alert];
    return escapeMrkdwn(`eksguard ${alert.severity.toUpperCase()}: ${alert.title}`);
  }
  const counts = new Map<Severity, number>();
  for (const alert of alerts) counts.set(alert.severity, (counts.get(alert.severity) ?? 0) + 1);
  const bySeverity = SEVERITIES.filter((severity) => counts.has(severity)).map((severity) => `${counts.get(severity)} ${severity}`);
  return `eksguard: ${alerts.length} alerts (${bySeverity.join(', ')})`;
}

/** One Slack message for up to SLACK_BATCH_SIZE alerts: one section per alert. */
export function slackMessage(alerts: readonly Alert[]): SlackMessage {
  return {
    text: notificationText(alerts),
    blocks: alerts.map((alert) => ({ type: 'section', text: { type: 'mrkdwn', text: sectionText(alert) } })),
  };
}

export type SlackSinkOptions = Omit<HttpSinkOptions, 'kind' | 'batchSize' | 'encode'>;

/** Posts to a Slack incoming webhook (or anything speaking its payload, such as Mattermost). Slack answers 200 `ok`. */
export function createSlackSink(options: SlackSinkOptions): HttpAlertSink {
  return new HttpAlertSink({ ...options, kind: 'slack', batchSize: SLACK_BATCH_SIZE, encode: (alerts) => JSON.stringify(slackMessage(alerts)) });
}
