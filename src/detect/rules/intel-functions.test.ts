import { describe, expect, it } from 'vitest';
import { IntelIndex, parseIntelList } from '../intel/index.js';
import { loadBuiltinRules } from './builtin.js';
import { RuleEngine } from './engine.js';
import { isPublicIp } from './intel-functions.js';
import { loadRules, type RuleSource } from './load-rules.js';
import { BUILTIN_TEST_INTEL, INTEL_CASES } from './test-support/intel-cases.js';

const INTEL = IntelIndex.build([
  { name: 'malicious', ranges: parseIntelList('198.51.100.0/24\n', 'bad.txt').ranges },
  { name: 'tor', ranges: parseIntelList('185.220.101.7\n198.51.100.200\n', 'tor.txt').ranges },
]);

const RULES: RuleSource = {
  file: 'intel.yaml',
  text: `
rules:
  - id: ct-listed
    title: Call from a listed IP
    description: Any CloudTrail call from an address on a threat list.
    severity: high
    mitre: { tactic: initial-access, technique: T1078.004 }
    source: cloudtrail
    condition: intel_lists(event.?sourceIPAddress.orValue("")).size() > 0
    output: '{event.eventName} from {event.sourceIPAddress} (lists {intel_lists(event.sourceIPAddress)})'
  - id: k8s-tor
    title: Audit request from Tor
    description: An API server request from a Tor exit node.
    severity: high
    mitre: { tactic: initial-access, technique: T1078 }
    source: k8s-audit
    condition: '"tor" in intel_lists(event.?sourceIPs.orValue([]))'
    output: '{event.verb} from {event.sourceIPs} (lists {intel_lists(event.sourceIPs)})'
`,
};

const record = (sourceIPAddress: unknown) => ({ kind: 'cloudtrail' as const, record: { eventTime: '2025-05-12T10:00:00Z', eventSource: 'eks.amazonaws.com', eventName: 'ListClusters', sourceIPAddress }, file: 't', line: 1 });
const audit = (sourceIPs: unknown) => ({
  kind: 'k8s-audit' as const,
  event: { kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'a', stage: 'ResponseComplete' as const, requestURI: '/api/v1/pods', verb: 'list', user: { username: 'x' }, sourceIPs },
  file: 't',
  line: 1,
});

describe('intel functions in rules', () => {
  const loaded = loadRules([RULES], { intel: INTEL });
  const engine = new RuleEngine(loaded.rules);

  it('compile', () => expect(loaded.errors).toEqual([]));

  it('alert on a listed address and name the matching lists', () => {
    const alerts = engine.evaluate(record('198.51.100.200') as never);
    expect(alerts.map((alert) => alert.output)).toEqual(['ListClusters from 198.51.100.200 (lists malicious,tor)']);
    expect(engine.evaluate(audit(['10.0.0.1', '185.220.101.7']) as never).map((alert) => alert.output)).toEqual(['list from 10.0.0.1,185.220.101.7 (lists tor)']);
  });

  it('stay silent for unlisted, non-address and oddly typed values, without errors', () => {
    for (const ip of ['198.51.101.1', 'eks.amazonaws.com', 'AWS Internal', 42, null, { ip: '198.51.100.1' }]) expect(engine.evaluate(record(ip) as never), JSON.stringify(ip)).toEqual([]);
    expect(engine.evaluate(audit(['198.51.100.1']) as never)).toEqual([]);
    expect(engine.evaluate(audit('185.220.101.7') as never)).toHaveLength(1);
    expect(engine.evaluate(audit([7, { ip: '185.220.101.7' }]) as never)).toEqual([]);
    expect(engine.stats.errors).toBe(0);
  });

  it('are silent without intel lists', () => {
    const silent = new RuleEngine(loadRules([RULES]).rules);
    expect(silent.evaluate(record('198.51.100.200') as never)).toEqual([]);
  });

  it('reject an unknown template function, naming it', () => {
    const bad = loadRules([{ file: 'bad.yaml', text: RULES.text.replace('{intel_lists(event.sourceIPAddress)}', '{geo(event.sourceIPAddress)}') }]);
    expect(bad.errors.map((error) => error.message)).toEqual(['unknown function geo() in {geo(event.sourceIPAddress)} (known: intel_lists)']);
  });
});

describe('isPublicIp', () => {
  it('tells public addresses from private, internal and non-addresses', () => {
    for (const ip of ['198.51.100.77', '203.0.113.45', '8.8.8.8', '2001:db8::1', '2600:1f18::1', '100.128.0.1']) expect(isPublicIp(ip), ip).toBe(true);
    for (const ip of ['10.0.12.7', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '127.0.0.1', '169.254.169.254', 'fd00:ec2::254', 'fe80::1', '::1', '::ffff:10.0.0.1', 'AWS Internal', 'eks.amazonaws.com', '10.0.0.0/8', 7]) {
      expect(isPublicIp(ip), String(ip)).toBe(false);
    }
  });
});

describe('isPublicIp on special-purpose ranges', () => {
  it('is false for IANA ranges that never come from the Internet', () => {
    const special = [
      '192.0.0.8', // IETF protocol assignments 192.0.0.0/24
      '198.18.0.1', // benchmarking 198.18.0.0/15
      '198.19.255.254',
      '240.0.0.1', // reserved 240.0.0.0/4
      '255.255.255.255', // limited broadcast
      '100::1', // discard-only 100::/64
      '2001:2::5', // benchmarking 2001:2::/48
      '64:ff9b:1::a00:1', // local-use IPv4/IPv6 translation 64:ff9b:1::/48
      '64:ff9b::10.0.0.1', // NAT64 of a private IPv4 address
      '64:ff9b::127.0.0.1',
      '5f00::1', // SRv6 SIDs 5f00::/16
      'fc00::1',
      'fe80::1',
      '::ffff:198.18.0.1',
    ];
    for (const ip of special) expect(isPublicIp(ip), ip).toBe(false);
  });

  it('is true for NAT64 of a public IPv4 address, and for documentation ranges, which stand for Internet addresses in examples', () => {
    for (const ip of ['64:ff9b::8.8.8.8', '64:ff9b::c633:644d', '192.0.2.10', '198.51.100.77', '203.0.113.45', '2001:db8:4000::17', '::ffff:203.0.113.9']) {
      expect(isPublicIp(ip), ip).toBe(true);
    }
  });
});

describe('built-in threat-intel rules', () => {
  const loaded = loadBuiltinRules([], { intel: BUILTIN_TEST_INTEL });
  const intelRules = loaded.rules.filter((rule) => rule.file === 'builtin/threat-intel.yaml');

  it('name the matching lists in their output', () => {
    const engine = new RuleEngine(intelRules);
    for (const [id, cases] of Object.entries(INTEL_CASES)) {
      for (const input of cases.positive) {
        const output = [input].flat().flatMap((event) => engine.evaluate(event)).find((alert) => alert.ruleId === id)?.output ?? '';
        expect(output, id).toMatch(/listed in (malicious|tor)$/);
      }
    }
  });

  it('prefilter IAM/EKS access changes on exactly the events of their list', () => {
    const rule = intelRules.find((r) => r.id === 'ct-listed-ip-access-change');
    expect(rule?.match?.eventNames).toEqual(loaded.lists.get('iam_eks_access_events'));
  });

  it('are silent without intel lists', () => {
    const engine = new RuleEngine(loadBuiltinRules().rules.filter((rule) => rule.file === 'builtin/threat-intel.yaml'));
    for (const cases of Object.values(INTEL_CASES)) for (const input of cases.positive.flat()) expect(engine.evaluate(input)).toEqual([]);
  });
});
