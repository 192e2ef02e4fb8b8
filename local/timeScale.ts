/**
 * Real retry and visibility timings make a local demo (and a test) slow: a failing SQS consumer with a 60 s
 * visibility timeout and `maxReceiveCount` 5 takes five minutes to dead-letter. Every engine therefore takes a
 * time scale that multiplies the waits AWS would make (retry backoffs, visibility timeouts, batching windows,
 * event ages, Step Functions retry intervals and Wait states) and nothing else: function timeouts and message
 * retention stay real, so a scaled run neither cuts work short nor expires data.
 */

/** 1 is real time; 0.01 makes every wait a hundred times shorter. */
export const REAL_TIME = 1;

export class InvalidTimeScaleError extends Error {
    constructor(readonly owner: string, readonly value: unknown) {
        super(`${owner}: timeScale must be a number greater than 0 and at most 1 (1 = real time), but ${JSON.stringify(value)} was provided`);
        this.name = "InvalidTimeScaleError";
    }
}

/** Checks a time scale option and returns it, defaulting to real time. */
export function timeScaleOf(owner: string, value: number | undefined): number {
    if (value === undefined) return REAL_TIME;
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > 1) throw new InvalidTimeScaleError(owner, value);
    return value;
}

/** Milliseconds to wait for `seconds` of AWS time at this scale. */
export function scaledMs(seconds: number, scale: number): number {
    return Math.max(0, Math.round(seconds * 1000 * scale));
}

/** Resolves after `ms`, or at once when the signal aborts (shutdown must not wait for backoffs). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        if (signal?.aborted || ms <= 0) {
            resolve();
            return;
        }
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener("abort", done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener("abort", done, { once: true });
    });
}

/** Formats AWS seconds for a log line, e.g. "60s (scaled to 0.6s)". */
export function describeWait(seconds: number, scale: number): string {
    const real = `${Number(seconds.toFixed(2))}s`;
    return scale === REAL_TIME ? real : `${real} (scaled to ${Number((seconds * scale).toFixed(3))}s)`;
}
