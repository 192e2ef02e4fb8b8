/**
 * The fingerprint of an order's lines: what binds an order id to exactly one body. The API records it with the order
 * (PLACED) and sends it in OrderPlaced; the pricing step recomputes it from the lines it prices, and the workflow's
 * writes compare it with the stored record, so an OrderPlaced whose lines or customer differ from the order the API
 * accepted changes nothing.
 *
 * Its own module: it needs node's crypto, which the storefront (a browser bundle reading contracts/) must not load.
 */
import { createHash } from "crypto";
import type { OrderRequest } from "./events";

/** 64 lower-case hex digits (SHA-256). */
export const FINGERPRINT = /^[0-9a-f]{64}$/;

/**
 * SHA-256 of the order's currency and lines, in a fixed key order, so the same order always has the same fingerprint
 * however its JSON was written. (It equals the hash of a validated request body, whose keys the contract orders.)
 */
export function orderFingerprint(order: Pick<OrderRequest, "currency" | "items">): string {
    const canonical = { currency: order.currency, items: order.items.map(({ sku, quantity }) => ({ sku, quantity })) };
    return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}
