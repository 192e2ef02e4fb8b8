import { expect } from "chai";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { CallLimits, createClient } from "../../functions/awsClients";
import { HttpEvent, HttpResponse } from "../../functions/http";
import { createPlaceOrder, idempotencyStore } from "../../functions/placeOrder";
import { HungServer, startHungServer } from "../support/awsLoopback";
import { LocalDynamo, startLocalDynamo } from "../support/localDynamo";
import { parse } from "./httpEvents";
import {
    counts, expectedOrderId, freshKey, newCustomer, placeOrderOver, RecordingEventBridge, recordOf, request, scan, silent, validBody,
} from "./placeOrderFixture";

/** Small bounds, so a hung call gives up quickly here; the deployed bounds are CALL_LIMITS (and the bundle test uses them). */
const FAST: CallLimits = { connectionTimeoutMs: 200, requestTimeoutMs: 300, maxAttempts: 2 };
const LOCAL = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };

describe("placeOrder under faults", () => {
    let dynamo: LocalDynamo;
    let hung: HungServer;
    let events: RecordingEventBridge;
    let place: (event: HttpEvent) => Promise<HttpResponse>;
    let customer: string;

    before(async () => {
        dynamo = await startLocalDynamo();
        hung = await startHungServer();
    });
    after(async () => {
        await hung.stop();
        await dynamo.stop();
    });
    beforeEach(() => {
        events = new RecordingEventBridge();
        ({ place } = placeOrderOver(dynamo, events));
        customer = newCustomer();
    });

    /** After a failure: nothing published, no order, and no claim left behind, so the retry can publish. */
    async function nothingLeft(key: string, before: { orders: number; idempotency: number }): Promise<void> {
        expect(events.accepted).to.have.length(0);
        expect(await counts(dynamo)).to.deep.equal(before);
        const order = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.orders, Key: { orderId: expectedOrderId(customer, key) }, ConsistentRead: true }));
        expect(order.Item).to.equal(undefined);
    }

    async function retrySucceedsOnce(key: string): Promise<void> {
        const retried = await place(request(validBody(), customer, { key }));
        const again = await place(request(validBody(), customer, { key }));
        expect(retried.statusCode, retried.body).to.equal(202);
        expect(parse(retried).orderId).to.equal(expectedOrderId(customer, key));
        expect(parse(again).orderId).to.equal(expectedOrderId(customer, key));
        expect(events.orderIds()).to.deep.equal([expectedOrderId(customer, key)]);
    }

    for (const failure of ["failedEntry", "throw"] as const) {
        const what = failure === "failedEntry" ? "FailedEntryCount > 0" : "a thrown SDK error";
        it(`GIVEN ${what} WHEN placed THEN 503 with Retry-After, no order, no claim left; the retry with the same key succeeds and emits exactly once`, async () => {
            const key = freshKey();
            const before = await counts(dynamo);
            events.failures.push(failure);

            const failed = await place(request(validBody(), customer, { key }));

            expect(failed.statusCode).to.equal(503);
            expect(failed.headers["retry-after"]).to.equal("1");
            expect(parse(failed)).to.include({ error: "ServiceUnavailable" }).and.not.to.have.property("orderId");
            await nothingLeft(key, before);
            await retrySucceedsOnce(key);
        });
    }

    it("GIVEN EventBridge accepts the connection and never answers WHEN placed THEN its own JSON 503 with Retry-After after the retry budget, the claim released; the retry emits once", async () => {
        const key = freshKey();
        const before = await counts(dynamo);
        const connectionsBefore = hung.connections();
        const stuck = placeOrderOver(dynamo, createClient(EventBridgeClient, { ...LOCAL, endpoint: hung.endpoint, limits: FAST })).place;

        const failed = await stuck(request(validBody(), customer, { key }));

        expect(failed.statusCode).to.equal(503);
        expect(failed.headers["retry-after"]).to.equal("1");
        expect(failed.headers["content-type"]).to.equal("application/json");
        expect(parse(failed).error).to.equal("ServiceUnavailable");
        // Both attempts of the budget reached the endpoint, each ended by its own timeout.
        expect(hung.connections() - connectionsBefore).to.equal(FAST.maxAttempts);
        await nothingLeft(key, before);
        await retrySucceedsOnce(key);
    });

    it("GIVEN DynamoDB accepts the connection and never answers WHEN placed THEN 503 with Retry-After and nothing emitted", async () => {
        const stuckDb = createClient(DynamoDBClient, { ...LOCAL, endpoint: hung.endpoint, limits: FAST });
        const { place: stuck } = placeOrderOver(dynamo, events, { idempotency: idempotencyStore(stuckDb, dynamo.tables.idempotency) });

        const response = await stuck(request(validBody(), customer));

        expect(response.statusCode).to.equal(503);
        expect(response.headers["retry-after"]).to.equal("1");
        expect(events.accepted).to.have.length(0);
        stuckDb.destroy();
    });

    it("GIVEN DynamoDB is unavailable for the claim WHEN placed THEN 503 with Retry-After and nothing emitted", async () => {
        const { place: broken } = placeOrderOver(dynamo, events, { idempotency: idempotencyStore(dynamo.client, "no-such-table") });
        const response = await broken(request(validBody(), customer));

        expect(response.statusCode).to.equal(503);
        expect(response.headers["retry-after"]).to.equal("1");
        expect(events.accepted).to.have.length(0);
    });

    it("GIVEN the event is out but the idempotency record cannot be completed WHEN placed THEN 202 (the order stands); retries get 409 while the claim lives, then the same order, never a second event", async () => {
        const key = freshKey();
        const faulty = new DynamoDBClient({ ...LOCAL, endpoint: dynamo.endpoint });
        // Fails exactly the call that completes a record; every other call reaches dynalite.
        faulty.middlewareStack.add((next, context) => async (args) => {
            if (context.commandName === "UpdateItemCommand") throw Object.assign(new Error("injected"), { name: "InternalServerError" });
            return next(args);
        }, { step: "initialize", name: "failRecordCompletion" });
        const { place: flaky } = placeOrderOver(dynamo, events, { idempotency: idempotencyStore(faulty, dynamo.tables.idempotency) });

        const first = await flaky(request(validBody(), customer, { key }));
        expect(first.statusCode, first.body).to.equal(202);
        expect(parse(first).orderId).to.equal(expectedOrderId(customer, key));

        const during = await place(request(validBody(), customer, { key }));
        expect(during.statusCode).to.equal(409);

        const [claim] = (await scan(dynamo, dynamo.tables.idempotency)).filter((item) => item.status === "INPROGRESS");
        expect(claim, "the claim stays in progress").to.not.equal(undefined);
        await dynamo.doc.send(new UpdateCommand({
            TableName: dynamo.tables.idempotency, Key: { id: claim.id },
            UpdateExpression: "SET in_progress_expiration = :past", ExpressionAttributeValues: { ":past": Date.now() - 1000 },
        }));
        const after = await place(request(validBody(), customer, { key }));

        expect(after.statusCode).to.equal(202);
        expect(parse(after).orderId).to.equal(expectedOrderId(customer, key));
        expect(events.orderIds()).to.deep.equal([expectedOrderId(customer, key)]);
        faulty.destroy();
    });

    it("GIVEN the Lambda context WHEN a key is claimed THEN the claim's lease is the invocation's remaining time", async () => {
        const key = freshKey();
        let open!: () => void;
        events.gate = new Promise((resolve) => { open = resolve; });
        const inPutEvents = new Promise<void>((resolve) => { events.onGate = resolve; });
        const withContext = createPlaceOrder({
            db: dynamo.doc, idempotency: idempotencyStore(dynamo.client, dynamo.tables.idempotency), events, busName: "bus",
            ordersTable: dynamo.tables.orders, logger: silent,
        });
        const remainingMs = 7_000;
        const earlier = new Set((await scan(dynamo, dynamo.tables.idempotency)).map((item) => item.id));
        const started = Date.now();

        const pending = withContext(request(validBody(), customer, { key }), { getRemainingTimeInMillis: () => remainingMs });
        await inPutEvents;
        const claim = (await scan(dynamo, dynamo.tables.idempotency)).find((item) => !earlier.has(item.id));
        open();
        const response = await pending;

        expect(response.statusCode).to.equal(202);
        expect(claim!.in_progress_expiration).to.be.within(started + remainingMs, Date.now() + remainingMs);
        expect(await recordOf(dynamo, expectedOrderId(customer, key))).to.include({ status: "COMPLETED" });
    });
});
