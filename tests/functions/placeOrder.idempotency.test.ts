import { expect } from "chai";
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { HttpEvent, HttpResponse } from "../../functions/http";
import { LocalDynamo, startLocalDynamo } from "../support/localDynamo";
import { parse } from "./httpEvents";
import {
    expectedOrderId, freshKey, newCustomer, placeOrderOver, RecordingEventBridge, recordOf, request, scan, validBody,
} from "./placeOrderFixture";

describe("placeOrder: idempotency", () => {
    let dynamo: LocalDynamo;
    let events: RecordingEventBridge;
    let place: (event: HttpEvent) => Promise<HttpResponse>;
    let customer: string;

    before(async () => {
        dynamo = await startLocalDynamo();
    });
    after(async () => {
        await dynamo.stop();
    });
    beforeEach(() => {
        events = new RecordingEventBridge();
        ({ place } = placeOrderOver(dynamo, events));
        customer = newCustomer();
    });

    it("GIVEN the same Idempotency-Key twice WHEN placed THEN the same orderId both times, exactly one event, and one Powertools record (id, expiration)", async () => {
        const key = freshKey();
        const first = await place(request(validBody(), customer, { key }));
        const second = await place(request(validBody(), customer, { key }));

        expect(first.statusCode).to.equal(202);
        expect(second.statusCode).to.equal(202);
        expect(parse(second).orderId).to.equal(parse(first).orderId);
        expect(events.accepted).to.have.length(1);
        const record = await recordOf(dynamo, parse(first).orderId);
        expect(record).to.include({ status: "COMPLETED" });
        expect(record!.id).to.match(/^placeOrder#/);
        expect(record!.expiration).to.be.within(Math.floor(Date.now() / 1000) + 86_400 - 60, Math.floor(Date.now() / 1000) + 86_400 + 60);
        // The record holds hashes and the answer, never the customer or the key.
        expect(JSON.stringify(record)).not.to.include(customer).and.not.to.include(key);
    });

    it("GIVEN the same key from two customers WHEN placed THEN two orders: keys are scoped by sub, so A cannot squat B's key", async () => {
        const key = freshKey();
        const [a, b] = [newCustomer(), newCustomer()];
        const first = await place(request(validBody(), a, { key }));
        // A even tries B's key with another order first: B's own order is unaffected.
        const squat = await place(request({ ...validBody(), currency: "USD" }, a, { key: `${key}-b` }));
        const own = await place(request(validBody(), b, { key }));
        const bWithItsKey = await place(request(validBody(), b, { key: `${key}-b` }));

        expect([first.statusCode, squat.statusCode, own.statusCode, bWithItsKey.statusCode]).to.deep.equal([202, 202, 202, 202]);
        expect(parse(own).orderId).to.not.equal(parse(first).orderId);
        expect(parse(bWithItsKey).orderId).to.equal(expectedOrderId(b, `${key}-b`));
        expect(events.accepted.map((e) => JSON.parse(e.Detail!).customerId)).to.deep.equal([a, a, b, b]);
    });

    it("GIVEN a key already used with a different body WHEN placed THEN 422 naming the header and nothing emitted", async () => {
        const key = freshKey();
        await place(request(validBody(), customer, { key }));
        const response = await place(request({ ...validBody(), currency: "USD" }, customer, { key }));

        expect(response.statusCode).to.equal(422);
        expect(parse(response).field).to.equal("Idempotency-Key");
        expect(events.accepted).to.have.length(1);
    });

    for (const same of [true, false]) {
        it(`GIVEN a request still in flight WHEN the same key arrives with ${same ? "the same" : "another"} body THEN ${same ? "409 with Retry-After" : "422"}, and the first completes with one event`, async () => {
            const key = freshKey();
            let open!: () => void;
            events.gate = new Promise((resolve) => { open = resolve; });
            const inPutEvents = new Promise<void>((resolve) => { events.onGate = resolve; });
            const first = place(request(validBody(), customer, { key }));
            // The first request has claimed the key and now waits inside PutEvents when the second one arrives.
            await inPutEvents;
            let second: HttpResponse;
            try {
                second = await place(request(same ? validBody() : { ...validBody(), currency: "GBP" }, customer, { key }));
            } finally {
                open();
                events.gate = undefined;
                events.onGate = undefined;
            }

            expect(second.statusCode).to.equal(same ? 409 : 422);
            if (same) expect(second.headers["retry-after"]).to.equal("1");
            expect(parse(second).field).to.equal("Idempotency-Key");
            expect((await first).statusCode).to.equal(202);
            expect(events.accepted).to.have.length(1);
        });
    }

    /** Starts an attempt that hangs inside PutEvents forever (a crashed invocation), then ends its claim's lease. */
    async function abandonedClaim(key: string): Promise<void> {
        const before = new Set((await scan(dynamo, dynamo.tables.idempotency)).map((item) => item.id));
        events.failures.push("hang");
        const inPutEvents = new Promise<void>((resolve) => { events.onGate = resolve; });
        void place(request(validBody(), customer, { key }));
        await inPutEvents;
        events.onGate = undefined;
        const [claim] = (await scan(dynamo, dynamo.tables.idempotency)).filter((item) => !before.has(item.id));
        expect(claim).to.include({ status: "INPROGRESS" });
        expect(claim.in_progress_expiration).to.be.a("number");
        // The lease is the claiming invocation's remaining time: once it is over, that invocation cannot be running.
        await dynamo.doc.send(new UpdateCommand({
            TableName: dynamo.tables.idempotency, Key: { id: claim.id },
            UpdateExpression: "SET in_progress_expiration = :past", ExpressionAttributeValues: { ":past": Date.now() - 1000 },
        }));
    }

    it("GIVEN a claim abandoned by a crashed attempt (lease over) WHEN the key is retried THEN the retry takes over and emits once", async () => {
        const key = freshKey();
        await abandonedClaim(key);

        const response = await place(request(validBody(), customer, { key }));

        expect(response.statusCode).to.equal(202);
        expect(parse(response).orderId).to.equal(expectedOrderId(customer, key));
        expect(events.orderIds()).to.deep.equal([expectedOrderId(customer, key)]);
    });

    it("GIVEN a claim abandoned by a crashed attempt (lease over) WHEN the key is retried with another order THEN that order is its own, with its own id", async () => {
        const key = freshKey();
        await abandonedClaim(key);
        const other = { ...validBody(), items: [{ sku: "PEN-010", quantity: 1 }] };

        const response = await place(request(other, customer, { key }));

        expect(response.statusCode).to.equal(202);
        expect(parse(response).orderId).to.equal(expectedOrderId(customer, key, other)).and.not.equal(expectedOrderId(customer, key));
        expect(events.orderIds()).to.deep.equal([expectedOrderId(customer, key, other)]);
    });

    for (const how of ["is past its expiration", "was removed by TTL"] as const) {
        it(`GIVEN a key whose idempotency record ${how} WHEN it is reused with the same body THEN 202 with the old orderId, answered from the order, and no second OrderPlaced`, async () => {
            const key = freshKey();
            const first = parse(await place(request(validBody(), customer, { key }))).orderId;
            const record = await recordOf(dynamo, first);
            if (how === "was removed by TTL") {
                await dynamo.doc.send(new DeleteCommand({ TableName: dynamo.tables.idempotency, Key: { id: record!.id } }));
            } else {
                await dynamo.doc.send(new UpdateCommand({
                    TableName: dynamo.tables.idempotency, Key: { id: record!.id },
                    UpdateExpression: "SET expiration = :past", ExpressionAttributeValues: { ":past": Math.floor(Date.now() / 1000) - 60 },
                }));
            }

            const reused = await place(request(validBody(), customer, { key }));

            expect(reused.statusCode).to.equal(202);
            expect(parse(reused).orderId).to.equal(first);
            expect(events.orderIds()).to.deep.equal([first]);
            // The key answers again from a fresh record, for the next 24 hours.
            expect(await recordOf(dynamo, first)).to.include({ status: "COMPLETED" });
        });
    }

    it("GIVEN a key whose idempotency record expired WHEN it is reused for a different order THEN that order gets its own orderId and its own event", async () => {
        const key = freshKey();
        const first = parse(await place(request(validBody(), customer, { key }))).orderId;
        const record = await recordOf(dynamo, first);
        await dynamo.doc.send(new DeleteCommand({ TableName: dynamo.tables.idempotency, Key: { id: record!.id } }));
        const other = { ...validBody(), items: [{ sku: "PEN-010", quantity: 1 }] };

        const second = await place(request(other, customer, { key }));

        expect(second.statusCode).to.equal(202);
        expect(parse(second).orderId).to.not.equal(first);
        expect(parse(second).orderId).to.equal(expectedOrderId(customer, key, other));
        expect(events.orderIds()).to.deep.equal([first, parse(second).orderId]);
    });

    it("GIVEN the workflow writes the order between the publish and placeOrder's own write THEN the newer status is kept and the answer is still 202", async () => {
        const key = freshKey();
        const orderId = expectedOrderId(customer, key);
        events.afterAccept = async () => {
            await dynamo.doc.send(new PutCommand({ TableName: dynamo.tables.orders, Item: { orderId, status: "PROCESSED", customerId: customer } }));
        };

        const response = await place(request(validBody(), customer, { key }));

        expect(response.statusCode).to.equal(202);
        const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.orders, Key: { orderId } }));
        expect(Item!.status).to.equal("PROCESSED");
        expect(events.accepted).to.have.length(1);
    });

    it("GIVEN orders placed WHEN the idempotency table is read THEN its records hold only the Powertools attributes: hashes and the answer", async () => {
        await place(request(validBody(), customer));
        const items = (await dynamo.doc.send(new ScanCommand({ TableName: dynamo.tables.idempotency }))).Items ?? [];
        expect(items.length).to.be.above(0);
        for (const item of items) expect(Object.keys(item).sort()).to.satisfy((k: string[]) => k.every((name) => ["id", "status", "expiration", "in_progress_expiration", "validation", "data"].includes(name)));
    });
});
