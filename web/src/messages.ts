/**
 * The messages the frontend notifier publishes on a customer's topic (the `FrontendMessage` union of the notifier
 * function, restated here because that module imports the AWS SDK). A unit test feeds the notifier's real output
 * through this parser, so the two cannot drift apart unnoticed.
 */

export const ORDER_ID = /^ord_[0-9a-f]{32}$/;

interface Envelope {
    readonly orderId: string;
    readonly correlationId: string;
    readonly occurredAt: string;
}

export type FrontendMessage =
    | (Envelope & { readonly type: "OrderProcessed"; readonly currency: string; readonly totalCents: number; readonly itemCount: number })
    | (Envelope & { readonly type: "OrderFailed"; readonly error: string })
    | (Envelope & { readonly type: "ReceiptStored"; readonly receiptKey: string });

const isString = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

/**
 * The message in a payload, or undefined for anything else: a malformed or unknown message is dropped rather than
 * shown, since the page re-reads the order after every reconnect anyway.
 */
export function parseFrontendMessage(payload: unknown): FrontendMessage | undefined {
    if (typeof payload !== "object" || payload === null) return undefined;
    const m = payload as Record<string, unknown>;
    if (!isString(m.orderId) || !ORDER_ID.test(m.orderId) || !isString(m.correlationId) || !isString(m.occurredAt)) return undefined;
    const envelope: Envelope = { orderId: m.orderId, correlationId: m.correlationId, occurredAt: m.occurredAt };
    switch (m.type) {
        case "OrderProcessed":
            if (!isString(m.currency) || !/^[A-Z]{3}$/.test(m.currency) || !isCount(m.totalCents) || !isCount(m.itemCount)) return undefined;
            return { type: "OrderProcessed", ...envelope, currency: m.currency, totalCents: m.totalCents, itemCount: m.itemCount };
        case "OrderFailed":
            if (!isString(m.error)) return undefined;
            return { type: "OrderFailed", ...envelope, error: m.error };
        case "ReceiptStored":
            if (!isString(m.receiptKey)) return undefined;
            return { type: "ReceiptStored", ...envelope, receiptKey: m.receiptKey };
        default:
            return undefined;
    }
}

/** Decodes an MQTT payload (UTF-8 JSON) into a message; undefined when it is not one. */
export function decodeMessage(payload: Uint8Array | string): FrontendMessage | undefined {
    try {
        const text = typeof payload === "string" ? payload : new TextDecoder("utf-8", { fatal: true }).decode(payload);
        return parseFrontendMessage(JSON.parse(text));
    } catch {
        return undefined;
    }
}
