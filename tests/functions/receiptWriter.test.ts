import { expect } from "chai";
import * as fc from "fast-check";
import { Logger, LogItem } from "@aws-lambda-powertools/logger";
import type { ConstructorOptions } from "@aws-lambda-powertools/logger/types";
import { PutObjectCommand, S3ServiceException } from "@aws-sdk/client-s3";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { CONTRACTS, Detail } from "../../contracts";
import { receiptKey } from "../../contracts/records";
import { isAlreadyWritten, processReceipts, receiptFor, writeReceipt } from "../../functions/receiptWriter";

const BUCKET = "receipts-test";

/** An in-memory S3 that honours `If-None-Match: *` like S3 does (412 PreconditionFailed), with injectable faults. */
class RecordingS3 {
    readonly objects = new Map<string, string>();
    /** Every PutObject call, in order, and whether S3 stored it. */
    readonly puts: { key: string; stored: boolean }[] = [];
    readonly failingKeys = new Set<string>();

    async send(command: PutObjectCommand): Promise<unknown> {
        const { Bucket, Key, Body, IfNoneMatch } = command.input;
        const key = `${Bucket}/${Key}`;
        if (this.failingKeys.has(Key!)) {
            this.puts.push({ key, stored: false });
            throw new S3ServiceException({ name: "InternalError", $fault: "server", $metadata: { httpStatusCode: 500 }, message: "injected fault" });
        }
        if (IfNoneMatch === "*" && this.objects.has(key)) {
            this.puts.push({ key, stored: false });
            throw new S3ServiceException({
                name: "PreconditionFailed", $fault: "client", $metadata: { httpStatusCode: 412 },
                message: "At least one of the pre-conditions you specified did not hold",
            });
        }
        this.objects.set(key, String(Body));
        this.puts.push({ key, stored: true });
        return { ETag: "\"etag\"" };
    }
}

const orderId = (i: number) => `ord_${i.toString(16).padStart(32, "0")}`;
const customerId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

function detail(i: number): Detail<"OrderProcessed"> {
    return { ...CONTRACTS.OrderProcessed.example, orderId: orderId(i), customerId: customerId(i), correlationId: `corr-record-${i}`, totalCents: 100 * i };
}

/** The real Powertools logger (and its children), with every line kept instead of printed. */
class CapturingLogger extends Logger {
    constructor(readonly lines: Record<string, any>[], options?: ConstructorOptions) {
        super(options);
    }
    protected createLogger(options?: ConstructorOptions): Logger {
        return new CapturingLogger(this.lines, options);
    }
    protected printLog(_level: number, log: LogItem): void {
        this.lines.push(log.getAttributes());
    }
}

/** An S3 stand-in whose writes all wait until the whole batch is in flight, then finish in reverse order. */
class InterleavingS3 extends RecordingS3 {
    private readonly waiting: (() => void)[] = [];
    constructor(private readonly batchSize: number) {
        super();
    }
    async send(command: PutObjectCommand): Promise<unknown> {
        await new Promise<void>((resolve) => {
            this.waiting.push(resolve);
            if (this.waiting.length === this.batchSize) for (const release of [...this.waiting].reverse()) release();
        });
        return super.send(command);
    }
}

function record(messageId: string, body: unknown): SQSRecord {
    return {
        messageId,
        receiptHandle: `handle-${messageId}`,
        body: typeof body === "string" ? body : JSON.stringify(body),
        attributes: { ApproximateReceiveCount: "1", SentTimestamp: "0", SenderId: "events", ApproximateFirstReceiveTimestamp: "0" },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:receipts-queue",
        awsRegion: "us-east-1",
    };
}

/** The SQS body EventBridge delivers: the whole event. */
function eventBody(d: unknown, name: "OrderProcessed" | "OrderFailed" = "OrderProcessed") {
    return { version: "0", id: "evt", "detail-type": CONTRACTS[name].detailType, source: CONTRACTS[name].source, account: "123456789012", time: "2026-11-26T10:00:00Z", region: "us-east-1", resources: [], detail: d };
}

