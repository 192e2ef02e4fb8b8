import { describe, expect, it } from "vitest";
import type { FrontendMessage } from "../src/messages";
import { applyOrderEvent, failureReason, MAX_ORDERS, mayStillChange, reviveOrder, statusOf, type OrderEvent, type OrderView } from "../src/orders";
import { orderId } from "./support";

const ID = orderId(7);
const at = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
const envelope = (minute: number) => ({ orderId: ID, correlationId: "corr-12345678", occurredAt: at(minute) });
const message = (m: FrontendMessage): OrderEvent => ({ kind: "message", message: m });

const placed: OrderEvent = { kind: "placed", orderId: ID, placedAt: at(0), currency: "EUR" };
const processed = message({ type: "OrderProcessed", ...envelope(1), currency: "EUR", totalCents: 2598, itemCount: 2 });
const receipt = message({ type: "ReceiptStored", ...envelope(2), receiptKey: `receipts/${ID}.json` });
const failed = message({ type: "OrderFailed", ...envelope(1), error: "PricingError" });

const fold = (events: readonly OrderEvent[], start: readonly OrderView[] = []) => events.reduce(applyOrderEvent, start);

function permutations<T>(items: readonly T[]): T[][] {
    if (items.length <= 1) return [[...items]];
    return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe("applyOrderEvent", () => {
    it("GIVEN an order placed, processed and receipted WHEN applied in order THEN its status goes Placed, Processed, Receipt ready", () => {
        const afterPlaced = fold([placed]);
        expect(statusOf(afterPlaced[0])).toBe("Placed");
        const afterProcessed = fold([processed], afterPlaced);
        expect(statusOf(afterProcessed[0])).toBe("Processed");
        expect(afterProcessed[0]).toMatchObject({ currency: "EUR", totalCents: 2598, itemCount: 2 });
        expect(statusOf(fold([receipt], afterProcessed)[0])).toBe("Receipt ready");
    });

    it("GIVEN the same events in every possible arrival order, with duplicates WHEN applied THEN the result is the same", () => {
        const snapshot: OrderEvent = { kind: "snapshot", order: { orderId: ID, status: "PROCESSED", placedAt: at(0), currency: "EUR", totalCents: 2598, itemCount: 2 } };
        const expected = fold([placed, processed, snapshot, receipt]);
        for (const order of permutations([placed, processed, snapshot, receipt])) {
            expect(fold([...order, ...order])).toEqual(expected);
        }
        expect(expected).toEqual([{ orderId: ID, placedAt: at(0), currency: "EUR", totalCents: 2598, itemCount: 2, processed: true, receiptReady: true, failure: undefined }]);
    });

    it("GIVEN a status already known WHEN an older snapshot arrives THEN the order does not move backwards", () => {
        const done = fold([placed, processed, receipt]);
        const stale: OrderEvent = { kind: "snapshot", order: { orderId: ID, status: "PLACED", placedAt: at(0), currency: "EUR" } };
        expect(applyOrderEvent(done, stale)).toBe(done);
    });

    it("GIVEN a message about an order the page has not heard of (it beat the API's answer) WHEN applied THEN the order appears", () => {
        const list = fold([processed]);
        expect(list.map(statusOf)).toEqual(["Processed"]);
        expect(statusOf(applyOrderEvent(list, placed)[0])).toBe("Processed");
    });

    it("GIVEN a failure WHEN applied THEN the order is Failed and the reason is in the customer's words", () => {
        const list = fold([placed, failed]);
        expect(statusOf(list[0])).toBe("Failed");
        expect(mayStillChange(list[0])).toBe(false);
        expect(failureReason(list[0].failure)).toBe("One of the products in this order is no longer sold. Please place a new order.");
    });

    it("GIVEN a FAILED snapshot WHEN applied THEN the order is Failed", () => {
        const list = fold([placed, { kind: "snapshot", order: { orderId: ID, status: "FAILED", error: "States.Timeout" } }]);
        expect(statusOf(list[0])).toBe("Failed");
        expect(failureReason(list[0].failure)).toMatch(/took too long/);
    });

    it("GIVEN orders WHEN new ones arrive THEN the newest is first and the list keeps at most MAX_ORDERS", () => {
        const events = Array.from({ length: MAX_ORDERS + 3 }, (_, i): OrderEvent => ({ kind: "placed", orderId: orderId(i), placedAt: at(i), currency: "EUR" }));
        const list = fold(events);
        expect(list).toHaveLength(MAX_ORDERS);
        expect(list[0].orderId).toBe(orderId(MAX_ORDERS + 2));
        expect(list.at(-1)?.orderId).toBe(orderId(3));
    });

    it("GIVEN an order the API no longer knows WHEN forgotten THEN it leaves the list", () => {
        const list = fold([placed, { kind: "placed", orderId: orderId(8), placedAt: at(1), currency: "USD" }]);
        expect(applyOrderEvent(list, { kind: "forgotten", orderId: ID }).map((o) => o.orderId)).toEqual([orderId(8)]);
        expect(applyOrderEvent(list, { kind: "forgotten", orderId: orderId(9) })).toBe(list);
    });
});

describe("statusOf and mayStillChange", () => {
    it("GIVEN each stage THEN the status word is one of the four and only final orders stop changing", () => {
        const stages = [fold([placed]), fold([placed, processed]), fold([placed, processed, receipt]), fold([placed, failed])];
        expect(stages.map((l) => statusOf(l[0]))).toEqual(["Placed", "Processed", "Receipt ready", "Failed"]);
        expect(stages.map((l) => mayStillChange(l[0]))).toEqual([true, true, false, false]);
    });
});

describe("failureReason", () => {
    it("GIVEN any code THEN the words never show the code itself", () => {
        for (const code of ["PricingError", "ContractViolationError", "States.Timeout", "Lambda.ServiceException", "Unknown", undefined]) {
            const reason = failureReason(code);
            expect(reason).toMatch(/\.$/);
            if (code !== undefined) expect(reason).not.toContain(code);
        }
        expect(failureReason("__proto__")).toBe(failureReason("Anything"));
    });
});

describe("reviveOrder", () => {
    it("GIVEN a stored order WHEN revived THEN it round-trips", () => {
        const order = fold([placed, processed])[0];
        expect(reviveOrder(JSON.parse(JSON.stringify(order)))).toEqual({ ...order, failure: undefined });
    });

    it("GIVEN tampered or foreign values WHEN revived THEN they are refused", () => {
        const good = { orderId: ID, placedAt: at(0), processed: false, receiptReady: false };
        for (const bad of [null, 1, { ...good, orderId: "x" }, { ...good, processed: "yes" }, { ...good, totalCents: -5 }, { ...good, failure: 3 }]) {
            expect(reviveOrder(bad)).toBeUndefined();
        }
    });
});
