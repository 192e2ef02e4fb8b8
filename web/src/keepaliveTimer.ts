/**
 * The interval timer mqtt.js schedules its keepalive with. mqtt.js's own worker timer starts its worker from a blob:
 * URL, which the page's Content-Security-Policy blocks (script-src 'self'), and the page's own timers are throttled
 * in a hidden tab. So the intervals tick in a worker loaded from the site (intervalWorker.ts), and fall back to the
 * page's timers when no worker can be started.
 */

/** What the page sends the worker. */
export type IntervalRequest =
    | { readonly kind: "set"; readonly id: number; readonly ms: number }
    | { readonly kind: "clear"; readonly id: number };

/** The part of a Worker used here. */
export interface IntervalPort {
    postMessage(request: IntervalRequest): void;
    addEventListener(type: "message", listener: (event: { readonly data: unknown }) => void): void;
    addEventListener(type: "error", listener: () => void): void;
}

/** mqtt.js's `Timer` shape (its `timerVariant` option). */
export interface IntervalTimer {
    set(callback: () => void, ms: number): number;
    clear(id: number): void;
}

export interface NativeIntervals {
    setInterval(callback: () => void, ms: number): unknown;
    clearInterval(handle: unknown): void;
}

interface Interval {
    readonly callback: () => void;
    readonly ms: number;
    /** Set once the interval runs on the page's timers instead of the worker. */
    native?: unknown;
}

/** Intervals ticked by the worker `spawn` starts; if it cannot start, or fails later, by `native`. */
export function workerIntervals(spawn: () => IntervalPort, native: NativeIntervals): IntervalTimer {
    const intervals = new Map<number, Interval>();
    let nextId = 1;
    let port: IntervalPort | undefined;
    const useNative = (interval: Interval) => {
        interval.native = native.setInterval(interval.callback, interval.ms);
    };
    try {
        port = spawn();
        port.addEventListener("message", (event) => {
            const interval = typeof event.data === "number" ? intervals.get(event.data) : undefined;
            if (interval !== undefined && interval.native === undefined) interval.callback();
        });
        port.addEventListener("error", () => {
            // The worker's script did not load or crashed: the keepalive must go on, so the page ticks it.
            port = undefined;
            for (const interval of intervals.values()) if (interval.native === undefined) useNative(interval);
        });
    } catch {
        port = undefined;
    }
    return {
        set(callback, ms) {
            const id = nextId++;
            const interval: Interval = { callback, ms };
            intervals.set(id, interval);
            if (port === undefined) useNative(interval);
            else port.postMessage({ kind: "set", id, ms });
            return id;
        },
        clear(id) {
            const interval = intervals.get(id);
            if (interval === undefined) return;
            intervals.delete(id);
            if (interval.native !== undefined) native.clearInterval(interval.native);
            else port?.postMessage({ kind: "clear", id });
        },
    };
}
