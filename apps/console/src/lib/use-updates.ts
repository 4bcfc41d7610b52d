import { useEffect, useRef } from 'react';
import { listenForUpdates, type Update } from './updates';

/**
 * While the page is shown: listen on the push channel with `token` (one connection for the page's life: `wanted` and
 * `refresh` are read at each update, so a new render does not reconnect), and call `refresh` once for a burst of the
 * updates `wanted` picks (300 ms apart at most).
 */
export function useUpdates(token: () => string | undefined, wanted: (u: Update) => boolean, refresh: () => void): void {
  const latest = useRef({ wanted, refresh });
  latest.current = { wanted, refresh };
  useEffect(() => {
    const stop = new AbortController();
    let soon: ReturnType<typeof setTimeout> | undefined;
    void listenForUpdates(
      token,
      (u) => {
        if (!latest.current.wanted(u) || soon) return;
        soon = setTimeout(() => {
          soon = undefined;
          latest.current.refresh();
        }, 300);
      },
      stop.signal,
    );
    return () => {
      stop.abort();
      if (soon) clearTimeout(soon);
    };
  }, [token]);
}
