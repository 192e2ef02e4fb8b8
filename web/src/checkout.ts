/**
 * One checkout = one Idempotency-Key. Pressing "Place order" again for the same basket after an answer that left
 * the outcome open (no answer, 409, 503) reuses the key, so the API answers with the first order instead of
 * creating a second; a new basket, or any definite answer, starts a new checkout.
 */
import type { OrderBody } from "./catalogue";
import type { PlaceOutcome } from "./api";
import { backoffDelay, CHECKOUT_RETRY } from "./retry";
import type { KeyValueStore } from "./storage";

/** A checkout whose outcome is still open. */
export interface PendingCheckout {
    readonly key: string;
    readonly fingerprint: string;
}

/** Where the open checkout is kept (sessionStorage in the page, so a reload does not lose the key). */
export interface PendingStore {
    load(): PendingCheckout | undefined;
    save(pending: PendingCheckout | undefined): void;
}

/** The body in a canonical form: the same basket always gives the same fingerprint, whatever the line order. */
export function fingerprintOf(body: OrderBody): string {
    const items = [...body.items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)).map((l) => [l.sku, l.quantity]);
    return JSON.stringify([body.currency, items]);
}

export type OpenOutcome = Extract<PlaceOutcome, { kind: "network" | "inProgress" | "unavailable" }>;

/** Outcomes after which the same request might still succeed or might already have succeeded. */
export function leavesOutcomeOpen(outcome: PlaceOutcome): outcome is OpenOutcome {
    return outcome.kind === "network" || outcome.kind === "inProgress" || outcome.kind === "unavailable";
}

export class CheckoutKeys {
    constructor(private readonly store: PendingStore, private readonly newKey: () => string) {}

    /** The key for this basket: the open checkout's if it is the same basket, else a fresh one. */
    keyFor(body: OrderBody): string {
        const fingerprint = fingerprintOf(body);
        const pending = this.store.load();
        if (pending !== undefined && pending.fingerprint === fingerprint) return pending.key;
        const key = this.newKey();
        this.store.save({ key, fingerprint });
        return key;
    }

    /** Records how the checkout ended: only an open outcome keeps its key for the next press. */
    settle(outcome: PlaceOutcome): void {
        if (!leavesOutcomeOpen(outcome)) this.store.save(undefined);
    }
}

/** A PendingStore on top of a key-value store; unreadable content counts as no open checkout. */
export function pendingStoreIn(store: KeyValueStore, key: string): PendingStore {
    return {
        load() {
            try {
                const value: unknown = JSON.parse(store.getItem(key) ?? "null");
                if (typeof value !== "object" || value === null) return undefined;
                const { key: k, fingerprint } = value as Record<string, unknown>;
                return typeof k === "string" && typeof fingerprint === "string" ? { key: k, fingerprint } : undefined;
            } catch {
                return undefined;
            }
        },
        save(pending) {
            try {
                if (pending === undefined) store.removeItem(key);
                else store.setItem(key, JSON.stringify(pending));
            } catch {
                // Storage refused: the key then lives only as long as this run of runCheckout.
            }
        },
    };
}

/** The delay before automatic retry number `retry` (0 for the first), or undefined when the checkout should stop. */
export function retryDelay(outcome: PlaceOutcome, retry: number, random: () => number): number | undefined {
    if (!leavesOutcomeOpen(outcome) || retry >= CHECKOUT_RETRY.maxRetries) return undefined;
    const given = outcome.kind === "network" ? undefined : outcome.retryAfterMs;
    if (given !== undefined) return Math.min(given, CHECKOUT_RETRY.maxRetryAfterMs);
    return backoffDelay(retry, CHECKOUT_RETRY, random);
}

export interface CheckoutDeps {
    readonly keys: CheckoutKeys;
    readonly send: (body: OrderBody, idempotencyKey: string) => Promise<PlaceOutcome>;
    readonly sleep: (ms: number) => Promise<void>;
    readonly random: () => number;
    /** Told before each automatic retry, so the page can say it is trying again. */
    readonly onRetry?: (outcome: PlaceOutcome, delayMs: number) => void;
}

/** Places the order, retrying open outcomes a few times with the same key; returns the last outcome. */
export async function runCheckout(body: OrderBody, deps: CheckoutDeps): Promise<PlaceOutcome> {
    const key = deps.keys.keyFor(body);
    for (let retry = 0; ; retry++) {
        const outcome = await deps.send(body, key);
        const delay = retryDelay(outcome, retry, deps.random);
        if (delay === undefined) {
            deps.keys.settle(outcome);
            return outcome;
        }
        deps.onRetry?.(outcome, delay);
        await deps.sleep(delay);
    }
}
