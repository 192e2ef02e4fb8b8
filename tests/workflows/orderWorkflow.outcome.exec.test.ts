/**
 * One final outcome per order, executed locally: whatever path ends an order (process-order or the router), the
 * order's status leaves PLACED once, only for the customer and lines the API recorded, and only that stored change
 * is announced; GET /orders/{id} answers what the announcement said. A key reused after its idempotency record
 * expired changes nothing either.
 */
import { randomUUID } from "crypto";
import { expect } from "chai";
import { DeleteCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { orderFingerprint } from "../../contracts/fingerprint";
import { getOrder } from "../../functions/getOrder";
import { httpEvent, idTokenClaims, parse } from "../functions/httpEvents";
import { placeOrderOver, RecordingEventBridge, request, validBody } from "../functions/placeOrderFixture";
import { LocalPlatform, newOrder, storedOrder, TaskError } from "./support/localPlatform";
import { useWorkflowHarness } from "./support/workflowHarness";

type Json = any;

describe("OrderWorkflow executed locally: one final outcome per order", function () {
    const h = useWorkflowHarness();

    /** GET /orders/{id} as the order's customer sees it. */
    async function asSeenByCustomer(orderId: string, customerId: string): Promise<Json> {
        const response = await getOrder(
            httpEvent({ method: "GET", path: `/orders/${orderId}`, routeKey: "GET /orders/{orderId}", pathParameters: { orderId }, claims: idTokenClaims(customerId) }),
            { db: h.dynamo.doc, ordersTable: h.dynamo.tables.orders, logger: new Logger({ logLevel: "SILENT" }) },
        );
        return { statusCode: response.statusCode, ...parse(response) };
    }

    const outcomes = (platform: LocalPlatform, orderId: string) =>
        platform.events().filter((e) => e.detail.orderId === orderId && e.name !== "CustomerRegistered").map((e) => e.name);

    describe("GIVEN a router failure", () => {
        const getCustomerFails = () => Array.from({ length: 4 }, () => new TaskError("DynamoDB.InternalServerErrorException", "Internal server error"));

        it("WHEN a duplicate delivery's first copy hits the fault and the second does not THEN the order is FAILED, only OrderFailed is announced, and GET /orders says FAILED", async () => {
            const platform = h.platform(false);
            const detail = newOrder();
            await platform.place(detail);
            platform.faults.set("GetCustomer", getCustomerFails());
            const faulty = await platform.deliver(detail);
            const healthy = await platform.deliver(detail);
            const children = await platform.settle();
            h.paths.remember("duplicate delivery, only the first copy fails in the router", [faulty, healthy, ...children], h.outbox);

            expect(faulty.states.slice(-2)).to.deep.equal(["RecordRouteFailure", "Failed"]);
            expect(children.map((c) => c.states)).to.deep.equal([["PriceOrder", "SaveOrder", "ReadStoredOrder", "StoredOrderFound", "IsSameOrder", "AlreadyFinal"]]);
            expect(outcomes(platform, detail.orderId)).to.deep.equal(["OrderFailed"]);
            expect(await asSeenByCustomer(detail.orderId, detail.customerId)).to.include({ statusCode: 200, status: "FAILED", error: "DynamoDB.InternalServerErrorException" });
        });

        it("WHEN a duplicate delivery's first copy succeeds and the second hits the fault THEN the order stays PROCESSED, only OrderProcessed is announced, and GET /orders says PROCESSED", async () => {
            const platform = h.platform(false);
            const detail = newOrder();
            await platform.place(detail);
            const healthy = await platform.deliver(detail);
            await platform.settle();
            platform.faults.set("GetCustomer", getCustomerFails());
            const faulty = await platform.deliver(detail);
            await platform.settle();
            h.paths.remember("duplicate delivery, only the second copy fails in the router", [healthy, faulty], h.outbox);

            expect(faulty.states.slice(-5)).to.deep.equal(["RecordRouteFailure", "ReadStoredOrder", "StoredOrderFound", "IsSameOrder", "AlreadyFinal"]);
            expect(faulty.status).to.equal("SUCCEEDED");
            expect(outcomes(platform, detail.orderId)).to.deep.equal(["OrderProcessed"]);
            expect(await asSeenByCustomer(detail.orderId, detail.customerId)).to.include({ statusCode: 200, status: "PROCESSED", totalCents: 2598 });
        });
    });

    describe("GIVEN an OrderPlaced for an existing order id that is not the order the API recorded", () => {
        it("WHEN it comes from another customer THEN it ends in OrderConflict: the PLACED order is not touched and nothing is announced; the real order then completes", async () => {
            const platform = h.platform(false);
            const real = newOrder();
            await platform.place(real);
            const impostor = newOrder({ orderId: real.orderId, customerId: randomUUID() });
            const takeover = await platform.deliver(impostor);
            const [conflicted] = await platform.settle();
            const before = await storedOrder(h.dynamo, real.orderId);
            const genuine = await platform.deliver(real);
            const processed = (await platform.settle()).at(-1)!;
            h.paths.remember("fingerprint mismatch: another customer's OrderPlaced for a PLACED order", [takeover, conflicted, genuine, processed], h.outbox);

            expect(conflicted.states).to.deep.equal(["PriceOrder", "SaveOrder", "ReadStoredOrder", "StoredOrderFound", "IsSameOrder", "OrderConflict"]);
            expect(conflicted.failure).to.equal("OrderConflict");
            expect(before).to.deep.include({ status: { S: "PLACED" }, customerId: { S: real.customerId } });
            expect(processed.states).to.deep.equal(["PriceOrder", "SaveOrder"]);
            expect(outcomes(platform, real.orderId)).to.deep.equal(["OrderProcessed"]);
            expect(platform.eventsNamed("OrderProcessed", real.orderId)[0].detail.customerId).to.equal(real.customerId);
        });

        it("WHEN it carries the order's fingerprint with other lines THEN the pricing step refuses it (FingerprintMismatchError) and nothing is written or announced", async () => {
            const platform = h.platform(false);
            const real = newOrder();
            await platform.place(real);
            const others = { ...real, items: [{ sku: "PEN-010", quantity: 9 }] };
            const router = await platform.deliver(others);
            const [child] = await platform.settle();
            h.paths.remember("fingerprint mismatch: other lines under the order's fingerprint", [router, child], h.outbox);

            expect(child.states).to.deep.equal(["PriceOrder", "OrderConflict"]);
            expect(child.inputs.OrderConflict.error).to.include({ Error: "FingerprintMismatchError" });
            expect((await storedOrder(h.dynamo, real.orderId)).status.S).to.equal("PLACED");
            expect(outcomes(platform, real.orderId)).to.deep.equal([]);
        });

        it("WHEN it carries other lines with their own fingerprint, for an order already PROCESSED THEN it ends in OrderConflict and the stored order stays as it was", async () => {
            const platform = h.platform(false);
            const real = newOrder();
            await platform.place(real);
            await platform.deliver(real);
            await platform.settle();
            const stored = await storedOrder(h.dynamo, real.orderId);
            const items = [{ sku: "BOOK-002", quantity: 1 }];
            const router = await platform.deliver({ ...real, items, fingerprint: orderFingerprint({ currency: real.currency, items }) });
            const [, child] = await platform.settle();
            h.paths.remember("fingerprint mismatch: other lines for a processed order", [router, child], h.outbox);

            expect(child.states.at(-1)).to.equal("OrderConflict");
            expect(await storedOrder(h.dynamo, real.orderId)).to.deep.equal(stored);
            expect(outcomes(platform, real.orderId)).to.deep.equal(["OrderProcessed"]);
        });

        it("WHEN the router fails on another customer's OrderPlaced for a PLACED order THEN its FAILED write is refused too: the real order is not failed", async () => {
            const platform = h.platform(false);
            const real = newOrder();
            await platform.place(real);
            platform.faults.set("GetCustomer", Array.from({ length: 4 }, () => new TaskError("DynamoDB.InternalServerErrorException", "Internal server error")));
            const router = await platform.deliver(newOrder({ orderId: real.orderId }));
            await platform.settle();
            h.paths.remember("fingerprint mismatch in the router's failure path", [router], h.outbox);

            expect(router.states.slice(-5)).to.deep.equal(["RecordRouteFailure", "ReadStoredOrder", "StoredOrderFound", "IsSameOrder", "OrderConflict"]);
            expect((await storedOrder(h.dynamo, real.orderId)).status.S).to.equal("PLACED");
            expect(outcomes(platform, real.orderId)).to.deep.equal([]);
        });
    });

    it("GIVEN an order placed through the API and processed WHEN its key is reused after the idempotency record expired, and its OrderPlaced is delivered again THEN the API answers the same order without publishing, and the workflow changes and announces nothing", async () => {
        const platform = h.platform(false);
        const events = new RecordingEventBridge();
        const { place } = placeOrderOver(h.dynamo, events, { db: h.stream.doc as never });
        const customer = randomUUID();
        const key = `reuse-${randomUUID()}`;

        const first = await place(request(validBody(), customer, { key }));
        expect(first.statusCode).to.equal(202);
        const { orderId } = parse(first);
        const [placed] = events.accepted.map((e) => JSON.parse(e.Detail!));
        const original = await platform.deliver(placed);
        await platform.settle();
        const processed = await storedOrder(h.dynamo, orderId);
        expect(processed.status.S).to.equal("PROCESSED");

        // DynamoDB TTL removed the idempotency record.
        const { Items } = await h.dynamo.doc.send(new ScanCommand({ TableName: h.dynamo.tables.idempotency, ConsistentRead: true }));
        for (const item of Items ?? []) await h.dynamo.doc.send(new DeleteCommand({ TableName: h.dynamo.tables.idempotency, Key: { id: item.id } }));
        const recordsBefore = h.stream.records.length;
        const reused = await place(request(validBody(), customer, { key }));
        const replay = await platform.deliver(placed);
        const [, again] = await platform.settle();
        h.paths.remember("key reused after the idempotency record expired, and its OrderPlaced delivered again", [original, replay, again], h.outbox);

        expect(reused.statusCode).to.equal(202);
        expect(parse(reused).orderId).to.equal(orderId);
        expect(events.accepted).to.have.length(1);
        expect(again.states.at(-1)).to.equal("AlreadyFinal");
        expect(await storedOrder(h.dynamo, orderId)).to.deep.equal(processed);
        expect(h.stream.since(recordsBefore)).to.deep.equal([]);
        expect(outcomes(platform, orderId)).to.deep.equal(["OrderProcessed"]);
        expect(await asSeenByCustomer(orderId, customer)).to.include({ status: "PROCESSED" });
    });
});
