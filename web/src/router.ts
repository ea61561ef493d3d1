/** A small history router: the address bar is the state; links and back/forward re-render. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { readonly page: 'queue' }
  | {
      readonly page: 'lead';
      readonly workspace: string;
      readonly type: 'user' | 'account';
      readonly id: string;
    }
  | { readonly page: 'definition' }
  | { readonly page: 'funnel' }
  | { readonly page: 'destinations' }
  | { readonly page: 'sign-in' }
  | { readonly page: 'not-found' };

export function parseRoute(pathname: string): Route {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const [first, ws, type, id] = parts;
  if (parts.length === 0 || (first === 'leads' && parts.length === 1)) return { page: 'queue' };
  if (first === 'leads' && ws !== undefined && (type === 'user' || type === 'account') && id !== undefined) {
    return { page: 'lead', workspace: ws, type, id };
  }
  if (
    parts.length === 1 &&
    (first === 'definition' || first === 'funnel' || first === 'destinations' || first === 'sign-in')
  ) {
    return { page: first };
  }
  return { page: 'not-found' };
}

export function leadHref(workspace: string, type: string, id: string): string {
  return `/leads/${encodeURIComponent(workspace)}/${type}/${encodeURIComponent(id)}`;
}

export function navigate(href: string): void {
  if (href === location.pathname + location.search) return;
  history.pushState(null, '', href);
  dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

/** Same-origin link clicks become client-side navigations (modifier keys keep the browser's behaviour). */
export function onLinkClick(event: MouseEvent): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  )
    return;
  const anchor = (event.target as Element | null)?.closest('a');
  if (anchor === null || anchor === undefined || anchor.target !== '' || anchor.origin !== location.origin)
    return;
  if (anchor.hasAttribute('download')) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}

export function useLocation(): { pathname: string; search: string } {
  const [where, setWhere] = useState({ pathname: location.pathname, search: location.search });
  useEffect(() => {
    const update = () => setWhere({ pathname: location.pathname, search: location.search });
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return where;
}
