import { describe, expect, it } from "vitest";
import { CONTRACTS } from "../../contracts/events";
import { NOTIFIED_EVENTS, notificationFor } from "../../functions/notifier";
import { decodeMessage, parseFrontendMessage } from "../src/messages";
import { orderId } from "./support";

const envelope = { orderId: orderId(1), correlationId: "corr-12345678", occurredAt: "2026-12-01T10:00:00.000Z" };

describe("parseFrontendMessage", () => {
    it("GIVEN what the notifier publishes for each event WHEN parsed THEN the storefront accepts it unchanged", () => {
        for (const name of NOTIFIED_EVENTS) {
            const contract = CONTRACTS[name];
            const { message } = notificationFor({ source: contract.source, "detail-type": contract.detailType, detail: contract.example });
            expect(parseFrontendMessage(JSON.parse(JSON.stringify(message)))).toEqual(message);
        }
    });

    it("GIVEN each message type WHEN parsed THEN only its fields are kept", () => {
        expect(parseFrontendMessage({ type: "OrderProcessed", ...envelope, currency: "EUR", totalCents: 2598, itemCount: 2, extra: "x" }))
            .toEqual({ type: "OrderProcessed", ...envelope, currency: "EUR", totalCents: 2598, itemCount: 2 });
        expect(parseFrontendMessage({ type: "OrderFailed", ...envelope, error: "PricingError", cause: "internal" }))
            .toEqual({ type: "OrderFailed", ...envelope, error: "PricingError" });
        expect(parseFrontendMessage({ type: "ReceiptStored", ...envelope, receiptKey: "receipts/x.json" }))
            .toEqual({ type: "ReceiptStored", ...envelope, receiptKey: "receipts/x.json" });
    });

    it("GIVEN malformed or unknown messages WHEN parsed THEN they are dropped", () => {
        const bad: unknown[] = [
            null, "OrderProcessed", [], { type: "OrderShipped", ...envelope },
            { type: "OrderProcessed", ...envelope, orderId: "ord_XYZ", currency: "EUR", totalCents: 1, itemCount: 1 },
            { type: "OrderProcessed", ...envelope, currency: "euro", totalCents: 1, itemCount: 1 },
            { type: "OrderProcessed", ...envelope, currency: "EUR", totalCents: 1.5, itemCount: 1 },
            { type: "OrderProcessed", ...envelope, currency: "EUR", totalCents: -1, itemCount: 1 },
            { type: "OrderFailed", ...envelope, error: "" },
            { type: "ReceiptStored", ...envelope },
            { type: "OrderFailed", orderId: orderId(1), error: "PricingError" },
        ];
        for (const payload of bad) expect(parseFrontendMessage(payload)).toBeUndefined();
    });
});

describe("decodeMessage", () => {
    it("GIVEN UTF-8 JSON bytes WHEN decoded THEN the message comes out", () => {
        const bytes = new TextEncoder().encode(JSON.stringify({ type: "OrderFailed", ...envelope, error: "PricingError" }));
        expect(decodeMessage(bytes)?.type).toBe("OrderFailed");
    });

    it("GIVEN bytes that are not UTF-8 JSON WHEN decoded THEN nothing comes out", () => {
        expect(decodeMessage(new Uint8Array([0xff, 0xfe, 0x00]))).toBeUndefined();
        expect(decodeMessage("{not json")).toBeUndefined();
    });
});
