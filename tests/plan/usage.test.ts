/**
 * The usage walkers on small hand-made recordings: each test builds just the resources a rule of the cost model
 * reads and checks the lines it derives, so a rule can be checked by hand without evaluating the program.
 */
import { expect } from "chai";
import type { MockResource } from "../harness";
import { ASSUMPTIONS, scaled } from "../../pricing/assumptions";
import { NAIVE_BUILD, STACK_BUILD, withNaive } from "../../scripts/plan/build";
import { candidateHandlers } from "../../scripts/plan/handlerOf";
import { accessLogBytes } from "../../scripts/plan/usageApi";
import { loadsPerOrder } from "../../scripts/plan/usageBrowser";
import { eventBytes } from "../../scripts/plan/usageEvents";
import { filteredStatuses } from "../../scripts/plan/usagePipes";
import { workflowLogBytes } from "../../scripts/plan/usageWorkflows";
import { orderUsage } from "../../scripts/plan/usage";

const ACCOUNT = "123456789012";
let ids = 0;
const r = (type: string, name: string, inputs: Record<string, any> = {}, state: Record<string, any> = {}): MockResource =>
    ({ type, name, inputs, state: { ...inputs, ...state }, id: `${name}-id-${++ids}` });
const lambda = (name: string, inputs: Record<string, any> = {}) =>
    r("aws:lambda/function:Function", name, { memorySize: 512, architectures: ["arm64"], tracingConfig: { mode: "Active" }, ...inputs }, { arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}` });
const bus = () => r("aws:cloudwatch/eventBus:EventBus", "orders-bus", { name: "orders-bus" }, { arn: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/orders-bus` });
const rule = (name: string, detailTypes: string[]) => r("aws:cloudwatch/eventRule:EventRule", name, { eventBusName: "orders-bus", eventPattern: JSON.stringify({ "detail-type": detailTypes }) }, { name });
const target = (ruleName: string, arn: string) => r("aws:cloudwatch/eventTarget:EventTarget", `${ruleName}-target`, { rule: ruleName, eventBusName: "orders-bus", arn });
const table = () => r("aws:dynamodb/table:Table", "orders-orders", { billingMode: "PAY_PER_REQUEST" }, {
    arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-orders`, streamArn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-orders/stream/2026-12-01T00:00:00.000`,
});
const item = (lines: { item: string; perOrder: number }[], pattern: RegExp) => lines.filter((l) => pattern.test(l.item));

