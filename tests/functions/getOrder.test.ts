import { randomUUID } from "crypto";
import { expect } from "chai";
import * as fc from "fast-check";
import { Logger } from "@aws-lambda-powertools/logger";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { ORDER_ID } from "../../contracts";
import { HttpEvent } from "../../functions/http";
import { getOrder, GetOrderDeps } from "../../functions/getOrder";
import { LocalDynamo, startLocalDynamo } from "../support/localDynamo";
import { httpEvent, idTokenClaims, parse } from "./httpEvents";
import { newCustomer, placeOrderOver, RecordingEventBridge, request as placeRequest, validBody } from "./placeOrderFixture";
import { HOSTILE_SUBS } from "./tokens";

const KNOWN = "ord_0123456789abcdef0123456789abcdef";
const UNKNOWN = "ord_ffffffffffffffffffffffffffffffff";
const OWNER = "4b1f5c2e-8d3a-4f6b-9e7c-2a5d8f1b3c6e";

function request(orderId: string | undefined, sub: string = OWNER, options: { headers?: Record<string, string>; claims?: Record<string, unknown> | null } = {}): HttpEvent {
    return httpEvent({
        method: "GET",
        routeKey: "GET /orders/{orderId}",
        path: `/orders/${orderId ?? ""}`,
        headers: options.headers,
        pathParameters: orderId === undefined ? undefined : { orderId },
        claims: options.claims === undefined ? idTokenClaims(sub) : options.claims,
    });
}

