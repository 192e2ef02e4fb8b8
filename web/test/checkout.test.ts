import { describe, expect, it } from "vitest";
import type { PlaceOutcome } from "../src/api";
import { CheckoutKeys, fingerprintOf, pendingStoreIn, retryDelay, runCheckout } from "../src/checkout";
import { mapStore, orderId } from "./support";

const BASKET = { currency: "EUR", items: [{ sku: "BOOK-001", quantity: 2 }, { sku: "PEN-010", quantity: 1 }] };
const OTHER = { currency: "EUR", items: [{ sku: "BOOK-001", quantity: 3 }] };

function keys() {
    const store = mapStore();
    let n = 0;
    return { store, keys: new CheckoutKeys(pendingStoreIn(store, "checkout"), () => `key-${++n}`) };
}

describe("fingerprintOf", () => {
    it("GIVEN the same basket with lines in another order THEN the fingerprint is the same; another basket differs", () => {
        expect(fingerprintOf({ ...BASKET, items: [...BASKET.items].reverse() })).toBe(fingerprintOf(BASKET));
        expect(fingerprintOf(OTHER)).not.toBe(fingerprintOf(BASKET));
        expect(fingerprintOf({ ...BASKET, currency: "USD" })).not.toBe(fingerprintOf(BASKET));
    });
});

describe("CheckoutKeys", () => {
    it("GIVEN an open outcome (no answer, 409, 503) WHEN the same basket is ordered again THEN the key is reused", () => {
        for (const open of [{ kind: "network" }, { kind: "inProgress" }, { kind: "unavailable", status: 503 }] as PlaceOutcome[]) {
            const { keys: k } = keys();
            const first = k.keyFor(BASKET);
            k.settle(open);
            expect(k.keyFor(BASKET)).toBe(first);
        }
    });

    it("GIVEN a definite answer WHEN the same basket is ordered again THEN it is a new checkout with a new key", () => {
        for (const done of [{ kind: "accepted", orderId: orderId(1) }, { kind: "invalid", status: 400 }, { kind: "keyReused" }, { kind: "unauthorized" }] as PlaceOutcome[]) {
            const { keys: k } = keys();
            const first = k.keyFor(BASKET);
            k.settle(done);
            expect(k.keyFor(BASKET)).not.toBe(first);
        }
    });

    it("GIVEN an open checkout WHEN the customer changes the basket THEN the new basket gets a new key", () => {
        const { keys: k } = keys();
        const first = k.keyFor(BASKET);
        k.settle({ kind: "network" });
        expect(k.keyFor(OTHER)).not.toBe(first);
    });

    it("GIVEN an open checkout WHEN the page reloads (a new CheckoutKeys on the same storage) THEN the key survives", () => {
        const { store, keys: k } = keys();
        const first = k.keyFor(BASKET);
        k.settle({ kind: "network" });
        expect(new CheckoutKeys(pendingStoreIn(store, "checkout"), () => "fresh").keyFor(BASKET)).toBe(first);
    });

    it("GIVEN garbage in storage THEN it counts as no open checkout", () => {
        const store = mapStore({ checkout: "{oops" });
        expect(new CheckoutKeys(pendingStoreIn(store, "checkout"), () => "fresh").keyFor(BASKET)).toBe("fresh");
    });
});

describe("retryDelay", () => {
    it("GIVEN Retry-After THEN it is honoured (capped at 30 s); without it the backoff applies; definite answers never retry", () => {
        expect(retryDelay({ kind: "inProgress", retryAfterMs: 1000 }, 0, () => 0)).toBe(1000);
        expect(retryDelay({ kind: "unavailable", status: 503, retryAfterMs: 120_000 }, 0, () => 0)).toBe(30_000);
        expect(retryDelay({ kind: "network" }, 1, () => 0)).toBe(500);
        expect(retryDelay({ kind: "accepted", orderId: orderId(1) }, 0, () => 0)).toBeUndefined();
        expect(retryDelay({ kind: "network" }, 3, () => 0)).toBeUndefined();
    });
});

describe("runCheckout", () => {
    it("GIVEN a 503 then a 409 then a 202 WHEN placing THEN every attempt carries the same key and the waits follow Retry-After", async () => {
        const { keys: k } = keys();
        const answers: PlaceOutcome[] = [
            { kind: "unavailable", status: 503, retryAfterMs: 1000 },
            { kind: "inProgress", retryAfterMs: 2000 },
            { kind: "accepted", orderId: orderId(1) },
        ];
        const sent: string[] = [];
        const slept: number[] = [];
        const told: string[] = [];
        const outcome = await runCheckout(BASKET, {
            keys: k,
            send: async (_body, key) => {
                sent.push(key);
                return answers.shift()!;
            },
            sleep: async (ms) => void slept.push(ms),
            random: () => 0,
            onRetry: (o) => told.push(o.kind),
        });
        expect(outcome).toEqual({ kind: "accepted", orderId: orderId(1) });
        expect(sent).toEqual(["key-1", "key-1", "key-1"]);
        expect(slept).toEqual([1000, 2000]);
        expect(told).toEqual(["unavailable", "inProgress"]);
        expect(k.keyFor(BASKET)).toBe("key-2");
    });

    it("GIVEN the network never answers WHEN placing THEN it stops after three retries and keeps the key for the next press", async () => {
        const { keys: k } = keys();
        const sent: string[] = [];
        const outcome = await runCheckout(BASKET, {
            keys: k,
            send: async (_body, key) => {
                sent.push(key);
                return { kind: "network" };
            },
            sleep: async () => undefined,
            random: () => 0,
        });
        expect(outcome).toEqual({ kind: "network" });
        expect(sent).toEqual(["key-1", "key-1", "key-1", "key-1"]);
        expect(k.keyFor(BASKET)).toBe("key-1");
    });

    it("GIVEN a 422 WHEN placing THEN it does not retry and the next press starts a new checkout", async () => {
        const { keys: k } = keys();
        let calls = 0;
        const outcome = await runCheckout(BASKET, { keys: k, send: async () => (calls++, { kind: "keyReused" }), sleep: async () => undefined, random: () => 0 });
        expect(outcome).toEqual({ kind: "keyReused" });
        expect(calls).toBe(1);
        expect(k.keyFor(BASKET)).toBe("key-2");
    });
});
