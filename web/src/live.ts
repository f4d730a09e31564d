// Following a job live: a GraphQL subscription over WebSocket (graphql-transport-ws, the
// protocol of graphql-ws) where the server has it, polling otherwise. If the socket cannot
// open, is refused, or closes before the job's end, the same job is followed by polling.
import { createClient } from "graphql-ws";
import { useEffect } from "preact/hooks";
import { documentText, getToken } from "./api";
import type { TypedDocumentString } from "./gql/graphql";

/** How a job was followed to its end: by the subscription, or by polling after a fallback. */
export type Via = "subscription" | "poll";

/** A source of updates: calls `next` per change, then `complete` or `error`; returns a stop. */
export type Subscribe<T> = (sink: { next: (v: T) => void; complete: () => void; error: (e: unknown) => void }) => () => void;

export type Follow<T> = {
  subscribe: Subscribe<T>;
  /** One poll; resolves to the current value (null when gone). */
  poll: () => Promise<T | null>;
  isEnd: (v: T) => boolean;
  onData: (v: T, via: Via) => void;
  ms: number;
};

/** Calls `step` now, then every `ms` until it resolves true; a failed step is tried again.
 * Returns a stop. The one polling loop of the app (the fallback of `follow`). */
export function repeat(ms: number, step: () => Promise<boolean>): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    let done = false;
    try {
      done = await step();
    } catch {
      done = false;
    }
    if (!stopped && !done) timer = setTimeout(tick, ms);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/** Follows by `subscribe`; falls back to `poll` every `ms` if it fails or ends early. Returns a stop. */
export function follow<T>({ subscribe, poll, isEnd, onData, ms }: Follow<T>): () => void {
  let stopped = false;
  let ended = false;
  let stopPolling: (() => void) | undefined;

  const fallBack = () => {
    if (stopped || ended || stopPolling) return;
    stopPolling = repeat(ms, async () => {
      const v = await poll();
      if (stopped) return true;
      if (v) onData(v, "poll");
      ended = !v || isEnd(v);
      return ended;
    });
  };
  const unsubscribe = subscribe({
    next: (v) => {
      if (stopped || stopPolling) return;
      onData(v, "subscription");
      if (isEnd(v)) ended = true;
    },
    complete: fallBack, // completes at the end; before it (no end seen) the poll takes over
    error: fallBack,
  });
  return () => {
    stopped = true;
    stopPolling?.();
    unsubscribe();
  };
}

function wsUrl(): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/graphql`;
}

/** A subscription to `doc` over a socket of its own, closed when the subscription ends. */
export function subscribeTo<R, V, T>(doc: TypedDocumentString<R, V>, variables: V, pick: (r: R) => T | null | undefined): Subscribe<T> {
  return (sink) => {
    const client = createClient({
      url: wsUrl(),
      lazy: true,
      retryAttempts: 0,
      connectionParams: () => {
        const token = getToken();
        return token ? { Authorization: `Bearer ${token}` } : {};
      },
    });
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      f();
      void client.dispose();
    };
    const stop = client.subscribe<R>(
      { query: documentText(doc), variables: variables as Record<string, unknown> },
      {
        next: (result) => {
          if (result.errors?.length) return finish(() => sink.error(result.errors));
          const v = result.data ? pick(result.data as R) : null;
          if (v) sink.next(v);
        },
        complete: () => finish(sink.complete),
        error: (e) => finish(() => sink.error(e)),
      },
    );
    return () => {
      done = true;
      stop();
      void client.dispose();
    };
  };
}

/** Follows while `active` (keyed by `id`): the subscription, polling as the fallback. */
export function useFollow<T>(active: boolean, id: string | undefined, make: () => Follow<T>) {
  useEffect(() => {
    if (!active || !id) return;
    return follow(make());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, id]);
}
