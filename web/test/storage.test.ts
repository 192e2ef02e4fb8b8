import { describe, expect, it } from "vitest";
import { applyOrderEvent } from "../src/orders";
import { loadOrders, memoryStore, ordersKey, saveOrders } from "../src/storage";
import { mapStore, orderId, OTHER_SUB, SUB } from "./support";

const orders = applyOrderEvent([], { kind: "placed", orderId: orderId(1), placedAt: "2026-12-01T10:00:00.000Z", currency: "EUR" });

describe("remembered orders", () => {
    it("GIVEN saved orders THEN they load back for the same customer only", () => {
        const store = mapStore();
        saveOrders(store, SUB, orders);
        expect(loadOrders(store, SUB)).toEqual([{ ...orders[0], failure: undefined }]);
        expect(loadOrders(store, OTHER_SUB)).toEqual([]);
    });

    it("GIVEN unreadable or partly bad storage THEN the good entries load and nothing throws", () => {
        expect(loadOrders(mapStore({ [ordersKey(SUB)]: "{" }), SUB)).toEqual([]);
        expect(loadOrders(mapStore({ [ordersKey(SUB)]: "{}" }), SUB)).toEqual([]);
        const mixed = JSON.stringify([{ orderId: "bad" }, ...orders]);
        expect(loadOrders(mapStore({ [ordersKey(SUB)]: mixed }), SUB).map((o) => o.orderId)).toEqual([orderId(1)]);
    });

    it("GIVEN a storage that refuses writes THEN saving is silently skipped", () => {
        const full = { ...memoryStore(), setItem: () => { throw new DOMException("quota", "QuotaExceededError"); } };
        expect(() => saveOrders(full, SUB, orders)).not.toThrow();
    });
});
