/**
 * Serialization tests: each bundle of this area is loaded from a temp dir, as Lambda loads it, with the environment
 * its descriptor names, and its handler is called with a real event. The SDK calls go to a recording loopback server
 * that speaks just enough S3, IoT data and EventBridge; the authorizer's keys come from a test issuer on loopback.
 */
import { randomUUID } from "crypto";
import { expect } from "chai";
import { CONTRACTS } from "../../contracts";
import { receiptKey } from "../../contracts/records";
import { FakeAws, HungServer, loadBundle, LoadedBundle, objectCreated, RecordedRequest, Reply, startFakeAws, startHungServer } from "../support/awsLoopback";
import { CLIENT_ID, startIssuer, TestIssuer } from "./tokens";
import { PACKAGE_BUDGET_BYTES } from "../../constants/budgets";

const BUCKET = "receipts-test";
const BUDGET_BYTES = PACKAGE_BUDGET_BYTES;
const CUSTOMER = CONTRACTS.OrderProcessed.example.customerId;

/** Just enough of each service, told apart by path and X-Amz-Target. */
class FakeServices {
    readonly objects = new Map<string, string>();
    failIot = false;

    respond = (req: RecordedRequest): Reply => {
        const target = String(req.headers["x-amz-target"] ?? "");
        const json = (body: unknown): Reply => ({ status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify(body) });
        if (target === "AWSEvents.PutEvents") return json({ FailedEntryCount: 0, Entries: [{ EventId: "evt-1" }] });
        if (req.url.startsWith("/topics/")) {
            return this.failIot ? { status: 503, headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "unavailable" }) } : { status: 200, body: "" };
        }
        const path = decodeURIComponent(req.url.split("?")[0]).replace(/^\//, "");
        if (req.method === "PUT") {
            if (req.headers["if-none-match"] === "*" && this.objects.has(path)) {
                return { status: 412, headers: { "content-type": "application/xml" }, body: "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>" };
            }
            this.objects.set(path, req.body);
            return { status: 200, headers: { ETag: "\"etag\"" } };
        }
        if (req.method === "GET" && this.objects.has(path)) {
            return { status: 200, headers: { "content-type": "application/json" }, body: this.objects.get(path) };
        }
        return { status: 404, headers: { "content-type": "application/xml" }, body: "<Error><Code>NoSuchKey</Code><Message>none</Message></Error>" };
    };
}

const sqsRecord = (messageId: string, body: string) => ({
    messageId, receiptHandle: `h-${messageId}`, body, attributes: {}, messageAttributes: {}, md5OfBody: "",
    eventSource: "aws:sqs", eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:q", awsRegion: "us-east-1",
});
const busEvent = (name: "OrderProcessed" | "OrderFailed" | "ReceiptStored") => ({
    version: "0", id: "e", "detail-type": CONTRACTS[name].detailType, source: CONTRACTS[name].source, account: "123456789012",
    time: "2026-11-26T10:00:00Z", region: "us-east-1", resources: [], detail: CONTRACTS[name].example,
});

