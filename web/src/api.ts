/**
 * The order API as the storefront calls it, with every response turned into an outcome the page can act on.
 * The caller is the ID token's subject: the body never names a customer.
 */
import type { OrderBody } from "./catalogue";
import { ORDER_ID } from "./messages";
import type { OrderSnapshot } from "./orders";
import { parseRetryAfter } from "./retry";

export type PlaceOutcome =
    | { readonly kind: "accepted"; readonly orderId: string }
    /** 400 or 413: this body will never be accepted. */
    | { readonly kind: "invalid"; readonly status: number; readonly field?: string }
    | { readonly kind: "unauthorized" }
    /** 409: the first request with this key is still being handled. */
    | { readonly kind: "inProgress"; readonly retryAfterMs?: number }
    /** 422: the key was used with another body. */
    | { readonly kind: "keyReused" }
    /** 429 or 5xx: nothing was accepted; a retry with the same key is safe. */
    | { readonly kind: "unavailable"; readonly status: number; readonly retryAfterMs?: number }
    /** No answer at all: the order may or may not have been accepted, so only the same key may retry. */
    | { readonly kind: "network" }
    | { readonly kind: "unexpected"; readonly status: number };

export type ReadOutcome =
    | { readonly kind: "found"; readonly order: OrderSnapshot }
    | { readonly kind: "missing" }
    | { readonly kind: "unauthorized" }
    | { readonly kind: "unavailable" };

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface ApiDeps {
    readonly apiUrl: string;
    /** The current ID token, or undefined when signed out (then nothing is sent). */
    readonly idToken: () => string | undefined;
    readonly fetch: FetchFn;
    readonly now?: () => number;
}

/** `path` under the API's base URL, whether or not the base ends with a slash or carries a stage path. */
export function apiEndpoint(apiUrl: string, path: string): string {
    return new URL(path.replace(/^\//, ""), apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`).toString();
}

async function jsonBody(response: Response): Promise<Record<string, unknown>> {
    try {
        const body: unknown = await response.json();
        return typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    } catch {
        return {};
    }
}

/** `POST /orders` once; retrying is the checkout's decision. */
export async function postOrder(deps: ApiDeps, body: OrderBody, idempotencyKey: string): Promise<PlaceOutcome> {
    const token = deps.idToken();
    if (token === undefined) return { kind: "unauthorized" };
    let response: Response;
    try {
        response = await deps.fetch(apiEndpoint(deps.apiUrl, "orders"), {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": idempotencyKey },
            body: JSON.stringify(body),
            // The order must not be replayed by the browser's cache or sent with cookies: the token is the credential.
            cache: "no-store",
            credentials: "omit",
        });
    } catch {
        return { kind: "network" };
    }
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), deps.now?.() ?? Date.now());
    const s = response.status;
    if (s === 202 || s === 200 || s === 201) {
        const { orderId } = await jsonBody(response);
        return typeof orderId === "string" && ORDER_ID.test(orderId) ? { kind: "accepted", orderId } : { kind: "unexpected", status: s };
    }
    if (s === 400 || s === 413) {
        const { field } = await jsonBody(response);
        return { kind: "invalid", status: s, field: typeof field === "string" ? field : undefined };
    }
    if (s === 401 || s === 403) return { kind: "unauthorized" };
    if (s === 409) return { kind: "inProgress", retryAfterMs };
    if (s === 422) return { kind: "keyReused" };
    if (s === 429 || s >= 500) return { kind: "unavailable", status: s, retryAfterMs };
    return { kind: "unexpected", status: s };
}

const STATUSES = new Set(["PLACED", "PROCESSED", "FAILED"]);

/** `GET /orders/{orderId}`: the order's stored status. */
export async function getOrder(deps: ApiDeps, orderId: string): Promise<ReadOutcome> {
    const token = deps.idToken();
    if (token === undefined) return { kind: "unauthorized" };
    let response: Response;
    try {
        response = await deps.fetch(apiEndpoint(deps.apiUrl, `orders/${encodeURIComponent(orderId)}`), {
            method: "GET",
            headers: { authorization: `Bearer ${token}`, accept: "application/json" },
            cache: "no-store",
            credentials: "omit",
        });
    } catch {
        return { kind: "unavailable" };
    }
    if (response.status === 404) return { kind: "missing" };
    if (response.status === 401 || response.status === 403) return { kind: "unauthorized" };
    if (response.status !== 200) return { kind: "unavailable" };
    const b = await jsonBody(response);
    if (b.orderId !== orderId || typeof b.status !== "string" || !STATUSES.has(b.status)) return { kind: "unavailable" };
    const text = (v: unknown) => (typeof v === "string" ? v : undefined);
    const count = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : undefined);
    return {
        kind: "found",
        order: {
            orderId, status: b.status as OrderSnapshot["status"], placedAt: text(b.placedAt), currency: text(b.currency),
            totalCents: count(b.totalCents), itemCount: count(b.itemCount), error: text(b.error),
        },
    };
}
