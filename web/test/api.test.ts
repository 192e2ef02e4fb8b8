import { describe, expect, it } from "vitest";
import { apiEndpoint, getOrder, postOrder, type ApiDeps } from "../src/api";
import { fakeFetch, json, orderId } from "./support";

const BODY = { currency: "EUR", items: [{ sku: "BOOK-001", quantity: 2 }] };
const KEY = "5b1f8c8e-0f3a-4c55-9a53-2f0d7f7f1a11";
const NOW = Date.parse("2026-12-01T10:00:00.000Z");

function api(idToken: () => string | undefined = () => "id.token.here") {
    const http = fakeFetch();
    const deps: ApiDeps = { apiUrl: "http://localhost:3000", idToken, fetch: http.fetch, now: () => NOW };
    return { http, deps };
}

describe("apiEndpoint", () => {
    it("GIVEN base URLs with or without a trailing slash or a stage path THEN the path is appended once", () => {
        expect(apiEndpoint("http://localhost:3000", "orders")).toBe("http://localhost:3000/orders");
        expect(apiEndpoint("https://x.execute-api.eu-west-1.amazonaws.com/", "orders")).toBe("https://x.execute-api.eu-west-1.amazonaws.com/orders");
        expect(apiEndpoint("https://api.example.com/prod", "/orders/ord_1")).toBe("https://api.example.com/prod/orders/ord_1");
    });
});

describe("postOrder", () => {
    it("GIVEN a basket WHEN posted THEN it sends the ID token, the key and only currency and items", async () => {
        const { http, deps } = api();
        http.answer("POST /orders", json(202, { orderId: orderId(1) }));
        expect(await postOrder(deps, BODY, KEY)).toEqual({ kind: "accepted", orderId: orderId(1) });
        expect(http.requests).toEqual([{
            method: "POST",
            url: "http://localhost:3000/orders",
            headers: { authorization: "Bearer id.token.here", "content-type": "application/json", "idempotency-key": KEY },
            body: BODY,
        }]);
    });

    it("GIVEN each kind of answer THEN each becomes its outcome", async () => {
        const cases: [Response | Error, unknown][] = [
            [json(400, { error: "ValidationError", field: "items.0.quantity", message: "items.0.quantity must be ..." }), { kind: "invalid", status: 400, field: "items.0.quantity" }],
            [json(413, { error: "PayloadTooLarge" }), { kind: "invalid", status: 413, field: undefined }],
            [json(401, { message: "Unauthorized" }), { kind: "unauthorized" }],
            [json(409, { error: "Conflict" }, { "retry-after": "1" }), { kind: "inProgress", retryAfterMs: 1000 }],
            [json(422, { error: "IdempotencyKeyReused" }), { kind: "keyReused" }],
            [json(503, { error: "ServiceUnavailable" }, { "retry-after": "2" }), { kind: "unavailable", status: 503, retryAfterMs: 2000 }],
            [json(429, { message: "Too Many Requests" }), { kind: "unavailable", status: 429, retryAfterMs: undefined }],
            [json(404, { message: "Not Found" }), { kind: "unexpected", status: 404 }],
            [json(202, { orderId: "not-an-order-id" }), { kind: "unexpected", status: 202 }],
            [new TypeError("Failed to fetch"), { kind: "network" }],
        ];
        for (const [answer, outcome] of cases) {
            const { http, deps } = api();
            http.answer("POST /orders", answer);
            expect(await postOrder(deps, BODY, KEY)).toEqual(outcome);
        }
    });

    it("GIVEN no token WHEN posting THEN nothing is sent and the outcome is unauthorized", async () => {
        const { http, deps } = api(() => undefined);
        expect(await postOrder(deps, BODY, KEY)).toEqual({ kind: "unauthorized" });
        expect(http.requests).toHaveLength(0);
    });
});

describe("getOrder", () => {
    it("GIVEN a stored order WHEN read THEN its status and figures come back", async () => {
        const { http, deps } = api();
        http.answer(`GET /orders/${orderId(1)}`, json(200, {
            orderId: orderId(1), status: "PROCESSED", placedAt: "2026-12-01T10:00:00.000Z", currency: "EUR", totalCents: 2598, itemCount: 2, customerId: "someone",
        }));
        expect(await getOrder(deps, orderId(1))).toEqual({
            kind: "found",
            order: { orderId: orderId(1), status: "PROCESSED", placedAt: "2026-12-01T10:00:00.000Z", currency: "EUR", totalCents: 2598, itemCount: 2, error: undefined },
        });
        expect(http.requests[0].headers.authorization).toBe("Bearer id.token.here");
    });

    it("GIVEN 404, 401, 503, no network or a body for another order THEN each becomes its outcome", async () => {
        const cases: [Response | Error, string][] = [
            [json(404, { error: "NotFound" }), "missing"],
            [json(401, {}), "unauthorized"],
            [json(503, {}), "unavailable"],
            [new TypeError("Failed to fetch"), "unavailable"],
            [json(200, { orderId: orderId(2), status: "PLACED" }), "unavailable"],
            [json(200, { orderId: orderId(1), status: "SHIPPED" }), "unavailable"],
        ];
        for (const [answer, kind] of cases) {
            const { http, deps } = api();
            http.answer(`GET /orders/${orderId(1)}`, answer);
            expect((await getOrder(deps, orderId(1))).kind).toBe(kind);
        }
    });
});
