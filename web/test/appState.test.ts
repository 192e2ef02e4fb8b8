import { describe, expect, it } from "vitest";
import { INITIAL_STATE, liveLabel, reduce, type Action, type AppState } from "../src/appState";
import { createStore } from "../src/store";
import { ordersKey } from "../src/storage";
import { mapStore, orderId, SUB } from "./support";

const signedIn = reduce(INITIAL_STATE, { type: "signedIn", user: { sub: SUB, email: "ada@example.com" }, orders: [] });

describe("reduce", () => {
    it("GIVEN a bad config THEN the page shows only the problem", () => {
        expect(reduce(INITIAL_STATE, { type: "configFailed", problem: "The shop is not configured correctly." }))
            .toEqual({ ...INITIAL_STATE, screen: "unconfigured", alert: "The shop is not configured correctly." });
    });

    it("GIVEN a checkout WHEN it starts, retries and is accepted THEN placing, notice and alert follow it", () => {
        const placing = reduce({ ...signedIn, alert: "old problem" }, { type: "placing" });
        expect(placing).toMatchObject({ placing: true, alert: undefined, notice: "Placing your order…" });
        const retrying = reduce(placing, { type: "retrying", notice: "The shop is busy. Trying again in 1 second…" });
        expect(retrying.notice).toBe("The shop is busy. Trying again in 1 second…");
        const done = reduce(retrying, { type: "placed", outcome: { kind: "accepted", orderId: orderId(1) }, at: "2026-12-01T10:00:00.000Z", currency: "EUR" });
        expect(done).toMatchObject({ placing: false, notice: `Order ${orderId(1)} placed.`, orders: [{ orderId: orderId(1), currency: "EUR" }] });
    });

    it("GIVEN a refused checkout THEN the alert explains it and nothing is added", () => {
        const done = reduce(reduce(signedIn, { type: "placing" }), { type: "placed", outcome: { kind: "unavailable", status: 503 }, at: "x", currency: "EUR" });
        expect(done).toMatchObject({ placing: false, notice: undefined, orders: [] });
        expect(done.alert).toMatch(/cannot take orders right now/);
    });

    it("GIVEN a signed-out page THEN late order events and live states change nothing", () => {
        const out = reduce(signedIn, { type: "signedOut" });
        const late: Action[] = [
            { type: "order", event: { kind: "placed", orderId: orderId(1), placedAt: "x", currency: "EUR" } },
            { type: "live", state: { kind: "live" } },
        ];
        for (const action of late) expect(reduce(out, action)).toBe(out);
    });

    it("GIVEN an event that changes nothing THEN the state object stays the same (no re-render)", () => {
        const withOrder = reduce(signedIn, { type: "order", event: { kind: "placed", orderId: orderId(1), placedAt: "2026-12-01T10:00:00.000Z", currency: "EUR" } });
        expect(reduce(withOrder, { type: "order", event: { kind: "placed", orderId: orderId(1), placedAt: "2026-12-01T10:00:00.000Z", currency: "EUR" } })).toBe(withOrder);
    });
});

describe("liveLabel", () => {
    it("GIVEN each live state THEN a sentence", () => {
        const states: AppState["live"][] = ["off", "connecting", "live", "reconnecting", "stopped"];
        expect(states.map(liveLabel)).toEqual([
            "Live updates are off.", "Connecting live updates…", "Live updates are on.", "Live updates paused: reconnecting…", "Live updates are off.",
        ]);
    });
});

describe("createStore", () => {
    it("GIVEN order changes of a signed-in customer THEN they are remembered and the view is told once per change", () => {
        const storage = mapStore();
        const rendered: AppState[] = [];
        const store = createStore(storage, (s) => rendered.push(s));
        store.dispatch({ type: "signedIn", user: { sub: SUB }, orders: [] });
        store.dispatch({ type: "order", event: { kind: "placed", orderId: orderId(1), placedAt: "2026-12-01T10:00:00.000Z", currency: "EUR" } });
        store.dispatch({ type: "order", event: { kind: "placed", orderId: orderId(1), placedAt: "2026-12-01T10:00:00.000Z", currency: "EUR" } });
        expect(rendered).toHaveLength(2);
        expect(JSON.parse(storage.map.get(ordersKey(SUB))!)).toHaveLength(1);
    });
});
