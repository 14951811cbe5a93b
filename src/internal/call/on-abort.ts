/**
 * One abort listener per caller signal, however many calls share it (issues #11 and #14). An
 * app-wide shutdown signal passed to thousands of calls would otherwise collect a listener per
 * call (and Node's MaxListenersExceededWarning); here each call subscribes to a set, the signal
 * carries a single dispatching listener, and the last unsubscribe removes it.
 */

interface Subscription {
  callbacks: Set<() => void>;
  dispatch: () => void;
}

const subscriptions = new WeakMap<AbortSignal, Subscription>();

/**
 * Calls `callback` once when `signal` aborts. Returns the unsubscribe function, which must be
 * called when the caller no longer cares (it is cheap and idempotent).
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let subscription = subscriptions.get(signal);
  if (!subscription) {
    const callbacks = new Set<() => void>();
    const dispatch = () => {
      subscriptions.delete(signal);
      for (const run of callbacks) run();
    };
    subscription = { callbacks, dispatch };
    subscriptions.set(signal, subscription);
    signal.addEventListener('abort', dispatch, { once: true });
  }
  const { callbacks, dispatch } = subscription;
  callbacks.add(callback);
  return () => {
    if (!callbacks.delete(callback) || callbacks.size > 0) return;
    signal.removeEventListener('abort', dispatch);
    if (subscriptions.get(signal)?.callbacks === callbacks) subscriptions.delete(signal);
  };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
    if (signal)
      unsubscribe = onAbort(signal, () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
  });
}
