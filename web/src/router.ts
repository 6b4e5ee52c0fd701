import { useCallback, useSyncExternalStore } from 'react';

export { withQuery as href } from './with-query.js';

/** The views, in nav-bar order; the path is the client-side route. */
export const ROUTES = [
  { path: '/', label: 'Overview' },
  { path: '/findings', label: 'Findings' },
  { path: '/resources', label: 'Resources' },
  { path: '/compliance', label: 'Compliance' },
  { path: '/paths', label: 'Attack paths' },
  { path: '/diff', label: 'Diff' },
] as const;

/** The fleet view: every cluster at once, offered when the store holds more than one cluster or target. */
export const FLEET_PATH = '/fleet';

export interface Location {
  path: string;
  query: URLSearchParams;
}

const listeners = new Set<() => void>();
let snapshot = read();

function read(): { href: string; location: Location } {
  return { href: window.location.href, location: { path: window.location.pathname, query: new URLSearchParams(window.location.search) } };
}

function changed(): void {
  if (window.location.href === snapshot.href) return;
  snapshot = read();
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', changed);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  changed();
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, () => snapshot.location);
}

/** Sets (or, with undefined or '', removes) query parameters of the current route. */
export function useQueryUpdate(): (changes: Record<string, string | undefined>, options?: { replace?: boolean }) => void {
  return useCallback((changes, options) => {
    const query = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') query.delete(key);
      else query.set(key, value);
    }
    const text = query.toString();
    navigate(text ? `${window.location.pathname}?${text}` : window.location.pathname, options);
  }, []);
}
