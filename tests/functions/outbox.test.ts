import { expect } from "chai";
import { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { CONTRACTS } from "../../contracts";
import type { StreamRecord } from "../../contracts/outbox";
import { announceRecords, OutboxBatchError } from "../../functions/outboxAnnouncer";
import { publishAnnouncements } from "../../functions/outboxPublisher";
import { BUS, RecordingEventBridge } from "./placeOrderFixture";

const silent = new Logger({ logLevel: "SILENT" });
const P = CONTRACTS.OrderProcessed.example;
const F = CONTRACTS.OrderFailed.example;

function record(sequence: number, status: "PROCESSED" | "FAILED", overrides: Record<string, { S?: string; N?: string }> = {}): StreamRecord {
    const common = { orderId: { S: P.orderId }, customerId: { S: P.customerId }, correlationId: { S: P.correlationId }, status: { S: status } };
    const own: Record<string, { S?: string; N?: string }> = status === "PROCESSED"
        ? { processedAt: { S: P.occurredAt }, currency: { S: P.currency }, totalCents: { N: String(P.totalCents) }, itemCount: { N: String(P.itemCount) } }
        : { failedAt: { S: F.occurredAt }, error: { S: F.error }, cause: { S: F.cause } };
    return {
        eventID: `evt-${sequence}`, eventName: "MODIFY", eventSource: "aws:dynamodb",
        dynamodb: {
            Keys: { orderId: common.orderId }, SequenceNumber: String(sequence).padStart(21, "0"), StreamViewType: "NEW_AND_OLD_IMAGES",
            OldImage: { ...common, status: { S: "PLACED" } }, NewImage: { ...common, ...own, ...overrides },
        },
    };
}

const batch = (...records: StreamRecord[]) => ({ Records: records }) as unknown as DynamoDBStreamEvent;

describe("the outbox's functions", () => {
    describe("publisher (event source mapping on the orders stream)", () => {
        it("GIVEN a batch of stored changes WHEN published THEN each is one contract event on the bus with its contract's source and detail-type, and no failure is reported", async () => {
            const events = new RecordingEventBridge();
            const response = await publishAnnouncements(batch(record(1, "PROCESSED"), record(2, "FAILED")), events, BUS, silent);

            expect(response.batchItemFailures).to.deep.equal([]);
            expect(events.accepted.map((e) => [e.EventBusName, e.Source, e.DetailType, JSON.parse(e.Detail!)])).to.deep.equal([
                [BUS, CONTRACTS.OrderProcessed.source, "OrderProcessed", P],
                [BUS, CONTRACTS.OrderFailed.source, "OrderFailed", F],
            ]);
        });

        it("GIVEN one record the contract refuses and one PutEvents the bus rejects WHEN published THEN exactly those two sequence numbers are reported and the good one is published", async () => {
            const events = new RecordingEventBridge();
            const bad = record(2, "PROCESSED", { correlationId: { S: "short" } });
            events.failures.push("failedEntry");
            const response = await publishAnnouncements(batch(record(1, "FAILED"), bad, record(3, "PROCESSED")), events, BUS, silent);

            const failed = response.batchItemFailures.map((f) => f.itemIdentifier).sort();
            expect(failed).to.have.length(2);
            expect(failed).to.include(bad.dynamodb.SequenceNumber);
            expect(events.accepted).to.have.length(1);
        });
    });

    describe("announcer (the pipes transport's enrichment)", () => {
        it("GIVEN a batch WHEN enriched THEN it returns the contract details in the records' order; a record it cannot announce fails the call, so the pipe halves and retries the batch", () => {
            expect(announceRecords([record(1, "PROCESSED"), record(2, "FAILED")], silent)).to.deep.equal([P, F]);
            expect(() => announceRecords([record(1, "PROCESSED", { itemCount: { S: "2" } })], silent)).to.throw(/has no N attribute itemCount/);
        });

        it("GIVEN something that is not a list of records WHEN enriched THEN OutboxBatchError says what it received", () => {
            for (const [input, received] of [[null, "null"], [{}, "object"], ["x", "string"]] as const) {
                expect(() => announceRecords(input, silent)).to.throw(OutboxBatchError, `the outbox enrichment takes a JSON array of DynamoDB stream records, but received ${received}`);
            }
        });
    });
});
