/**
 * The local S3 API, driven by the real SDK and the real bundles: path-style addressing for an IP endpoint, the
 * conditional write the receipt writer relies on (`If-None-Match: *` → 412 with S3's XML), S3's "Object Created"
 * event on the default bus, and the ReceiptStored flow (S3 → default bus → orders bus → the receipts-stored bundle,
 * which reads S3 and publishes through the PutEvents endpoint).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { expect } from "chai";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { startEventBridgeEndpoint } from "../../local/eventBridgeApi";
import { EventBusEngine } from "../../local/eventBus";
import { LambdaEngine } from "../../local/lambda";
import { CollectingLog } from "../../local/log";
import { S3Engine } from "../../local/s3";
import { SqsEngine } from "../../local/sqs";
import { receiptKey } from "../../contracts/records";
import { arn, bundleOf, orderProcessedEvent } from "./support/local";

const BUCKET = "receipts-test";
const ORDER = "ord_0123456789abcdef0123456789abcdef";

describe("local S3", function () {
    this.timeout(30_000);
    let log: CollectingLog;
    let sqs: SqsEngine;
    let bus: EventBusEngine;
    let s3: S3Engine;
    let url: string;
    const stops: (() => Promise<void> | void)[] = [];

    beforeEach(async () => {
        log = new CollectingLog();
        sqs = new SqsEngine({ log });
        sqs.addQueue({ name: "s3-events" });
        bus = new EventBusEngine({ services: { sqs }, log });
        bus.addRule({ name: "s3", eventPattern: JSON.stringify({ source: ["aws.s3"] }) });
        bus.addTarget({ rule: "s3", arn: arn("sqs", "s3-events") });
        s3 = new S3Engine({ log, publish: (event) => bus.emit(event) });
        s3.addBucket({ bucket: BUCKET, eventbridge: true });
        url = await s3.listen();
    });
    afterEach(async () => {
        for (const stop of stops.splice(0)) await stop();
        await s3.close();
        bus.stop();
        sqs.stop();
    });

    /** An S3Client configured only through AWS_ENDPOINT_URL_S3, as a function's is, recording each request's URL. */
    function client(): { s3: S3Client; requests: { hostname: string; path: string }[] } {
        const saved = process.env.AWS_ENDPOINT_URL_S3;
        process.env.AWS_ENDPOINT_URL_S3 = url;
        const created = new S3Client({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
        const requests: { hostname: string; path: string }[] = [];
        created.middlewareStack.add((next) => async (args) => {
            const request = args.request as { hostname: string; path: string };
            requests.push({ hostname: request.hostname, path: request.path });
            return next(args);
        }, { step: "finalizeRequest", name: "recordRequests" });
        stops.push(() => {
            created.destroy();
            if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3;
            else process.env.AWS_ENDPOINT_URL_S3 = saved;
        });
        return { s3: created, requests };
    }

    it("GIVEN AWS_ENDPOINT_URL_S3 at an IP WHEN the SDK's S3Client puts and gets an object THEN it addresses the bucket in the path, and the object comes back as stored", async () => {
        const { s3: sdk, requests } = client();
        const put = await sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: "receipts/a b.json", Body: '{"a":1}', ContentType: "application/json", Metadata: { origin: "test" } }));
        const got = await sdk.send(new GetObjectCommand({ Bucket: BUCKET, Key: "receipts/a b.json" }));
        expect(await got.Body?.transformToString()).to.equal('{"a":1}');
        expect(got.ContentType).to.equal("application/json");
        expect(got.Metadata).to.deep.equal({ origin: "test" });
        expect(got.ETag).to.equal(put.ETag);
        expect(requests[0].hostname).to.equal("127.0.0.1");
        expect(requests[0].path).to.equal(`/${BUCKET}/receipts/a%20b.json`);
    });

    it("GIVEN an object exists WHEN PutObject comes with If-None-Match: * THEN S3 answers 412 PreconditionFailed with its XML error, the SDK names it, and the object is unchanged", async () => {
        const { s3: sdk } = client();
        await sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: "once.json", Body: "first", IfNoneMatch: "*" }));
        const refused = await sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: "once.json", Body: "second", IfNoneMatch: "*" })).catch((error: Error) => error);
        expect((refused as Error).name).to.equal("PreconditionFailed");
        expect((refused as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).to.equal(412);
        expect(s3.object(BUCKET, "once.json")!.body.toString()).to.equal("first");

        const raw = await fetch(`${url}/${BUCKET}/once.json`, { method: "PUT", headers: { "If-None-Match": "*" }, body: "third" });
        expect(raw.status).to.equal(412);
        expect(raw.headers.get("content-type")).to.equal("application/xml");
        expect(await raw.text()).to.match(new RegExp("^<\\?xml version=\"1.0\" encoding=\"UTF-8\"\\?>\n<Error><Code>PreconditionFailed</Code>" +
            "<Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition>" +
            "<RequestId>[0-9A-F]{16}</RequestId><HostId>[^<]+</HostId></Error>$"));
    });

    it("GIVEN a bucket with EventBridge notifications WHEN an object is created THEN S3's documented Object Created event reaches the default bus; a refused write emits none", async () => {
        const { s3: sdk } = client();
        await sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: "receipts/x.json", Body: "12345", IfNoneMatch: "*" }));
        await sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: "receipts/x.json", Body: "12345", IfNoneMatch: "*" })).catch(() => undefined);
        await bus.idle();
        const events = sqs.listMessages("s3-events").map((m) => JSON.parse(m.body));
        expect(events).to.have.length(1);
        const [event] = events;
        expect(event).to.deep.include({ version: "0", "detail-type": "Object Created", source: "aws.s3", account: "123456789012", region: "us-east-1", resources: [`arn:aws:s3:::${BUCKET}`] });
        expect(event.time).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(event.detail).to.deep.include({ version: "0", bucket: { name: BUCKET }, requester: "123456789012", "source-ip-address": "127.0.0.1", reason: "PutObject" });
        expect(event.detail.object).to.include({ key: "receipts/x.json", size: 5, etag: "827ccb0eea8a706c4c34a16891f84e7b" });
        expect(event.detail.object.sequencer).to.match(/^[0-9A-F]+$/);
        expect(event.detail["request-id"]).to.match(/^[0-9A-F]{16}$/);
    });

    it("GIVEN the real receipt writer pointed at the local S3 WHEN the same OrderProcessed batch arrives twice THEN one receipt is written, the second delivery meets 412 and succeeds, and one Object Created is emitted", async () => {
        const lambda = new LambdaEngine({ endpoints: { S3: url } });
        stops.push(() => lambda.stop());
        lambda.addFunction({ name: "receipt-writer", code: bundleOf("receiptWriter"), timeout: 10, environment: { variables: { RECEIPTS_BUCKET: BUCKET, POWERTOOLS_LOG_LEVEL: "ERROR" } } });
        const batch = { Records: [{ messageId: "m-1", receiptHandle: "h", body: JSON.stringify(orderProcessedEvent(ORDER)), attributes: {}, messageAttributes: {}, md5OfBody: "", eventSource: "aws:sqs", eventSourceARN: arn("sqs", "q"), awsRegion: "us-east-1" }] };

        for (let i = 0; i < 2; i++) {
            const result = await lambda.invoke("receipt-writer", batch);
            expect(result.functionError).to.equal(undefined);
            expect(result.payload).to.deep.equal({ batchItemFailures: [] });
        }
        expect(JSON.parse(s3.object(BUCKET, receiptKey(ORDER))!.body.toString())).to.include({ orderId: ORDER, totalCents: 2598 });
        await bus.idle();
        expect(sqs.listMessages("s3-events")).to.have.length(1);
        expect(log.ofKind("storage", BUCKET).map((e) => e.message)).to.deep.equal([`PutObject ${receiptKey(ORDER)} (${s3.object(BUCKET, receiptKey(ORDER))!.body.length} bytes)`,
            `PutObject ${receiptKey(ORDER)} refused: 412 (If-None-Match: * and the key exists)`]);
    });

    it("GIVEN the ReceiptStored flow WHEN a receipt is written THEN Object Created is forwarded to the orders bus, the receipts-stored bundle reads the receipt and publishes ReceiptStored through the PutEvents endpoint", async () => {
        sqs.addQueue({ name: "orders-events" });
        const lambda = new LambdaEngine({ log });
        stops.push(() => lambda.stop());
        // The S3 engine publishes to whatever `bus` is; this flow's bus also delivers to Lambda.
        bus.stop();
        bus = new EventBusEngine({ services: { sqs, lambda }, log });
        const eventBridge = await startEventBridgeEndpoint(bus);
        stops.push(() => eventBridge.close());
        lambda.setEndpoints({ S3: url, EVENTBRIDGE: eventBridge.url });
        lambda.addFunction({ name: "receipts-stored", code: bundleOf("receiptStored"), timeout: 10, environment: { variables: { EVENT_BUS_NAME: "orders-bus", POWERTOOLS_LOG_LEVEL: "ERROR" } } });
        // The flow's buses and rules, wired as the program wires them.
        bus.addBus({ name: "orders-bus" });
        const receipts = JSON.stringify({ source: ["aws.s3"], "detail-type": ["Object Created"], detail: { bucket: { name: [BUCKET] }, object: { key: [{ prefix: "receipts/" }] } } });
        bus.addRule({ name: "forward", eventPattern: receipts });
        bus.addTarget({ rule: "forward", arn: arn("events", "event-bus/orders-bus") });
        bus.addRule({ name: "publish", eventBusName: "orders-bus", eventPattern: receipts });
        bus.addTarget({ rule: "publish", eventBusName: "orders-bus", arn: arn("lambda", "function:receipts-stored") });
        bus.addRule({ name: "stored", eventBusName: "orders-bus", eventPattern: JSON.stringify({ "detail-type": ["ReceiptStored"] }) });
        bus.addTarget({ rule: "stored", eventBusName: "orders-bus", arn: arn("sqs", "orders-events") });

        const body = JSON.stringify({ receiptVersion: 1, ...orderProcessedEvent(ORDER).detail as object });
        await client().s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: receiptKey(ORDER), Body: body, IfNoneMatch: "*" }));
        await log.waitFor((e) => e.kind === "delivery" && e.source === "stored");

        const [stored] = sqs.listMessages("orders-events").map((m) => JSON.parse(m.body));
        expect(stored).to.deep.include({ source: "orders.receipts", "detail-type": "ReceiptStored" });
        expect(stored.detail).to.deep.include({ orderId: ORDER, bucket: BUCKET, key: receiptKey(ORDER), correlationId: `corr-${ORDER.slice(-8)}` });
    });

    it("GIVEN objects WHEN headed, listed, deleted, or asked for when missing THEN S3's answers come back (NotFound, NoSuchKey, ListObjectsV2 pages, 204)", async () => {
        const { s3: sdk } = client();
        for (const key of ["receipts/1.json", "receipts/2.json", "other/3.json"]) await sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
        expect((await sdk.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "receipts/1.json" }))).ContentLength).to.equal(15);
        expect((await sdk.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "missing" })).catch((e: Error) => e) as Error).name).to.equal("NotFound");
        expect((await sdk.send(new GetObjectCommand({ Bucket: BUCKET, Key: "missing" })).catch((e: Error) => e) as Error).name).to.equal("NoSuchKey");

        const page = await sdk.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "receipts/", MaxKeys: 1 }));
        expect(page.Contents?.map((c) => c.Key)).to.deep.equal(["receipts/1.json"]);
        expect(page.IsTruncated).to.equal(true);
        const next = await sdk.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "receipts/", ContinuationToken: page.NextContinuationToken }));
        expect(next.Contents?.map((c) => c.Key)).to.deep.equal(["receipts/2.json"]);
        const folders = await sdk.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: "/" }));
        expect(folders.CommonPrefixes?.map((p) => p.Prefix)).to.deep.equal(["other/", "receipts/"]);

        await sdk.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "other/3.json" }));
        expect(s3.object(BUCKET, "other/3.json")).to.equal(undefined);
        await bus.idle();
        expect(sqs.listMessages("s3-events").map((m) => JSON.parse(m.body)["detail-type"])).to.include("Object Deleted");
        expect((await sdk.send(new GetObjectCommand({ Bucket: "no-such-bucket", Key: "k" })).catch((e: Error) => e) as Error).name).to.equal("NoSuchBucket");
    });

    it("GIVEN a streamed body WHEN the SDK sends it aws-chunked with a trailing checksum THEN the stored object is the payload alone", async () => {
        const { s3: sdk } = client();
        await sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: "streamed.txt", Body: Readable.from([Buffer.from("hello "), Buffer.from("world")]), ContentLength: 11 }));
        expect(s3.object(BUCKET, "streamed.txt")!.body.toString()).to.equal("hello world");
    });

    it("GIVEN a data directory WHEN the engine is restarted on it THEN the objects written before are served again", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-s3-"));
        stops.push(() => fs.rmSync(dir, { recursive: true, force: true }));
        const first = new S3Engine({ dataDir: dir });
        first.addBucket({ bucket: BUCKET });
        const firstUrl = await first.listen();
        await fetch(`${firstUrl}/${BUCKET}/receipts/kept.json`, { method: "PUT", body: "kept", headers: { "Content-Type": "application/json" } });
        await first.close();

        const second = new S3Engine({ dataDir: dir });
        second.addBucket({ bucket: BUCKET });
        const secondUrl = await second.listen();
        stops.push(() => second.close());
        const got = await fetch(`${secondUrl}/${BUCKET}/receipts/kept.json`);
        expect(await got.text()).to.equal("kept");
        expect(got.headers.get("content-type")).to.equal("application/json");
        const again = await fetch(`${secondUrl}/${BUCKET}/receipts/kept.json`, { method: "PUT", body: "x", headers: { "If-None-Match": "*" } });
        expect(again.status).to.equal(412);
    });
});
