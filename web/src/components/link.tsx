import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../router.js';

/**
 * An anchor to an internal route, handled client-side. `to` must be built by the app from a
 * route path (never taken from scan data), so no `javascript:` or foreign URL can get here.
 */
export function Link(props: { to: string; children: ReactNode; className?: string; title?: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.to);
  };
  const to = props.to.startsWith('/') && !props.to.startsWith('//') ? props.to : '/';
  return (
    <a href={to} onClick={onClick} className={props.className} title={props.title}>
      {props.children}
    </a>
  );
}
