import { expect } from "chai";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { CONTRACTS, ContractViolationError } from "../../contracts";
import { EventPublishError, EventSender } from "../../contracts/publish";
import { receiptKey } from "../../contracts/records";
import { NotAReceiptError, publishReceiptStored } from "../../functions/receiptStored";
import { receiptFor } from "../../functions/receiptWriter";
import { objectCreated } from "../support/awsLoopback";

const BUCKET = "receipts-test";
const ORDER = CONTRACTS.OrderProcessed.example;

function s3With(objects: Record<string, string>) {
    const reads: GetObjectCommand[] = [];
    return {
        reads,
        async send(command: GetObjectCommand) {
            reads.push(command);
            const body = objects[`${command.input.Bucket}/${command.input.Key}`];
            if (body === undefined) throw Object.assign(new Error("The specified key does not exist."), { name: "NoSuchKey" });
            return { Body: { transformToString: async () => body } };
        },
    };
}

function recordingBus(failed = 0): EventSender & { sent: PutEventsCommand[] } {
    const sent: PutEventsCommand[] = [];
    return {
        sent,
        async send(command: PutEventsCommand): ReturnType<EventSender["send"]> {
            sent.push(command);
            return failed > 0
                ? { FailedEntryCount: failed, Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "injected" }] }
                : { FailedEntryCount: 0, Entries: [{}] };
        },
    };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
    try { await promise; } catch (e) { return e as Error; }
    throw new Error("expected a rejection");
}

describe("ReceiptStored publisher (S3 Object Created → contract event)", () => {
    const key = receiptKey(ORDER.orderId);
    const stored = { [`${BUCKET}/${key}`]: JSON.stringify(receiptFor(ORDER)) };

    it("GIVEN S3 created a receipt WHEN the forwarded event arrives THEN it reads the receipt and publishes a ReceiptStored whose every field is true", async () => {
        const s3 = s3With(stored);
        const bus = recordingBus();
        await publishReceiptStored(s3, bus, "orders-bus", objectCreated(key, BUCKET));
        expect(s3.reads.map((r) => r.input)).to.deep.equal([{ Bucket: BUCKET, Key: key }]);
        const [entry] = bus.sent[0].input.Entries!;
        expect(entry).to.include({ EventBusName: "orders-bus", Source: "orders.receipts", DetailType: "ReceiptStored" });
        expect(JSON.parse(entry.Detail!)).to.deep.equal({
            orderId: ORDER.orderId, customerId: ORDER.customerId, correlationId: ORDER.correlationId,
            occurredAt: "2026-11-26T10:00:05.000Z", bucket: BUCKET, key,
        });
    });

    it("GIVEN a key outside receipts/<orderId>.json WHEN the event arrives THEN it throws NotAReceiptError and reads/publishes nothing", async () => {
        const s3 = s3With(stored);
        const bus = recordingBus();
        const error = await rejection(publishReceiptStored(s3, bus, "orders-bus", objectCreated("receipts/notes.txt", BUCKET)));
        expect(error).to.be.instanceOf(NotAReceiptError);
        expect(error.message).to.match(/receipts\/notes\.txt/);
        expect(s3.reads).to.have.length(0);
        expect(bus.sent).to.have.length(0);
    });

    it("GIVEN a receipt whose content names another order WHEN the event arrives THEN it throws and publishes nothing", async () => {
        const other = { [`${BUCKET}/${key}`]: JSON.stringify({ ...receiptFor(ORDER), orderId: `ord_${"f".repeat(32)}` }) };
        const bus = recordingBus();
        const error = await rejection(publishReceiptStored(s3With(other), bus, "orders-bus", objectCreated(key, BUCKET)));
        expect(error).to.be.instanceOf(NotAReceiptError);
        expect(bus.sent).to.have.length(0);
    });

    it("GIVEN a receipt with an invalid customer id WHEN the event arrives THEN the contract rejects it naming the field", async () => {
        const bad = { [`${BUCKET}/${key}`]: JSON.stringify({ ...receiptFor(ORDER), customerId: "a/#" }) };
        const bus = recordingBus();
        const error = await rejection(publishReceiptStored(s3With(bad), bus, "orders-bus", objectCreated(key, BUCKET)));
        expect(error).to.be.instanceOf(ContractViolationError);
        expect(error.message).to.match(/customerId/);
        expect(bus.sent).to.have.length(0);
    });

    it("GIVEN the receipt cannot be read WHEN the event arrives THEN the S3 error propagates (EventBridge retries, then dead-letters)", async () => {
        const error = await rejection(publishReceiptStored(s3With({}), recordingBus(), "orders-bus", objectCreated(key, BUCKET)));
        expect(error.name).to.equal("NoSuchKey");
    });

    it("GIVEN EventBridge rejects the entry WHEN publishing THEN EventPublishError propagates", async () => {
        const error = await rejection(publishReceiptStored(s3With(stored), recordingBus(1), "orders-bus", objectCreated(key, BUCKET)));
        expect(error).to.be.instanceOf(EventPublishError);
    });
});
