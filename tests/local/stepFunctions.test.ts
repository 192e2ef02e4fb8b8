/**
 * The local Step Functions engine running the platform's real definitions (workflows/), with every Task served by
 * a local engine: the pricing bundle on the Lambda engine, dynalite, the local bus, nested executions. Retries run
 * on a time scale; the paths (states entered, retries, catches) are what is asserted.
 */
import { randomBytes } from "crypto";
import { expect } from "chai";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { customerRouterDefinition, processOrderDefinition } from "../../workflows";
import { DynamoEngine } from "../../local/dynamo";
import { EventBusEngine } from "../../local/eventBus";
import { LambdaEngine } from "../../local/lambda";
import { CollectingLog } from "../../local/log";
import { SqsEngine } from "../../local/sqs";
import { Pipe } from "../../local/pipes";
import { ExecutionReport, StepFunctionsEngine } from "../../local/stepFunctions";
import { ANNOUNCED_EVENTS, OUTBOX_STREAM_PARAMETERS, outboxFilterPatterns, outboxTargetParameters } from "../../contracts/outbox";
import { arn, bundleOf, orderPlacedDetail } from "./support/local";

const BUS = "orders-bus";
const PROCESS_ORDER = arn("states", "stateMachine:process-order");
const ROUTER = arn("states", "stateMachine:customer-router");
const ROUTER_REFS = { customersTableName: "customers", ordersTableName: "orders", busName: BUS, processOrderArn: PROCESS_ORDER, quarantineQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/quarantine" };

/** The Choice states the router starts with (it checks the detail holds what it reads), along their passing branch. */
const CHECKS = ((): string[] => {
    const { StartAt, States } = customerRouterDefinition(ROUTER_REFS) as unknown as { StartAt: string; States: Record<string, { Type: string; Choices?: { Next: string }[] }> };
    const checks: string[] = [];
    for (let name = StartAt; States[name].Type === "Choice"; name = States[name].Choices![0].Next) checks.push(name);
    return checks;
})();
const steps = (report: ExecutionReport) => report.path.map((s) => `${s.state}${s.retry ? ` (retry ${s.retry})` : ""}${s.caught ? ` (caught ${s.caught})` : ""}`);

interface Platform {
    sfn: StepFunctionsEngine;
    dynamo: DynamoEngine;
    sqs: SqsEngine;
    bus: EventBusEngine;
    lambda: LambdaEngine;
    log: CollectingLog;
    reports: ExecutionReport[];
}

describe("local Step Functions", function () {
    this.timeout(60_000);
    let dynamo: DynamoEngine;
    const stops: (() => Promise<void> | void)[] = [];
    before(async () => {
        dynamo = await DynamoEngine.start({ ttlSweepSeconds: 0 });
        await dynamo.createTables([
            { name: "customers", hashKey: "customerId", attributes: [{ name: "customerId", type: "S" }] },
            { name: "orders", hashKey: "orderId", attributes: [{ name: "orderId", type: "S" }], ttl: { attributeName: "expiresAt", enabled: true }, streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" },
        ]);
    });
    after(async () => {
        await dynamo?.stop();
    });
    afterEach(async () => {
        for (const stop of stops.splice(0)) await stop();
    });

    /** The workflow's machines and everything their Tasks call; `pricing` sets the pricing function's inputs; `outbox` adds the announcing pipes. */
    function platform(types: { processOrder: string; router: string }, pricing: { reservedConcurrentExecutions?: number } = {}, outbox = false): Platform {
        const log = new CollectingLog();
        const reports: ExecutionReport[] = [];
        const sqs = new SqsEngine({ log });
        sqs.addQueue({ name: "sink" });
        const quarantine = sqs.addQueue({ name: "quarantine" });
        const lambda = new LambdaEngine({ log });
        lambda.addFunction({ name: "price-order", code: bundleOf("priceOrder"), timeout: 10, memorySize: 256, environment: { variables: { POWERTOOLS_LOG_LEVEL: "ERROR" } }, ...pricing });
        const bus = new EventBusEngine({ services: { sqs }, log });
        bus.addBus({ name: BUS });
        bus.addRule({ name: "everything", eventBusName: BUS, eventPattern: JSON.stringify({ source: [{ prefix: "orders." }] }) });
        bus.addTarget({ rule: "everything", eventBusName: BUS, arn: arn("sqs", "sink") });
        const sfn = new StepFunctionsEngine({ services: { lambda, dynamodb: dynamo.client, events: bus, sqs }, log, timeScale: 0.001, onExecution: (r) => reports.push(r) });
        sfn.addStateMachine({ name: "process-order", type: types.processOrder, definition: JSON.stringify(processOrderDefinition({ pricingFunctionArn: arn("lambda", "function:price-order"), ordersTableName: "orders" })) });
        sfn.addStateMachine({
            name: "customer-router", type: types.router,
            definition: JSON.stringify(customerRouterDefinition({ ...ROUTER_REFS, quarantineQueueUrl: quarantine.url })),
        });
        stops.push(() => sfn.stop(), () => lambda.stop(), () => bus.stop(), () => sqs.stop());
        if (outbox) {
            lambda.addFunction({ name: "outbox-announcer", code: bundleOf("outboxAnnouncer"), timeout: 10, environment: { variables: { POWERTOOLS_LOG_LEVEL: "ERROR" } } });
            for (const announced of ANNOUNCED_EVENTS) {
                const pipe = new Pipe({
                    name: `outbox-${announced}`, source: dynamo.stream("orders").arn, target: arn("events", `event-bus/${BUS}`), enrichment: arn("lambda", "function:outbox-announcer"),
                    sourceParameters: { dynamodbStreamParameters: OUTBOX_STREAM_PARAMETERS, filterCriteria: { filters: outboxFilterPatterns(announced).map((f) => ({ pattern: JSON.stringify(f) })) } },
                    targetParameters: { eventbridgeEventBusParameters: outboxTargetParameters(announced) },
                }, { streams: dynamo, lambda, events: bus }, { log, timeScale: 0.001 });
                pipe.start();
                stops.unshift(() => pipe.stop());
            }
        }
        return { sfn, dynamo, sqs, bus, lambda, log, reports };
    }

    function orderPlaced(overrides: Record<string, unknown> = {}) {
        const detail = orderPlacedDetail({ orderId: `ord_${randomBytes(16).toString("hex")}`, correlationId: `corr-${randomBytes(6).toString("hex")}`, ...overrides });
        return { version: "0", id: randomBytes(8).toString("hex"), "detail-type": "OrderPlaced", source: "orders.api", account: "123456789012", time: "2026-11-26T10:00:00Z", region: "us-east-1", resources: [], detail };
    }

    /** Starts the router as EventBridge would, and waits for it and every child to finish. */
    async function route(p: Platform, event: ReturnType<typeof orderPlaced>): Promise<void> {
        await p.sfn.startExecution(ROUTER, { input: JSON.stringify(event) });
        await p.sfn.idle();
        await p.bus.idle();
    }

    const published = (p: Platform, orderId: string) => p.sqs.listMessages("sink").map((m) => JSON.parse(m.body)).filter((e) => e.detail.orderId === orderId);
    const stored = async (orderId: string) => (await dynamo.client.send(new GetItemCommand({ TableName: "orders", Key: { orderId: { S: orderId } }, ConsistentRead: true }))).Item;

    it("GIVEN a new customer's OrderPlaced WHEN the router runs THEN it registers and announces the customer and starts process-order, which prices the order and stores it PROCESSED", async () => {
        const p = platform({ processOrder: "EXPRESS", router: "EXPRESS" });
        const event = orderPlaced();
        await route(p, event);

        const [router, child] = p.reports;
        expect(steps(router)).to.deep.equal([...CHECKS, "GetCustomer", "IsKnownCustomer", "RegisterCustomer", "EmitCustomerRegistered", "StartProcessOrder", "Routed"]);
        expect(steps(child)).to.deep.equal(["PriceOrder", "SaveOrder"]);
        expect(child).to.deep.include({ status: "SUCCEEDED", name: event.detail.orderId, type: "EXPRESS", stateMachineArn: PROCESS_ORDER });
        expect(child.input).to.deep.equal(event.detail);

        const order = await stored(event.detail.orderId);
        expect(order?.status.S).to.equal("PROCESSED");
        expect(order?.totalCents.N).to.equal("2598");
        const events = published(p, event.detail.orderId);
        expect(events.map((e) => e["detail-type"])).to.deep.equal(["CustomerRegistered"]);
        expect(events[0].resources).to.deep.equal([router.executionArn, ROUTER]);

        const lines = p.log.ofKind("execution");
        expect(lines.map((l) => l.correlationId)).to.deep.equal([event.detail.correlationId, event.detail.correlationId]);
        expect(lines.find((l) => l.source === "process-order")?.message).to.equal(`${event.detail.orderId} SUCCEEDED | PriceOrder → SaveOrder`);
    });

    it("GIVEN an unknown SKU WHEN process-order runs THEN PricingError (the function's errorType) is caught without retries and the order is stored FAILED with the cause", async () => {
        const p = platform({ processOrder: "EXPRESS", router: "EXPRESS" });
        const event = orderPlaced({ items: [{ sku: "NOPE-1", quantity: 1 }] });
        await route(p, event);

        const child = p.reports.find((r) => r.stateMachine === "process-order")!;
        expect(steps(child)).to.deep.equal(["PriceOrder (caught PricingError)", "RecordFailure", "Failed"]);
        expect(child).to.deep.include({ status: "FAILED", error: "PricingError" });
        expect(JSON.parse(child.cause!)).to.include({ errorType: "PricingError" });
        const order = await stored(event.detail.orderId);
        expect(order?.status.S).to.equal("FAILED");
        expect(order?.error.S).to.equal("PricingError");
        expect(order?.cause.S).to.match(/unknown sku NOPE-1/);
    });

    it("GIVEN the pricing function is throttled (reserved concurrency 0) WHEN process-order runs THEN the Lambda service-error retrier retries it six times on the time scale, then the failure is recorded", async () => {
        const p = platform({ processOrder: "EXPRESS", router: "EXPRESS" }, { reservedConcurrentExecutions: 0 });
        const event = orderPlaced();
        await route(p, event);

        const child = p.reports.find((r) => r.stateMachine === "process-order")!;
        expect(steps(child)).to.deep.equal([
            "PriceOrder", ...[1, 2, 3, 4, 5].map((n) => `PriceOrder (retry ${n})`), "PriceOrder (retry 6) (caught Lambda.TooManyRequestsException)",
            "RecordFailure", "Failed",
        ]);
        expect((await stored(event.detail.orderId))?.error.S).to.equal("Lambda.TooManyRequestsException");
    });

    it("GIVEN process-order is STANDARD WHEN the same OrderPlaced is routed twice THEN the second start is ExecutionAlreadyExists, caught as already started, and the order is processed once", async () => {
        const p = platform({ processOrder: "STANDARD", router: "EXPRESS" });
        const event = orderPlaced();
        await route(p, event);
        await route(p, event);

        const routers = p.reports.filter((r) => r.stateMachine === "customer-router");
        expect(steps(routers[1])).to.deep.equal([...CHECKS, "GetCustomer", "IsKnownCustomer", "StartProcessOrder (caught StepFunctions.ExecutionAlreadyExistsException)", "AlreadyStarted"]);
        expect(p.reports.filter((r) => r.stateMachine === "process-order")).to.have.length(1);
    });

    it("GIVEN process-order is EXPRESS WHEN the same OrderPlaced is routed twice THEN both children run, and the conditional write stops the second (DynamoDB.ConditionalCheckFailedException)", async () => {
        const p = platform({ processOrder: "EXPRESS", router: "EXPRESS" });
        const event = orderPlaced();
        await route(p, event);
        await route(p, event);

        const children = p.reports.filter((r) => r.stateMachine === "process-order");
        expect(children.map(steps)).to.deep.equal([
            ["PriceOrder", "SaveOrder"],
            ["PriceOrder", "SaveOrder (caught DynamoDB.ConditionalCheckFailedException)", "ReadStoredOrder", "StoredOrderFound", "IsSameOrder", "AlreadyFinal"],
        ]);
        expect(children.map((c) => c.status)).to.deep.equal(["SUCCEEDED", "SUCCEEDED"]);
    });

    it("GIVEN the outbox pipes on the orders table's stream WHEN orders are processed, failed and delivered twice THEN each final status is announced on the bus exactly once", async () => {
        const p = platform({ processOrder: "EXPRESS", router: "EXPRESS" }, {}, true);
        const processed = orderPlaced();
        const failed = orderPlaced({ items: [{ sku: "NOPE-1", quantity: 1 }] });
        await route(p, processed);
        await route(p, processed);
        await route(p, failed);
        await p.log.waitFor((e) => e.kind === "delivery" && e.source === "outbox-OrderProcessed");
        await p.log.waitFor((e) => e.kind === "delivery" && e.source === "outbox-OrderFailed");
        await p.bus.idle();

        const announced = (orderId: string) => published(p, orderId).filter((e) => e["detail-type"] !== "CustomerRegistered");
        expect(announced(processed.detail.orderId).map((e) => e["detail-type"])).to.deep.equal(["OrderProcessed"]);
        expect(announced(processed.detail.orderId)[0].detail).to.include({ totalCents: 2598, itemCount: 2, correlationId: processed.detail.correlationId });
        const [orderFailed] = announced(failed.detail.orderId);
        expect(orderFailed["detail-type"]).to.equal("OrderFailed");
        expect(orderFailed.detail).to.include({ error: "PricingError", correlationId: failed.detail.correlationId });
    });

    it("GIVEN an OrderPlaced without a field the workflow reads WHEN the router runs THEN it is sent to the quarantine queue (sqs:sendMessage) and the execution fails as malformed", async () => {
        const p = platform({ processOrder: "EXPRESS", router: "EXPRESS" });
        const event = orderPlaced();
        const { fingerprint: _fingerprint, ...withoutFingerprint } = event.detail;
        const malformed = { ...event, detail: withoutFingerprint };
        await route(p, malformed as never);

        const [router] = p.reports;
        expect(steps(router)).to.deep.equal([CHECKS[0], "QuarantineOrderPlaced", "Malformed"]);
        expect(router).to.deep.include({ status: "FAILED", error: "MalformedOrderPlaced" });
        expect(p.sqs.listMessages("quarantine").map((m) => JSON.parse(m.body))).to.deep.equal([malformed]);
    });

    it("GIVEN StartExecution calls WHEN a STANDARD name is reused THEN the same input while running returns the running execution, and otherwise ExecutionAlreadyExists; EXPRESS reuses names freely", async () => {
        const sfn = new StepFunctionsEngine({ services: {}, timeScale: 0.00001 });
        stops.push(() => sfn.stop());
        const waiting = { StartAt: "Wait", States: { Wait: { Type: "Wait", Seconds: 3600, Next: "Done" }, Done: { Type: "Succeed" } } };
        sfn.addStateMachine({ name: "standard", type: "STANDARD", definition: JSON.stringify(waiting) });
        sfn.addStateMachine({ name: "express", type: "EXPRESS", definition: waiting });
        const standard = arn("states", "stateMachine:standard");

        const first = await sfn.startExecution(standard, { name: "order-1", input: '{"a":1}' });
        expect(first.executionArn).to.equal(arn("states", "execution:standard:order-1"));
        expect((await sfn.startExecution(standard, { name: "order-1", input: '{"a":1}' })).executionArn).to.equal(first.executionArn);
        const conflict = (input: string) => sfn.startExecution(standard, { name: "order-1", input }).then(() => expect.fail("started twice"), (error: Error) => error.name);
        expect(await conflict('{"a":2}')).to.equal("ExecutionAlreadyExists");
        expect((await sfn.execution(first.executionArn)).status).to.equal("SUCCEEDED");
        expect(await conflict('{"a":1}')).to.equal("ExecutionAlreadyExists");

        const express = arn("states", "stateMachine:express");
        const [a, b] = await Promise.all([sfn.startExecution(express, { name: "same" }), sfn.startExecution(express, { name: "same" })]);
        expect(a.executionArn).to.not.equal(b.executionArn);
        expect(a.executionArn).to.match(/:express:express:same:[0-9a-f-]{36}$/);
        expect(await sfn.startExecution(standard, { name: "bad name" }).catch((error: Error) => error.name)).to.equal("InvalidName");
        await sfn.idle();
    });

    it("GIVEN a Lambda that outlives its timeout WHEN a Task invokes it THEN the Task fails with Sandbox.Timedout, the error Step Functions reports", async () => {
        const lambda = new LambdaEngine();
        stops.push(() => lambda.stop());
        lambda.addFunction({ name: "hangs", timeout: 1, code: "exports.handler = () => new Promise(() => undefined);" });
        const sfn = new StepFunctionsEngine({ services: { lambda } });
        sfn.addStateMachine({
            name: "calls-hangs", type: "EXPRESS",
            definition: { StartAt: "Call", States: { Call: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "hangs", "Payload.$": "$" }, TimeoutSeconds: 5, End: true } } },
        });
        const report = await sfn.startSyncExecution(arn("states", "stateMachine:calls-hangs"), { input: "{}" });
        expect(report).to.deep.include({ status: "FAILED", error: "Sandbox.Timedout" });
        expect(JSON.parse(report.cause!).errorMessage).to.match(/Task timed out after 1\.00 seconds/);
    });

    it("GIVEN a definition with a Task the runtime does not serve WHEN it is loaded THEN it is refused in one message naming the state, the resource and what is served", () => {
        const sfn = new StepFunctionsEngine({ services: { events: { putEvents: async () => ({ FailedEntryCount: 0, Entries: [] }) } } });
        const definition = {
            StartAt: "Notify",
            States: {
                Notify: { Type: "Task", Resource: "arn:aws:states:::sns:publish", Parameters: { TopicArn: arn("sns", "t"), Message: "hi" }, Next: "Child" },
                Child: { Type: "Task", Resource: "arn:aws:states:::states:startExecution.sync:2", Parameters: { StateMachineArn: PROCESS_ORDER }, End: true },
            },
        };
        expect(() => sfn.addStateMachine({ name: "notifies", definition })).to.throw(
            /^state machine notifies: state "Notify" uses Resource arn:aws:states:::sns:publish, which the local runtime does not serve; state "Child" uses Resource arn:aws:states:::states:startExecution\.sync:2, which the local runtime does not serve\. Served: arn:aws:states:::lambda:invoke, .*arn:aws:states:::states:startExecution$/,
        );
        expect(() => sfn.addStateMachine({ name: "needs-lambda", definition: { StartAt: "A", States: { A: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "f" }, End: true } } } }))
            .to.throw(/state "A" uses arn:aws:states:::lambda:invoke, which needs the local lambda engine/);
        expect(() => sfn.addStateMachine({ name: "broken", definition: { StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } } }))
            .to.throw(/^state machine broken: State machine definition is invalid/);
    });
});
