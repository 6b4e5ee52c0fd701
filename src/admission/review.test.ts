import { describe, expect, it } from 'vitest';
import { admissionResponse, limitWarnings, MAX_WARNING_CHARS, MAX_WARNINGS, parseAdmissionReview } from './review.js';
import { copyOf, DEPLOYMENT_UPDATE, POD_CREATE, POD_EXEC_CONNECT, REPLICASET_DELETE, SERVICE_CREATE_DRY_RUN } from './test-support/admission-reviews.js';

const bodyOf = (value: unknown): Buffer => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('parseAdmissionReview', () => {
  it('reads a Pod CREATE as the API server sends it', () => {
    const parsed = parseAdmissionReview(bodyOf(POD_CREATE));
    expect(parsed).toEqual({
      review: {
        uid: POD_CREATE.request.uid,
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        namespace: 'shop',
        name: 'debug',
        operation: 'CREATE',
        userInfo: POD_CREATE.request.userInfo,
        object: POD_CREATE.request.object,
        dryRun: false,
      },
    });
  });

  it('reads an UPDATE with both objects, a DELETE with only the old one, a CONNECT with its subresource', () => {
    const update = parseAdmissionReview(bodyOf(DEPLOYMENT_UPDATE));
    expect('review' in update && update.review.object).toEqual(DEPLOYMENT_UPDATE.request.object);
    expect('review' in update && update.review.oldObject).toEqual(DEPLOYMENT_UPDATE.request.oldObject);
    expect('review' in update && update.review.kind).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });

    const deleted = parseAdmissionReview(bodyOf(REPLICASET_DELETE));
    if (!('review' in deleted)) throw new Error('DELETE not read');
    expect(deleted.review.operation).toBe('DELETE');
    expect(deleted.review.object).toBeUndefined();
    expect(deleted.review.oldObject).toEqual(REPLICASET_DELETE.request.oldObject);
    expect(deleted.review.userInfo).toEqual(REPLICASET_DELETE.request.userInfo);

    const connect = parseAdmissionReview(bodyOf(POD_EXEC_CONNECT));
    if (!('review' in connect)) throw new Error('CONNECT not read');
    expect(connect.review.subResource).toBe('exec');
    expect(connect.review.operation).toBe('CONNECT');
  });

  it('reads dryRun, and takes a missing one as false', () => {
    const dry = parseAdmissionReview(bodyOf(SERVICE_CREATE_DRY_RUN));
    expect('review' in dry && dry.review.dryRun).toBe(true);
    const review = copyOf(POD_CREATE) as { request: Record<string, unknown> };
    delete review.request.dryRun;
    const parsed = parseAdmissionReview(bodyOf(review));
    expect('review' in parsed && parsed.review.dryRun).toBe(false);
  });

  it('takes empty name and namespace as absent, as the API server omits them', () => {
    const review = copyOf(POD_CREATE) as { request: Record<string, unknown> };
    review.request.name = '';
    delete review.request.namespace;
    const parsed = parseAdmissionReview(bodyOf(review));
    if (!('review' in parsed)) throw new Error('not read');
    expect(parsed.review).not.toHaveProperty('name');
    expect(parsed.review).not.toHaveProperty('namespace');
  });

  it.each([
    ['malformed JSON', '{"apiVersion": "admission.k8s.io/v1",', 'body is not valid JSON'],
    ['a JSON array', '[]', 'body must be a JSON object (an AdmissionReview)'],
    ['v1beta1', { ...POD_CREATE, apiVersion: 'admission.k8s.io/v1beta1' }, 'apiVersion must be admission.k8s.io/v1; list only "v1" in admissionReviewVersions'],
    ['another kind', { ...POD_CREATE, kind: 'TokenReview' }, 'kind must be AdmissionReview'],
    ['no request', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, 'request must be an object'],
    ['a request list', { ...POD_CREATE, request: [POD_CREATE.request] }, 'request must be an object'],
    ['no uid', { ...POD_CREATE, request: { ...POD_CREATE.request, uid: undefined } }, 'request.uid must be a non-empty string of at most 256 printable characters'],
    ['a numeric uid', { ...POD_CREATE, request: { ...POD_CREATE.request, uid: 42 } }, 'request.uid must be a non-empty string of at most 256 printable characters'],
    ['a uid with a newline', { ...POD_CREATE, request: { ...POD_CREATE.request, uid: 'a\nb' } }, 'request.uid must be a non-empty string of at most 256 printable characters'],
    ['a huge uid', { ...POD_CREATE, request: { ...POD_CREATE.request, uid: 'u'.repeat(10_000) } }, 'request.uid must be a non-empty string of at most 256 printable characters'],
  ])('answers HTTP 400 to %s: there is no uid to answer to', (_case, body, error) => {
    expect(parseAdmissionReview(bodyOf(body))).toEqual({ error, status: 400 });
  });

  const uid = POD_CREATE.request.uid;
  it.each([
    ['an object that is a string', { object: '{"kind":"Pod"}' }, 'request.object must be an object or null'],
    ['an object that is a list', { object: [] }, 'request.object must be an object or null'],
    ['a CREATE without object', { object: null }, 'request.object is required for CREATE'],
    ['an unknown operation', { operation: 'PATCH' }, 'request.operation must be one of CREATE, UPDATE, DELETE, CONNECT'],
    ['a string dryRun', { dryRun: 'true' }, 'request.dryRun must be a boolean'],
    ['a kind without version', { kind: { group: '', kind: 'Pod' } }, 'request.kind.version must be a non-empty string'],
    ['a resource that is a string', { resource: 'pods' }, 'request.resource must be an object'],
    ['no userInfo', { userInfo: undefined }, 'request.userInfo must be an object'],
    ['groups that are not strings', { userInfo: { username: 'a', groups: ['x', 1] } }, 'request.userInfo.groups must be a list of strings'],
    ['extra values that are not lists', { userInfo: { username: 'a', extra: { arn: 'x' } } }, 'request.userInfo.extra values must be a list of strings'],
    ['a numeric namespace', { namespace: 7 }, 'request.namespace must be a string'],
  ])('denies %s with a reason (HTTP 200, the uid is known)', (_case, change, error) => {
    const review = { ...POD_CREATE, request: { ...POD_CREATE.request, ...change } };
    expect(parseAdmissionReview(bodyOf(review))).toEqual({ error, uid });
  });

  it('requires the stored object on UPDATE', () => {
    const review = { ...DEPLOYMENT_UPDATE, request: { ...DEPLOYMENT_UPDATE.request, oldObject: null } };
    expect(parseAdmissionReview(bodyOf(review))).toEqual({ error: 'request.oldObject is required for UPDATE', uid: DEPLOYMENT_UPDATE.request.uid });
  });
});

