/**
 * Serialization tests of the HTTP API functions: each bundle is loaded from a temp dir, as Lambda loads it, with the
 * environment its descriptor names, and invoked with API Gateway's events (JWT claims included). DynamoDB is
 * dynalite; EventBridge is a recording loopback server, or one that never answers.
 */
import { expect } from "chai";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { parseDetail } from "../../contracts";
import { MissingEnvironmentError } from "../../functions/env";
import type { HttpEvent, HttpResponse } from "../../functions/http";
import { FakeAws, HungServer, loadBundle, LoadedBundle, startFakeAws, startHungServer } from "../support/awsLoopback";
import { LocalDynamo, startLocalDynamo } from "../support/localDynamo";
import { httpEvent, idTokenClaims, parse } from "./httpEvents";
import { BUS, freshKey, newCustomer, request, scan, validBody } from "./placeOrderFixture";
import { PACKAGE_BUDGET_BYTES } from "../../constants/budgets";

const BUDGET_BYTES = PACKAGE_BUDGET_BYTES;
type Handler = (event: HttpEvent) => Promise<HttpResponse>;

describe("bundles of placeOrder and getOrder", () => {
    let dynamo: LocalDynamo;
    let bus: FakeAws;
    let hung: HungServer;

    before(async () => {
        dynamo = await startLocalDynamo();
        bus = await startFakeAws(() => ({ status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: "1" }] }) }));
        hung = await startHungServer();
    });
    after(async () => {
        await hung.stop();
        await bus.stop();
        await dynamo.stop();
    });

    const placeOrderEnv = (eventBridge: string) => ({
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge,
        EVENT_BUS_NAME: BUS,
        ORDERS_TABLE: dynamo.tables.orders,
        IDEMPOTENCY_TABLE: dynamo.tables.idempotency,
    });

    it("GIVEN the placeOrder bundle without its environment WHEN it is loaded THEN the cold start fails naming every missing variable", () => {
        expect(() => loadBundle("functions/placeOrder.ts", "createPlaceOrderHandler", {}))
            .to.throw(/EVENT_BUS_NAME, ORDERS_TABLE, IDEMPOTENCY_TABLE are not set/)
            .with.property("name", MissingEnvironmentError.name);
    });

    describe("placeOrder against a working bus", () => {
        let bundle: LoadedBundle;
        before(() => { bundle = loadBundle("functions/placeOrder.ts", "createPlaceOrderHandler", placeOrderEnv(bus.endpoint)); });
        after(() => bundle.cleanup());

        it("GIVEN a signed-in customer WHEN the bundle gets a real request THEN 202, one PutEvents call with the customer from the token, a PLACED record; the retry emits nothing", async () => {
            expect(bundle.bytes).to.be.below(BUDGET_BYTES);
            const handler = bundle.handler as Handler;
            const customer = newCustomer();
            const key = freshKey();

            const response = await handler(request(validBody(), customer, { key, headers: { "x-correlation-id": "corr-bundle-01" } }));
            const retry = await handler(request(validBody(), customer, { key }));

            expect(response.statusCode, response.body).to.equal(202);
            expect(retry.statusCode).to.equal(202);
            const { orderId } = parse(response);
            expect(parse(retry).orderId).to.equal(orderId);
            const puts = bus.requests.filter((r) => r.headers["x-amz-target"] === "AWSEvents.PutEvents");
            expect(puts).to.have.length(1);
            const [entry] = JSON.parse(puts[0].body).Entries;
            expect(entry).to.include({ EventBusName: BUS, Source: "orders.api", DetailType: "OrderPlaced" });
            expect(parseDetail("OrderPlaced", JSON.parse(entry.Detail))).to.deep.include({ orderId, correlationId: "corr-bundle-01", customerId: customer, customer: { email: "ada@example.com" } });
            const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.orders, Key: { orderId } }));
            expect(Item).to.include({ status: "PLACED", customerId: customer });
        });

        it("GIVEN no claims WHEN the bundle gets a request THEN 401 and no PutEvents call", async () => {
            const before = bus.requests.length;
            const response = await (bundle.handler as Handler)(request(validBody(), newCustomer(), { claims: null }));
            expect(response.statusCode).to.equal(401);
            expect(bus.requests.length).to.equal(before);
        });
    });

    describe("placeOrder against a bus that never answers (the deployed call limits)", () => {
        let bundle: LoadedBundle;
        before(() => { bundle = loadBundle("functions/placeOrder.ts", "createPlaceOrderHandler", placeOrderEnv(hung.endpoint)); });
        after(() => bundle.cleanup());

        it("GIVEN PutEvents hangs WHEN the bundle places an order THEN it answers its own JSON 503 with Retry-After, and the key is free again", async () => {
            const customer = newCustomer();
            const key = freshKey();

            const response = await (bundle.handler as Handler)(request(validBody(), customer, { key }));

            expect(response.statusCode).to.equal(503);
            expect(response.headers["retry-after"]).to.equal("1");
            expect(parse(response).error).to.equal("ServiceUnavailable");
            // Released: no claim is left in progress to block the retry.
            expect((await scan(dynamo, dynamo.tables.idempotency)).filter((item) => item.status === "INPROGRESS")).to.deep.equal([]);
        });
    });

    describe("getOrder", () => {
        let place: LoadedBundle;
        let read: LoadedBundle;
        before(() => {
            place = loadBundle("functions/placeOrder.ts", "createPlaceOrderHandler", placeOrderEnv(bus.endpoint));
            read = loadBundle("functions/getOrder.ts", "createGetOrderHandler", { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, ORDERS_TABLE: dynamo.tables.orders });
        });
        after(() => {
            read.cleanup();
            place.cleanup();
        });

        it("GIVEN an order placed through the bundle WHEN the getOrder bundle reads it THEN 200 for its customer, 404 for another, 401 without claims, 400 for a bad id", async () => {
            expect(read.bytes).to.be.below(BUDGET_BYTES);
            const owner = newCustomer();
            const { orderId } = parse(await (place.handler as Handler)(request(validBody(), owner)));
            const get = (id: string, claims: Record<string, unknown> | null) => (read.handler as Handler)(httpEvent({
                method: "GET", routeKey: "GET /orders/{orderId}", path: `/orders/${id}`, pathParameters: { orderId: id }, claims,
            }));

            const own = await get(orderId, idTokenClaims(owner));
            expect(own.statusCode, own.body).to.equal(200);
            expect(parse(own)).to.include({ orderId, status: "PLACED", currency: "EUR" }).and.not.to.have.property("customerId");
            expect((await get(orderId, idTokenClaims(newCustomer()))).statusCode).to.equal(404);
            expect((await get(orderId, null)).statusCode).to.equal(401);
            expect((await get("nope", idTokenClaims(owner))).statusCode).to.equal(400);
        });
    });
});
