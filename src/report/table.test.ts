import { describe, expect, it } from 'vitest';
import { renderTable } from './table.js';
import {
  defaultOptions,
  emptyScan,
  sampleCatalogue,
  sampleResult,
  sampleResults,
  sampleWithPaths,
  scanOf,
} from './test-support/sample-result.js';

// eslint-disable-next-line no-control-regex -- looking for ANSI escape sequences
const ANSI = /\u001b\[/;

function render(result = sampleResult(), options: Partial<typeof defaultOptions> = {}): string {
  return renderTable(result, sampleCatalogue, { ...defaultOptions, ...options });
}

/** The header lines of each resource group, in output order. */
function headers(text: string): string[] {
  const findings = text.slice(0, text.indexOf('Summary:'));
  return findings.split('\n').filter((line) => /^[A-Z][A-Za-z]+ \S/.test(line));
}

describe('renderTable', () => {
  it('groups findings under their resource, worst resource first', () => {
    expect(headers(render())).toEqual([
      'Deployment shop/web  ./deploy/web.yaml:1',
      'Deployment payments/api  rendered/payments.yaml:118 (template payments/templates/deployment.yaml)',
      'Namespace payments',
      'ClusterRoleBinding ci-deployer  rbac/ci.yaml:1',
      'DaemonSet kube-system/aws-node  deploy\\addons\\aws-node.yaml:52',
      'Cluster cluster',
    ]);
  });

  it('prints one line per finding with badge, check id and the whole message, then its details', () => {
    const lines = render().split('\n');
    const start = lines.indexOf('Deployment shop/web  ./deploy/web.yaml:1');
    expect(lines.slice(start, start + 8).map((line) => line.replace(/ {2,}/g, '  '))).toEqual([
      'Deployment shop/web  ./deploy/web.yaml:1',
      '  CRITICAL  wl-privileged  Container "app" runs privileged',
      '  container app · spec.template.spec.containers[0].securityContext.privileged · line 31 · fix: Set privileged to false',
      '  HIGH  wl-run-as-root  Container "app" may run as root: runAsNonRoot is not set',
      '  container app · spec.template.spec.containers[0].securityContext · line 29 · fix (suggestion): Run as a non-root user',
      '  MEDIUM  wl-limits-missing  Container "log-shipper" has no memory limit & no CPU limit (<none>)',
      '  container log-shipper · spec.template.spec.containers[1].resources · line 44',
      '  NOT EVAL  wl-host-network  The pod template comes from an unresolved Helm value',
    ]);
  });

  it('aligns the check ids and indents details under them', () => {
    const lines = render().split('\n');
    const finding = lines.find((line) => line.includes('wl-privileged ') && line.includes('CRITICAL'))!;
    const other = lines.find((line) => line.includes('rbac-cluster-admin-binding'))!;
    expect(finding.indexOf('Container')).toBe(other.indexOf('check failed'));
    const detail = lines[lines.indexOf(finding) + 1]!;
    expect(detail.indexOf('container')).toBe(finding.indexOf('wl-privileged'));
  });

  it('marks waived findings and keeps their severity and reason', () => {
    const text = render();
    expect(text).toContain('  WAIVED    wl-privileged');
    expect(text).toContain(
      'critical, waived (baseline): EKS platform component: the VPC CNI init container configures the node network',
    );
  });

  it('never truncates a long message', () => {
    const [base] = sampleResults();
    const message = `Container "app" ${'is very much misconfigured '.repeat(20)}end`;
    expect(render(scanOf([{ ...base!, message }]))).toContain(message);
  });

  it('shows control characters from the scanned input instead of sending them to the terminal', () => {
    const [base] = sampleResults();
    const scan = scanOf(
      [{ ...base!, message: 'image "evil\u001b[2J\u001b]0;owned\u0007"\nsecond line', container: 'a\tb' }],
      [{ file: 'x\u001b[31m.yaml', message: 'bad\rfile' }],
    );
    const text = render(scan);
    // eslint-disable-next-line no-control-regex -- asserting no control character but the line breaks
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(text).toContain('image "evil\\x1B[2J\\x1B]0;owned\\x07"\\x0Asecond line');
    expect(text).toContain('container a\\x09b');
    expect(text).toContain('  x\\x1B[31m.yaml  bad\\x0Dfile');
  });

  it('collapses checks not evaluated for one reason into one line', () => {
    const cluster = { kind: 'Cluster', name: 'prod' };
    const notEvaluated = ['eks-endpoint-public-open-cidr', 'rbac-cluster-admin-binding', 'wl-host-network'].map(
      (checkId, index) => ({
        ...sampleResults()[6]!,
        checkId,
        resource: cluster,
        fingerprint: String(index).repeat(32),
      }),
    );
    const lines = render(scanOf(notEvaluated)).split('\n');
    const start = lines.indexOf('Cluster prod');
    expect(lines[start + 1]).toMatch(/^ {2}NOT EVAL {2}3 checks +AWS data was not collected \(manifest scan\)$/);
    expect(lines[start + 2]?.trim()).toBe('eks-endpoint-public-open-cidr, rbac-cluster-admin-binding, wl-host-network');
    expect(lines[start + 3]).toBe('');
  });

  it('ends with a summary of statuses, severities, input errors and expired exceptions', () => {
    const text = render();
    const summary = text.slice(text.indexOf('Summary:'));
    expect(summary).toBe(
      [
        'Summary: 6 resources, 8 checks',
        '  Failed         5 open (critical 1 · high 1 · medium 3 · low 0 · info 0), 1 waived',
        '  Errors         1',
        '  Not evaluated  2',
        '  Passed         2 (not listed)',
        '',
        'Input errors (2)',
        '  deploy/broken.yaml:7  bad indentation of a mapping entry',
        '  deploy/empty.json  Unexpected end of JSON input',
        '',
        'Expired exceptions (1)',
        '  wl-host-network  expired 2025-01-31 (.eksguard.yaml): node-exporter needs the host network until the v2 migration',
        '',
      ].join('\n'),
    );
  });

  it('lists passes only when asked', () => {
    expect(render()).not.toContain('PASS');
    const text = render(sampleResult(), { includePassed: true });
    expect(text.match(/ {2}PASS {6}/g)).toHaveLength(2);
    expect(text).toContain('  Passed         2\n');
  });

  it('says so when there is nothing to show', () => {
    const text = render(emptyScan());
    expect(text.startsWith('No findings.\n\nSummary: 0 resources, 0 checks\n')).toBe(true);
  });

  it('uses no colour codes unless asked, and colours when asked', () => {
    expect(render()).not.toMatch(ANSI);
    const coloured = render(sampleResult(), { color: true });
    expect(coloured).toMatch(ANSI);
    // Same text once the codes are gone: colour changes nothing else.
    // eslint-disable-next-line no-control-regex -- stripping ANSI escape sequences
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(render());
  });
});

describe('renderTable with attack paths', () => {
  it('lists the attack paths first, one step a line, with the findings on each', () => {
    const text = render(sampleWithPaths());
    expect(text.split('\n').slice(0, 17)).toEqual([
      'Attack paths (2)',
      '',
      '1. CRITICAL score 88  Internet-exposed workload reaches AWS administrator access  [internet-to-aws-admin]',
      '   Internet —exposes→ LoadBalancer shop/Service/web',
      '   LoadBalancer shop/Service/web —routes-to→ Service shop/web',
      '   Service shop/web —selects→ Deployment shop/web',
      '   Deployment shop/web —escapes-to-node→ NodeGroup workers',
      '   NodeGroup workers —node-credentials→ IAMRole arn:aws:iam::111122223333:role/eks-node',
      '   IAMRole arn:aws:iam::111122223333:role/eks-node —has-permission→ AWSPermission admin',
      '   1 finding on this path: wl-privileged',
      '',
      '2. HIGH score 85  Compromised pod reaches a workload holding secrets  [lateral-to-secrets]',
      '   Deployment shop/web —reaches→ Deployment payments/api',
      '   Deployment payments/api —mounts-secret→ Secret payments/db',
      '   1 finding on this path: netpol-namespace-none',
      '',
      'Namespace payments',
    ]);
  });

  it('orders open findings by risk score, and shows the score and the paths each is on', () => {
    const text = render(sampleWithPaths());
    expect(headers(text.slice(text.indexOf('Namespace payments')))).toEqual([
      'Namespace payments',
      'Deployment shop/web  ./deploy/web.yaml:1',
      'Deployment payments/api  rendered/payments.yaml:118 (template payments/templates/deployment.yaml)',
      'ClusterRoleBinding ci-deployer  rbac/ci.yaml:1',
      'DaemonSet kube-system/aws-node  deploy\\addons\\aws-node.yaml:52',
      'Cluster cluster',
    ]);
    const lines = text.split('\n').map((line) => line.replace(/ {2,}/g, '  '));
    expect(lines).toContain('  risk 90 · attack path #2');
    expect(lines).toContain(
      '  risk 88 · attack path #1 · container app · spec.template.spec.containers[0].securityContext.privileged · line 31 · fix: Set privileged to false',
    );
    // A waived finding is not ranked by risk, and says nothing of it.
    expect(text).not.toMatch(/risk \d+ · container aws-vpc-cni-init/);
  });

  it('within a resource, puts the riskier open finding first whatever its severity', () => {
    const scan = sampleWithPaths();
    const limits = scan.results.find((entry) => entry.checkId === 'wl-limits-missing')!;
    limits.riskScore = 99;
    const lines = render(scan).split('\n');
    const start = lines.indexOf('Deployment shop/web  ./deploy/web.yaml:1');
    expect(lines[start + 1]).toMatch(/^ {2}MEDIUM +wl-limits-missing/);
    expect(lines[start + 3]).toMatch(/^ {2}CRITICAL +wl-privileged/);
  });

  it('lists at most maxPaths paths and says where the rest are; 0 leaves the section out', () => {
    const one = render(sampleWithPaths(), { maxPaths: 1 });
    expect(one.startsWith('Attack paths (1 of 2)\n')).toBe(true);
    expect(one).not.toContain('2. HIGH');
    expect(one).toContain('1 more attack path not listed: `eksguard paths` shows every path with its evidence.');
    const none = render(sampleWithPaths(), { maxPaths: 0 });
    expect(none).not.toContain('Attack paths (');
    expect(none.startsWith('Namespace payments\n')).toBe(true);
    // A finding still names its path even when the section does not list it.
    expect(one).toContain('risk 90 · attack path #2');
  });

  it('says when the graph found no path, and is silent when no graph was built', () => {
    const scan = sampleResult();
    scan.attackPaths = [];
    const text = render(scan);
    expect(text.startsWith('No attack paths found.\n\n')).toBe(true);
    expect(text).toContain('  Attack paths   0\n');
    expect(render()).not.toContain('ttack path');
  });

  it('says which queries stopped at their path limit', () => {
    const scan = sampleWithPaths();
    scan.attackPathLimitsReached = ['sa-escalation-to-cluster-admin'];
    expect(render(scan)).toContain('Query sa-escalation-to-cluster-admin stopped at its path limit: more such paths may exist.\n');
    expect(render(sampleWithPaths())).not.toContain('path limit');
  });

  it('says how many paths go through waived findings', () => {
    const scan = sampleWithPaths();
    scan.attackPathsWaived = 3;
    expect(render(scan)).toContain('3 more attack paths go through waived findings and are not listed.\n');
    const none = sampleResult();
    none.attackPaths = [];
    none.attackPathsWaived = 1;
    expect(render(none).startsWith('No attack paths found. (1 through waived findings not listed)\n')).toBe(true);
  });

  it('counts the paths by severity in the summary', () => {
    expect(render(sampleWithPaths())).toContain('  Passed         2 (not listed)\n  Attack paths   2 (critical 1 · high 1)\n');
  });

  it('shows control characters in node names and evidence instead of sending them to the terminal', () => {
    const scan = sampleWithPaths();
    const [path] = scan.attackPaths!;
    path!.steps[0]!.to = { kind: 'LoadBalancer', namespace: 'shop', name: 'evil\u001b[2J\nname' };
    path!.title = 'title\u0007';
    const text = render(scan);
    // eslint-disable-next-line no-control-regex -- asserting no control character but the line breaks
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(text).toContain('Internet —exposes→ LoadBalancer shop/evil\\x1B[2J\\x0Aname');
    expect(text).toContain('1. CRITICAL score 88  title\\x07  [internet-to-aws-admin]');
  });

  it('colours the path section only when asked', () => {
    const coloured = render(sampleWithPaths(), { color: true });
    expect(coloured).toMatch(ANSI);
    // eslint-disable-next-line no-control-regex -- stripping ANSI escape sequences
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(render(sampleWithPaths()));
  });
});

