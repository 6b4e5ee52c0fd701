/**
 * A local AWS endpoint for tests: one node:http server on 127.0.0.1 that answers every service
 * the collector calls in that service's own protocol (REST-JSON, JSON-RPC, query/XML, EC2
 * query), so the real AWS SDK v3 clients run against it unmodified. The service is told apart
 * by the SigV4 credential scope of the request, exactly the way AWS routes a signed request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { FakeAccount } from './account.js';
import { assumedCaller, FakeRoles, type FakeRole, type IssuedCredentials } from './roles.js';
import { FakeAwsError, type HandlerContext, type Input, type Output, type ServiceHandlers } from './handlers/common.js';
import { eksHandlers } from './handlers/eks.js';
import { iamHandlers, stsHandlers } from './handlers/iam.js';
import { ec2Handlers } from './handlers/ec2.js';
import {
  ecrHandlers,
  elbv2Handlers,
  guarddutyHandlers,
  inspector2Handlers,
  kmsHandlers,
  logsHandlers,
} from './handlers/account-services.js';
import { FAKE_SERVICES, PROTOCOLS, ioSchema, operationSchema, restRoutes, type FakeService } from './protocols.js';
import { escapeXml, toJsonValue, toXmlContent } from './wire/schema-writer.js';
import { fromJsonBody, fromQueryParams, fromRestRequest } from './wire/schema-reader.js';

const HANDLERS: Record<FakeService, ServiceHandlers> = {
  eks: eksHandlers,
  iam: iamHandlers,
  sts: stsHandlers,
  ec2: ec2Handlers,
  kms: kmsHandlers,
  logs: logsHandlers,
  guardduty: guarddutyHandlers,
  inspector2: inspector2Handlers,
  ecr: ecrHandlers,
  elasticloadbalancing: elbv2Handlers,
};

export interface FaultRule {
  operation: string;
  service?: FakeService;
  /** Only requests whose input this accepts; a string matches any top-level string field. */
  when?: string | ((input: Input) => boolean);
  code: string;
  message?: string;
  status?: number;
  /** How many matching requests fail; absent means every one. */
  times?: number;
}

export interface LoggedRequest {
  service: FakeService;
  /** The account that answered (several accounts: the one the access key id was issued for). */
  accountId: string;
  /** The region of the request's credential scope. */
  region: string;
  operation: string;
  input: Input;
  status: number;
  code?: string;
}

export interface FakeAwsOptions {
  account: FakeAccount;
  /** Largest page any list operation returns (default 2, so tests see pagination). */
  pageSize?: number;
  /** Delay added to every answer, to make a benchmark's concurrency visible. */
  latencyMs?: number;
  /**
   * Roles in other accounts (or this one) that sts:AssumeRole hands credentials for. With any,
   * the fake serves several accounts: a request is answered from the account its access key id
   * was issued for (`account` for any other key), and EKS from the credential scope's region.
   */
  roles?: FakeRole[];
  /** Requests this accepts are never answered (a hung endpoint); the connection stays open. */
  hang?: (request: { service: FakeService; operation: string; input: Input; accountId: string; region: string }) => boolean;
}

export interface FakeAws {
  /** Base URL for every service (the service is read from the request's signature). */
  readonly url: string;
  /** The same URL keyed by service, ready for the collector's `endpoints` option. */
  readonly endpoints: Record<FakeService, string>;
  readonly requests: LoggedRequest[];
  readonly account: FakeAccount;
  fail(rule: FaultRule): void;
  /** The service's own access-denied answer for an operation. */
  deny(operation: string, when?: FaultRule['when'], times?: number): void;
  /** The service's own throttling answer, `times` times (always when absent). */
  throttle(operation: string, times?: number, when?: FaultRule['when']): void;
  clearFaults(): void;
  /** Requests made for one operation (every attempt counts). */
  count(operation: string): number;
  /** Most requests the fake was answering at the same time. */
  readonly maxInFlight: number;
  /** Requests open right now (a hung one stays open until its client gives up on it). */
  readonly inFlight: number;
  /** The temporary credentials sts:AssumeRole issued, to check a signature made with them. */
  issued(accessKeyId: string): IssuedCredentials | undefined;
  close(): Promise<void>;
}

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function matchesWhen(when: FaultRule['when'], input: Input): boolean {
  if (when === undefined) return true;
  if (typeof when === 'function') return when(input);
  return Object.values(input).some((value) => value === when || (Array.isArray(value) && value.includes(when)));
}

