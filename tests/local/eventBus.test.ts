/**
 * The local EventBridge: PutEvents semantics (envelope, per-entry errors), rules matched by the shared matcher,
 * delivery per target kind, retries within the retry policy then the DLQ with EventBridge's attributes, input
 * transformers, bus-to-bus forwarding, and the PutEvents wire endpoint the bundled functions call.
 */
import { expect } from "chai";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { DeadLetters } from "../../local/deadLetters";
import { startEventBridgeEndpoint } from "../../local/eventBridgeApi";
import { EventBusEngine } from "../../local/eventBus";
import { LambdaEngine } from "../../local/lambda";
import { CollectingLog } from "../../local/log";
import { SnsEngine } from "../../local/sns";
import { SqsEngine } from "../../local/sqs";
import { StepFunctionsEngine } from "../../local/stepFunctions";
import { ORDER_FAILED_EMAIL } from "../../components/frontendNotifier";
import { CONTRACTS } from "../../contracts";
import { arn, startControlServer } from "./support/local";

const ORDERS = "orders-bus";
const everything = JSON.stringify({ source: [{ prefix: "" }] });
const entry = (detail: unknown = CONTRACTS.OrderFailed.example, overrides: Record<string, unknown> = {}) => ({
    EventBusName: ORDERS, Source: "orders.workflow", DetailType: "OrderFailed", Detail: JSON.stringify(detail), ...overrides,
});
const bodies = (sqs: SqsEngine, queue: string) => sqs.listMessages(queue).map((m) => JSON.parse(m.body));

/** The real SQS engine, failing the first `failures` sends to one queue: an injected fault, as a broken target would be. */
function failingSends(sqs: SqsEngine, queueArn: string, failures: number) {
    let left = failures;
    return {
        sendMessage: (target: string, body: string, options?: Parameters<SqsEngine["sendMessage"]>[2]) => {
            if (target === queueArn && left-- > 0) throw Object.assign(new Error("We encountered an internal error. Please try again."), { name: "InternalError" });
            return sqs.sendMessage(target, body, options);
        },
    };
}

