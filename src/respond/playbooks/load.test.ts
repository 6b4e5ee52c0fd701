import { describe, expect, it } from 'vitest';
import { ACTION_KINDS } from '../actions/types.js';
import { formatProblems, loadPlaybooks, type ActionValidators } from './load.js';
import { alertMatches, globMatches } from './match.js';
import { DEFAULT_GUARDRAILS } from './types.js';

/** Validators as strict as the real actions' about what the tests use: labels must be a map of strings. */
const VALIDATORS = Object.fromEntries(
  ACTION_KINDS.map((kind) => [
    kind,
    {
      validate(params: Record<string, unknown>): string[] {
        const problems: string[] = [];
        const allowed = kind === 'label' ? ['labels'] : kind === 'annotate' ? ['annotations'] : kind === 'notify' ? ['notifier', 'message'] : [];
        for (const key of Object.keys(params)) if (!allowed.includes(key)) problems.push(`${key}: unknown parameter of ${kind}`);
        if (kind === 'label' && (typeof params.labels !== 'object' || params.labels === null)) problems.push('labels: must be a map of label keys to values');
        return problems;
      },
    },
  ]),
) as ActionValidators;

const GOOD = `apiVersion: eksguard.io/v1alpha1
kind: ResponsePlaybooks
guardrails:
  excludedNamespaces: [payments]
  rateLimit: { actions: 3, per: 5m }
  dedupWindow: 30m
notifiers:
  oncall: { type: webhook, url: env:ONCALL_WEBHOOK }
  log: { type: file, path: responses.jsonl }
playbooks:
  # Contain a shell in a container: label, cut it off, tell on-call.
  - name: contain-exec
    match:
      rules: [k8s-exec-into-pod, "k8s-*-shell"]
      minSeverity: high
      excludeNamespaces: [dev-*]
    actions:
      - action: label
        labels: { security.eksguard.io/incident: "true" }
      - action: quarantine
      - action: notify
        notifier: oncall
  - name: kill-miner
    match: { severities: [critical], namespaces: [shop] }
    minHealthyReplicas: 0
    actions: [{ action: scale-to-zero }]
`;

