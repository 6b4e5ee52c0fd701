/**
 * An OCI distribution API client for one registry: manifests (size-capped, digest-checked),
 * blobs (streamed and verified), the referrers API with the tag-schema fallback, and tag lists.
 * Every request goes through the auth session, which answers a 401 once per request.
 */
import type { Readable } from 'node:stream';
import { AuthSession } from './auth-session.js';
import type { CredentialProvider } from './credentials.js';
import { ImageError } from './errors.js';
import { httpRequest, isLoopbackHost, readBodyCapped, type HttpAnswer, type HttpOptions } from './http.js';
import { isDigest } from './image-ref.js';
import type { FetchedManifest } from './image-source.js';
import { MANIFEST_ACCEPT, MEDIA, parseManifest, type Descriptor } from './manifest.js';
import { sha256Digest, VerifyingStream, type ByteCounter } from './verify-stream.js';

export const MANIFEST_LIMIT = 4 * 1024 * 1024;
const TAGS_LIMIT = 8 * 1024 * 1024;

export interface RegistryClientOptions extends HttpOptions {
  credentials?: CredentialProvider;
  /** Use plain http for this registry even though it is not on loopback. */
  insecure?: boolean;
  /** Base URL to reach the registry at instead of `https://<registry>` (mirrors, tests). */
  endpoint?: string;
  /** Largest blob accepted, by declared or actual size (default 4 GiB). */
  maxBlobBytes?: number;
}

export class RegistryClient implements ByteCounter {
  readonly baseUrl: string;
  bytesRead = 0;
  private readonly auth: AuthSession;

  constructor(
    readonly registry: string,
    private readonly options: RegistryClientOptions = {},
  ) {
    const plain = options.insecure === true || isLoopbackHost(registry);
    this.baseUrl = (options.endpoint ?? `${plain ? 'http' : 'https'}://${registry}`).replace(/\/+$/, '');
    this.auth = new AuthSession(registry, options.credentials, options, plain);
  }

