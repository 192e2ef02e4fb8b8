/**
 * The request side of POST /orders: the Idempotency-Key header, the order body, and the ids derived from them.
 * Everything here refuses bad input with an HttpError (4xx) that names the header or field.
 */
import { createHash } from "crypto";
import { ContractViolationError, orderRequest, OrderRequest, parseWith } from "../contracts/events";
import { orderFingerprint } from "../contracts/fingerprint";
import { header, HttpError, HttpEvent, readJsonBody } from "./http";

export const IDEMPOTENCY_HEADER = "idempotency-key";
/** 1-128 printable ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7E]{1,128}$/;

/** Body fields that would name a customer: the customer is the signed-in caller, so they are refused outright. */
export const IDENTITY_FIELDS = ["customerId", "customer"] as const;

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The Idempotency-Key header: required, so that a retried checkout can never become a second order. */
export function idempotencyKeyOf(event: Pick<HttpEvent, "headers">): string {
    const key = header(event, IDEMPOTENCY_HEADER);
    if (key === undefined) {
        throw new HttpError(400, "ValidationError", "Idempotency-Key",
            "Idempotency-Key header is required: send a fresh value per checkout and the same value when retrying it");
    }
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
        throw new HttpError(400, "ValidationError", "Idempotency-Key", "Idempotency-Key header must be 1-128 printable ASCII characters");
    }
    return key;
}

/** The order body, validated against the request contract. */
export function parseOrder(event: Pick<HttpEvent, "body" | "isBase64Encoded">): OrderRequest {
    const body = readJsonBody(event);
    for (const field of IDENTITY_FIELDS) {
        if (Object.hasOwn(body, field)) {
            throw new HttpError(400, "ValidationError", field,
                `${field} is not an allowed field: the customer is the signed-in caller, taken from the token`);
        }
    }
    try {
        return parseWith("OrderPlaced", orderRequest, body);
    } catch (err) {
        if (err instanceof ContractViolationError) {
            throw new HttpError(400, "ValidationError", err.field, `${err.field} ${err.reason}`);
        }
        throw err;
    }
}

/**
 * The fingerprint of a validated order body: a retry must send the same order to get the same answer, and the
 * workflow accepts an OrderPlaced only with the lines this fingerprint names (contracts/fingerprint.ts).
 */
export function requestHashOf(order: OrderRequest): string {
    return orderFingerprint(order);
}

/**
 * The orderId of a request, derived from customer, key *and* body: every retry names the same order, and a key
 * reused for a different order (after its idempotency record expired) names a new order instead of the old one.
 */
export function orderIdFor(customerId: string, idempotencyKey: string, requestHash: string): string {
    return `ord_${sha256(`${customerId}:${idempotencyKey}:${requestHash}`).slice(0, 32)}`;
}
