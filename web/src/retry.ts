/**
 * When to try again: exponential backoff with jitter (so many browsers that lost the same broker do not return in
 * step), and the server's Retry-After when it gave one.
 */

export interface BackoffPolicy {
    /** The first delay's upper bound, in milliseconds. */
    readonly baseMs: number;
    /** No delay exceeds this, in milliseconds. */
    readonly maxMs: number;
}

/** Reconnecting the live connection: 1 s, 2 s, 4 s … capped at 30 s. */
export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000 };

/** Retrying a checkout: 0.5 s, 1 s, 2 s, at most 3 automatic retries. */
export const CHECKOUT_RETRY = { baseMs: 500, maxMs: 8_000, maxRetries: 3, maxRetryAfterMs: 30_000 } as const;

/**
 * The delay before retry number `attempt` (0 for the first): "equal jitter", between half and all of the capped
 * exponential value, so a retry is never immediate yet never synchronised. `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
    const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
    return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * A Retry-After header as milliseconds from `nowMs`: delta-seconds or an HTTP date. Undefined when absent or
 * unreadable (the caller then uses its own backoff).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
    if (value === null || value === undefined) return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text)) return Number(text) * 1000;
    // Only the HTTP date format ("Tue, 01 Dec 2026 10:00:05 GMT"): Date.parse alone accepts far too much.
    if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    return Math.max(0, date - nowMs);
}
