import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FleetConfigError, parseFleetConfig, type FleetConfig } from './config.js';

const GOOD = `# accounts to scan
regions: [eu-west-1, us-east-1]
accounts:
  - id: "111122223333"            # the caller's own account
  - id: 222233334444
    roleArn: arn:aws:iam::222233334444:role/eksguard-reader
    externalId: fleet-7f3a
    regions: [eu-central-1]
  - id: "012345678901"
    roleArn: arn:aws:iam::012345678901:role/audit/eksguard-reader
    sessionName: nightly-audit
clusters:
  include: ["prod-*", "pay?"]
  exclude: ["*-sandbox"]
  tags:
    environment: [prod, staging]
    team: platform
scan:
  concurrency: 8
  timeoutSeconds: 300
  retries: 1
  failOn: critical
  checks: [rbac-*, wl-privileged]
`;

function errors(text: string): string[] {
  try {
    parseFleetConfig(text, 'fleet.yaml');
  } catch (error) {
    if (error instanceof FleetConfigError) return error.issues.map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error('no error');
}

describe('parseFleetConfig', () => {
  it('reads every field, with defaults for what is left out', () => {
    const config = parseFleetConfig(GOOD, 'fleet.yaml');
    expect(config).toEqual<FleetConfig>({
      accounts: [
        { id: '111122223333', sessionName: 'eksguard-fleet', regions: ['eu-west-1', 'us-east-1'] },
        { id: '222233334444', roleArn: 'arn:aws:iam::222233334444:role/eksguard-reader', externalId: 'fleet-7f3a', sessionName: 'eksguard-fleet', regions: ['eu-central-1'] },
        { id: '012345678901', roleArn: 'arn:aws:iam::012345678901:role/audit/eksguard-reader', sessionName: 'nightly-audit', regions: ['eu-west-1', 'us-east-1'] },
      ],
      clusters: { include: ['prod-*', 'pay?'], exclude: ['*-sandbox'], tags: { environment: ['prod', 'staging'], team: ['platform'] } },
      scan: { concurrency: 8, timeoutSeconds: 300, retries: 1, failOn: 'critical', checks: ['rbac-*', 'wl-privileged'] },
    });
    const minimal = parseFleetConfig('accounts:\n  - id: "111122223333"\n    regions: [eu-west-1]\n', 'f.yaml');
    expect(minimal.scan).toEqual({ concurrency: 4, timeoutSeconds: 600, retries: 2 });
    expect(minimal.clusters).toEqual({ include: [], exclude: [], tags: {} });
  });

  it('names the line, column and path of every bad value, all at once', () => {
    const text = [
      'regions: [eu-west-1, Europe]', // 1
      'accounts:', // 2
      '  - id: 12345', // 3
      '  - id: "222233334444"', // 4
      '    roleArn: arn:aws:iam::999999999999:role/x', // 5
      '    exernalId: abc', // 6
      '  - id: "222233334444"', // 7
      '    externalId: "x"', // 8
      'clusters:', // 9
      '  exclude: prod', // 10
      'scan:', // 11
      '  concurrency: 0', // 12
      '  failOn: severe', // 13
      '  retries: [1]', // 14
      'extra: 1', // 15
    ].join('\n');
    expect(errors(text)).toEqual([
      '1:22 regions[1]: must be an AWS region such as eu-west-1, not "Europe"',
      '3:9 accounts[0].id: must be a 12-digit AWS account id (quote it if it starts with 0), not "12345"',
      '5:14 accounts[1].roleArn: names account 999999999999, not the account\'s id 222233334444',
      '6:5 accounts[1].exernalId: unknown key "exernalId" (expected one of: id, roleArn, externalId, sessionName, regions)',
      '7:5 accounts[2].id: account 222233334444 is listed twice (also accounts[1])',
      '8:5 accounts[2].externalId: needs a roleArn: an external id is sent when assuming a role',
      '8:17 accounts[2].externalId: must be 2 to 1224 characters of letters, digits and +=,.@:/-, not "x"',
      '10:12 clusters.exclude: must be a list',
      '12:16 scan.concurrency: must be a whole number from 1 to 64, not "0"',
      '13:11 scan.failOn: must be critical, high, medium, low, info or none, not "severe"',
      '14:12 scan.retries: must be a single value, not a list or mapping',
      '15:1 extra: unknown key "extra" (expected one of: accounts, regions, clusters, scan)',
    ]);
  });

  it('says where the YAML itself is broken, and what is missing', () => {
    expect(errors('accounts: [\n  - id: 1\n')[0]).toMatch(/^\d+:\d+ : /);
    expect(errors('accounts:\n  - id: "111122223333"\n')).toEqual(['2:5 accounts[0]: has no regions: list them here or in the top-level regions']);
    expect(errors('regions: [eu-west-1]\n')).toEqual(['1:1 accounts: must list at least one account']);
    expect(errors('- a\n- b\n')).toEqual(['1:1 (document): must be a mapping of keys to values']);
    expect(errors('regions: [eu-west-1]\naccounts:\n  - id: "111122223333"\nscan: {}\nscan: {}\n')[0]).toMatch(/^5:1 : Map keys must be unique/);
  });

  it('stands hostile input: alias bombs, huge files, odd scalars', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i += 1) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    bomb.push('regions: *i', 'accounts:\n  - id: "111122223333"');
    const started = Date.now();
    const issues = errors(bomb.join('\n'));
    expect(Date.now() - started).toBeLessThan(5000);
    // Nine levels of ten aliases (10^9 values if expanded) are read without expanding them.
    expect(issues.filter((issue) => issue.includes(' regions['))).toEqual(Array.from({ length: 10 }, (_, i) => `8:7 regions[${i}]: must be a single value, not a list or mapping`));

    expect(errors(`accounts: []\nx: "${'y'.repeat(1_000_001)}"`)).toEqual(['1:1 : is larger than 1000000 bytes']);
    expect(errors('regions: [eu-west-1]\naccounts:\n  - id: "111122223333"\n    sessionName: "a b"\n')).toEqual([
      '4:18 accounts[0].sessionName: must be 2 to 64 characters of letters, digits and +=,.@-, not "a b"',
    ]);
    expect(errors('regions: [eu-west-1]\naccounts:\n  - id: "111122223333"\nclusters:\n  tags:\n    "bad\\u0000key": x\n    env: []\n')).toEqual([
      '6:5 clusters.tags.bad\u0000key: is not a valid EKS tag key (1 to 128 letters, digits, spaces and _.:/=+-@)',
      '7:10 clusters.tags.env: must name at least one value',
    ]);
    // A tag key that names an Object.prototype member is a tag like any other, never the prototype.
    expect(parseFleetConfig('regions: [eu-west-1]\naccounts:\n  - id: "111122223333"\nclusters:\n  tags:\n    __proto__: x\n', 'f').clusters.tags).toEqual(
      Object.fromEntries([['__proto__', ['x']]]),
    );
    // The failsafe schema keeps every scalar as written: `yes` is a string, never a boolean.
    expect(parseFleetConfig('regions: [eu-west-1]\naccounts:\n  - id: "111122223333"\nclusters:\n  tags: { enabled: yes }\n', 'f').clusters.tags).toEqual({ enabled: ['yes'] });
  });

  it('follows aliases for shared region lists', () => {
    const config = parseFleetConfig('regions: &eu [eu-west-1, eu-central-1]\naccounts:\n  - id: "111122223333"\n  - id: "222233334444"\n    roleArn: arn:aws:iam::222233334444:role/r\n    regions: *eu\n', 'f');
    expect(config.accounts.map((account) => account.regions)).toEqual([['eu-west-1', 'eu-central-1'], ['eu-west-1', 'eu-central-1']]);
  });

  it('keeps each account in one AWS partition, the role\'s', () => {
    const china = parseFleetConfig('accounts:\n  - id: "111122223333"\n    roleArn: arn:aws-cn:iam::111122223333:role/reader\n    regions: [cn-north-1, cn-northwest-1]\n', 'f');
    expect(china.accounts[0]?.regions).toEqual(['cn-north-1', 'cn-northwest-1']);
    const gov = parseFleetConfig('accounts:\n  - id: "111122223333"\n    roleArn: arn:aws-us-gov:iam::111122223333:role/reader\n    regions: [us-gov-west-1]\n', 'f');
    expect(gov.accounts[0]?.roleArn).toBe('arn:aws-us-gov:iam::111122223333:role/reader');
    expect(parseFleetConfig('accounts:\n  - id: "111122223333"\n    roleArn: arn:aws-iso-f:iam::111122223333:role/r\n    regions: [us-isof-south-1]\n', 'f').accounts).toHaveLength(1);
    // sts:AssumeRole of an aws-cn role through a commercial region's STS is refused by AWS.
    expect(errors('regions: [eu-west-1]\naccounts:\n  - id: "111122223333"\n    roleArn: arn:aws-cn:iam::111122223333:role/reader\n')).toEqual([
      '4:14 accounts[0].roleArn: is in partition aws-cn, but the account\'s regions are in aws (eu-west-1)',
    ]);
    expect(errors('accounts:\n  - id: "111122223333"\n    regions: [eu-west-1, cn-north-1, us-gov-east-1]\n')).toEqual([
      '3:14 accounts[0].regions: mixes AWS partitions (aws: eu-west-1; aws-cn: cn-north-1; aws-us-gov: us-gov-east-1): an account lives in one partition, list the others as accounts of their own',
    ]);
  });

  it('takes the caller\'s own credentials for one account only', () => {
    expect(errors('regions: [eu-west-1]\naccounts:\n  - id: "111122223333"\n  - id: "222233334444"\n')).toEqual([
      '4:5 accounts[1]: has no roleArn, like accounts[0]: the caller\'s own credentials reach one account only; give it a role to assume',
    ]);
  });

  it('formats the error with the file name for the CLI', () => {
    expect(() => parseFleetConfig('accounts: 1\n', 'conf/fleet.yaml')).toThrow('conf/fleet.yaml: 1 error:\n  conf/fleet.yaml:1:11: accounts: must be a list');
  });
});

describe('examples/fleet/fleet.yaml', () => {
  it('is a valid fleet file', () => {
    const text = readFileSync(new URL('../../examples/fleet/fleet.yaml', import.meta.url), 'utf8');
    const config = parseFleetConfig(text, 'examples/fleet/fleet.yaml');
    expect(config.accounts.map((account) => [account.id, account.roleArn !== undefined, account.regions])).toEqual([
      ['111122223333', false, ['eu-west-1', 'us-east-1']],
      ['222233334444', true, ['eu-west-1', 'us-east-1']],
      ['444455556666', true, ['eu-central-1']],
    ]);
  });
});