interface Resolved {
  operation: string;
  input: Input;
  status: number;
}

function resolveRequest(service: FakeService, method: string, url: URL, headers: IncomingMessage['headers'], body: string): Resolved {
  const spec = PROTOCOLS[service];
  if (spec.protocol === 'restJson1') {
    for (const route of restRoutes(service)) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match || !route.literalQuery.every(([key, value]) => url.searchParams.get(key) === value)) continue;
      const labels = Object.fromEntries(route.labels.map((label, i) => [label, decodeURIComponent(match[i + 1] ?? '')]));
      const schema = operationSchema(service, route.operation);
      const http = schema && schema[3] ? (schema[3].http as [string, string, number]) : undefined;
      const parsed: unknown = body ? JSON.parse(body) : undefined;
      return {
        operation: route.operation,
        input: schema ? fromRestRequest(ioSchema(schema[4]), labels, url.searchParams, parsed) : {},
        status: http?.[2] ?? 200,
      };
    }
    throw new FakeAwsError('UnknownOperationException', `No operation matches ${method} ${url.pathname}`, 404);
  }
  if (spec.protocol === 'awsJson1_1') {
    const target = String(headers['x-amz-target'] ?? '');
    const [prefix, operation = ''] = target.split('.');
    const schema = operationSchema(service, operation);
    if (prefix !== spec.target || !schema) throw new FakeAwsError('UnknownOperationException', `Unknown target ${target}`, 400);
    return { operation, input: (fromJsonBody(ioSchema(schema[4]), body ? JSON.parse(body) : {}, false) as Input) ?? {}, status: 200 };
  }
  const params = new Map(new URLSearchParams(body).entries());
  const operation = params.get('Action') ?? '';
  const schema = operationSchema(service, operation);
  if (!schema) throw new FakeAwsError('InvalidAction', `Could not find operation ${operation}`, 400);
  return { operation, input: fromQueryParams(ioSchema(schema[4]), params, spec.protocol === 'ec2Query'), status: 200 };
}