describe('loadPlaybooks', () => {
  it('reads playbooks, guardrails and notifiers, with defaults for what is left out', () => {
    const result = loadPlaybooks(GOOD, 'playbooks.yaml', VALIDATORS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { set } = result;
    expect(set.playbooks.map((playbook) => playbook.name)).toEqual(['contain-exec', 'kill-miner']);
    expect(set.playbooks[0]!.actions).toEqual([
      { action: 'label', params: { labels: { 'security.eksguard.io/incident': 'true' } } },
      { action: 'quarantine', params: {} },
      { action: 'notify', params: { notifier: 'oncall' } },
    ]);
    expect(set.playbooks[0]!.allowProtectedNamespaces).toBe(false);
    expect(set.playbooks[1]!.minHealthyReplicas).toBe(0);
    expect(set.guardrails).toEqual({
      ...DEFAULT_GUARDRAILS,
      excludedNamespaces: ['payments'],
      rateLimit: { actions: 3, perMs: 300_000, per: '5m' },
      dedupWindowMs: 1_800_000,
      dedupWindow: '30m',
    });
    expect(set.guardrails.protectedNamespaces).toEqual(['kube-system', 'kube-public', 'kube-node-lease']);
    expect(set.notifiers).toEqual({ oncall: { type: 'webhook', url: 'env:ONCALL_WEBHOOK' }, log: { type: 'file', path: 'responses.jsonl' } });
  });

  const problemsOf = (text: string): string => {
    const result = loadPlaybooks(text, 'pb.yaml', VALIDATORS);
    expect(result.ok).toBe(false);
    return result.ok ? '' : formatProblems('pb.yaml', result.problems);
  };

  it('names file, line, column and field path of each problem, unknown fields included', () => {
    const text = GOOD.replace('  dedupWindow: 30m', '  dedupWindw: 30m').replace('    minHealthyReplicas: 0', '    minHealthyReplicas: -1').replace('        notifier: oncall', '        notifier: pager');
    expect(problemsOf(text).split('\n')).toEqual([
      'pb.yaml:6:3: guardrails.dedupWindw: unknown field "dedupWindw" (expected one of: protectedNamespaces, excludedNamespaces, minHealthyReplicas, rateLimit, dedupWindow)',
      'pb.yaml:22:19: playbooks[0].actions[2].notifier: no notifier "pager" under notifiers (have: oncall, log)',
      'pb.yaml:25:25: playbooks[1].minHealthyReplicas: must be a whole number from 0 to 1000, not -1',
    ]);
  });

  it('refuses what the actions refuse, pointing at the parameter', () => {
    const text = GOOD.replace('        labels: { security.eksguard.io/incident: "true" }', '        lables: { a: b }');
    expect(problemsOf(text)).toBe(['pb.yaml:19:17: playbooks[0].actions[0].lables: unknown parameter of label', 'pb.yaml:18:9: playbooks[0].actions[0]: labels: must be a map of label keys to values'].join('\n'));
  });

  it.each([
    ['apiVersion: v1\nkind: ResponsePlaybooks\nplaybooks: []\n', ['pb.yaml:1:13: apiVersion: must be eksguard.io/v1alpha1, not "v1"', 'pb.yaml:3:12: playbooks: must list at least one playbook']],
    ['kind: ResponsePlaybooks\nplaybooks:\n  - name: x\n    match: {}\n    actions: [{ action: reboot }]\n', ['pb.yaml:1:1: apiVersion is required', 'pb.yaml:5:25: playbooks[0].actions[0].action: unknown action "reboot" (expected one of: label, annotate, quarantine, scale-to-zero, cordon, delete-binding, notify)']],
    ['apiVersion: eksguard.io/v1alpha1\nkind: ResponsePlaybooks\nplaybooks:\n  - name: Bad Name\n    match: { severities: [urgent], minSeverity: high }\n    actions: []\n', [
      'pb.yaml:4:11: playbooks[0].name: must be lower-case letters, digits and dashes (it names the playbook in the trail)',
      'pb.yaml:5:26: playbooks[0].match.severities: severities are critical, high, medium, low and info',
      'pb.yaml:5:49: playbooks[0].match.minSeverity: give severities or minSeverity, not both',
      'pb.yaml:6:14: playbooks[0].actions: must list at least one action',
    ]],
    ['apiVersion: eksguard.io/v1alpha1\nkind: ResponsePlaybooks\nguardrails: { rateLimit: { actions: 0, per: soon }, dedupWindow: 0s }\nplaybooks:\n  - { name: a, match: {}, actions: [{ action: cordon }] }\n  - { name: a, match: {}, actions: [{ action: cordon }] }\n', [
      'pb.yaml:3:37: guardrails.rateLimit.actions: must be a whole number from 1 to 10000, not 0',
      'pb.yaml:3:45: guardrails.rateLimit.per: must be a duration like 30s, 10m, 1h or 1d, not "soon"',
      'pb.yaml:6:5: playbooks[1]: playbook name "a" is used twice',
    ]],
    ['apiVersion: eksguard.io/v1alpha1\nkind: ResponsePlaybooks\nnotifiers:\n  hook: { type: webhook, url: "ftp://x" }\n  box: { type: email, path: x }\nplaybooks:\n  - { name: a, match: {}, actions: [{ action: cordon }] }\n', [
      'pb.yaml:4:31: notifiers.hook.url: must be an http(s) URL or env:VARIABLE',
      'pb.yaml:5:16: notifiers.box.type: unknown notifier type "email" (expected webhook or file)',
    ]],
    ['playbooks: [\n', ['pb.yaml:2:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['- just\n- a list\n', ['pb.yaml:1:1: must be a mapping (key: value), not a list']],
  ])('refuses %j', (text, expected) => {
    expect(problemsOf(text).split('\n')).toEqual(expected);
  });
});

describe('playbook match', () => {
  const alert = (ruleId: string, severity: 'critical' | 'high' | 'low', namespace?: string) =>
    ({ ruleId, severity, object: namespace ? { resource: 'pods', namespace, name: 'p' } : { resource: 'nodes', name: 'n' } }) as Parameters<typeof alertMatches>[1];

  it('matches rule globs, severities and namespaces, all of them', () => {
    expect(globMatches('k8s-*-shell', 'k8s-reverse-shell')).toBe(true);
    expect(globMatches('k8s-exec?', 'k8s-exec')).toBe(false);
    expect(globMatches('a.b', 'axb')).toBe(false);
    const match = { rules: ['k8s-exec*'], minSeverity: 'high' as const, excludeNamespaces: ['dev-*'] };
    expect(alertMatches(match, alert('k8s-exec-into-pod', 'high', 'shop'))).toBe(true);
    expect(alertMatches(match, alert('k8s-exec-into-pod', 'low', 'shop'))).toBe(false);
    expect(alertMatches(match, alert('k8s-exec-into-pod', 'critical', 'dev-alice'))).toBe(false);
    expect(alertMatches(match, alert('aws-root-login', 'critical', 'shop'))).toBe(false);
    expect(alertMatches({ namespaces: ['shop'] }, alert('x', 'low'))).toBe(false);
    expect(alertMatches({ severities: ['critical', 'low'] }, alert('x', 'low'))).toBe(true);
    expect(alertMatches({}, alert('x', 'low'))).toBe(true);
  });
});

