import { Agent } from 'node:https';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom as prng } from '../../bench/seeded-random.js';
import { selfSignedCertificate } from '../../test/fakes/kube/tls.js';
import { serveAdmission, type AdmissionServer } from './server.js';
import { copyOf, DEPLOYMENT_UPDATE, POD_CREATE, POD_EXEC_CONNECT, REPLICASET_DELETE, SERVICE_CREATE_DRY_RUN } from './test-support/admission-reviews.js';
import { SecretVolume, send, type Answer } from './test-support/client.js';
import type { AdmissionRequestInfo, Verdict } from './verdict-types.js';

const SEED = 0x5eed_6a7e;
const BODIES = 10_000;
const PARALLEL = 4;
const MAX_BODY_BYTES = 256 * 1024;
const BASES = [POD_CREATE, DEPLOYMENT_UPDATE, REPLICASET_DELETE, SERVICE_CREATE_DRY_RUN, POD_EXEC_CONNECT];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside `value`, as key lists. */
function pathsOf(value: Json, prefix: (string | number)[] = [], into: (string | number)[][] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return into;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    into.push(path);
    pathsOf(child, path, into);
  }
  return into;
}

class Mutator {
  constructor(private readonly random: () => number) {}

  int(below: number): number {
    return Math.floor(this.random() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A value of a random JSON type, now and then a large or deeply nested one. */
  value(): Json {
    switch (this.int(12)) {
      case 0: return null;
      case 1: return this.random() < 0.5;
      case 2: return this.pick([0, -1, 1e308, -0.5, 2 ** 53 + 1]);
      case 3: return '';
      case 4: return 'x'.repeat(this.int(64));
      case 5: return this.pick(['CREATE', 'UPDATE', 'DELETE', 'CONNECT', 'PATCH', 'create']);
      case 6: return [];
      case 7: return {};
      case 8: return ['a', 1, null];
      case 9: return { kind: 'Pod', spec: { containers: [{ name: 'c', securityContext: { privileged: true } }] } };
      case 10: return 'y'.repeat(this.random() < 0.05 ? MAX_BODY_BYTES + this.int(100_000) : 1_000 + this.int(20_000));
      default: {
        let nested: Json = 'bottom';
        for (let depth = this.int(200); depth > 0; depth--) nested = this.random() < 0.5 ? [nested] : { n: nested };
        return nested;
      }
    }
  }

  /** Changes the structure: deletes, retypes or adds fields, 1–4 times. */
  structure(review: Json): Json {
    let root = review;
    for (let edits = 1 + this.int(4); edits > 0; edits--) {
      const paths = pathsOf(root);
      if (paths.length === 0 || this.random() < 0.02) {
        root = this.value();
        continue;
      }
      // Fields near the top matter most to the parser: pick among the first ones more often.
      const path = this.random() < 0.6 ? this.pick(paths.slice(0, 40)) : this.pick(paths);
      let parent = root as Record<string | number, Json>;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
      const last = path.at(-1)!;
      const action = this.int(3);
      if (action === 0 && !Array.isArray(parent)) delete parent[last];
      else if (action === 1 && !Array.isArray(parent)) parent[`${String(last)}${this.int(3)}`] = this.value();
      else parent[last] = this.value();
    }
    return root;
  }

  /** Damages the bytes: truncation, random bytes spliced in, deep raw nesting, or pure noise. */
  bytes(text: string): Buffer {
    switch (this.int(5)) {
      case 0: return Buffer.from(text.slice(0, this.int(text.length)));
      case 1: {
        const at = this.int(text.length);
        const noise = Buffer.from(Array.from({ length: 1 + this.int(16) }, () => this.int(256)));
        return Buffer.concat([Buffer.from(text.slice(0, at)), noise, Buffer.from(text.slice(at))]);
      }
      case 2: {
        // Nesting far deeper than JSON.stringify could produce; the parser must not fall over.
        const depth = 1_000 + this.int(50_000);
        return Buffer.from(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":${'['.repeat(depth)}${']'.repeat(depth)}}`);
      }
      case 3: return Buffer.from(Array.from({ length: this.int(2_000) }, () => this.int(256)));
      default: return Buffer.from(text.replace(/[{}[\]":,]/, () => this.pick(['', '}', '"', '\\', '\u0000'])));
    }
  }
}

// A uid with control characters is refused like a missing one.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** The uid an answer must echo, when the body is a JSON review with a printable string uid. */
function expectedUid(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { apiVersion?: unknown; kind?: unknown; request?: { uid?: unknown } };
    const uid = parsed?.request?.uid;
    const envelope = parsed?.apiVersion === 'admission.k8s.io/v1' && parsed.kind === 'AdmissionReview';
    return envelope && typeof uid === 'string' && uid !== '' && uid.length <= 256 && !CONTROL_CHARACTERS.test(uid) && !Array.isArray(parsed.request) ? uid : undefined;
  } catch {
    return undefined;
  }
}

/** What would betray the server's insides: stack frames, file paths, error class names. */
const INTERNALS = /\bat \S+ \(|\bat (?:node:|file:|\/)|node:internal|\/work\/|\/app\/|\.[jt]s:\d+|\b[A-Z][a-z]*Error\b|Error:/;

/** The judge the fuzzer runs against: reads the object like a check would, trusting nothing. */
function judge(request: AdmissionRequestInfo): Verdict {
  const spec = request.object?.spec as { containers?: unknown } | undefined;
  const containers = Array.isArray(spec?.containers) ? (spec.containers as { securityContext?: { privileged?: unknown } }[]) : [];
  const privileged = containers.some((container) => container?.securityContext?.privileged === true);
  return privileged
    ? { allowed: false, status: { code: 403, message: 'wl-privileged: a container runs privileged' }, warnings: [], violations: [] }
    : { allowed: true, warnings: request.operation === 'UPDATE' ? ['fuzz warning'] : [], violations: [] };
}

function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

let server: AdmissionServer;
let agent: Agent;
let port: number;
beforeAll(async () => {
  const cert = selfSignedCertificate();
  const volume = new SecretVolume(cert);
  server = await serveAdmission({
    port: 0,
    host: '127.0.0.1',
    tlsCertFile: volume.certFile,
    tlsKeyFile: volume.keyFile,
    judge,
    failurePolicy: 'deny',
    maxBodyBytes: MAX_BODY_BYTES,
  });
  port = server.address().port;
  agent = new Agent({ ca: cert.cert, keepAlive: true, maxSockets: PARALLEL });
});
afterAll(async () => {
  await server.close();
  agent.destroy();
});

describe('admission server fuzz', () => {
  it(`answers ${BODIES} mutated reviews with well-formed answers, no internals, bounded memory`, async () => {
    const mutate = new Mutator(prng(SEED));
    const bodies = (index: number): Buffer => {
      const base = copyOf(BASES[index % BASES.length]!) as unknown as Json;
      const choice = mutate.int(10);
      if (choice < 6) return Buffer.from(JSON.stringify(mutate.structure(base)));
      if (choice < 9) return mutate.bytes(JSON.stringify(choice === 8 ? mutate.structure(base) : base));
      return Buffer.from(JSON.stringify(base));
    };
    const counts = { reviews: 0, denied: 0, http400: 0, http413: 0 };
    const check = (index: number, body: Buffer, answer: Answer): void => {
      const where = `seed ${SEED} body ${index}`;
      expect(INTERNALS.test(answer.text), `${where}: ${answer.text.slice(0, 300)}`).toBe(false);
      if (body.length > MAX_BODY_BYTES) {
        expect(answer.status, where).toBe(413);
        counts.http413++;
        return;
      }
      const uid = expectedUid(body);
      if (uid === undefined) {
        expect(answer.status, `${where}: ${answer.text}`).toBe(400);
        counts.http400++;
        return;
      }
      expect(answer.status, `${where}: ${answer.text}`).toBe(200);
      const review = JSON.parse(answer.text) as { apiVersion: string; kind: string; response: Record<string, unknown> };
      expect(review.apiVersion).toBe('admission.k8s.io/v1');
      expect(review.kind).toBe('AdmissionReview');
      expect(review.response.uid, where).toBe(uid);
      expect(typeof review.response.allowed).toBe('boolean');
      const keys = Object.keys(review.response).sort();
      expect(keys.every((key) => ['allowed', 'status', 'uid', 'warnings'].includes(key)), where).toBe(true);
      if (review.response.allowed === false) {
        const status = review.response.status as { code: number; message: string };
        expect([400, 403]).toContain(status.code);
        expect(status.message.length).toBeGreaterThan(0);
        counts.denied++;
      }
      counts.reviews++;
    };

    const run = async (from: number, to: number): Promise<void> => {
      for (let index = from; index < to; index += PARALLEL) {
        const batch = Array.from({ length: Math.min(PARALLEL, to - index) }, (_, offset) => index + offset);
        await Promise.all(
          batch.map(async (at) => {
            const body = bodies(at);
            const answer = await send(port, agent, { body }).catch((error: NodeJS.ErrnoException) => {
              // A body over the limit may be cut off mid-upload: the connection closes after the 413.
              if (body.length > MAX_BODY_BYTES && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) return { status: 413, headers: {}, text: '' };
              throw error;
            });
            check(at, body, answer);
          }),
        );
      }
    };

    const warmUp = 1_000;
    await run(0, warmUp);
    const heapBefore = heapAfterGc();
    const rssBefore = process.memoryUsage().rss;
    await run(warmUp, BODIES);
    const heapGrowth = heapAfterGc() - heapBefore;
    const rssGrowth = process.memoryUsage().rss - rssBefore;

    // Every kind of answer was exercised, not just one.
    expect(counts.reviews).toBeGreaterThan(1_000);
    expect(counts.denied).toBeGreaterThan(100);
    expect(counts.http400).toBeGreaterThan(1_000);
    expect(counts.http413).toBeGreaterThan(10);
    expect(counts.reviews + counts.http400 + counts.http413).toBe(BODIES);
    expect(heapGrowth).toBeLessThan(16 * 1024 * 1024);
    expect(rssGrowth).toBeLessThan(128 * 1024 * 1024);
    expect(server.metrics.inFlight).toBe(0);

    const good = await send(port, agent, { body: JSON.stringify(POD_CREATE) });
    expect(JSON.parse(good.text).response).toEqual({
      uid: POD_CREATE.request.uid,
      allowed: false,
      status: { code: 403, message: 'wl-privileged: a container runs privileged' },
    });
  });
});
