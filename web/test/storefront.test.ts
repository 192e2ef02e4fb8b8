import { describe, expect, it } from "vitest";
import { SESSION_ENDED } from "../src/apiErrors";
import { basketToOrder } from "../src/catalogue";
import { statusOf } from "../src/orders";
import type { TokenSet } from "../src/session";
import { ordersKey, saveOrders } from "../src/storage";
import { createStore } from "../src/store";
import { checkoutKey, Storefront, type AuthPort } from "../src/storefront";
import { fakeBroker, fakeFetch, jwt, json, ManualTimers, mapStore, orderId, SUB } from "./support";

const NOW_S = 1_800_000_000;
const CONFIG = {
    apiUrl: "http://localhost:3000",
    auth: { issuer: "http://localhost:3000/oidc", clientId: "storefront", redirectUri: "http://localhost:3000/" },
    realtime: { url: "ws://localhost:3000/mqtt", authorizerName: "orders-local-authorizer", topicPrefix: "orders/local" },
};
const TOPIC = `orders/local/${SUB}`;
const envelope = (id: string) => ({ orderId: id, correlationId: "corr-12345678", occurredAt: "2026-12-01T10:00:01.000Z" });

const tokens = (n: number, refresh: boolean, lifetime = 3600): TokenSet => ({
    id_token: jwt({ sub: SUB, email: "ada@example.com", exp: NOW_S + n * lifetime, n }),
    expires_at: NOW_S + n * lifetime,
    refresh_token: refresh ? `refresh-${n}` : undefined,
});

class FakeAuth implements AuthPort {
    readonly calls: string[] = [];
    readonly renewals: (TokenSet | Error)[] = [];
    async signIn() { this.calls.push("signIn"); }
    async signUp() { this.calls.push("signUp"); }
    async forget() { this.calls.push("forget"); }
    async signOut() { this.calls.push("signOut"); }
    async renew(): Promise<TokenSet> {
        this.calls.push("renew");
        const next = this.renewals.shift();
        if (next === undefined || next instanceof Error) throw next ?? new Error("no renewal prepared");
        return next;
    }
}

/** Lets pending promise callbacks run (no clock involved). */
const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

function harness(seed?: (storage: ReturnType<typeof mapStore>) => void) {
    const http = fakeFetch();
    const broker = fakeBroker();
    const timers = new ManualTimers(NOW_S * 1000);
    const storage = mapStore();
    seed?.(storage);
    const auth = new FakeAuth();
    const store = createStore(storage, () => undefined);
    let keys = 0;
    const storefront = new Storefront({
        config: CONFIG, auth, fetch: http.fetch, loadConnect: async () => broker.connect, storage, timers,
        random: () => 0, now: () => timers.clock, newKey: () => `key-${++keys}`, clientSuffix: "tab1",
        dispatch: store.dispatch, state: store.state,
    });
    const statuses = () => store.state().orders.map((o) => [o.orderId, statusOf(o)]);
    return { http, broker, timers, storage, auth, store, storefront, statuses };
}

const basket = () => {
    const result = basketToOrder({ "BOOK-001": "2" }, "EUR");
    if (!result.ok) throw new Error(result.problem);
    return result;
};

