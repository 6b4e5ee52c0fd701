import { describe, expect, it } from 'vitest';
import { notifyAction, renderMessage } from './notify.js';
import { alertOn } from './test-support/cluster.js';
import type { ActionContext, KubeClient, KubeRequest, Notifier, PlannedAction } from './types.js';

/** A notifier that keeps what it was given, and a client that must not be called. */
function setup(): { context: ActionContext; sent: Array<Parameters<Notifier['notify']>[0]>; requests: KubeRequest[] } {
  const sent: Array<Parameters<Notifier['notify']>[0]> = [];
  const requests: KubeRequest[] = [];
  const client: KubeClient = {
    send(request) {
      requests.push(request);
      return Promise.reject(new Error('notify must not talk to Kubernetes'));
    },
  };
  const notifier: Notifier = {
    notify(message) {
      sent.push(message);
      return Promise.resolve();
    },
  };
  return { context: { client, notifiers: { oncall: notifier }, actionId: 'a1' }, sent, requests };
}

describe('notify', () => {
  const alert = alertOn({ resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'api-1' });

  it('plans the rendered message, applies by notifying, and cannot be undone', async () => {
    const { context, sent, requests } = setup();
    const spec = { action: 'notify' as const, params: { notifier: 'oncall', message: '{{severity}}: {{ruleId}} by {{ subject }} on {{object}}' } };
    const plan = (await notifyAction.plan(alert, spec, context)) as PlannedAction;
    expect(plan).toMatchObject({
      target: { apiVersion: 'eksguard.io/v1alpha1', kind: 'Notifier', name: 'oncall' },
      description: 'notify oncall: high: k8s-exec-into-pod by mallory on pods/exec shop/api-1',
      requests: [],
      undo: { notReversible: 'a notification cannot be taken back' },
    });
    expect(sent).toEqual([]);
    expect(await notifyAction.apply(plan, context)).toEqual({ notified: 'oncall' });
    expect(sent).toEqual([{ text: 'high: k8s-exec-into-pod by mallory on pods/exec shop/api-1', alert, actionId: 'a1' }]);
    expect(requests).toEqual([]);
  });

  it('uses the default message, strips control characters from alert fields, skips unknown notifiers', async () => {
    const { context } = setup();
    const forged = alertOn({ resource: 'pods', namespace: 'shop', name: 'x' });
    forged.subject.name = 'mallory\n[info] all clear';
    expect(renderMessage('{{subject}}', forged)).toBe('mallory [info] all clear');
    const plan = (await notifyAction.plan(alert, { action: 'notify', params: { notifier: 'oncall' } }, context)) as PlannedAction;
    expect(plan.notification?.text).toBe('eksguard high alert k8s-exec-into-pod: mallory on pods/exec shop/api-1');
    expect(await notifyAction.plan(alert, { action: 'notify', params: { notifier: 'slack' } }, context)).toEqual({
      action: 'notify',
      skipped: 'no notifier named "slack"',
      target: { apiVersion: 'eksguard.io/v1alpha1', kind: 'Notifier', name: 'slack' },
    });
  });

  it('validates the notifier and the template placeholders', async () => {
    expect(notifyAction.validate({ notifier: 'oncall', message: '{{ruleId}} {{title}} {{output}}' })).toEqual([
      'message: unknown placeholder {{title}} (known: {{ruleId}}, {{subject}}, {{object}}, {{severity}})',
      'message: unknown placeholder {{output}} (known: {{ruleId}}, {{subject}}, {{object}}, {{severity}})',
    ]);
    expect(notifyAction.validate({ channel: '#sec' })).toEqual([
      'channel: unknown setting for notify (it takes notifier and message)',
      'notifier: required, the name of a notifier defined under notifiers',
    ]);
    await expect(notifyAction.plan(alert, { action: 'notify', params: {} }, setup().context)).rejects.toThrow('invalid settings for notify');
  });
});
