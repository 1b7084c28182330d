import { useEffect, useState } from 'react';
import { api } from '../../../shared/api.js';

/**
 * GETs a path now and every `ms` while the page is visible: a hidden tab stops asking (no load on the server for
 * a console nobody looks at) and asks at once when it is shown again. A slow answer is never overtaken by the next.
 * A new `kick` asks at once as well: a pushed notice that something changed.
 */
export function usePoll<T>(path: string, ms: number, kick = 0): { data: T | null; error: Error | null } {
  const [state, setState] = useState<{ data: T | null; error: Error | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    let inFlight = false;
    const fetchNow = () => {
      if (inFlight || document.hidden) return;
      inFlight = true;
      api<T>('GET', path)
        .then((data) => live && setState({ data, error: null }))
        .catch((e: unknown) => live && setState((s) => ({ data: s.data, error: e instanceof Error ? e : new Error(String(e)) })))
        .finally(() => {
          inFlight = false;
        });
    };
    fetchNow();
    const timer = window.setInterval(fetchNow, ms);
    const onVisible = () => {
      if (!document.hidden) fetchNow();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
    // `kick` changes when the server pushed news: ask at once
  }, [path, ms, kick]);
  return state;
}

/** 125 seconds → "2:05". */
export const minSec = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
