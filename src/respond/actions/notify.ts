/**
 * `notify`: send a message about the alert to a notifier the playbook file defines. It sends
 * no Kubernetes request and cannot be taken back. The message template knows four
 * placeholders, nothing else, so a playbook cannot pull arbitrary alert fields into a chat.
 */
import type { Alert } from '../../model/index.js';
import { assertValid, skip } from './common.js';
import type { ActionContext, ActionSpec, PlannedAction, ResponseAction, SkippedAction } from './types.js';

export const NOTIFY_PLACEHOLDERS = ['ruleId', 'subject', 'object', 'severity'] as const;
type Placeholder = (typeof NOTIFY_PLACEHOLDERS)[number];

export const DEFAULT_NOTIFY_MESSAGE = 'eksguard {{severity}} alert {{ruleId}}: {{subject}} on {{object}}';
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function validate(params: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(params)) {
    if (key !== 'notifier' && key !== 'message') problems.push(`${key}: unknown setting for notify (it takes notifier and message)`);
  }
  if (typeof params.notifier !== 'string' || params.notifier.trim() === '') problems.push('notifier: required, the name of a notifier defined under notifiers');
  if (params.message !== undefined) {
    if (typeof params.message !== 'string' || params.message.trim() === '') {
      problems.push('message: must be a non-empty string');
    } else {
      for (const match of params.message.matchAll(PLACEHOLDER)) {
        if (!(NOTIFY_PLACEHOLDERS as readonly string[]).includes(match[1]!)) {
          problems.push(`message: unknown placeholder {{${match[1]!}}} (known: ${NOTIFY_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')})`);
        }
      }
    }
  }
  return problems;
}

function objectText(alert: Alert): string {
  const { resource, subresource, namespace, name, arn } = alert.object;
  if (arn) return arn;
  if (!resource) return '(no object)';
  return `${resource}${subresource ? `/${subresource}` : ''} ${namespace ? `${namespace}/` : ''}${name ?? ''}`.trim();
}

export function renderMessage(template: string, alert: Alert): string {
  const values: Record<Placeholder, string> = {
    ruleId: alert.ruleId,
    subject: alert.subject.name,
    object: objectText(alert),
    severity: alert.severity,
  };
  // Control characters from logs would let a crafted name forge lines in a chat or a file.
  return template.replace(PLACEHOLDER, (_match, name: string) => withoutControlCharacters(values[name as Placeholder]));
}

function withoutControlCharacters(text: string): string {
  return [...text].map((char) => (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? ' ' : char)).join('');
}

function planNow(alert: Alert, spec: ActionSpec, context: ActionContext): PlannedAction | SkippedAction {
  assertValid('notify', validate(spec.params));
  const name = spec.params.notifier as string;
  const target = { apiVersion: 'eksguard.io/v1alpha1', kind: 'Notifier', name };
  if (!Object.prototype.hasOwnProperty.call(context.notifiers, name)) return skip('notify', `no notifier named ${JSON.stringify(name)}`, target);
  const text = renderMessage((spec.params.message as string | undefined) ?? DEFAULT_NOTIFY_MESSAGE, alert);
  return {
    action: 'notify',
    target,
    description: `notify ${name}: ${text}`,
    facts: {},
    before: null,
    requests: [],
    undo: { notReversible: 'a notification cannot be taken back' },
    notification: { text, alert },
  };
}

export const notifyAction: ResponseAction = {
  kind: 'notify',
  validate,
  // Asynchronous like the others, so invalid settings reject instead of throwing.
  plan: (alert, spec, context) => Promise.resolve().then(() => planNow(alert, spec, context)),
  async apply(planned, context) {
    const notifier = context.notifiers[planned.target.name];
    if (!notifier) throw new Error(`no notifier named ${JSON.stringify(planned.target.name)}`);
    if (!planned.notification) throw new Error('the notify plan carries no message');
    await notifier.notify({ text: planned.notification.text, alert: planned.notification.alert, actionId: context.actionId });
    return { notified: planned.target.name };
  },
};
