import { expect } from "chai";
import * as fc from "fast-check";
import { Logger } from "@aws-lambda-powertools/logger";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { ORDER_ID } from "../../contracts";
import { HttpEvent, HttpResponse } from "../../functions/http";
import { getOrder, GetOrderDeps } from "../../functions/getOrder";
import { LoadedBundle, loadBundle } from "../support/awsLoopback";
import { LocalDynamo, startLocalDynamo } from "../support/localDynamo";

const KNOWN = "ord_0123456789abcdef0123456789abcdef";
const UNKNOWN = "ord_ffffffffffffffffffffffffffffffff";

function request(orderId: string | undefined, headers: Record<string, string> = {}): HttpEvent {
    return {
        version: "2.0",
        routeKey: "GET /orders/{orderId}",
        rawPath: `/orders/${orderId ?? ""}`,
        rawQueryString: "",
        headers,
        pathParameters: orderId === undefined ? undefined : { orderId },
        requestContext: { requestId: "req-1", http: { method: "GET", path: `/orders/${orderId}` } } as HttpEvent["requestContext"],
        isBase64Encoded: false,
    };
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
                orderId: KNOWN, status: "PROCESSED", customerId: "cust-42", placedAt: "2026-11-26T10:00:00.000Z",
                currency: "EUR", totalCents: 2598, itemCount: 2, correlationId: "corr-secret-1", name: "Ada Lovelace", email: "ada@example.com",
                expiresAt: 1_900_000_000,
            },
        }));
    });
    after(async () => {
        await dynamo.stop();
    });

    it("GIVEN a known order WHEN read THEN 200 with its status and public fields only, and the correlation id echoed", async () => {
        const response = await getOrder(request(KNOWN, { "x-correlation-id": "corr-read-0001" }), deps);

        expect(response.statusCode).to.equal(200);
        expect(JSON.parse(response.body)).to.deep.equal({
            orderId: KNOWN, status: "PROCESSED", customerId: "cust-42", placedAt: "2026-11-26T10:00:00.000Z", currency: "EUR", totalCents: 2598, itemCount: 2,
        });
        expect(response.headers["x-correlation-id"]).to.equal("corr-read-0001");
        expect(response.headers["content-type"]).to.equal("application/json");
    });

    it("GIVEN a well-formed id that does not exist WHEN read THEN 404 naming orderId", async () => {
        const response = await getOrder(request(UNKNOWN), deps);

        expect(response.statusCode).to.equal(404);
        expect(JSON.parse(response.body)).to.include({ error: "NotFound", field: "orderId" });
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
            expect(JSON.parse(response.body)).to.include({ error: "ValidationError", field: "orderId" });
        }), { numRuns: 100 });
        const missing = await getOrder(request(undefined), deps);
        expect(missing.statusCode).to.equal(400);
    });

    it("GIVEN the table cannot be read WHEN read THEN a retryable 503, not a 404", async () => {
        const response = await getOrder(request(KNOWN), { ...deps, ordersTable: "no-such-table" });

        expect(response.statusCode).to.equal(503);
        expect(response.headers["retry-after"]).to.equal("1");
    });

    describe("the bundle (what Lambda runs)", () => {
        let bundle: LoadedBundle;
        before(() => {
            bundle = loadBundle("functions/getOrder.ts", "createGetOrderHandler", {
                AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
                ORDERS_TABLE: dynamo.tables.orders,
            });
        });
        after(() => bundle.cleanup());

        it("GIVEN the bundled getOrder loaded from a temp dir WHEN it gets real requests THEN it answers 200, 404 and 400 from dynalite", async () => {
            expect(bundle.bytes).to.be.below(200 * 1024);
            const handler = bundle.handler as (event: HttpEvent) => Promise<HttpResponse>;

            const found = await handler(request(KNOWN));
            expect(found.statusCode, found.body).to.equal(200);
            expect(JSON.parse(found.body).status).to.equal("PROCESSED");
            expect((await handler(request(UNKNOWN))).statusCode).to.equal(404);
            expect((await handler(request("nope"))).statusCode).to.equal(400);
        });
    });
});
