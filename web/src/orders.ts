/**
 * The customer's orders as the page knows them. Each order accumulates facts (placed, priced, receipt stored,
 * failed) from three sources that can arrive in any order: the API's 202, MQTT messages and `GET /orders/{id}`.
 * Merging facts instead of replacing a status makes the result independent of arrival order, and a late or
 * repeated message can never move an order backwards.
 */
import { ORDER_ID, type FrontendMessage } from "./messages";

export const STATUS_WORDS = ["Placed", "Processed", "Receipt ready", "Failed"] as const;
export type StatusWord = (typeof STATUS_WORDS)[number];

export interface OrderView {
    readonly orderId: string;
    /** When the order was placed (or first heard of), ISO 8601. */
    readonly placedAt: string;
    readonly currency?: string;
    readonly totalCents?: number;
    readonly itemCount?: number;
    readonly processed: boolean;
    readonly receiptReady: boolean;
    /** The failure's short code (for example "PricingError"); shown only through failureReason. */
    readonly failure?: string;
}

/** What `GET /orders/{orderId}` answers with 200. */
export interface OrderSnapshot {
    readonly orderId: string;
    readonly status: "PLACED" | "PROCESSED" | "FAILED";
    readonly placedAt?: string;
    readonly currency?: string;
    readonly totalCents?: number;
    readonly itemCount?: number;
    readonly error?: string;
}

export type OrderEvent =
    | { readonly kind: "placed"; readonly orderId: string; readonly placedAt: string; readonly currency: string }
    | { readonly kind: "message"; readonly message: FrontendMessage }
    | { readonly kind: "snapshot"; readonly order: OrderSnapshot }
    /** The API no longer knows the order (its record expired): stop showing it. */
    | { readonly kind: "forgotten"; readonly orderId: string };

/** How many orders the page keeps; older ones drop off the end. */
export const MAX_ORDERS = 20;

/** The status word of an order. A stored order is never both processed and failed (its status is written once). */
export function statusOf(order: OrderView): StatusWord {
    if (order.receiptReady) return "Receipt ready";
    if (order.processed) return "Processed";
    if (order.failure !== undefined) return "Failed";
    return "Placed";
}

/** An order that may still change, so it is worth re-reading after a gap in the live connection. */
export function mayStillChange(order: OrderView): boolean {
    return !order.receiptReady && order.failure === undefined;
}

const FAILURE_REASONS: Readonly<Record<string, string>> = {
    PricingError: "One of the products in this order is no longer sold. Please place a new order.",
    ContractViolationError: "This order could not be accepted as sent. Please place it again.",
    "States.Timeout": "This order took too long to process. Please place it again.",
};

/** Words for the customer; the internal cause never reaches the browser, and unknown codes get a general sentence. */
export function failureReason(code: string | undefined): string {
    return (code !== undefined && Object.hasOwn(FAILURE_REASONS, code) ? FAILURE_REASONS[code] : undefined)
        ?? "Something went wrong while processing this order. Please place it again.";
}

type Facts = Partial<Omit<OrderView, "orderId">>;

function factsOf(event: Exclude<OrderEvent, { kind: "forgotten" }>): { orderId: string; facts: Facts } {
    switch (event.kind) {
        case "placed":
            return { orderId: event.orderId, facts: { placedAt: event.placedAt, currency: event.currency } };
        case "snapshot": {
            const o = event.order;
            const facts: Facts = { placedAt: o.placedAt, currency: o.currency, totalCents: o.totalCents, itemCount: o.itemCount };
            if (o.status === "PROCESSED") return { orderId: o.orderId, facts: { ...facts, processed: true } };
            if (o.status === "FAILED") return { orderId: o.orderId, facts: { ...facts, failure: o.error ?? "Unknown" } };
            return { orderId: o.orderId, facts };
        }
        case "message": {
            const m = event.message;
            const seen = { placedAt: m.occurredAt };
            if (m.type === "OrderProcessed") return { orderId: m.orderId, facts: { ...seen, processed: true, currency: m.currency, totalCents: m.totalCents, itemCount: m.itemCount } };
            if (m.type === "OrderFailed") return { orderId: m.orderId, facts: { ...seen, failure: m.error } };
            // A receipt exists only for a processed order, even if its OrderProcessed message was missed.
            return { orderId: m.orderId, facts: { ...seen, processed: true, receiptReady: true } };
        }
    }
}

/** The earlier of two ISO 8601 instants (same format, so they compare as strings); "" means not known yet. */
const earlier = (a: string, b: string | undefined): string => (b !== undefined && b !== "" && (a === "" || b < a) ? b : a);

/** Facts only ever add up: true stays true, a field already known keeps its first value, the earliest time wins. */
function merge(order: OrderView, facts: Facts): OrderView {
    return {
        orderId: order.orderId,
        placedAt: earlier(order.placedAt, facts.placedAt),
        currency: order.currency ?? facts.currency,
        totalCents: order.totalCents ?? facts.totalCents,
        itemCount: order.itemCount ?? facts.itemCount,
        processed: order.processed || facts.processed === true,
        receiptReady: order.receiptReady || facts.receiptReady === true,
        failure: order.failure ?? facts.failure,
    };
}

/** Applies one event to the list (newest first). Pure: returns a new list, or the same one when nothing changed. */
export function applyOrderEvent(orders: readonly OrderView[], event: OrderEvent): readonly OrderView[] {
    if (event.kind === "forgotten") {
        return orders.some((o) => o.orderId === event.orderId) ? orders.filter((o) => o.orderId !== event.orderId) : orders;
    }
    const { orderId, facts } = factsOf(event);
    const index = orders.findIndex((o) => o.orderId === orderId);
    if (index === -1) {
        const created = merge({ orderId, placedAt: "", processed: false, receiptReady: false }, facts);
        return [created, ...orders].slice(0, MAX_ORDERS);
    }
    const updated = merge(orders[index], facts);
    if (sameOrder(updated, orders[index])) return orders;
    return orders.map((o, i) => (i === index ? updated : o));
}

function sameOrder(a: OrderView, b: OrderView): boolean {
    return a.placedAt === b.placedAt && a.currency === b.currency && a.totalCents === b.totalCents && a.itemCount === b.itemCount
        && a.processed === b.processed && a.receiptReady === b.receiptReady && a.failure === b.failure;
}

const isOptional = <T>(value: unknown, check: (v: unknown) => v is T): boolean => value === undefined || check(value);
const isText = (v: unknown): v is string => typeof v === "string";
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

/** An order read back from storage, or undefined when the stored value is not one (storage is not trusted). */
export function reviveOrder(value: unknown): OrderView | undefined {
    if (typeof value !== "object" || value === null) return undefined;
    const o = value as Record<string, unknown>;
    if (!isText(o.orderId) || !ORDER_ID.test(o.orderId) || !isText(o.placedAt)) return undefined;
    if (typeof o.processed !== "boolean" || typeof o.receiptReady !== "boolean") return undefined;
    if (!isOptional(o.currency, isText) || !isOptional(o.totalCents, isInt) || !isOptional(o.itemCount, isInt) || !isOptional(o.failure, isText)) return undefined;
    return {
        orderId: o.orderId, placedAt: o.placedAt, processed: o.processed, receiptReady: o.receiptReady,
        currency: o.currency as string | undefined, totalCents: o.totalCents as number | undefined,
        itemCount: o.itemCount as number | undefined, failure: o.failure as string | undefined,
    };
}
