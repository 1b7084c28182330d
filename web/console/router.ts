import { useEffect, useState } from 'react';

/** The console's pages live in the URL hash (#/e/wic2017/sessions/12), so reloads and links keep the place. */
export function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const href = (...parts: Array<string | number>) => `#/${parts.map((p) => encodeURIComponent(String(p))).join('/')}`;
export const go = (...parts: Array<string | number>) => {
  location.hash = href(...parts);
};
