/**
 * The one path every AWS call takes: named by its operation id (operations.ts), failures
 * recorded as CollectionErrors instead of thrown, progress reported. Pages are handed to the
 * caller one at a time so no raw response is kept once its items are converted.
 */
import type { CollectionError } from '../../model/index.js';
import type { AwsClients } from './clients.js';
import { splitOperation, type AwsOperationId } from './operations.js';

export interface AwsProgressEvent {
  operation: AwsOperationId;
  target?: string;
  ok: boolean;
  /** Calls finished so far (a paginated call counts once, when its last page is in). */
  completed: number;
  failed: number;
}

export interface CallOptions {
  /** Error codes that mean "there is none", not a failure (ECR's RepositoryPolicyNotFoundException). */
  absentOn?: readonly string[];
}

/** The service's error code: the query protocols' `Code`, else the SDK error's name. */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const { Code, name } = error as { Code?: unknown; name?: unknown };
    if (typeof Code === 'string' && Code !== '') return Code;
    if (typeof name === 'string' && name !== '') return name;
  }
  return 'Error';
}

function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

export class AwsSession {
  readonly errors: CollectionError[] = [];
  private completed = 0;
  private failed = 0;

  constructor(
    readonly clients: AwsClients,
    private readonly onProgress?: (event: AwsProgressEvent) => void,
    /** Once aborted, no call starts, and a failure is the abort (thrown), never a collection error. */
    private readonly signal?: AbortSignal,
  ) {}

  /** Records a failed call; once the signal is aborted it throws the abort's reason instead. */
  record(id: AwsOperationId, target: string | undefined, error: unknown): void {
    this.signal?.throwIfAborted();
    const { service, operation } = splitOperation(id);
    const entry: CollectionError = { source: 'aws', service, operation, code: errorCode(error), message: errorMessage(error) };
    if (target !== undefined) entry.target = target;
    this.errors.push(entry);
  }

  /** Counts a finished call for progress; `call`, `eachPage` and `list` do it themselves. */
  done(operation: AwsOperationId, target: string | undefined, ok: boolean): void {
    this.completed += 1;
    if (!ok) this.failed += 1;
    this.onProgress?.({ operation, ...(target !== undefined ? { target } : {}), ok, completed: this.completed, failed: this.failed });
  }

  /** One call; undefined when it failed (recorded) or answered with an `absentOn` code. */
  async call<T>(id: AwsOperationId, target: string | undefined, send: () => Promise<T>, options: CallOptions = {}): Promise<T | undefined> {
    this.signal?.throwIfAborted();
    try {
      const result = await send();
      this.done(id, target, true);
      return result;
    } catch (error) {
      if (options.absentOn?.includes(errorCode(error))) {
        this.done(id, target, true);
        return undefined;
      }
      this.record(id, target, error);
      this.done(id, target, false);
      return undefined;
    }
  }

  /**
   * Every page of a paginated call, in order. False when a page failed: the failure is recorded
   * and the caller must drop what it gathered, since a partial list would read as complete.
   */
  async eachPage<P>(id: AwsOperationId, target: string | undefined, pages: AsyncIterable<P>, onPage: (page: P) => void): Promise<boolean> {
    this.signal?.throwIfAborted();
    try {
      for await (const page of pages) onPage(page);
      this.done(id, target, true);
      return true;
    } catch (error) {
      this.record(id, target, error);
      this.done(id, target, false);
      return false;
    }
  }

  /** All items of a paginated call, or undefined when any page failed. */
  async list<P, I>(id: AwsOperationId, target: string | undefined, pages: AsyncIterable<P>, items: (page: P) => readonly I[] | undefined): Promise<I[] | undefined> {
    const out: I[] = [];
    const ok = await this.eachPage(id, target, pages, (page) => {
      for (const item of items(page) ?? []) out.push(item);
    });
    return ok ? out : undefined;
  }
}
