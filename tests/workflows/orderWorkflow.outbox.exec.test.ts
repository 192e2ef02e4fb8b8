/**
 * The transactional outbox, executed locally: OrderProcessed and OrderFailed come only from the orders table's
 * stored status changes (the component's filters and the real bundled publisher, support/localOutbox.ts), at
 * least once: a bus that refuses them is retried, and what still cannot be announced is described in the DLQ.
 */
import { expect } from "chai";
import { CONTRACTS } from "../../contracts";
import { ANNOUNCED_EVENTS, announcementOf, OUTBOX_STREAM_PARAMETERS, outboxFilterPatterns, StreamRecord } from "../../contracts/outbox";
import { matches } from "../../local/eventPattern";
import { RESOURCES, tasksOf } from "../../workflows/asl";
import { loadBundle } from "../support/awsLoopback";
import { MAPPING_FILTERS } from "./support/localOutbox";
import { newOrder, storedOrder } from "./support/localPlatform";
import { useWorkflowHarness } from "./support/workflowHarness";

type Json = any;

describe("OrderWorkflow executed locally: the outbox announces the stored changes", function () {
    const h = useWorkflowHarness();

    it("GIVEN both definitions THEN no Task publishes OrderProcessed or OrderFailed: the only event a workflow publishes itself is CustomerRegistered", () => {
        const platform = h.platform(false);
        const published = [platform.router, platform.processOrder].flatMap((definition) => tasksOf(definition))
            .filter(([, t]) => t.Resource === RESOURCES.eventsPutEvents)
            .flatMap(([, t]) => (t.Parameters!.Entries as Json[]).map((entry) => entry.DetailType));
        expect(published).to.deep.equal([CONTRACTS.CustomerRegistered.detailType]);
    });

    it("GIVEN an order processed and one failed WHEN their writes reach the stream THEN each announcement is exactly the contract detail of its stored change", async () => {
        const platform = h.platform(false);
        const processed = newOrder();
        const failed = newOrder({ items: [{ sku: "NOPE-3", quantity: 1 }] });
        for (const detail of [processed, failed]) {
            await platform.place(detail);
            await platform.deliver(detail);
        }
        const children = await platform.settle();
        h.paths.remember("outbox announcement", children, h.outbox);

        for (const [detail, name] of [[processed, "OrderProcessed"], [failed, "OrderFailed"]] as const) {
            const change = h.stream.records.find((r) => r.dynamodb.Keys!.orderId.S === detail.orderId && r.eventName === "MODIFY")!;
            expect(change.dynamodb.OldImage!.status.S).to.equal("PLACED");
            const [announced] = platform.eventsNamed(name, detail.orderId);
            expect(announced.detail).to.deep.equal(announcementOf(change).detail);
            expect(announced.via).to.equal("outbox");
        }
    });

    it("GIVEN the bus refuses the announcement a few times WHEN the outbox retries THEN it is announced once the bus takes it, and the order was PROCESSED all along", async () => {
        const platform = h.platform(false);
        const detail = newOrder();
        await platform.place(detail);
        h.outbox.failPutEvents = 3;
        const router = await platform.deliver(detail);
        const children = await platform.settle();
        h.paths.remember("outbox announcement retried (the bus refused it 3 times)", [router, ...children], h.outbox);

        expect(children[0].states).to.deep.equal(["PriceOrder", "SaveOrder"]);
        expect(children[0].status).to.equal("SUCCEEDED");
        expect(platform.eventsNamed("OrderProcessed", detail.orderId)).to.have.length(1);
        expect(h.outbox.failPutEvents).to.equal(0);
    });

    it("GIVEN the bus keeps refusing WHEN the outbox's retries are exhausted THEN the batch is described in the DLQ, the order stays PROCESSED, and the execution itself succeeded", async () => {
        const platform = h.platform(false);
        const detail = newOrder();
        await platform.place(detail);
        const deadLetters = h.outbox.deadLetters.length;
        h.outbox.failPutEvents = OUTBOX_STREAM_PARAMETERS.maximumRetryAttempts + 1;
        const router = await platform.deliver(detail);
        const children = await platform.settle();
        h.paths.remember("outbox DLQ (the bus refused every attempt)", [router, ...children], h.outbox);

        expect(children[0].status).to.equal("SUCCEEDED");
        expect((await storedOrder(h.dynamo, detail.orderId)).status.S).to.equal("PROCESSED");
        expect(platform.eventsNamed("OrderProcessed", detail.orderId)).to.deep.equal([]);
        const [dead] = h.outbox.deadLetters.slice(deadLetters);
        const change = h.stream.records.find((r) => r.dynamodb.Keys!.orderId.S === detail.orderId && r.eventName === "MODIFY")!;
        expect(dead.DDBStreamBatchInfo).to.include({ startSequenceNumber: change.dynamodb.SequenceNumber, batchSize: 1 });
        expect(dead.requestContext.approximateInvokeCount).to.equal(OUTBOX_STREAM_PARAMETERS.maximumRetryAttempts + 1);
    });

    it("GIVEN stream records that announce nothing (a PLACED insert, a rewrite keeping a final status, a TTL removal) THEN no filter lets them through, and each transition passes exactly its own event's filters", () => {
        const image = (status: string) => ({ orderId: { S: "ord_0123456789abcdef0123456789abcdef" }, status: { S: status } });
        const record = (eventName: StreamRecord["eventName"], oldStatus?: string, newStatus?: string): StreamRecord => ({
            eventName, dynamodb: { ...(oldStatus ? { OldImage: image(oldStatus) } : {}), ...(newStatus ? { NewImage: image(newStatus) } : {}) },
        });
        for (const quiet of [record("INSERT", undefined, "PLACED"), record("MODIFY", "PROCESSED", "PROCESSED"), record("MODIFY", "FAILED", "FAILED"), record("REMOVE", "PROCESSED")]) {
            expect(MAPPING_FILTERS.some((pattern) => matches(pattern, quiet)), JSON.stringify(quiet)).to.equal(false);
        }
        const transitions: [StreamRecord, string][] = [
            [record("MODIFY", "PLACED", "PROCESSED"), "OrderProcessed"], [record("INSERT", undefined, "PROCESSED"), "OrderProcessed"],
            [record("MODIFY", "PLACED", "FAILED"), "OrderFailed"], [record("INSERT", undefined, "FAILED"), "OrderFailed"],
        ];
        for (const [change, event] of transitions) {
            const passing = ANNOUNCED_EVENTS.filter((e) => outboxFilterPatterns(e).some((pattern) => matches(pattern, change)));
            expect(passing, JSON.stringify(change)).to.deep.equal([event]);
        }
    });

    it("GIVEN the pipes transport's enrichment bundle WHEN it gets the stored changes THEN it returns the same contract details the publisher announced", async () => {
        const platform = h.platform(false);
        const detail = newOrder();
        await platform.place(detail);
        await platform.deliver(detail);
        await platform.settle();
        const change = h.stream.records.find((r) => r.dynamodb.Keys!.orderId.S === detail.orderId && r.eventName === "MODIFY")!;
        const enrichment = loadBundle("functions/outboxAnnouncer.ts", "createOutboxAnnouncerHandler", {});
        try {
            expect(await enrichment.handler([change])).to.deep.equal([platform.eventsNamed("OrderProcessed", detail.orderId)[0].detail]);
            const refused = await enrichment.handler([{ ...change, dynamodb: { ...change.dynamodb, NewImage: { ...change.dynamodb.NewImage, correlationId: { S: "short" } } } }])
                .then(() => undefined, (error: Error) => error.name);
            expect(refused).to.equal("ContractViolationError");
        } finally {
            enrichment.cleanup();
        }
    });
});