describe("bundles of the notifier, authorizer, receipt writer and ReceiptStored publisher", () => {
    let services: FakeServices;
    let aws: FakeAws;
    const loaded: LoadedBundle[] = [];
    const load = (module: string, exportName: string, env: Record<string, string>) => {
        const bundle = loadBundle(module, exportName, env);
        loaded.push(bundle);
        return bundle;
    };

    beforeEach(async () => {
        services = new FakeServices();
        aws = await startFakeAws(services.respond);
    });
    afterEach(async () => {
        while (loaded.length > 0) loaded.pop()!.cleanup();
        await aws.stop();
    });

    it("GIVEN the receipt-writer bundle WHEN a batch holds a receipt, its duplicate and garbage THEN one object is stored and only the garbage id fails", async () => {
        const fn = load("functions/receiptWriter.ts", "createReceiptWriterHandler", { RECEIPTS_BUCKET: BUCKET, AWS_ENDPOINT_URL_S3: aws.endpoint });
        expect(fn.bytes).to.be.below(BUDGET_BYTES);
        const body = JSON.stringify(busEvent("OrderProcessed"));
        const result = await fn.handler({ Records: [sqsRecord("m1", body), sqsRecord("m1-again", body), sqsRecord("junk", "not json")] });
        expect(result).to.deep.equal({ batchItemFailures: [{ itemIdentifier: "junk" }] });
        const key = `${BUCKET}/${receiptKey(CONTRACTS.OrderProcessed.example.orderId)}`;
        expect([...services.objects.keys()]).to.deep.equal([key]);
        const puts = aws.requests.filter((r) => r.method === "PUT");
        expect(puts).to.have.length(2);
        expect(puts.every((p) => p.headers["if-none-match"] === "*")).to.equal(true);
    });

    it("GIVEN the ReceiptStored bundle WHEN S3's Object Created event arrives THEN it reads the receipt and puts one ReceiptStored event", async () => {
        const key = receiptKey(CONTRACTS.OrderProcessed.example.orderId);
        const writer = load("functions/receiptWriter.ts", "createReceiptWriterHandler", { RECEIPTS_BUCKET: BUCKET, AWS_ENDPOINT_URL_S3: aws.endpoint });
        await writer.handler({ Records: [sqsRecord("m1", JSON.stringify(busEvent("OrderProcessed")))] });
        const fn = load("functions/receiptStored.ts", "createReceiptStoredHandler", {
            EVENT_BUS_NAME: "orders-bus", AWS_ENDPOINT_URL_S3: aws.endpoint, AWS_ENDPOINT_URL_EVENTBRIDGE: aws.endpoint,
        });
        expect(fn.bytes).to.be.below(BUDGET_BYTES);
        await fn.handler(objectCreated(key, BUCKET));
        const put = aws.requests.filter((r) => r.headers["x-amz-target"] === "AWSEvents.PutEvents");
        expect(put).to.have.length(1);
        const [entry] = JSON.parse(put[0].body).Entries;
        expect(entry).to.include({ EventBusName: "orders-bus", Source: "orders.receipts", DetailType: "ReceiptStored" });
        expect(JSON.parse(entry.Detail)).to.include({ orderId: CONTRACTS.OrderProcessed.example.orderId, customerId: CUSTOMER, bucket: BUCKET, key });
    });

    it("GIVEN the notifier bundle WHEN OrderProcessed arrives THEN it publishes QoS 1 to orders/dev/<customer>, and a failing publish rejects", async () => {
        const fn = load("functions/notifier.ts", "createNotifierHandler", { IOT_DATA_ENDPOINT: aws.endpoint, TOPIC_PREFIX: "orders/dev" });
        expect(fn.bytes).to.be.below(BUDGET_BYTES);
        await fn.handler(busEvent("OrderProcessed"));
        const [publish] = aws.requests.filter((r) => r.url.startsWith("/topics/"));
        const url = new URL(publish.url, aws.endpoint);
        expect(decodeURIComponent(url.pathname)).to.equal(`/topics/orders/dev/${CUSTOMER}`);
        expect(url.searchParams.get("qos")).to.equal("1");
        expect(JSON.parse(publish.body)).to.include({ type: "OrderProcessed", orderId: CONTRACTS.OrderProcessed.example.orderId });

        services.failIot = true;
        let caught: unknown;
        try { await fn.handler(busEvent("OrderFailed")); } catch (e) { caught = e; }
        expect(caught).to.be.instanceOf(Error);
    });

    describe("the IoT authorizer bundle", () => {
        let issuer: TestIssuer;
        before(async () => { issuer = await startIssuer(); });
        after(async () => { await issuer.stop(); });

        const connect = (token: string) => ({
            protocols: ["http", "mqtt"],
            protocolData: { http: { headers: {}, queryString: `?x-amz-customauthorizer-name=orders-authorizer&token=${token}` } },
            connectionMetadata: { id: randomUUID() },
        });

        it("GIVEN the authorizer bundle WHEN browsers connect with ID tokens THEN the keys are fetched once over loopback http, a valid token gets its own topic, forgeries are denied, no SSM call", async () => {
            const fn = load("functions/iotAuthorizer.ts", "createIotAuthorizerHandler", {
                JWT_ISSUER: issuer.issuer, JWT_AUDIENCE: CLIENT_ID, IOT_ARN_PREFIX: "arn:aws:iot:us-east-1:123456789012", TOPIC_PREFIX: "orders/dev",
            });
            expect(fn.bytes).to.be.below(BUDGET_BYTES);
            const sub = randomUUID();

            const ok = await fn.handler(connect(await issuer.idToken({ sub })));
            const again = await fn.handler(connect(await issuer.idToken({ sub })));
            const forged = await fn.handler(connect(await issuer.idToken({ sub }, { key: "other" })));
            const unsigned = await fn.handler(connect(issuer.unsigned({ sub })));
            const confused = await fn.handler(connect(await issuer.hmacWithPublicKey({ sub })));
            const otherClient = await fn.handler(connect(await issuer.idToken({ sub, aud: "another-client" })));

            expect(ok.isAuthenticated).to.equal(true);
            expect(again.isAuthenticated).to.equal(true);
            expect(ok.policyDocuments[0].Statement[2].Resource).to.deep.equal([`arn:aws:iot:us-east-1:123456789012:topic/orders/dev/${sub}`]);
            for (const denied of [forged, unsigned, confused, otherClient]) expect(denied).to.deep.include({ isAuthenticated: false, policyDocuments: [] });
            expect(issuer.jwksRequests()).to.equal(1);
            expect(aws.requests).to.deep.equal([]);
        });

        it("GIVEN the authorizer bundle without its environment WHEN it is loaded THEN the cold start fails naming every missing variable", () => {
            expect(() => load("functions/iotAuthorizer.ts", "createIotAuthorizerHandler", { JWT_ISSUER: issuer.issuer }))
                .to.throw(/JWT_AUDIENCE, IOT_ARN_PREFIX, TOPIC_PREFIX are not set/);
        });

        it("GIVEN a JWKS URI over plain http to another host WHEN the bundle is loaded THEN the cold start refuses it", () => {
            expect(() => load("functions/iotAuthorizer.ts", "createIotAuthorizerHandler", {
                JWT_ISSUER: "http://issuer.example.com", JWT_AUDIENCE: CLIENT_ID, IOT_ARN_PREFIX: "arn:aws:iot:us-east-1:123456789012", TOPIC_PREFIX: "orders/dev",
            })).to.throw(/plain http to a host other than loopback/);
        });
    });

    describe("against endpoints that never answer (the deployed call limits)", () => {
        let hung: HungServer;
        before(async () => { hung = await startHungServer(); });
        after(async () => { await hung.stop(); });

        it("GIVEN S3 hangs WHEN the receipt-writer bundle gets a batch THEN the record is reported failed (retried, then dead-lettered), not left to the function timeout", async () => {
            const fn = load("functions/receiptWriter.ts", "createReceiptWriterHandler", { RECEIPTS_BUCKET: BUCKET, AWS_ENDPOINT_URL_S3: hung.endpoint });
            const result = await fn.handler({ Records: [sqsRecord("m1", JSON.stringify(busEvent("OrderProcessed")))] });
            expect(result).to.deep.equal({ batchItemFailures: [{ itemIdentifier: "m1" }] });
        });
    });
});