describe('admissionResponse', () => {
  it('answers an admit with the uid echoed and nothing else', () => {
    expect(admissionResponse('abc', { allowed: true, warnings: [] })).toStrictEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'abc', allowed: true },
    });
  });

  it('answers a deny with its status and a warn with its warnings', () => {
    expect(
      admissionResponse('abc', { allowed: false, status: { code: 403, message: 'wl-privileged: container "debug" runs privileged' }, warnings: ['w1'] }),
    ).toStrictEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'abc', allowed: false, status: { code: 403, message: 'wl-privileged: container "debug" runs privileged' }, warnings: ['w1'] },
    });
    expect(admissionResponse('abc', { allowed: true, warnings: ['img-latest-tag: image "busybox" has no tag'] }).response).toStrictEqual({
      uid: 'abc',
      allowed: true,
      warnings: ['img-latest-tag: image "busybox" has no tag'],
    });
  });

  it('gives a deny without a status code 403 and a message, so kubectl never says "without explanation"', () => {
    expect(admissionResponse('abc', { allowed: false, warnings: [] }).response.status).toEqual({ code: 403, message: 'denied by eksguard' });
  });

  it('cuts a very long deny message', () => {
    const message = admissionResponse('abc', { allowed: false, status: { code: 403, message: 'x'.repeat(100_000) }, warnings: [] }).response.status!.message;
    expect(Array.from(message)).toHaveLength(4096);
    expect(message.endsWith('…')).toBe(true);
  });
});

describe('limitWarnings', () => {
  it('keeps at most 10 warnings and says how many more there were', () => {
    const warnings = Array.from({ length: 25 }, (_, index) => `warning ${index}`);
    const limited = limitWarnings(warnings);
    expect(limited).toHaveLength(MAX_WARNINGS + 1);
    expect(limited.slice(0, MAX_WARNINGS)).toEqual(warnings.slice(0, MAX_WARNINGS));
    expect(limited.at(-1)).toBe('… and 15 more warnings');
    expect(limitWarnings(warnings.slice(0, 11)).at(-1)).toBe('… and 1 more warning');
  });

  it('cuts each at 256 characters without splitting a surrogate pair, and replaces control characters the API server would drop', () => {
    const [long] = limitWarnings(['🔒'.repeat(300)]);
    expect(Array.from(long!)).toHaveLength(MAX_WARNING_CHARS);
    expect(long!.endsWith('🔒…')).toBe(true);
    expect(limitWarnings(['line one\nline two\ttab\u0007'])).toEqual(['line one line two tab ']);
  });
});
