import type { ReactNode } from 'react';
import type { Load } from '../api/client.js';

/** Renders `children(data)` once loaded; a spinner line while loading; the server's message on error. */
export function Loaded<T>(props: { load: Load<T>; children: (data: T) => ReactNode; what?: string }) {
  const { load } = props;
  if (load.state === 'loading') return <p className="loading" role="status">Loading{props.what ? ` ${props.what}` : ''}…</p>;
  if (load.state === 'error') return <ErrorBox message={load.error.message} />;
  return <>{props.children(load.data)}</>;
}

export function ErrorBox(props: { message: string }) {
  return (
    <p className="error" role="alert">
      {props.message}
    </p>
  );
}

export function Empty(props: { children: ReactNode }) {
  return <p className="empty">{props.children}</p>;
}
