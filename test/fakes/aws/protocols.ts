/**
 * The wire protocol of each service the collector calls, as its Smithy model declares it, with
 * the SDK module whose schemas describe its operations.
 */
import * as cloudwatchLogs from '@aws-sdk/client-cloudwatch-logs';
import * as ec2 from '@aws-sdk/client-ec2';
import * as ecr from '@aws-sdk/client-ecr';
import * as eks from '@aws-sdk/client-eks';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as guardduty from '@aws-sdk/client-guardduty';
import * as iam from '@aws-sdk/client-iam';
import * as inspector2 from '@aws-sdk/client-inspector2';
import * as kms from '@aws-sdk/client-kms';
import * as sts from '@aws-sdk/client-sts';
import type { NormalizedSchema } from '@smithy/core/schema';

export type FakeService =
  | 'eks'
  | 'iam'
  | 'sts'
  | 'ec2'
  | 'kms'
  | 'logs'
  | 'guardduty'
  | 'inspector2'
  | 'ecr'
  | 'elasticloadbalancing';

export const FAKE_SERVICES: readonly FakeService[] = [
  'eks',
  'iam',
  'sts',
  'ec2',
  'kms',
  'logs',
  'guardduty',
  'inspector2',
  'ecr',
  'elasticloadbalancing',
];

export type Protocol = 'restJson1' | 'awsJson1_1' | 'awsQuery' | 'ec2Query';

export interface ProtocolSpec {
  protocol: Protocol;
  /** The SDK package's exports: `<Operation>$` are the operation schemas. */
  module: Record<string, unknown>;
  /** awsQuery/ec2Query: the response document namespace. */
  xmlns?: string;
  /** awsJson1_1: the `X-Amz-Target` prefix. */
  target?: string;
  /** HTTP status and code the service answers with when it throttles or denies. */
  throttle: { code: string; status: number };
  deny: { code: string; status: number };
}

export const PROTOCOLS: Record<FakeService, ProtocolSpec> = {
  eks: {
    protocol: 'restJson1',
    module: eks,
    throttle: { code: 'ThrottlingException', status: 429 },
    deny: { code: 'AccessDeniedException', status: 403 },
  },
  guardduty: {
    protocol: 'restJson1',
    module: guardduty,
    throttle: { code: 'ThrottlingException', status: 429 },
    deny: { code: 'AccessDeniedException', status: 403 },
  },
  inspector2: {
    protocol: 'restJson1',
    module: inspector2,
    throttle: { code: 'ThrottlingException', status: 429 },
    deny: { code: 'AccessDeniedException', status: 403 },
  },
  kms: {
    protocol: 'awsJson1_1',
    module: kms,
    target: 'TrentService',
    throttle: { code: 'ThrottlingException', status: 400 },
    deny: { code: 'AccessDeniedException', status: 400 },
  },
  logs: {
    protocol: 'awsJson1_1',
    module: cloudwatchLogs,
    target: 'Logs_20140328',
    throttle: { code: 'ThrottlingException', status: 400 },
    deny: { code: 'AccessDeniedException', status: 400 },
  },
  ecr: {
    protocol: 'awsJson1_1',
    module: ecr,
    target: 'AmazonEC2ContainerRegistry_V20150921',
    throttle: { code: 'ThrottlingException', status: 400 },
    deny: { code: 'AccessDeniedException', status: 400 },
  },
  iam: {
    protocol: 'awsQuery',
    module: iam,
    xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
    throttle: { code: 'Throttling', status: 400 },
    deny: { code: 'AccessDenied', status: 403 },
  },
  sts: {
    protocol: 'awsQuery',
    module: sts,
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    throttle: { code: 'Throttling', status: 400 },
    deny: { code: 'AccessDenied', status: 403 },
  },
  elasticloadbalancing: {
    protocol: 'awsQuery',
    module: elbv2,
    xmlns: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
    throttle: { code: 'Throttling', status: 400 },
    deny: { code: 'AccessDenied', status: 403 },
  },
  ec2: {
    protocol: 'ec2Query',
    module: ec2,
    xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
    throttle: { code: 'RequestLimitExceeded', status: 503 },
    deny: { code: 'UnauthorizedOperation', status: 403 },
  },
};

/** `[9, namespace, name, traits, input, output]`, as the SDK packages export them. */
export type OperationSchema = [number, string, string, Record<string, unknown> | 0, unknown, unknown];

export function operationSchema(service: FakeService, operation: string): OperationSchema | undefined {
  const schema = PROTOCOLS[service].module[`${operation}$`];
  return Array.isArray(schema) && schema[0] === 9 ? (schema as OperationSchema) : undefined;
}

export type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

/** Operation schemas hold their input and output lazily, as thunks. */
export function ioSchema(ref: unknown): SchemaRef {
  return (typeof ref === 'function' ? (ref as () => unknown)() : ref) as SchemaRef;
}

interface RestRoute {
  operation: string;
  method: string;
  pattern: RegExp;
  labels: string[];
  literalQuery: Array<[string, string]>;
  literalSegments: number;
}

const routeCache = new Map<FakeService, RestRoute[]>();

/** REST routes from each operation's `http` trait (`GET /clusters/{name}/node-groups`). */
export function restRoutes(service: FakeService): RestRoute[] {
  const cached = routeCache.get(service);
  if (cached) return cached;
  const routes: RestRoute[] = [];
  for (const [key, value] of Object.entries(PROTOCOLS[service].module)) {
    if (!key.endsWith('$') || !Array.isArray(value) || value[0] !== 9) continue;
    const traits = (value as OperationSchema)[3];
    const http = traits && (traits.http as [string, string, number] | undefined);
    if (!http) continue;
    const [method, uri] = http;
    const [path = '', query = ''] = uri.split('?');
    const labels: string[] = [];
    let literalSegments = 0;
    const source = path
      .split('/')
      .map((segment) => {
        const label = /^\{(\w+)(\+?)\}$/.exec(segment);
        if (!label) {
          if (segment) literalSegments += 1;
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        }
        labels.push(label[1] as string);
        return label[2] ? '(.+)' : '([^/]+)';
      })
      .join('/');
    const literalQuery = [...new URLSearchParams(query).entries()];
    routes.push({ operation: key.slice(0, -1), method, pattern: new RegExp(`^${source}/?$`), labels, literalQuery, literalSegments });
  }
  routes.sort((a, b) => b.literalSegments - a.literalSegments);
  routeCache.set(service, routes);
  return routes;
}
