import { useEffect, useRef, useState } from 'react';

/** An answer other than 2xx, with the server's `{ error }` text when it sent one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' }, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(`the eksguard server did not answer (${String(error)})`, 0);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(errorText(body) ?? `${response.status} ${response.statusText}`, response.status);
  return body as T;
}

function errorText(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') return body.error;
  return undefined;
}

export type Load<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; data: T };

/** GETs `path` (none while undefined) and re-fetches when it changes; stale answers are dropped. */
export function useApi<T>(path: string | undefined): Load<T> {
  const [load, setLoad] = useState<{ path: string | undefined; load: Load<T> }>({ path, load: { state: 'loading' } });
  useEffect(() => {
    if (path === undefined) return;
    const controller = new AbortController();
    getJson<T>(path, controller.signal).then(
      (data) => setLoad({ path, load: { state: 'ready', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoad({ path, load: { state: 'error', error: error instanceof ApiError ? error : new ApiError(String(error), 0) } });
      },
    );
    return () => controller.abort();
  }, [path]);
  return load.path === path ? load.load : { state: 'loading' };
}

/** The data of the latest answer that arrived, kept while a newer request loads, so controls built from it do not blink. */
export function useLastData<T>(load: Load<T>): T | undefined {
  const last = useRef<T | undefined>(undefined);
  if (load.state === 'ready') last.current = load.data;
  return last.current;
}