describe("local EventBridge", function () {
    this.timeout(30_000);
    let log: CollectingLog;
    let sqs: SqsEngine;
    const stops: (() => Promise<void> | void)[] = [];
    beforeEach(() => {
        log = new CollectingLog();
        sqs = new SqsEngine({ log });
        for (const name of ["sink", "other", "dlq"]) sqs.addQueue({ name });
    });
    afterEach(async () => {
        for (const stop of stops.splice(0)) await stop();
        sqs.stop();
    });

    function bus(services: ConstructorParameters<typeof EventBusEngine>[0]["services"] = { sqs }): EventBusEngine {
        const engine = new EventBusEngine({ services, log, timeScale: 0.001 });
        engine.addBus({ name: ORDERS });
        stops.push(() => engine.stop());
        return engine;
    }

    it("GIVEN PutEvents with valid and invalid entries THEN each invalid one gets its error in place, FailedEntryCount counts them, and the valid one is delivered in EventBridge's envelope", async () => {
        const events = bus();
        events.addRule({ name: "all", eventBusName: ORDERS, eventPattern: everything });
        events.addTarget({ rule: "all", eventBusName: ORDERS, arn: arn("sqs", "sink") });

        const result = await events.putEvents([
            entry(CONTRACTS.OrderFailed.example, { Resources: ["arn:aws:states:us-east-1:123456789012:execution:x:y"], Time: new Date("2026-11-26T10:00:05.678Z") }),
            entry(undefined, { Detail: "[1, 2]" }),
            entry(undefined, { Detail: "not json" }),
            entry(undefined, { Source: undefined }),
            entry(undefined, { Source: "aws.s3" }),
            entry(undefined, { EventBusName: "no-such-bus" }),
        ]);
        expect(result.FailedEntryCount).to.equal(5);
        expect(result.Entries.slice(1)).to.deep.equal([
            { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." },
            { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." },
            { ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Source is not valid. Reason: Source is a required argument." },
            { ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "Not authorized for the source." },
            { ErrorCode: "ResourceNotFoundException", ErrorMessage: "Event bus no-such-bus does not exist." },
        ]);
        await events.idle();
        const [delivered] = bodies(sqs, "sink");
        expect(delivered).to.deep.equal({
            version: "0", id: (result.Entries[0] as { EventId: string }).EventId, "detail-type": "OrderFailed", source: "orders.workflow",
            account: "123456789012", time: "2026-11-26T10:00:05Z", region: "us-east-1",
            resources: ["arn:aws:states:us-east-1:123456789012:execution:x:y"], detail: CONTRACTS.OrderFailed.example,
        });
        expect(log.ofKind("event", ORDERS)[0].correlationId).to.equal(CONTRACTS.OrderFailed.example.correlationId);
        await events.putEvents(Array.from({ length: 11 }, () => entry())).then(() => expect.fail("accepted 11 entries"), (error: Error) => {
            expect(error.name).to.equal("ValidationException");
        });
    });

    it("GIVEN rules with patterns WHEN an event is put THEN only the matching, enabled rules' targets receive it", async () => {
        const events = bus();
        events.addRule({ name: "failed", eventBusName: ORDERS, eventPattern: JSON.stringify({ "detail-type": ["OrderFailed"], detail: { error: [{ prefix: "Pricing" }] } }) });
        events.addRule({ name: "processed", eventBusName: ORDERS, eventPattern: JSON.stringify({ "detail-type": ["OrderProcessed"] }) });
        events.addRule({ name: "disabled", eventBusName: ORDERS, eventPattern: everything, state: "DISABLED" });
        events.addTarget({ rule: "failed", eventBusName: ORDERS, arn: arn("sqs", "sink") });
        events.addTarget({ rule: "processed", eventBusName: ORDERS, arn: arn("sqs", "other") });
        events.addTarget({ rule: "disabled", eventBusName: ORDERS, arn: arn("sqs", "other") });

        await events.putEvents([entry(), entry({ ...CONTRACTS.OrderFailed.example, error: "DynamoDB.Oops" })]);
        await events.idle();
        expect(bodies(sqs, "sink").map((e) => e.detail.error)).to.deep.equal(["PricingError"]);
        expect(sqs.listMessages("other")).to.deep.equal([]);
        expect(log.ofKind("match").map((e) => e.message.split(" ←")[0])).to.deep.equal(["rule failed"]);
    });

    it("GIVEN a target that keeps failing WHEN its retry policy is spent THEN the event goes to the target's DLQ with EventBridge's attributes, after that many retries", async () => {
        const events = bus({ sqs: failingSends(sqs, arn("sqs", "sink"), Infinity) });
        events.addRule({ name: "failed", eventBusName: ORDERS, eventPattern: everything });
        events.addTarget({
            rule: "failed", eventBusName: ORDERS, arn: arn("sqs", "sink"), deadLetterConfig: { arn: arn("sqs", "dlq") },
            retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
        });
        const { Entries } = await events.putEvents([entry()]);
        await events.idle();

        const [dead] = sqs.listMessages("dlq");
        expect(JSON.parse(dead.body).id).to.equal((Entries[0] as { EventId: string }).EventId);
        const attributes = Object.fromEntries(Object.entries(dead.messageAttributes).map(([k, v]) => [k, v.StringValue]));
        expect(attributes).to.deep.equal({
            RULE_ARN: arn("events", `rule/${ORDERS}/failed`),
            TARGET_ARN: arn("sqs", "sink"),
            ERROR_CODE: "SDK_CLIENT_ERROR",
            ERROR_MESSAGE: "InternalError: We encountered an internal error. Please try again.",
            EXHAUSTED_RETRY_CONDITION: "MaximumRetryAttempts",
            RETRY_ATTEMPTS: "2",
        });
        expect(log.ofKind("retry", "failed")).to.have.length(2);
        expect(log.ofKind("dlq", "failed")[0].correlationId).to.equal(CONTRACTS.OrderFailed.example.correlationId);
        expect(sqs.listMessages("sink")).to.deep.equal([]);
    });

    it("GIVEN a target that fails twice WHEN retries remain THEN the event is delivered once, after two retries", async () => {
        const events = bus({ sqs: failingSends(sqs, arn("sqs", "sink"), 2) });
        events.addRule({ name: "failed", eventBusName: ORDERS, eventPattern: everything });
        events.addTarget({ rule: "failed", eventBusName: ORDERS, arn: arn("sqs", "sink"), deadLetterConfig: { arn: arn("sqs", "dlq") }, retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 } });
        await events.putEvents([entry()]);
        await events.idle();
        expect(sqs.listMessages("sink")).to.have.length(1);
        expect(sqs.listMessages("dlq")).to.deep.equal([]);
        expect(log.ofKind("delivery", "failed")[0].message).to.equal("→ sqs:sink (after 2 retries)");
    });

    it("GIVEN a Lambda target whose function does not exist WHEN an event matches THEN it goes to the DLQ at once (NO_RESOURCE, no retries)", async () => {
        const lambda = new LambdaEngine();
        stops.push(() => lambda.stop());
        const events = bus({ sqs, lambda });
        events.addRule({ name: "failed", eventBusName: ORDERS, eventPattern: everything });
        events.addTarget({ rule: "failed", eventBusName: ORDERS, arn: arn("lambda", "function:gone"), deadLetterConfig: { arn: arn("sqs", "dlq") }, retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 } });
        await events.putEvents([entry()]);
        await events.idle();
        const { messageAttributes } = sqs.listMessages("dlq")[0];
        expect(messageAttributes.ERROR_CODE.StringValue).to.equal("NO_RESOURCE");
        expect(messageAttributes.RETRY_ATTEMPTS.StringValue).to.equal("0");
        expect(messageAttributes).to.not.have.property("EXHAUSTED_RETRY_CONDITION");
        expect(log.ofKind("retry")).to.deep.equal([]);
    });

    it("GIVEN the platform's OrderFailed email transformer on an SNS target with an email subscription THEN the readable text (a JSON string, quotes included) is the mail, logged as one line", async () => {
        const sns = new SnsEngine({ log });
        const topic = sns.addTopic({ name: "ops" });
        sns.subscribe({ topic, protocol: "email", endpoint: "ops@example.com" });
        const events = bus({ sqs, sns });
        events.addRule({ name: "failed", eventBusName: ORDERS, eventPattern: everything });
        events.addTarget({ rule: "failed", eventBusName: ORDERS, arn: topic, inputTransformer: ORDER_FAILED_EMAIL });
        await events.putEvents([entry()]);
        await events.idle();
        const [mail] = log.ofKind("notification", "ops");
        const d = CONTRACTS.OrderFailed.example;
        // The wording is the component's; what the engine owes is a filled template, delivered as the text it is.
        const text = mail.message.replace("email to ops@example.com: ", "");
        expect(text).to.match(/^".*"$/);
        expect(text).to.not.match(/<[A-Za-z0-9_.-]+>/);
        for (const [name, path] of Object.entries(ORDER_FAILED_EMAIL.inputPaths)) {
            if (ORDER_FAILED_EMAIL.inputTemplate.includes(`<${name}>`)) expect(text, name).to.contain(String(d[path.replace("$.detail.", "") as keyof typeof d]));
        }
    });

    it("GIVEN a JSON input template WHEN rendered THEN strings outside quotes keep theirs, inside a string they are inlined and escaped, numbers stay numbers, predefined variables are filled and a missing path is empty", async () => {
        const events = bus();
        events.addRule({ name: "shaped", eventBusName: ORDERS, eventPattern: everything });
        events.addTarget({
            rule: "shaped", eventBusName: ORDERS, arn: arn("sqs", "sink"),
            inputTransformer: {
                inputPaths: { id: "$.detail.orderId", cause: "$.detail.cause", n: "$.detail.n", items: "$.detail.items[*].sku", none: "$.detail.absent" },
                inputTemplate: '{"order": <id>, "text": "order <id>: <cause>", "n": <n>, "skus": <items>, "rule": "<aws.events.rule-name>", "none": "<none>", "source": <aws.events.event>}',
            },
        });
        await events.putEvents([entry({ orderId: "ord_1", cause: 'said "no"', n: 3, items: [{ sku: "A" }, { sku: "B" }] })]);
        await events.idle();
        const [shaped] = bodies(sqs, "sink");
        expect(shaped).to.deep.include({ order: "ord_1", text: 'order ord_1: said "no"', n: 3, skus: ["A", "B"], rule: "shaped", none: "" });
        expect(shaped.source).to.include({ source: "orders.workflow", "detail-type": "OrderFailed" }).and.not.have.property("detail");
        expect(() => events.addTarget({ rule: "shaped", eventBusName: ORDERS, arn: arn("sqs", "other"), inputTransformer: { inputPaths: { a: "$.detail.a" }, inputTemplate: '{"x": <b>}' } }))
            .to.throw(/rule shaped target .*inputTemplate uses <b>, which is neither in inputPaths \(a\) nor predefined/);
    });

    it("GIVEN a rule on the default bus forwarding to the orders bus WHEN a service event arrives THEN the same event is routed on the orders bus", async () => {
        const events = bus();
        events.addRule({ name: "forward", eventPattern: JSON.stringify({ source: ["aws.s3"] }) });
        events.addTarget({ rule: "forward", arn: arn("events", `event-bus/${ORDERS}`), deadLetterConfig: { arn: arn("sqs", "dlq") }, roleArn: "arn:aws:iam::123456789012:role/forward" });
        events.addRule({ name: "on-orders", eventBusName: ORDERS, eventPattern: JSON.stringify({ source: ["aws.s3"] }) });
        events.addTarget({ rule: "on-orders", eventBusName: ORDERS, arn: arn("sqs", "sink") });
        const event = { version: "0", id: "evt-s3-1", "detail-type": "Object Created", source: "aws.s3", account: "123456789012", time: "2026-11-26T10:00:05Z", region: "us-east-1", resources: [], detail: { bucket: { name: "b" } } };
        await events.emit(event);
        await events.idle();
        expect(bodies(sqs, "sink")).to.deep.equal([event]);
    });

    it("GIVEN a state machine target WHEN an event matches THEN an execution starts with the event as its input", async () => {
        const reports: unknown[] = [];
        const sfn = new StepFunctionsEngine({ services: {}, onExecution: (r) => reports.push(r) });
        sfn.addStateMachine({ name: "echo", type: "EXPRESS", definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Pass", End: true } } }) });
        const events = bus({ sqs, stepFunctions: sfn });
        events.addRule({ name: "start", eventBusName: ORDERS, eventPattern: everything });
        events.addTarget({ rule: "start", eventBusName: ORDERS, arn: arn("states", "stateMachine:echo") });
        await events.putEvents([entry()]);
        await events.idle();
        await sfn.idle();
        expect(reports).to.have.length(1);
        expect((reports[0] as { input: { detail: unknown }; status: string })).to.deep.include({ status: "SUCCEEDED" });
        expect((reports[0] as { input: { detail: unknown } }).input.detail).to.deep.equal(CONTRACTS.OrderFailed.example);
    });

    it("GIVEN the PutEvents endpoint WHEN the SDK's EventBridgeClient calls it THEN the events are accepted and routed; another operation is refused by name", async () => {
        const events = bus();
        events.addRule({ name: "all", eventBusName: ORDERS, eventPattern: everything });
        events.addTarget({ rule: "all", eventBusName: ORDERS, arn: arn("sqs", "sink") });
        const endpoint = await startEventBridgeEndpoint(events);
        stops.push(() => endpoint.close());
        const client = new EventBridgeClient({ endpoint: endpoint.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
        stops.push(() => client.destroy());

        const result = await client.send(new PutEventsCommand({ Entries: [entry(), entry(undefined, { Detail: "{" })] }));
        expect(result.FailedEntryCount).to.equal(1);
        expect(result.Entries?.[1]).to.deep.include({ ErrorCode: "MalformedDetail" });
        await events.idle();
        expect(bodies(sqs, "sink")[0].id).to.equal(result.Entries?.[0].EventId);

        const response = await fetch(endpoint.url, { method: "POST", headers: { "X-Amz-Target": "AWSEvents.ListRules", "Content-Type": "application/x-amz-json-1.1" }, body: "{}" });
        expect(response.status).to.equal(400);
        expect(await response.json()).to.deep.equal({ __type: "UnknownOperationException", message: 'the local EventBridge serves AWSEvents.PutEvents only, not "AWSEvents.ListRules"' });
    });

    it("GIVEN targets, rules and patterns the runtime cannot serve WHEN they are added THEN each is refused naming the resource and what is supported", () => {
        const events = bus();
        expect(() => events.addRule({ name: "typo", eventBusName: ORDERS, eventPattern: JSON.stringify({ source: [{ prefx: "orders." }] }) }))
            .to.throw(/rule typo on bus orders-bus: invalid event pattern at source: unknown operator "prefx"/);
        expect(() => events.addRule({ name: "cron", scheduleExpression: "rate(5 minutes)" })).to.throw(/rule cron: scheduled rules/);
        expect(() => events.addRule({ name: "lost", eventBusName: "nope", eventPattern: everything })).to.throw(/rule lost: event bus nope does not exist/);
        events.addRule({ name: "r", eventBusName: ORDERS, eventPattern: everything });
        expect(() => events.addTarget({ rule: "r", eventBusName: ORDERS, arn: arn("kinesis", "stream/s") }))
            .to.throw(/rule r target .*kinesis.*: target .* is of service "kinesis", which is not served; the local runtime delivers to a Lambda function/);
        expect(() => events.addTarget({ rule: "r", eventBusName: ORDERS, arn: arn("lambda", "function:f") })).to.throw(/needs the local lambda engine/);
        expect(() => events.addTarget({ rule: "r", eventBusName: ORDERS, arn: arn("sqs", "sink"), retryPolicy: { maximumRetryAttempts: 200 } }))
            .to.throw(/retryPolicy.maximumRetryAttempts must be an integer from 0 to 185, but 200 was provided/);
        expect(() => events.addTarget({ rule: "r", eventBusName: ORDERS, arn: arn("events", "event-bus/default"), inputPath: "$.detail" })).to.throw(/an event bus target receives the event itself/);
    });

    it("GIVEN a DLQ holding a failed rule delivery, a failed async invocation and a stray message WHEN the faults are fixed and it is redriven THEN each is sent back the way it failed and processed once; the stray one stays", async () => {
        let broken = true;
        const server = await startControlServer(() => (broken ? 503 : 200));
        stops.push(() => server.close());
        const lambda = new LambdaEngine({ destinations: sqs, log, timeScale: 0.001 });
        stops.push(() => lambda.stop());
        lambda.addFunction({ name: "notifier", environment: { variables: { CONTROL_URL: server.url } }, code: "exports.handler = async (e) => { const r = await fetch(process.env.CONTROL_URL + '/' + e.id); if (!r.ok) throw new Error('publish failed: ' + r.status); };" });
        lambda.putEventInvokeConfig({ functionName: "notifier", maximumRetryAttempts: 0, destinationConfig: { onFailure: { destination: arn("sqs", "dlq") } } });
        const switchable = { sendMessage: (target: string, body: string, options?: Parameters<SqsEngine["sendMessage"]>[2]) => {
            if (broken && target === arn("sqs", "sink")) throw Object.assign(new Error("unavailable"), { name: "ServiceUnavailable" });
            return sqs.sendMessage(target, body, options);
        } };
        const events = bus({ sqs: switchable, lambda });
        events.addRule({ name: "notify", eventBusName: ORDERS, eventPattern: everything });
        events.addTarget({ rule: "notify", eventBusName: ORDERS, arn: arn("lambda", "function:notifier"), deadLetterConfig: { arn: arn("sqs", "dlq") } });
        events.addRule({ name: "buffer", eventBusName: ORDERS, eventPattern: everything });
        events.addTarget({ rule: "buffer", eventBusName: ORDERS, arn: arn("sqs", "sink"), deadLetterConfig: { arn: arn("sqs", "dlq") }, retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 } });
        const stray = sqs.sendMessage("dlq", "hand-written");
        const { Entries } = await events.putEvents([entry()]);
        const eventId = (Entries[0] as { EventId: string }).EventId;
        await events.idle();
        await lambda.idle();

        const dead = new DeadLetters({ sqs, bus: events, lambda, log });
        const listed = dead.list("dlq");
        expect(listed.map((l) => `${l.kind} ${l.origin}`).sort()).to.deep.equal([
            `async-invocation ${arn("lambda", "function:notifier")}`,
            `rule-target ${arn("events", `rule/${ORDERS}/buffer`)} → ${arn("sqs", "sink")}`,
            "unknown unknown",
        ]);
        expect(listed.find((l) => l.kind === "async-invocation")?.error).to.equal("RetriesExhausted: Error: publish failed: 503");
        expect(listed.find((l) => l.kind === "rule-target")?.correlationId).to.equal(CONTRACTS.OrderFailed.example.correlationId);

        broken = false;
        expect(await dead.redrive("dlq")).to.deep.equal({ redriven: 2, left: 1 });
        await events.idle();
        await lambda.idle();
        expect(server.requests).to.deep.equal([`/${eventId}`, `/${eventId}`]);
        expect(bodies(sqs, "sink").map((e) => e.id)).to.deep.equal([eventId]);
        expect(sqs.listMessages("dlq").map((m) => m.messageId)).to.deep.equal([stray.messageId]);
        expect(log.ofKind("redrive", "dlq")).to.have.length(3);
    });
});
