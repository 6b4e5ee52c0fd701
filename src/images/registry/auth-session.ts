/**
 * The distribution spec's authentication dance, per registry: try anonymously, and on a 401 read
 * the challenge. `Basic` → send the credentials; `Bearer` → ask the realm for a token for the
 * challenge's service and scope (with the credentials, if any) and send that. Tokens are cached
 * per scope until they expire; credentials are only ever sent to https realms (or loopback, or
 * a registry the user marked insecure).
 */
import { parseChallenges, type Challenge } from './auth-challenge.js';
import type { CredentialProvider, Credentials } from './credentials.js';
import { ImageError } from './errors.js';
import { httpRequest, isLoopbackHost, readBodyCapped, type HttpOptions } from './http.js';

const TOKEN_LIMIT = 1024 * 1024;

export class AuthSession {
  private readonly tokens = new Map<string, { header: string; expires: number }>();
  private basic: string | undefined;
  private credentials: Credentials | undefined | null = null;

  constructor(
    private readonly registry: string,
    private readonly provider: CredentialProvider | undefined,
    private readonly http: HttpOptions,
    private readonly insecure: boolean,
  ) {}

  /** The Authorization header to send for a scope, when one is known. */
  header(scope: string): string | undefined {
    const token = this.tokens.get(scope);
    if (token && token.expires > Date.now()) return token.header;
    return this.basic;
  }

  /** Answers a 401: learns how to authenticate, or throws `unauthorized` saying why not. */
  async challenge(response: Response, scope: string): Promise<void> {
    const header = response.headers.get('www-authenticate') ?? '';
    const challenges = parseChallenges(header);
    const bearer = challenges.find((entry) => entry.scheme === 'bearer');
    const credentials = await this.lookupCredentials();
    if (bearer) {
      await this.fetchToken(bearer, scope, credentials);
      return;
    }
    if (challenges.some((entry) => entry.scheme === 'basic')) {
      if (!credentials || !('username' in credentials)) {
        throw new ImageError('unauthorized', `${this.registry}: the registry asks for a username and password and none is configured for it`);
      }
      const next = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
      if (this.basic === next) throw new ImageError('unauthorized', `${this.registry}: the registry refused the configured credentials`);
      this.basic = next;
      return;
    }
    throw new ImageError('unauthorized', `${this.registry}: 401 with no usable Basic or Bearer challenge`);
  }

  private async lookupCredentials(): Promise<Credentials | undefined> {
    if (this.credentials === null) this.credentials = this.provider ? await this.provider(this.registry) : undefined;
    return this.credentials;
  }

  private async fetchToken(challenge: Challenge, scope: string, credentials: Credentials | undefined): Promise<void> {
    const realm = challenge.params.realm;
    let url: URL;
    try {
      url = new URL(realm ?? '');
    } catch {
      throw new ImageError('unauthorized', `${this.registry}: Bearer challenge has no valid realm ('${realm ?? ''}')`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (this.insecure || isLoopbackHost(url.host)))) {
      throw new ImageError('unauthorized', `${this.registry}: token realm ${url.href} is not https; refusing to send credentials there`);
    }
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    // The challenge names the scope the registry wants; ours is the fallback for registries that omit it.
    const wantedScope = challenge.params.scope ?? scope;
    url.searchParams.set('scope', wantedScope);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credentials && 'username' in credentials) {
      headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    } else if (credentials) {
      // Docker's identity tokens are OAuth2 refresh tokens, exchanged by a POST grant this client does not make yet.
      throw new ImageError('unsupported', `${this.registry}: the Docker config holds an identity token (OAuth2 refresh token) for this registry; eksguard needs a username and password or a registry token instead`);
    }
    const answer = await httpRequest(url.href, { method: 'GET', headers }, this.http);
    const where = `${this.registry}: token from ${url.origin}${url.pathname}`;
    if (answer.response.status === 401 || answer.response.status === 403) {
      await answer.response.body?.cancel().catch(() => undefined);
      throw new ImageError('unauthorized', `${where}: ${answer.response.status} (${credentials ? 'credentials refused' : 'anonymous access refused'})`);
    }
    const body = await readBodyCapped(answer, TOKEN_LIMIT, where);
    if (!answer.response.ok) throw new ImageError('unauthorized', `${where}: HTTP ${answer.response.status}`);
    let doc: unknown;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch {
      throw new ImageError('unauthorized', `${where}: answer is not JSON`);
    }
    const record = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
    const token = typeof record.token === 'string' && record.token ? record.token : record.access_token;
    if (typeof token !== 'string' || !token) throw new ImageError('unauthorized', `${where}: answer has neither 'token' nor 'access_token'`);
    const lifetime = typeof record.expires_in === 'number' && record.expires_in > 0 ? record.expires_in : 60;
    const entry = { header: `Bearer ${token}`, expires: Date.now() + Math.max(lifetime - 10, 5) * 1000 };
    this.tokens.set(scope, entry);
    if (wantedScope !== scope) this.tokens.set(wantedScope, entry);
  }
}