describe("usage per order (scripts/plan/usage*.ts)", () => {
    describe("events to another account's bus", () => {
        it("GIVEN OrderProcessed forwarded to buses in us-east-1 and eu-west-1 THEN each is a custom event charged here, and only eu-west-1 adds inter-region transfer", () => {
            const resources = [bus(), rule("fwd", ["OrderProcessed"]),
                target("fwd", "arn:aws:events:us-east-1:444455556666:event-bus/analytics"), target("fwd", "arn:aws:events:eu-west-1:444455556666:event-bus/analytics")];
            resources[3].name = "fwd-target-2";
            const { lines } = orderUsage(resources);
            const forwarded = item(lines, /OrderProcessed forwarded to/);
            expect(forwarded.map((l) => [l.item, l.perOrder])).to.deep.equal([
                ["OrderProcessed forwarded to us-east-1:444455556666:event-bus/analytics", 0.99],
                ["OrderProcessed forwarded to eu-west-1:444455556666:event-bus/analytics", 0.99],
            ]);
            expect(forwarded.every((l) => lines.find((x) => x.item === l.item)!.price === "eventBridgeCustomEvent")).to.equal(true);
            const transfer = lines.filter((l) => l.service === "Data transfer");
            expect(transfer.map((l) => l.item)).to.deep.equal(["OrderProcessed to eu-west-1 (GB)"]);
            expect(transfer[0].perOrder).to.be.closeTo(0.99 * eventBytes("OrderProcessed") / 1024 ** 3, 1e-15);
        });
    });

    describe("table streams", () => {
        const announcer = lambda("outbox-announcer");
        const pipe = (detailType?: string) => r("aws:pipes/pipe:Pipe", "outbox-failed", {
            source: table().state.streamArn, target: bus().state.arn, enrichment: announcer.state.arn,
            targetParameters: detailType ? { eventbridgeEventBusParameters: { detailType } } : {},
        });

        it("GIVEN a pipe that puts OrderFailed THEN it bills one request per failed order and invokes its enrichment as often, each a trace root", () => {
            const { lines } = orderUsage([table(), bus(), announcer, pipe("OrderFailed")]);
            expect(item(lines, /outbox-failed requests/).map((l) => l.perOrder)).to.deep.equal([0.01]);
            expect(item(lines, /^outbox-announcer requests/).map((l) => l.perOrder)).to.deep.equal([0.01]);
            expect(item(lines, /outbox-announcer traces/)[0].perOrder).to.be.closeTo(0.01, 1e-4);
        });

        it("GIVEN a Lambda trigger whose filter lets PROCESSED and FAILED through THEN it runs once per order, whatever the outcome", () => {
            const publisher = lambda("outbox-publisher");
            const filter = { filters: ["PROCESSED", "FAILED"].map((s) => ({ pattern: JSON.stringify({ dynamodb: { NewImage: { status: { S: [s] } }, OldImage: { status: { S: [{ "anything-but": [s] }] } } } }) })) };
            const mapping = r("aws:lambda/eventSourceMapping:EventSourceMapping", "outbox-trigger", { eventSourceArn: table().state.streamArn, functionName: publisher.state.arn, filterCriteria: filter });
            expect(filteredStatuses(filter)).to.deep.equal(["FAILED", "PROCESSED"]);
            const { lines } = orderUsage([table(), publisher, mapping]);
            expect(item(lines, /^outbox-publisher requests/).map((l) => l.perOrder)).to.deep.equal([1]);
        });

        it("GIVEN a pipe that names no contract event and no status THEN one record per order is priced, and the plan says so", () => {
            const { lines, notes } = orderUsage([table(), bus(), announcer, pipe()]);
            expect(item(lines, /outbox-failed requests/).map((l) => l.perOrder)).to.deep.equal([1]);
            expect(notes.join("\n")).to.match(/outbox-failed: neither its target nor its filter tells which records pass/);
        });
    });

    describe("the browser", () => {
        it("GIVEN Cache-Control values THEN no-cache files load on every page load, a day or more only into a cold cache, an hour once a visit", () => {
            expect(loadsPerOrder("no-cache", 2, 0.5, 600)).to.equal(2);
            expect(loadsPerOrder("public, max-age=31536000, immutable", 2, 0.5, 600)).to.equal(0.5);
            expect(loadsPerOrder("public, max-age=3600", 2, 0.5, 600)).to.equal(1);
            expect(loadsPerOrder("public, max-age=60", 2, 0.5, 600)).to.equal(2);
        });

        it("GIVEN an IoT authorizer, 15-minute ID tokens and a Plus user pool THEN one connection per 15 minutes of shopping, its messages and minutes, and one MAU per order", () => {
            const authorizer = lambda("authorizer");
            const resources = [authorizer,
                r("aws:iot/authorizer:Authorizer", "frontend-authorizer", { authorizerFunctionArn: authorizer.state.arn }),
                r("aws:cognito/userPoolClient:UserPoolClient", "storefront", { idTokenValidity: 15, tokenValidityUnits: { idToken: "minutes" } }),
                r("aws:cognito/userPool:UserPool", "customers", { userPoolTier: "PLUS" })];
            const usage = (minutes: number) => orderUsage(resources, STACK_BUILD, scaled("shopMinutesPerOrder", minutes / ASSUMPTIONS.shopMinutesPerOrder.value)).lines;
            expect(item(usage(10), /CONNECT and SUBSCRIBE/)[0].perOrder).to.equal(2);
            expect(item(usage(40), /CONNECT and SUBSCRIBE/)[0].perOrder).to.equal(6);
            expect(item(usage(40), /^authorizer requests/)[0].perOrder).to.equal(3);
            expect(item(usage(10), /connection minutes/)[0].perOrder).to.equal(10);
            const mau = usage(10).find((l) => l.service === "Cognito")!;
            expect([mau.perOrder, mau.price]).to.deep.equal([1, "cognitoPlusMau"]);
        });
    });

    describe("functions", () => {
        const notifier = lambda("notifier", {
            environment: { variables: { IOT_DATA_ENDPOINT: "x", TOPIC_PREFIX: "orders/dev" } },
            loggingConfig: { logFormat: "JSON", applicationLogLevel: "INFO", systemLogLevel: "WARN" },
        });
        const resources = [bus(), notifier, rule("notify", ["OrderProcessed"]), target("notify", notifier.state.arn)];

        it("GIVEN a handler told by its environment THEN its descriptor is the only candidate", () => {
            expect(candidateHandlers(notifier)).to.deep.equal(["notifier"]);
        });

        it("GIVEN the notifier publishing per OrderProcessed THEN IoT meters the publish and its response, and the delivery and its PUBACK", () => {
            const { lines } = orderUsage(resources);
            expect(item(lines, /notifier publishes/)[0].perOrder).to.be.closeTo(0.99 * 2, 1e-9);
            expect(item(lines, /notifier deliveries and PUBACKs/)[0].perOrder).to.be.closeTo(0.99 * 2, 1e-9);
        });

        it("GIVEN an invocation with an upstream trace (an event from the bus) THEN X-Ray records no trace of its own", () => {
            expect(orderUsage(resources).lines.filter((l) => l.service === "X-Ray")).to.deep.equal([]);
        });

        it("GIVEN the naive build THEN functions run x86_64 at 128 MB and log their platform records", () => {
            const logged = (build = STACK_BUILD) => orderUsage(resources, build).lines.find((l) => /notifier logs/.test(l.item))!.perOrder;
            expect(orderUsage(resources, NAIVE_BUILD).lines.some((l) => /notifier GB-s \(x86_64, 128 MB/.test(l.item))).to.equal(true);
            expect(logged(withNaive("logs"))).to.be.above(logged());
        });
    });

    describe("workflows", () => {
        const definition = {
            StartAt: "Save",
            States: {
                Save: { Type: "Task", Resource: "arn:aws:states:::dynamodb:putItem", Next: "Announce" },
                Announce: { Type: "Task", Resource: "arn:aws:states:::events:putEvents", End: true },
            },
        };
        const sm = r("aws:sfn/stateMachine:StateMachine", "process", { type: "EXPRESS", definition: JSON.stringify(definition), loggingConfiguration: { level: "ERROR" } },
            { arn: `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:process` });
        const resources = [bus(), sm, rule("start", ["OrderPlaced"]), target("start", sm.state.arn)];

        it("GIVEN log levels THEN ALL logs every event (with its data when asked) and ERROR logs nothing on the happy path", () => {
            const path = { transitions: 3, taskTransitions: 2, tasks: [] };
            expect(workflowLogBytes(path, "ALL", false, 300, 1000)).to.equal((2 + 10 + 2) * 300);
            expect(workflowLogBytes(path, "ALL", true, 300, 1000)).to.equal((2 + 10 + 2) * 300 + (2 + 8 + 2) * 1000);
            expect(workflowLogBytes(path, "ERROR", true, 300, 1000)).to.equal(0);
        });

        it("GIVEN direct integrations THEN no function runs; GIVEN a Lambda per step THEN each service call is a function invocation", () => {
            expect(orderUsage(resources).lines.filter((l) => l.service === "Lambda")).to.deep.equal([]);
            const naive = orderUsage(resources, withNaive("integrations")).lines;
            expect(item(naive, /process (Save|Announce) function requests/).map((l) => l.perOrder)).to.deep.equal([1, 1]);
        });

        it("GIVEN Express or Standard THEN executions and GB-seconds, or one transition per state", () => {
            expect(orderUsage(resources).lines.filter((l) => l.service === "Step Functions").map((l) => l.price)).to.deep.equal(["sfnExpressRequest", "sfnExpressGbSecond"]);
            const standard = orderUsage(resources, withNaive("workflows")).lines.filter((l) => l.service === "Step Functions");
            expect(standard.map((l) => [l.price, l.perOrder])).to.deep.equal([["sfnStandardTransition", 2]]);
        });
    });

    it("GIVEN an access-log format with 3 variables THEN a line is its text plus 3 values plus a newline", () => {
        const stage = r("aws:apigatewayv2/stage:Stage", "s", { accessLogSettings: { format: "{\"a\":\"$context.requestId\",\"b\":\"$context.status\",\"c\":\"$context.error.message\"}" } });
        expect(accessLogBytes(stage, 18)).to.equal("{\"a\":\"\",\"b\":\"\",\"c\":\"\"}".length + 3 * 18 + 1);
    });
});