describe("Storefront session", () => {
    it("GIVEN remembered orders WHEN the session begins and subscribes THEN only orders that may still change are read, once", async () => {
        const h = harness((storage) => saveOrders(storage, SUB, [
            { orderId: orderId(1), placedAt: "2026-12-01T09:00:00.000Z", currency: "EUR", processed: false, receiptReady: false },
            { orderId: orderId(2), placedAt: "2026-12-01T08:00:00.000Z", currency: "EUR", totalCents: 100, processed: true, receiptReady: true },
        ]));
        h.http.answer(`GET /orders/${orderId(1)}`, json(200, { orderId: orderId(1), status: "PROCESSED", currency: "EUR", totalCents: 2598, itemCount: 2 }));
        await h.storefront.begin(tokens(1, false));
        expect(h.store.state()).toMatchObject({ screen: "signedIn", user: { sub: SUB, email: "ada@example.com" }, live: "connecting" });
        expect(h.http.requests).toHaveLength(0);
        h.broker.latest().accept();
        await settle();
        expect(h.http.requests.map((r) => r.url)).toEqual([`http://localhost:3000/orders/${orderId(1)}`]);
        expect(h.statuses()).toEqual([[orderId(1), "Processed"], [orderId(2), "Receipt ready"]]);
        expect(h.store.state().live).toBe("live");
        expect(JSON.parse(h.storage.map.get(ordersKey(SUB))!)[0]).toMatchObject({ orderId: orderId(1), processed: true, totalCents: 2598 });
    });

    it("GIVEN a basket WHEN placed THEN the order appears as Placed and moves live to Processed and Receipt ready", async () => {
        const h = harness();
        h.http.answer("POST /orders", json(202, { orderId: orderId(5) }));
        await h.storefront.begin(tokens(1, false));
        h.broker.latest().accept();
        expect(await h.storefront.placeOrder(basket())).toBe(true);
        const [post] = h.http.requests;
        expect(post.headers).toMatchObject({ authorization: `Bearer ${tokens(1, false).id_token}`, "idempotency-key": "key-1" });
        expect(post.body).toEqual({ currency: "EUR", items: [{ sku: "BOOK-001", quantity: 2 }] });
        expect(h.statuses()).toEqual([[orderId(5), "Placed"]]);
        h.broker.latest().deliver(TOPIC, { type: "OrderProcessed", ...envelope(orderId(5)), currency: "EUR", totalCents: 2598, itemCount: 2 });
        expect(h.statuses()).toEqual([[orderId(5), "Processed"]]);
        h.broker.latest().deliver(TOPIC, { type: "ReceiptStored", ...envelope(orderId(5)), receiptKey: "receipts/x.json" });
        expect(h.statuses()).toEqual([[orderId(5), "Receipt ready"]]);
        expect(h.store.state()).toMatchObject({ placing: false, alert: undefined });
    });

    it("GIVEN a 503 with Retry-After THEN the page says it retries and the retry carries the same Idempotency-Key", async () => {
        const h = harness();
        h.http.answer("POST /orders", json(503, { error: "ServiceUnavailable" }, { "retry-after": "1" }), json(202, { orderId: orderId(6) }));
        await h.storefront.begin(tokens(1, false));
        const placing = h.storefront.placeOrder(basket());
        await settle();
        expect(h.store.state()).toMatchObject({ placing: true, notice: "The shop is busy. Trying again in 1 second…" });
        expect(h.timers.runNext()).toBe(1000);
        expect(await placing).toBe(true);
        expect(h.http.requests.map((r) => r.headers["idempotency-key"])).toEqual(["key-1", "key-1"]);
        expect(h.statuses()).toEqual([[orderId(6), "Placed"]]);
    });

    it("GIVEN a 400 THEN the alert is in the customer's words and the next press is a new checkout", async () => {
        const h = harness();
        h.http.answer("POST /orders", json(400, { error: "ValidationError", field: "items.0.quantity", message: "items.0.quantity must be <= 100" }));
        await h.storefront.begin(tokens(1, false));
        expect(await h.storefront.placeOrder(basket())).toBe(false);
        expect(h.store.state().alert).toBe("Please check the quantities: each product can be ordered 1 to 100 times.");
        expect(h.storage.map.has(checkoutKey(SUB))).toBe(false);
    });

    it("GIVEN a basket the page refuses THEN nothing is sent and the problem is the alert", async () => {
        const h = harness();
        await h.storefront.begin(tokens(1, false));
        expect(await h.storefront.placeOrder(basketToOrder({}, "EUR"))).toBe(false);
        expect(h.store.state().alert).toBe("Please choose at least one product.");
        expect(h.http.requests).toHaveLength(0);
    });

    it("GIVEN a 401 THEN the session ends: tokens forgotten, live connection closed, sign in asked for", async () => {
        const h = harness();
        h.http.answer("POST /orders", json(401, { message: "Unauthorized" }));
        await h.storefront.begin(tokens(1, false));
        h.broker.latest().accept();
        expect(await h.storefront.placeOrder(basket())).toBe(false);
        expect(h.store.state()).toMatchObject({ screen: "signedOut", alert: SESSION_ENDED });
        expect(h.auth.calls).toEqual(["forget"]);
        expect(h.broker.latest().ended).toBe(true);
        expect(h.timers.pending).toHaveLength(0);
    });

    it("GIVEN a reconnect after a drop THEN orders that may still change are read again", async () => {
        const h = harness();
        h.http.answer("POST /orders", json(202, { orderId: orderId(7) }));
        h.http.answer(`GET /orders/${orderId(7)}`, json(200, { orderId: orderId(7), status: "FAILED", error: "PricingError" }));
        await h.storefront.begin(tokens(1, false));
        h.broker.latest().accept();
        await h.storefront.placeOrder(basket());
        h.broker.latest().emit("close");
        expect(h.store.state().live).toBe("reconnecting");
        h.timers.runNext();
        h.broker.latest().accept();
        await settle();
        expect(h.http.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(["POST /orders", `GET /orders/${orderId(7)}`]);
        expect(h.statuses()).toEqual([[orderId(7), "Failed"]]);
    });

    it("GIVEN the first connection fails THEN remembered orders are read without waiting for the broker", async () => {
        const h = harness((storage) => saveOrders(storage, SUB, [{ orderId: orderId(1), placedAt: "2026-12-01T09:00:00.000Z", processed: false, receiptReady: false }]));
        h.http.answer(`GET /orders/${orderId(1)}`, json(404, { error: "NotFound" }));
        await h.storefront.begin(tokens(1, false));
        h.broker.latest().emit("error", new Error("Connection refused: Not authorized"));
        await settle();
        expect(h.http.requests).toHaveLength(1);
        expect(h.store.state().orders).toEqual([]);
    });

    it("GIVEN a refresh token WHEN the token nears expiry THEN it is renewed and the live connection reopens with the new token", async () => {
        const h = harness();
        h.auth.renewals.push(tokens(2, true));
        await h.storefront.begin(tokens(1, true));
        const first = h.broker.latest();
        first.accept();
        expect(h.timers.runNext()).toBe((3600 - 60) * 1000);
        await settle();
        expect(h.auth.calls).toEqual(["renew"]);
        expect(first.ended).toBe(true);
        expect(h.broker.latest().token).toBe(tokens(2, true).id_token);
        expect(h.store.state().screen).toBe("signedIn");
        // The clock is now 60 s before the first expiry; the next renewal is 60 s before the new one.
        expect(h.timers.pending.map((t) => t.ms)).toEqual([(7200 - 60 - 3540) * 1000]);
    });

    it("GIVEN renewals that keep failing THEN they are retried while the token lasts, then the session ends with a message", async () => {
        const h = harness();
        h.auth.renewals.push(...Array.from({ length: 10 }, () => new Error("invalid_grant")));
        await h.storefront.begin(tokens(1, true, 120));
        const delays: number[] = [];
        while (h.store.state().screen === "signedIn") {
            delays.push(h.timers.runNext());
            await settle();
        }
        // 60 s before expiry, then 5, 10, 20 s later; the last 25 s are shorter than the next pause, so it waits them out.
        expect(delays).toEqual([60_000, 5_000, 10_000, 20_000, 25_000]);
        expect(h.auth.calls).toEqual(["renew", "renew", "renew", "renew", "forget"]);
        expect(h.store.state()).toMatchObject({ screen: "signedOut", alert: SESSION_ENDED });
    });

    it("GIVEN no refresh token WHEN the token expires THEN the session ends with a message and the live connection closes", async () => {
        const h = harness();
        await h.storefront.begin(tokens(1, false));
        h.broker.latest().accept();
        expect(h.timers.runNext()).toBe(3_600_000);
        await settle();
        expect(h.store.state()).toMatchObject({ screen: "signedOut", alert: SESSION_ENDED });
        expect(h.broker.latest().ended).toBe(true);
        expect(h.auth.calls).toEqual(["forget"]);
    });

    it("GIVEN an expired token remembered by the tab and no refresh token THEN the page asks to sign in again, connecting nothing", async () => {
        const h = harness();
        await h.storefront.begin({ ...tokens(1, false), id_token: jwt({ sub: SUB, exp: NOW_S - 10 }), expires_at: NOW_S - 10 });
        expect(h.store.state()).toMatchObject({ screen: "signedOut", alert: SESSION_ENDED });
        expect(h.broker.clients).toHaveLength(0);
    });

    it("GIVEN sign-out THEN the live connection ends first, the tab forgets the orders and the issuer is told", async () => {
        const h = harness();
        h.http.answer("POST /orders", json(202, { orderId: orderId(8) }));
        await h.storefront.begin(tokens(1, true));
        h.broker.latest().accept();
        await h.storefront.placeOrder(basket());
        await h.storefront.signOut();
        expect(h.broker.latest().ended).toBe(true);
        expect(h.timers.pending).toHaveLength(0);
        expect(h.storage.map.has(ordersKey(SUB))).toBe(false);
        expect(h.store.state()).toMatchObject({ screen: "signedOut", alert: undefined, orders: [] });
        expect(h.auth.calls).toEqual(["signOut"]);
        h.broker.latest().deliver(TOPIC, { type: "OrderProcessed", ...envelope(orderId(8)), currency: "EUR", totalCents: 1, itemCount: 1 });
        expect(h.store.state().orders).toEqual([]);
    });

    it("GIVEN an ID token the page cannot read THEN it forgets it and asks to sign in again", async () => {
        const h = harness();
        await h.storefront.begin({ id_token: "not-a-jwt" });
        expect(h.store.state()).toMatchObject({ screen: "signedOut", alert: "Sign-in did not complete. Please press Sign in to try again." });
        expect(h.auth.calls).toEqual(["forget"]);
    });
});
