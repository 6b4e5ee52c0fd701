/**
 * Lowest TLS version an Elastic Load Balancing predefined security policy accepts, from the
 * names AWS documents for ALB, NLB and Classic ELB. Names encode it since 2017
 * (`ELBSecurityPolicy-TLS-1-2-2017-01`, `-TLS13-1-2-2021-06`, `-FS-1-1-2019-08`); older
 * dated policies accept TLS 1.0.
 */

export type TlsVersion = '1.0' | '1.1' | '1.2' | '1.3';

/**
 * The default of the AWS Load Balancer Controller (`--default-ssl-policy`), of the in-tree
 * cloud provider's Classic ELB and NLB, and of listeners created through the API.
 */
export const AWS_DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

export const RECOMMENDED_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

const DATED_TLS10 = new Set([
  'ELBSecurityPolicy-2016-08',
  'ELBSecurityPolicy-2015-05',
  'ELBSecurityPolicy-2015-03',
  'ELBSecurityPolicy-2015-02',
  'ELBSecurityPolicy-2014-10',
  'ELBSecurityPolicy-2014-01',
  'ELBSecurityPolicy-2011-08',
  'ELBSecurityPolicy-FS-2018-06',
  'ELBSample-ELBDefaultNegotiationPolicy',
  'ELBSample-OpenSSLDefaultNegotiationPolicy',
]);

/** Undefined for a name that is not a known predefined policy (a custom CLB policy, a typo). */
export function minimumTlsVersion(policy: string): TlsVersion | undefined {
  const name = policy.trim();
  if (DATED_TLS10.has(name)) return '1.0';
  const encoded = /^ELBSecurityPolicy-(?:TLS13-|TLS-|FS-)1-([0-3])-/.exec(name);
  if (!encoded) return undefined;
  return `1.${encoded[1]}` as TlsVersion;
}

export function acceptsLegacyTls(policy: string): boolean | undefined {
  const version = minimumTlsVersion(policy);
  return version === undefined ? undefined : version === '1.0' || version === '1.1';
}
