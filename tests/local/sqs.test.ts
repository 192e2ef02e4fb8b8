/**
 * The local SQS engine and its Lambda event source mapping: visibility timeouts, receive counts and redrive to the
 * DLQ, partial batch failures (with the real receipt-writer bundle against the local S3), redriving a DLQ back to
 * its queue, batching and the concurrency bound. Waits are scaled; nothing asserts a duration.
 */
import { expect } from "chai";
import { LambdaEngine } from "../../local/lambda";
import { CollectingLog } from "../../local/log";
import { S3Engine } from "../../local/s3";
import { SqsEngine } from "../../local/sqs";
import { SqsEventSource } from "../../local/sqsEventSource";
import { arn, bundleOf, ControlServer, orderProcessedEvent, startControlServer } from "./support/local";

const SCALE = 0.01;
const redriveTo = (dlq: string, maxReceiveCount: number) => JSON.stringify({ deadLetterTargetArn: arn("sqs", dlq), maxReceiveCount });

describe("local SQS engine", function () {
    this.timeout(30_000);
    const cleanup: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
        for (const step of cleanup.splice(0).reverse()) await step();
    });

    function setup(options: { log?: CollectingLog } = {}) {
        const sqs = new SqsEngine({ timeScale: SCALE, log: options.log });
        const lambda = new LambdaEngine({ log: options.log, concurrency: 10 });
        cleanup.push(() => sqs.stop(), () => lambda.stop());
        return { sqs, lambda };
    }

    function mapping(sqs: SqsEngine, lambda: LambdaEngine, log: CollectingLog | undefined, config: Partial<ConstructorParameters<typeof SqsEventSource>[0]> & { queue: string; fn: string }) {
        const source = new SqsEventSource({ eventSourceArn: arn("sqs", config.queue), functionName: config.fn, ...config }, { sqs, lambda, log });
        cleanup.push(() => source.stop());
        return source;
    }

    async function control(respond: (path: string) => number, holdMs = 0): Promise<ControlServer> {
        const server = await startControlServer(respond, holdMs);
        cleanup.push(() => server.close());
        return server;
    }

    it("GIVEN a received message WHEN its visibility timeout passes without a delete THEN it is received again with its receive count raised; a delete ends it", async () => {
        const { sqs } = setup();
        sqs.addQueue({ name: "work", visibilityTimeoutSeconds: 1 });
        const { messageId } = sqs.sendMessage("work", "hello");

        const [first] = await sqs.receiveMessages("work");
        expect(first).to.include({ messageId, body: "hello" });
        expect(first.attributes.ApproximateReceiveCount).to.equal("1");
        expect(await sqs.receiveMessages("work")).to.deep.equal([]);

        // A long poll (20 s, scaled) outlasts the visibility timeout (1 s, scaled) many times over.
        const [again] = await sqs.receiveMessages("work", { waitTimeSeconds: 20 });
        expect(again.messageId).to.equal(messageId);
        expect(again.receiptHandle).to.not.equal(first.receiptHandle);
        expect(again.attributes.ApproximateReceiveCount).to.equal("2");

        expect(sqs.deleteMessage("work", again.receiptHandle)).to.equal(true);
        expect(sqs.listMessages("work")).to.deep.equal([]);
    });

    it("GIVEN maxReceiveCount 2 WHEN a message is received twice and not deleted THEN the next receive moves it to the DLQ, keeping its first enqueue time", async () => {
        const log = new CollectingLog();
        const { sqs } = setup({ log });
        sqs.addQueue({ name: "work-dlq" });
        sqs.addQueue({ name: "work", visibilityTimeoutSeconds: 1, redrivePolicy: redriveTo("work-dlq", 2) });
        sqs.checkRedriveTargets();
        const { messageId } = sqs.sendMessage("work", JSON.stringify({ detail: { correlationId: "corr-redrive-1" } }));
        const sent = sqs.listMessages("work")[0].sentTimestamp;

        expect(await sqs.receiveMessages("work")).to.have.length(1);
        expect(await sqs.receiveMessages("work", { waitTimeSeconds: 20 })).to.have.length(1);
        // The third receive finds the message over its maxReceiveCount: SQS moves it instead of returning it.
        expect(await sqs.receiveMessages("work", { waitTimeSeconds: 20 })).to.deep.equal([]);
        await log.waitFor((e) => e.kind === "dlq");
        expect(sqs.listMessages("work")).to.deep.equal([]);

        const [dead] = sqs.listMessages("work-dlq");
        expect(dead).to.include({ messageId, receiveCount: 2, sentTimestamp: sent, deadLetterQueueSourceArn: arn("sqs", "work") });
        expect(log.ofKind("dlq", "work-dlq")[0].correlationId).to.equal("corr-redrive-1");
    });

    it("GIVEN the real receipt writer behind ReportBatchItemFailures WHEN a batch holds two OrderProcessed events and one bad record THEN only the bad record returns, and it ends in the DLQ while both receipts are written", async () => {
        const log = new CollectingLog();
        const { sqs, lambda } = setup({ log });
        const s3 = new S3Engine({ log });
        s3.addBucket({ bucket: "receipts-test" });
        const s3Url = await s3.listen();
        cleanup.push(() => s3.close());
        lambda.setEndpoints({ S3: s3Url });
        lambda.addFunction({ name: "receipt-writer", code: bundleOf("receiptWriter"), timeout: 10, memorySize: 256, environment: { variables: { RECEIPTS_BUCKET: "receipts-test", POWERTOOLS_LOG_LEVEL: "ERROR" } } });
        sqs.addQueue({ name: "receipts-dlq" });
        sqs.addQueue({ name: "receipts", visibilityTimeoutSeconds: 60, redrivePolicy: redriveTo("receipts-dlq", 2) });
        const good = ["ord_00000000000000000000000000000001", "ord_00000000000000000000000000000002"];
        sqs.sendMessage("receipts", JSON.stringify(orderProcessedEvent(good[0])));
        const bad = sqs.sendMessage("receipts", JSON.stringify({ source: "someone.else", "detail-type": "Nonsense", detail: {} }));
        sqs.sendMessage("receipts", JSON.stringify(orderProcessedEvent(good[1])));

        mapping(sqs, lambda, log, { queue: "receipts", fn: "receipt-writer", batchSize: 10, functionResponseTypes: ["ReportBatchItemFailures"] }).start();
        await log.waitFor((e) => e.kind === "dlq" && e.source === "receipts-dlq");

        const [first] = log.ofKind("delivery", "receipts");
        expect(first.message).to.equal(`batch of 3 → receipt-writer: 2 done, 1 failed (${bad.messageId}); the failed return after 60s (scaled to 0.6s)`);
        expect(sqs.listMessages("receipts-dlq").map((m) => m.messageId)).to.deep.equal([bad.messageId]);
        expect(sqs.listMessages("receipts")).to.deep.equal([]);
        for (const orderId of good) expect(JSON.parse(s3.object("receipts-test", `receipts/${orderId}.json`)!.body.toString()).orderId).to.equal(orderId);
    });

    it("GIVEN a consumer fault that sent a message through its receives into the DLQ WHEN the fault is fixed and the DLQ is redriven THEN the message is processed exactly once", async () => {
        const log = new CollectingLog();
        const { sqs, lambda } = setup({ log });
        let broken = true;
        const server = await control(() => (broken ? 503 : 200));
        lambda.addFunction({
            name: "consumer",
            environment: { variables: { CONTROL_URL: server.url } },
            code: "exports.handler = async (e) => { for (const r of e.Records) { const res = await fetch(process.env.CONTROL_URL + '/' + r.messageId); " +
                "if (!res.ok) throw new Error('downstream answered ' + res.status); } };",
        });
        sqs.addQueue({ name: "jobs-dlq" });
        sqs.addQueue({ name: "jobs", visibilityTimeoutSeconds: 30, redrivePolicy: redriveTo("jobs-dlq", 2) });
        const { messageId } = sqs.sendMessage("jobs", JSON.stringify({ job: 1 }));
        mapping(sqs, lambda, log, { queue: "jobs", fn: "consumer", batchSize: 1 }).start();

        await log.waitFor((e) => e.kind === "dlq");
        expect(server.requests).to.deep.equal([`/${messageId}`, `/${messageId}`]);
        expect(log.ofKind("retry", "jobs")[0].message).to.match(/failed \(Error: downstream answered 503\)/);

        broken = false;
        expect(sqs.redrive("jobs-dlq")).to.deep.equal({ moved: 1, destinations: ["jobs"] });
        await log.waitFor((e) => e.kind === "delivery" && e.message.endsWith("all done"));
        expect(server.requests).to.have.length(3);
        expect(sqs.listMessages("jobs")).to.deep.equal([]);
        expect(sqs.listMessages("jobs-dlq")).to.deep.equal([]);
    });

    it("GIVEN scalingConfig.maximumConcurrency 2 WHEN six single-record batches wait THEN at most two invocations run at once and all six are processed", async () => {
        const log = new CollectingLog();
        const { sqs, lambda } = setup({ log });
        const server = await control(() => 200, 200);
        lambda.addFunction({ name: "slow", environment: { variables: { CONTROL_URL: server.url } }, code: "exports.handler = async (e) => { await fetch(process.env.CONTROL_URL + '/' + e.Records[0].body); };" });
        sqs.addQueue({ name: "bounded", visibilityTimeoutSeconds: 60 });
        for (let i = 0; i < 6; i++) sqs.sendMessage("bounded", String(i));
        mapping(sqs, lambda, log, { queue: "bounded", fn: "slow", batchSize: 1, scalingConfig: { maximumConcurrency: 2 } }).start();

        await log.waitForCount((e) => e.kind === "delivery", 6);
        expect(server.maxOpen()).to.equal(2);
        expect(server.requests.map((p) => p.slice(1)).sort()).to.deep.equal(["0", "1", "2", "3", "4", "5"]);
    });

    it("GIVEN batchSize 3 and a batching window WHEN seven messages wait THEN every invocation holds at most three records and all seven arrive once", async () => {
        const log = new CollectingLog();
        const { sqs, lambda } = setup({ log });
        const server = await control(() => 200);
        lambda.addFunction({ name: "batcher", environment: { variables: { CONTROL_URL: server.url } }, code: "exports.handler = async (e) => { await fetch(process.env.CONTROL_URL + '/' + e.Records.map((r) => r.body).join(',')); };" });
        sqs.addQueue({ name: "batched" });
        for (let i = 0; i < 7; i++) sqs.sendMessage("batched", String(i));
        mapping(sqs, lambda, log, { queue: "batched", fn: "batcher", batchSize: 3, maximumBatchingWindowInSeconds: 1 }).start();

        const deliveries = await log.waitForCount((e) => e.kind === "delivery", 3);
        const batches = server.requests.map((p) => p.slice(1).split(","));
        // The batches run concurrently, so only their sizes, not their order, are known.
        expect(batches.map((b) => b.length).sort()).to.deep.equal([1, 3, 3]);
        expect(batches.flat().sort()).to.deep.equal(["0", "1", "2", "3", "4", "5", "6"]);
        expect(deliveries.map((d) => d.message)).to.include("batch of 3 → batcher: all done");
    });

    it("GIVEN messages that reached a DLQ without a source queue (EventBridge, Lambda destinations) WHEN redriven THEN a destination is required, and with one they move there", () => {
        const { sqs } = setup();
        sqs.addQueue({ name: "rule-dlq" });
        sqs.addQueue({ name: "retry-here" });
        const { messageId } = sqs.sendMessage("rule-dlq", "{}");
        expect(() => sqs.redrive("rule-dlq")).to.throw(new RegExp(`queue rule-dlq: message\\(s\\) ${messageId} were not dead-lettered by a queue's redrive policy`));
        expect(sqs.redrive("rule-dlq", { destination: arn("sqs", "retry-here") })).to.deep.equal({ moved: 1, destinations: ["retry-here"] });
        expect(sqs.listMessages("retry-here")[0]).to.include({ messageId, receiveCount: 0 });
    });

    it("GIVEN inputs SQS or Lambda would refuse WHEN queues and mappings are added THEN the errors name the queue or mapping and the input", () => {
        const { sqs, lambda } = setup();
        expect(() => sqs.addQueue({ name: "f.fifo", fifoQueue: true })).to.throw(/FIFO queues are not supported/);
        expect(() => sqs.addQueue({ name: "q1", redrivePolicy: "{" })).to.throw(/queue q1: redrivePolicy must be JSON/);
        expect(() => sqs.addQueue({ name: "q2", redrivePolicy: JSON.stringify({ deadLetterTargetArn: arn("sqs", "x"), maxReceiveCount: 0 }) })).to.throw(/maxReceiveCount \(1 to 1000\)/);
        expect(() => sqs.addQueue({ name: "q3", visibilityTimeoutSeconds: 50_000 })).to.throw(/queue q3: visibilityTimeoutSeconds must be an integer from 0 to 43200, but 50000 was provided/);
        sqs.addQueue({ name: "q4", redrivePolicy: redriveTo("nowhere", 3) });
        expect(() => sqs.checkRedriveTargets()).to.throw(/queue q4: redrivePolicy.deadLetterTargetArn .*:nowhere is not a queue of this runtime/);
        expect(() => mapping(sqs, lambda, undefined, { queue: "q4", fn: "f", batchSize: 20 })).to.throw(/batchSize 20 above 10 needs maximumBatchingWindowInSeconds of at least 1/);
        expect(() => new SqsEventSource({ eventSourceArn: arn("kinesis", "stream/s"), functionName: "f" }, { sqs, lambda })).to.throw(/must be an SQS queue ARN/);
        expect(() => sqs.sendMessage("nope", "x")).to.throw(/The specified queue does not exist: nope/);
    });
});
