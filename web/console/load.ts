import { useCallback, useEffect, useState } from 'react';
import { api } from '../shared/api.js';

export type Loaded<T> = { data: T | null; error: Error | null; reload: () => void };

/** GETs a path whenever it changes; reload() asks again (after a save, or on a timer for live figures). */
export function useGet<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null }>({ data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    api<T>('GET', path)
      .then((data) => live && setState({ data, error: null }))
      .catch((e: unknown) => live && setState({ data: null, error: e instanceof Error ? e : new Error(String(e)) }));
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export const eventPath = (slug: string, rest = '') => `/api/v1/events/${encodeURIComponent(slug)}${rest}`;