function sendError(response: ServerResponse, service: FakeService | undefined, error: FakeAwsError, requestId: string): void {
  const protocol = service ? PROTOCOLS[service].protocol : 'restJson1';
  const status = error.status ?? 400;
  response.setHeader('x-amzn-requestid', requestId);
  if (protocol === 'awsQuery') {
    const type = status >= 500 ? 'Receiver' : 'Sender';
    response.writeHead(status, { 'content-type': 'text/xml' });
    response.end(
      `<ErrorResponse xmlns="${PROTOCOLS[service as FakeService].xmlns ?? ''}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>` +
        `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
    return;
  }
  if (protocol === 'ec2Query') {
    response.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
    response.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>` +
        `<Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
    );
    return;
  }
  const contentType = protocol === 'awsJson1_1' ? 'application/x-amz-json-1.1' : 'application/json';
  response.writeHead(status, { 'content-type': contentType, 'x-amzn-errortype': error.code });
  const body: Record<string, string> = { message: error.message };
  if (protocol === 'awsJson1_1') body.__type = error.code;
  response.end(JSON.stringify(body));
}

function sendOutput(response: ServerResponse, service: FakeService, operation: string, status: number, output: Output, requestId: string): void {
  const spec = PROTOCOLS[service];
  const schema = operationSchema(service, operation);
  const outputSchema = ioSchema(schema?.[5]);
  response.setHeader('x-amzn-requestid', requestId);
  if (spec.protocol === 'restJson1' || spec.protocol === 'awsJson1_1') {
    const body = toJsonValue(outputSchema, output, spec.protocol === 'restJson1') ?? {};
    response.writeHead(status, { 'content-type': spec.protocol === 'restJson1' ? 'application/json' : 'application/x-amz-json-1.1' });
    response.end(JSON.stringify(body));
    return;
  }
  const content = toXmlContent(outputSchema, output) ?? '';
  response.writeHead(200, { 'content-type': 'text/xml' });
  if (spec.protocol === 'ec2Query') {
    response.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${spec.xmlns ?? ''}"><requestId>${requestId}</requestId>${content}</${operation}Response>`,
    );
    return;
  }
  response.end(
    `<${operation}Response xmlns="${spec.xmlns ?? ''}"><${operation}Result>${content}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
  );
}

export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const pageSize = options.pageSize ?? 2;
  const roles = new FakeRoles(options.roles ?? [], () => options.account.caller.Arn);
  const multiAccount = (options.roles ?? []).length > 0;
  // One view per session, so the handlers' per-account indexes are built once.
  const sessionAccounts = new Map<string, FakeAccount>();
  const sessionAccount = (session: IssuedCredentials): FakeAccount => {
    let account = sessionAccounts.get(session.accessKeyId);
    if (!account) sessionAccounts.set(session.accessKeyId, (account = { ...session.account, caller: assumedCaller(session) }));
    return account;
  };
  const requests: LoggedRequest[] = [];
  let faults: FaultRule[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((request, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on('close', () => {
      inFlight -= 1;
    });
    void (async () => {
      const requestId = randomUUID();
      const body = await readBody(request);
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      const [, accessKeyId, region = '', scope] = SCOPE.exec(String(request.headers.authorization ?? '')) ?? [];
      const service = FAKE_SERVICES.find((name) => name === scope);
      const session = roles.lookup(accessKeyId);
      const account = session ? sessionAccount(session) : options.account;
      const context: HandlerContext = { account, pageSize, roles, ...(multiAccount ? { region } : {}) };
      const accountId = account.accountId;
      if (!service) {
        sendError(response, undefined, new FakeAwsError('MissingAuthenticationTokenException', 'Missing or unknown SigV4 credential scope', 403), requestId);
        return;
      }
      let resolved: Resolved | undefined;
      try {
        resolved = resolveRequest(service, request.method ?? 'GET', new URL(request.url ?? '/', 'http://fake'), request.headers, body);
        const { operation, input } = resolved;
        if (options.hang?.({ service, operation, input, accountId, region })) return;
        const fault = faults.find((rule) => rule.operation === operation && (!rule.service || rule.service === service) && matchesWhen(rule.when, input));
        if (fault) {
          if (fault.times !== undefined && (fault.times -= 1) <= 0) faults = faults.filter((rule) => rule !== fault);
          throw new FakeAwsError(fault.code, fault.message ?? `Rate exceeded or denied (${fault.code})`, fault.status ?? 400);
        }
        const handler = HANDLERS[service][operation];
        if (!handler) throw new FakeAwsError('NotImplemented', `The fake does not implement ${service}:${operation}`, 501);
        const output = handler(input, context);
        requests.push({ service, accountId, region, operation, input, status: resolved.status });
        sendOutput(response, service, operation, resolved.status, output, requestId);
      } catch (caught) {
        const error = caught instanceof FakeAwsError ? caught : new FakeAwsError('InternalFailure', String(caught), 500);
        requests.push({ service, accountId, region, operation: resolved?.operation ?? '?', input: resolved?.input ?? {}, status: error.status ?? 400, code: error.code });
        sendError(response, service, error, requestId);
      }
    })();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const callerArn = options.account.caller.Arn;

  const fake: FakeAws = {
    url,
    endpoints: Object.fromEntries(FAKE_SERVICES.map((service) => [service, url])) as Record<FakeService, string>,
    requests,
    account: options.account,
    fail: (rule) => {
      faults.push({ ...rule });
    },
    deny: (operation, when, times) => {
      const service = FAKE_SERVICES.find((name) => operationSchema(name, operation) && HANDLERS[name][operation]);
      if (!service) throw new Error(`no fake service implements ${operation}`);
      const { code, status } = PROTOCOLS[service].deny;
      fake.fail({
        operation,
        service,
        when,
        times,
        code,
        status,
        message: `User: ${callerArn} is not authorized to perform: ${service}:${operation} because no identity-based policy allows the ${service}:${operation} action`,
      });
    },
    throttle: (operation, times, when) => {
      const service = FAKE_SERVICES.find((name) => operationSchema(name, operation) && HANDLERS[name][operation]);
      if (!service) throw new Error(`no fake service implements ${operation}`);
      const { code, status } = PROTOCOLS[service].throttle;
      fake.fail({ operation, service, when, times, code, status, message: 'Rate exceeded' });
    },
    clearFaults: () => {
      faults = [];
    },
    count: (operation) => requests.filter((entry) => entry.operation === operation).length,
    get maxInFlight() {
      return maxInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    issued: (accessKeyId) => roles.lookup(accessKeyId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}