describe("getOrder", () => {
    let dynamo: LocalDynamo;
    let deps: GetOrderDeps;

    before(async () => {
        dynamo = await startLocalDynamo();
        deps = { db: dynamo.doc, ordersTable: dynamo.tables.orders, logger: new Logger({ logLevel: "SILENT" }) };
        await dynamo.doc.send(new PutCommand({
            TableName: dynamo.tables.orders,
            Item: {
                orderId: KNOWN, status: "PROCESSED", customerId: OWNER, placedAt: "2026-11-26T10:00:00.000Z",
                currency: "EUR", totalCents: 2598, itemCount: 2, correlationId: "corr-secret-1", email: "ada@example.com",
                expiresAt: 1_900_000_000,
            },
        }));
    });
    after(async () => {
        await dynamo.stop();
    });

    it("GIVEN the order's own customer WHEN it reads the order THEN 200 with its status and public fields only (no customer id, email or correlation id), and the correlation id echoed", async () => {
        const response = await getOrder(request(KNOWN, OWNER, { headers: { "x-correlation-id": "corr-read-0001" } }), deps);

        expect(response.statusCode).to.equal(200);
        expect(parse(response)).to.deep.equal({
            orderId: KNOWN, status: "PROCESSED", placedAt: "2026-11-26T10:00:00.000Z", currency: "EUR", totalCents: 2598, itemCount: 2,
        });
        expect(response.headers["x-correlation-id"]).to.equal("corr-read-0001");
        expect(response.headers["content-type"]).to.equal("application/json");
    });

    it("GIVEN a well-formed id that does not exist WHEN read THEN 404 naming orderId", async () => {
        const response = await getOrder(request(UNKNOWN), deps);

        expect(response.statusCode).to.equal(404);
        expect(parse(response)).to.include({ error: "NotFound", field: "orderId" });
    });

    it("GIVEN another customer WHEN it reads the order THEN exactly the 404 of a missing order: same status, headers and body shape, nothing of the owner (property)", async () => {
        await fc.assert(fc.asyncProperty(fc.uuid(), async (other) => {
            fc.pre(other !== OWNER);
            const headers = { "x-correlation-id": "corr-probe-0001" };
            const foreign = await getOrder(request(KNOWN, other, { headers }), deps);
            const missing = await getOrder(request(UNKNOWN, other, { headers }), deps);
            expect(foreign.statusCode).to.equal(404);
            expect(foreign.headers).to.deep.equal(missing.headers);
            expect(parse(foreign)).to.deep.equal({ ...parse(missing), message: `no order ${KNOWN}` });
            expect(foreign.body).not.to.include(OWNER).and.not.to.include("PROCESSED").and.not.to.include("ada@");
        }), { numRuns: 50 });
    });

    it("GIVEN customers A and B who place orders WHEN each reads both THEN each reads only its own (through placeOrder, end to end)", async () => {
        const events = new RecordingEventBridge();
        const { place } = placeOrderOver(dynamo, events);
        const [a, b] = [newCustomer(), newCustomer()];
        const orderOfA = parse(await place(placeRequest(validBody(), a))).orderId;
        const orderOfB = parse(await place(placeRequest(validBody(), b))).orderId;

        const read = async (sub: string, orderId: string) => (await getOrder(request(orderId, sub), deps)).statusCode;
        expect([await read(a, orderOfA), await read(a, orderOfB), await read(b, orderOfB), await read(b, orderOfA)]).to.deep.equal([200, 404, 200, 404]);
        expect(parse(await getOrder(request(orderOfA, a), deps))).to.include({ orderId: orderOfA, status: "PLACED", currency: "EUR" });
    });

    it("GIVEN no claims, claims without sub or a hostile sub WHEN read THEN 401 and nothing about the order", async () => {
        const cases: (Record<string, unknown> | null)[] = [null, { ...idTokenClaims(), sub: undefined }, ...HOSTILE_SUBS.map((sub) => ({ ...idTokenClaims(), sub }))];
        for (const claims of cases) {
            const response = await getOrder(request(KNOWN, OWNER, { claims }), deps);
            expect(response.statusCode, JSON.stringify(claims)).to.equal(401);
            expect(parse(response).error).to.equal("Unauthorized");
            expect(response.body).not.to.include("PROCESSED");
        }
    });

    it("GIVEN any malformed id (or none) WHEN read THEN 400 naming orderId, never a 5xx", async () => {
        const malformed = fc.oneof(
            fc.string({ maxLength: 80 }),
            fc.stringMatching(/^ord_[0-9A-F]{32}$/),
            fc.stringMatching(/^ord_[0-9a-f]{0,31}$/),
            fc.stringMatching(/^ord_[0-9a-f]{33,40}$/),
            fc.constantFrom("ord_0123456789abcdef0123456789abcdeg", "../orders", "ord_0123456789abcdef0123456789abcdef\n"),
        ).filter((id) => !ORDER_ID.test(id));
        await fc.assert(fc.asyncProperty(malformed, async (id) => {
            const response = await getOrder(request(id), deps);
            expect(response.statusCode).to.equal(400);
            expect(parse(response)).to.include({ error: "ValidationError", field: "orderId" });
        }), { numRuns: 100 });
        const missing = await getOrder(request(undefined), deps);
        expect(missing.statusCode).to.equal(400);
    });

    it("GIVEN the table cannot be read WHEN read THEN a retryable 503, not a 404", async () => {
        const response = await getOrder(request(KNOWN), { ...deps, ordersTable: "no-such-table" });

        expect(response.statusCode).to.equal(503);
        expect(response.headers["retry-after"]).to.equal("1");
    });

    it("GIVEN arbitrary claims and ids WHEN read THEN never a 5xx, and a 200 only for the owner (property)", async () => {
        const claims = fc.oneof(fc.constant(null), fc.dictionary(fc.constantFrom("sub", "email", "aud"), fc.oneof(fc.string(), fc.uuid(), fc.constant(OWNER), fc.integer())));
        await fc.assert(fc.asyncProperty(claims, fc.oneof(fc.constant(KNOWN), fc.string({ maxLength: 40 })), async (claim, id) => {
            const response = await getOrder(request(id, randomUUID(), { claims: claim }), deps);
            expect(response.statusCode).to.be.below(500);
            if (response.statusCode === 200) expect(claim?.sub).to.equal(OWNER);
        }), { numRuns: 150 });
    });
});