  private async send(method: 'GET' | 'HEAD', path: string, repository: string, accept?: string): Promise<HttpAnswer> {
    const scope = `repository:${repository}:pull`;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {};
      if (accept) headers.accept = accept;
      const authorization = this.auth.header(scope);
      if (authorization) headers.authorization = authorization;
      const answer = await httpRequest(`${this.baseUrl}${path}`, { method, headers }, this.options);
      if (answer.response.status !== 401 || attempt > 0) return answer;
      await answer.response.body?.cancel().catch(() => undefined);
      await this.auth.challenge(answer.response, scope);
    }
  }

  /**
   * The status and a classification only: the body is the registry's (or whatever it redirected
   * to) and our messages reach admission requesters, so none of it is quoted.
   */
  private async failure(answer: HttpAnswer, what: string): Promise<ImageError> {
    const { status } = answer.response;
    await answer.response.body?.cancel().catch(() => undefined);
    if (status === 401 || status === 403) return new ImageError('unauthorized', `${what}: access denied, HTTP ${status}`);
    if (status === 404) return new ImageError('not-found', `${what}: not found`);
    return new ImageError('registry-error', `${what}: HTTP ${status}`);
  }

  /** GET a manifest or index by tag or digest. */
  async manifest(repository: string, reference: string): Promise<FetchedManifest> {
    const what = `${this.registry}/${repository}:${reference} manifest`;
    const answer = await this.send('GET', `/v2/${repository}/manifests/${reference}`, repository, MANIFEST_ACCEPT);
    if (!answer.response.ok) throw await this.failure(answer, what);
    const bytes = await readBodyCapped(answer, MANIFEST_LIMIT, what);
    this.bytesRead += bytes.length;
    const digest = sha256Digest(bytes);
    if (isDigest(reference) && digest !== reference) {
      throw new ImageError('digest-mismatch', `${what}: content hashes to ${digest}, not the requested digest`);
    }
    const claimed = answer.response.headers.get('docker-content-digest');
    if (claimed && isDigest(claimed) && claimed !== digest) {
      throw new ImageError('digest-mismatch', `${what}: content hashes to ${digest}, registry claims ${claimed}`);
    }
    return { manifest: parseManifest(bytes, what, answer.response.headers.get('content-type') ?? undefined), digest, bytes };
  }

  /** The size of a blob, or undefined when the registry does not have it. */
  async blobSize(repository: string, digest: string): Promise<number | undefined> {
    const answer = await this.send('HEAD', `/v2/${repository}/blobs/${digest}`, repository);
    if (answer.response.status === 404) return undefined;
    if (!answer.response.ok) throw await this.failure(answer, `${this.registry}/${repository} blob ${digest}`);
    const length = Number(answer.response.headers.get('content-length'));
    return Number.isFinite(length) ? length : undefined;
  }

  /** A blob's bytes as a stream that errors on a digest or size mismatch. */
  async blob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>): Promise<Readable> {
    const what = `${this.registry}/${repository} blob ${descriptor.digest}`;
    const limit = this.options.maxBlobBytes ?? 4 * 1024 ** 3;
    if (descriptor.size > limit) throw new ImageError('too-large', `${what}: declared size ${descriptor.size} exceeds the ${limit}-byte limit`);
    const answer = await this.send('GET', `/v2/${repository}/blobs/${descriptor.digest}`, repository);
    if (!answer.response.ok) throw await this.failure(answer, what);
    const declared = Number(answer.response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared !== descriptor.size) {
      await answer.response.body?.cancel().catch(() => undefined);
      throw new ImageError('digest-mismatch', `${what}: registry sends ${declared} bytes, the manifest declares ${descriptor.size}`);
    }
    return answer.body().pipe(new VerifyingStream(descriptor.digest, descriptor.size, what, this));
  }

  /** A small blob (config, signature payload) in memory, verified. */
  async blobBytes(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, limit = MANIFEST_LIMIT): Promise<Buffer> {
    if (descriptor.size > limit) {
      throw new ImageError('too-large', `${this.registry}/${repository} blob ${descriptor.digest}: declared size ${descriptor.size} exceeds the ${limit}-byte limit`);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of await this.blob(repository, descriptor)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /**
   * Manifests that name `digest` as their subject. The referrers API answers an index; a registry
   * without it answers 404, and then the index pushed under the `sha256-<hex>` tag (the spec's
   * tag-schema fallback) is read instead. Both are filtered by `artifactType` when given.
   */
  async referrers(repository: string, digest: string, artifactType?: string): Promise<Descriptor[]> {
    if (!isDigest(digest)) throw new ImageError('bad-reference', `referrers: '${digest}' is not a sha256 digest`);
    const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : '';
    const what = `${this.registry}/${repository} referrers of ${digest}`;
    const answer = await this.send('GET', `/v2/${repository}/referrers/${digest}${query}`, repository, MEDIA.ociIndex);
    let manifests: Descriptor[];
    if (answer.response.status === 404) {
      await answer.response.body?.cancel().catch(() => undefined);
      manifests = await this.referrersByTag(repository, digest);
    } else if (answer.response.ok) {
      const bytes = await readBodyCapped(answer, MANIFEST_LIMIT, what);
      this.bytesRead += bytes.length;
      const parsed = parseManifest(bytes, what, MEDIA.ociIndex);
      if (parsed.kind !== 'index') throw new ImageError('bad-manifest', `${what}: the referrers API answered a manifest, not an index`);
      manifests = parsed.manifests;
    } else {
      throw await this.failure(answer, what);
    }
    return artifactType ? manifests.filter((entry) => entry.artifactType === artifactType) : manifests;
  }

  private async referrersByTag(repository: string, digest: string): Promise<Descriptor[]> {
    const tag = digest.replace(':', '-');
    try {
      const fetched = await this.manifest(repository, tag);
      return fetched.manifest.kind === 'index' ? fetched.manifest.manifests : [];
    } catch (error) {
      if (error instanceof ImageError && error.code === 'not-found') return [];
      throw error;
    }
  }

  /** Every tag of a repository, following the `Link` header's pages. */
  async tags(repository: string): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `/v2/${repository}/tags/list?n=1000`;
    while (path) {
      const what = `${this.registry}/${repository} tags`;
      const answer = await this.send('GET', path, repository, 'application/json');
      if (!answer.response.ok) throw await this.failure(answer, what);
      const body = await readBodyCapped(answer, TAGS_LIMIT, what);
      let doc: unknown;
      try {
        doc = JSON.parse(body.toString('utf8'));
      } catch {
        throw new ImageError('registry-error', `${what}: answer is not JSON`);
      }
      const list = (doc as { tags?: unknown } | null)?.tags;
      if (list !== null && list !== undefined && !Array.isArray(list)) throw new ImageError('registry-error', `${what}: 'tags' is not an array`);
      tags.push(...(list ?? []).filter((tag): tag is string => typeof tag === 'string'));
      if (tags.length > 100_000) throw new ImageError('too-large', `${what}: more than 100000 tags`);
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(answer.response.headers.get('link') ?? '')?.[1];
      path = next ? new URL(next, this.baseUrl).pathname + new URL(next, this.baseUrl).search : undefined;
    }
    return tags;
  }
}
