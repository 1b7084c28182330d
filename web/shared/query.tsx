import { keepPreviousData, QueryClient, useQuery, useQueryClient, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, NetworkError, readableError } from './api.js';

/**
 * Server state through TanStack Query: one client per page load, reads cached by a key made from the API path
 * (so two parts of a page asking for the same list share one request and one cache), refreshed when a save or a
 * server push invalidates their key, polled only where a page asks for it (and never while the tab is hidden).
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // a refusal will not change by asking again; a lost connection might
        retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500),
        // a page opened again asks again (showing the cached answer meanwhile), as the console always did
        staleTime: 0,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

/**
 * The cache key of an API path: its segments, then its query string. A key is a prefix of every path below it,
 * so invalidating `/api/v1/events/x/guests` refreshes the list, each guest and each guest's history.
 */
export function pathKey(path: string): string[] {
  const [base = '', query] = path.split('?');
  const segments = base.split('/').filter(Boolean).map(decodeURIComponent);
  return query ? [...segments, `?${query}`] : segments;
}

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  /** asks again now (the cache's key is marked stale, so every reader of it refreshes) */
  reload: () => void;
  query: UseQueryResult<T, Error>;
}

export interface ReadOptions<T> {
  /** ask again every so many milliseconds while the page is visible (live figures); may depend on the last answer */
  refetchInterval?: number | false | ((data: T | undefined) => number | false);
  /** keep the last answer on screen while a changed path (a filter, a page) is being read */
  keepPrevious?: boolean;
}

/** GETs an API path through the shared cache; `null` reads nothing (not allowed, or not chosen yet). */
export function useApi<T>(path: string | null, options: ReadOptions<T> = {}): Loaded<T> {
  const client = useQueryClient();
  const key = path ? pathKey(path) : ['none'];
  const keyJson = JSON.stringify(key);
  // stable while the path is, so an effect may depend on it
  const reload = useCallback(() => void client.invalidateQueries({ queryKey: JSON.parse(keyJson) as string[] }), [client, keyJson]);
  const every = options.refetchInterval;
  const query = useQuery<T, Error>({
    queryKey: key,
    queryFn: async ({ signal }) => {
      try {
        return await api<T>('GET', path!, undefined, { signal });
      } catch (e) {
        throw readableError(e);
      }
    },
    enabled: path !== null,
    refetchInterval: typeof every === 'function' ? (q) => every(q.state.data) : (every ?? false),
    refetchIntervalInBackground: false,
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
  });
  return {
    data: (query.data ?? null) as T | null,
    // a failed refresh keeps the last answer on screen; the error is shown beside it
    error: query.error,
    loading: query.isPending && path !== null,
    reload,
    query,
  };
}

/** Marks every read under these paths stale: the ones on screen ask again at once. */
export function useInvalidate(): (...paths: string[]) => Promise<void> {
  const client = useQueryClient();
  return async (...paths) => {
    await Promise.all(paths.map((p) => client.invalidateQueries({ queryKey: pathKey(p) })));
  };
}

export interface StreamOptions {
  /** API paths whose reads a push makes stale (their readers on screen ask again) */
  invalidates: string[];
  /** the event types that carry news (others, like a greeting, only show the stream is up) */
  events: string[];
  /** a push's data for callers that put it in place themselves (queryClient.setQueryData) */
  onPush?: (type: string, data: string) => void;
}

/**
 * Listens to a server-sent stream while mounted and routes each push to the query cache; EventSource reconnects
 * by itself (with Last-Event-ID). Answers whether the stream is up, so a page can poll less while it is.
 */
export function useLiveStream(streamPath: string | null, options: StreamOptions): boolean {
  const client = useQueryClient();
  const [live, setLive] = useState(false);
  const keysJson = JSON.stringify(options.invalidates.map(pathKey));
  const eventsJson = JSON.stringify(options.events);
  // the latest callback, without restarting the stream when a render makes a new one
  const pushed = useRef(options.onPush);
  useEffect(() => {
    pushed.current = options.onPush;
  });
  useEffect(() => {
    if (!streamPath || typeof EventSource === 'undefined') return;
    const source = new EventSource(streamPath);
    const keys = JSON.parse(keysJson) as QueryKey[];
    const names = JSON.parse(eventsJson) as string[];
    const on = (e: MessageEvent<string>) => {
      pushed.current?.(e.type, e.data);
      for (const queryKey of keys) void client.invalidateQueries({ queryKey });
    };
    for (const name of names) source.addEventListener(name, on);
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    return () => {
      source.close();
      setLive(false);
    };
  }, [streamPath, keysJson, eventsJson, client]);
  return live;
}

type LoadState = Pick<Loaded<unknown>, 'error' | 'loading' | 'reload' | 'data'>;

/**
 * The one loading / error state of the reads a part of a page needs: a polite "loading" until they have
 * answered, or the first failure in words with a retry button (the last answer stays on screen below it).
 */
export function QueryState({ of, children }: { of: LoadState | LoadState[]; children?: ReactNode }) {
  const { t } = useTranslation();
  const loads = Array.isArray(of) ? of : [of];
  const failed = loads.find((l) => l.error);
  const ready = loads.every((l) => l.data !== null);
  if (failed?.error)
    return (
      <>
        <div role="alert" className="error load-error">
          <span>{describeError(failed.error)}</span>{' '}
          <button type="button" onClick={() => loads.filter((l) => l.error).forEach((l) => l.reload())}>
            {t('net.retry')}
          </button>
        </div>
        {ready && children}
      </>
    );
  if (loads.some((l) => l.loading)) return <p aria-live="polite">{t('app.loading')}</p>;
  return <>{children}</>;
}

/** A failure's message for a person (never a raw status or "Failed to fetch"). */
export function describeError(e: Error): string {
  return e instanceof ApiError || e instanceof NetworkError ? e.message : readableError(e).message;
}