const batch = (records: SQSRecord[]): SQSEvent => ({ Records: records });
const failedIds = (r: { batchItemFailures: { itemIdentifier: string }[] }) => r.batchItemFailures.map((f) => f.itemIdentifier).sort();

describe("receipt writer", () => {
    it("GIVEN an OrderProcessed message WHEN processed THEN receipts/<orderId>.json holds the receipt, written conditionally", async () => {
        const s3 = new RecordingS3();
        const sent: PutObjectCommand[] = [];
        const spy = { send: (c: PutObjectCommand) => { sent.push(c); return s3.send(c); } };
        const result = await processReceipts(batch([record("m1", eventBody(detail(1)))]), spy, BUCKET);
        expect(result.batchItemFailures).to.deep.equal([]);
        expect(sent[0].input).to.include({ Bucket: BUCKET, Key: `receipts/${orderId(1)}.json`, IfNoneMatch: "*", ContentType: "application/json" });
        expect(JSON.parse(s3.objects.get(`${BUCKET}/${receiptKey(orderId(1))}`)!)).to.deep.equal({
            receiptVersion: 1, orderId: orderId(1), customerId: customerId(1), correlationId: detail(1).correlationId,
            currency: "EUR", totalCents: 100, itemCount: 2, processedAt: detail(1).occurredAt,
        });
    });

    it("GIVEN N messages with k injected S3 faults WHEN processed THEN batchItemFailures is exactly those k ids (property)", async () => {
        await fc.assert(fc.asyncProperty(
            fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.subarray([...Array(n).keys()]))),
            async ([n, failing]) => {
                const s3 = new RecordingS3();
                for (const i of failing) s3.failingKeys.add(receiptKey(orderId(i)));
                const records = [...Array(n).keys()].map((i) => record(`msg-${i}`, eventBody(detail(i))));
                const result = await processReceipts(batch(records), s3, BUCKET);
                expect(failedIds(result)).to.deep.equal(failing.map((i) => `msg-${i}`).sort());
                expect(s3.objects.size).to.equal(n - failing.length);
            },
        ), { numRuns: 40 });
    });

    it("GIVEN invalid records (garbage body, wrong event, detail breaking the contract) WHEN processed THEN only they are reported, so they end in the DLQ", async () => {
        const s3 = new RecordingS3();
        const records = [
            record("good", eventBody(detail(1))),
            record("not-json", "{nope"),
            record("wrong-type", eventBody(CONTRACTS.OrderFailed.example, "OrderFailed")),
            record("bad-detail", eventBody({ ...detail(2), totalCents: -1 })),
            record("missing-field", eventBody({ ...detail(3), customerId: undefined })),
        ];
        const result = await processReceipts(batch(records), s3, BUCKET);
        expect(failedIds(result)).to.deep.equal(["bad-detail", "missing-field", "not-json", "wrong-type"]);
        expect([...s3.objects.keys()]).to.deep.equal([`${BUCKET}/${receiptKey(orderId(1))}`]);
    });

    it("GIVEN every record fails WHEN processed THEN all ids are reported (no throw, nothing dropped)", async () => {
        const result = await processReceipts(batch([record("a", "x"), record("b", "y")]), new RecordingS3(), BUCKET);
        expect(failedIds(result)).to.deep.equal(["a", "b"]);
    });

    it("GIVEN the same event delivered twice, in one batch and again later WHEN processed THEN one receipt is stored and no record fails", async () => {
        const s3 = new RecordingS3();
        const body = eventBody(detail(7));
        const first = await processReceipts(batch([record("m1", body), record("m1-dup", body)]), s3, BUCKET);
        const later = await processReceipts(batch([record("m1-redelivered", body)]), s3, BUCKET);
        expect(first.batchItemFailures).to.deep.equal([]);
        expect(later.batchItemFailures).to.deep.equal([]);
        expect(s3.objects.size).to.equal(1);
        expect(s3.puts.filter((p) => p.stored)).to.have.length(1);
    });

    it("GIVEN a batch with failures WHEN the failed records are redelivered after the fault clears THEN every order has exactly one receipt", async () => {
        const s3 = new RecordingS3();
        const records = [...Array(6).keys()].map((i) => record(`msg-${i}`, eventBody(detail(i))));
        s3.failingKeys.add(receiptKey(orderId(1))).add(receiptKey(orderId(4)));
        const first = await processReceipts(batch(records), s3, BUCKET);
        expect(failedIds(first)).to.deep.equal(["msg-1", "msg-4"]);
        s3.failingKeys.clear();
        // SQS makes the failed messages visible again; the succeeded ones were deleted. Redeliver everything to be harsh.
        const second = await processReceipts(batch(records), s3, BUCKET);
        expect(second.batchItemFailures).to.deep.equal([]);
        expect([...s3.objects.keys()].sort()).to.deep.equal([...Array(6).keys()].map((i) => `${BUCKET}/${receiptKey(orderId(i))}`).sort());
        expect(s3.puts.filter((p) => p.stored)).to.have.length(6);
    });

    it("GIVEN S3 answers 409 ConditionalRequestConflict WHEN writing THEN the error propagates (retry), it is not taken as done", async () => {
        const conflict = new S3ServiceException({ name: "ConditionalRequestConflict", $fault: "client", $metadata: { httpStatusCode: 409 }, message: "conflict" });
        const s3 = { send: async () => { throw conflict; } };
        let caught: unknown;
        try { await writeReceipt(s3, BUCKET, detail(1)); } catch (e) { caught = e; }
        expect(caught).to.equal(conflict);
        expect(isAlreadyWritten(conflict)).to.equal(false);
    });

    it("GIVEN the same event delivered again with its fields in another order WHEN the receipt is built THEN the bytes are identical", () => {
        const original = detail(3);
        const redelivered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(original).reverse()))) as typeof original;
        expect(Object.keys(redelivered)).to.not.deep.equal(Object.keys(original));
        expect(JSON.stringify(receiptFor(redelivered))).to.equal(JSON.stringify(receiptFor(original)));
    });

    it("GIVEN a batch whose records run in parallel and finish out of order WHEN processed THEN every log line carries its own record's message, order, customer and correlation ids", async () => {
        const n = 10;
        const lines: Record<string, any>[] = [];
        const s3 = new InterleavingS3(n);
        s3.failingKeys.add(receiptKey(orderId(3)));
        const records = [...Array(n).keys()].map((i) => record(`msg-${i}`, eventBody(detail(i))));

        const result = await processReceipts(batch(records), s3, BUCKET, new CapturingLogger(lines, { logLevel: "INFO" }));

        expect(failedIds(result)).to.deep.equal(["msg-3"]);
        const perRecord = lines.filter((line) => line.messageId !== undefined);
        expect(perRecord).to.have.length(n);
        for (const line of perRecord) {
            const i = Number(String(line.messageId).replace("msg-", ""));
            expect(line, JSON.stringify(line)).to.include({ orderId: orderId(i), customerId: customerId(i), correlationId: `corr-record-${i}` });
            expect(line.message).to.equal(i === 3 ? "could not write the receipt; the record is reported failed and retried" : "receipt");
            if (i !== 3) expect(line.key).to.equal(receiptKey(orderId(i)));
        }
    });

    it("GIVEN a record that is not an OrderProcessed event WHEN processed THEN its log line names its message id and no other record's order", async () => {
        const lines: Record<string, any>[] = [];
        const result = await processReceipts(batch([record("good", eventBody(detail(1))), record("junk", "{nope")]), new RecordingS3(), BUCKET,
            new CapturingLogger(lines, { logLevel: "INFO" }));

        expect(failedIds(result)).to.deep.equal(["junk"]);
        const rejected = lines.find((line) => line.message === "rejected record");
        expect(rejected).to.include({ messageId: "junk" });
        expect(rejected).not.to.have.property("orderId");
    });
});
