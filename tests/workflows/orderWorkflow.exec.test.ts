/**
 * Executes both state machines locally with aws-local-stepfunctions. Every Task is served by something real:
 * the pricing Lambda by the project's bundled handler, DynamoDB tasks by dynalite, startExecution by a local
 * run of process-order; PutEvents is recorded (and each detail checked against its contract).
 */
import { randomBytes, randomUUID } from "crypto";
import { expect } from "chai";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { StateMachine } from "aws-local-stepfunctions";
import { CONTRACTS, EventName, parseDetail } from "../../contracts";
import { RESOURCES, SERVICE_ERRORS, StateMachineDefinition, tasksOf } from "../../workflows/asl";
import { customerRouterDefinition } from "../../workflows/customerRouter";
import { processOrderDefinition } from "../../workflows/processOrder";
import { LocalDynamo, startLocalDynamo } from "../support/localDynamo";
import { LoadedBundle, loadBundle } from "../support/awsLoopback";

const PRICING_ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders-price-order";
const PROCESS_ORDER_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:orders-process-order";
const BUS = "orders-bus";

type Json = any;

/** An error as Step Functions names it (e.g. `DynamoDB.ConditionalCheckFailedException`). */
class TaskError extends Error {
    constructor(name: string, message: string) {
        super(message);
        this.name = name;
    }
}

interface Run {
    machine: "customer-router" | "process-order";
    name: string;
    /** States entered, in order; a retried attempt shows as `State (retry n)`. */
    states: string[];
    status: "SUCCEEDED" | "FAILED";
    output?: Json;
    error?: Error;
    /** The input each state received, by state name (last attempt). */
    inputs: Record<string, Json>;
    /** Retriers used, by state name. */
    retriedWith: Record<string, string[][]>;
}

interface RecordedEvent {
    name: EventName;
    busName: string;
    detail: Json;
}

/** The platform, locally: the two definitions (as workflows/ builds them) and everything their Tasks call. */
class LocalPlatform {
    readonly events: RecordedEvent[] = [];
    readonly runs: Run[] = [];
    /** Errors a state throws before its real handler runs, consumed one per attempt. */
    readonly faults = new Map<string, Error[]>();
    /** Checks that failed inside local services; every test ends by asserting there are none. */
    readonly violations: string[] = [];
    private readonly children: Promise<Run>[] = [];
    private readonly executionNames = new Set<string>();
    readonly processOrder: StateMachineDefinition;
    readonly router: StateMachineDefinition;

    /** Every platform a test made, so afterEach can check their violations. */
    static readonly created: LocalPlatform[] = [];

    /** `dedupeNames`: STANDARD keeps execution names (ExecutionAlreadyExists); EXPRESS does not. */
    constructor(private readonly dynamo: LocalDynamo, private readonly pricing: (event: Json) => Promise<Json>, private readonly dedupeNames: boolean) {
        LocalPlatform.created.push(this);
        this.processOrder = processOrderDefinition({ pricingFunctionArn: PRICING_ARN, ordersTableName: dynamo.tables.orders, busName: BUS });
        this.router = customerRouterDefinition({ customersTableName: dynamo.tables.customers, busName: BUS, processOrderArn: PROCESS_ORDER_ARN });
    }

    /** EventBridge delivering an OrderPlaced event to the customer-router. */
    deliver(detail: Json): Promise<Run> {
        const event = {
            version: "0", id: randomBytes(8).toString("hex"), "detail-type": "OrderPlaced", source: CONTRACTS.OrderPlaced.source,
            account: "123456789012", time: detail.occurredAt, region: "us-east-1", resources: [], detail,
        };
        return this.execute("customer-router", this.router, event, `router-${event.id}`);
    }

    /** Waits for every process-order execution the routers started (startExecution does not wait for them). */
    async children_(): Promise<Run[]> {
        return Promise.all(this.children);
    }

    eventsNamed(name: EventName, orderId: string): RecordedEvent[] {
        return this.events.filter((e) => e.name === name && e.detail.orderId === orderId);
    }

    private async execute(machine: Run["machine"], definition: StateMachineDefinition, input: Json, name: string): Promise<Run> {
        const handlers: Record<string, (input: Json) => Promise<Json>> = {};
        const retryIntervalOverrides: Record<string, number> = {};
        for (const [state, t] of tasksOf(definition)) {
            const serve = this.serverFor(t.Resource);
            handlers[state] = async (taskInput: Json) => {
                const fault = this.faults.get(state)?.shift();
                if (fault) throw fault;
                try {
                    return await serve(taskInput);
                } catch (error) {
                    // A failed check inside a local service would otherwise become a task error that Retry/Catch absorbs.
                    if (error instanceof Error && error.name === "AssertionError") this.violations.push(`${state}: ${error.message}`);
                    throw error;
                }
            };
            retryIntervalOverrides[state] = 0; // keep the test fast; the backoff itself is asserted on the definition
        }
        const execution = new StateMachine(definition as never).run(input, {
            overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
            context: { Execution: { Name: name }, State: { EnteredTime: new Date().toISOString() } },
        });
        const run: Run = { machine, name, states: [], status: "SUCCEEDED", inputs: {}, retriedWith: {} };
        const collect = (async () => {
            for await (const event of execution.eventLogs) {
                if (event.type === "StateEntered") {
                    run.states.push(event.state.name);
                    run.inputs[event.state.name] = event.state.input;
                } else if (event.type === "StateRetried") {
                    run.states.push(`${event.state.name} (retry ${event.retry.attempt})`);
                    (run.retriedWith[event.state.name] ??= []).push(event.retry.retrier.ErrorEquals);
                }
            }
        })();
        try {
            run.output = await execution.result;
        } catch (e) {
            run.status = "FAILED";
            run.error = e as Error;
        }
        await collect;
        this.runs.push(run);
        return run;
    }

    private serverFor(resource: string): (input: Json) => Promise<Json> {
        switch (resource) {
            case RESOURCES.lambdaInvoke:
                return async (input) => {
                    expect(input.FunctionName).to.equal(PRICING_ARN);
                    return { StatusCode: 200, ExecutedVersion: "$LATEST", Payload: await this.pricing(input.Payload) };
                };
            case RESOURCES.dynamoGetItem:
                return (input) => this.dynamoCall(new GetItemCommand(input));
            case RESOURCES.dynamoPutItem:
                return (input) => this.dynamoCall(new PutItemCommand(input));
            case RESOURCES.eventsPutEvents:
                return async (input) => {
                    for (const entry of input.Entries) {
                        const name = (Object.keys(CONTRACTS) as EventName[]).find((n) => CONTRACTS[n].detailType === entry.DetailType);
                        expect(name, `DetailType ${entry.DetailType}`).to.not.equal(undefined);
                        expect(entry.Source).to.equal(CONTRACTS[name!].source);
                        // Step Functions serializes a JSON Detail; the contract must accept exactly what consumers get.
                        const detail = typeof entry.Detail === "string" ? JSON.parse(entry.Detail) : entry.Detail;
                        this.events.push({ name: name!, busName: entry.EventBusName, detail: parseDetail(name!, detail) });
                    }
                    return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: randomBytes(8).toString("hex") })) };
                };
            case RESOURCES.startExecution:
                return async (input) => {
                    expect(input.StateMachineArn).to.equal(PROCESS_ORDER_ARN);
                    if (this.dedupeNames && this.executionNames.has(input.Name)) {
                        throw new TaskError(SERVICE_ERRORS.executionAlreadyExists, `Execution Already Exists: '${input.Name}'`);
                    }
                    this.executionNames.add(input.Name);
                    this.children.push(this.execute("process-order", this.processOrder, input.Input, input.Name));
                    return { ExecutionArn: `${PROCESS_ORDER_ARN.replace(":stateMachine:", ":execution:")}:${input.Name}`, StartDate: new Date().toISOString() };
                };
            default:
                throw new Error(`no local server for ${resource}`);
        }
    }

    private async dynamoCall(command: GetItemCommand | PutItemCommand): Promise<Json> {
        try {
            const { $metadata: _meta, ...result } = await this.dynamo.client.send(command as never) as Json;
            return result;
        } catch (e) {
            // The direct integration reports SDK errors prefixed with the service name.
            throw new TaskError(`DynamoDB.${(e as Error).name}`, (e as Error).message);
        }
    }
}

/** A fresh OrderPlaced detail: the contract's example with new ids, so it follows the contract as it changes. */
function newOrder(overrides: Json = {}): Json {
    return {
        ...CONTRACTS.OrderPlaced.example,
        orderId: `ord_${randomBytes(16).toString("hex")}`,
        customerId: randomUUID(),
        correlationId: `corr-${randomBytes(6).toString("hex")}`,
        ...overrides,
    };
}

const observed: { path: string; runs: Run[] }[] = [];
function remember(pathName: string, runs: Run[]): void {
    observed.push({ path: pathName, runs });
}

describe("OrderWorkflow executed locally (aws-local-stepfunctions, dynalite, the bundled pricing handler)", function () {
    let dynamo: LocalDynamo;
    let pricing: (event: Json) => Promise<Json>;
    let pricingBundle: LoadedBundle | undefined;

    before(async () => {
        dynamo = await startLocalDynamo();
        // The exact file Lambda would run: bundled, written out, required, so a bundling bug fails here.
        pricingBundle = loadBundle("functions/priceOrder.ts", "createPriceOrderHandler", {});
        pricing = pricingBundle.handler;
    });

    afterEach(() => {
        const violations = LocalPlatform.created.splice(0).flatMap((platform) => platform.violations);
        expect(violations, "checks that failed inside the local AWS services").to.deep.equal([]);
    });

    after(async () => {
        pricingBundle?.cleanup();
        await dynamo?.stop();
        // PRINT_STATE_SEQUENCES=1 prints each path's observed states (they are asserted above; this is for the docs).
        if (process.env.PRINT_STATE_SEQUENCES) {
            console.log("\n    Observed state sequences:");
            for (const { path: pathName, runs } of observed) {
                console.log(`    ${pathName}`);
                for (const run of runs) console.log(`      ${run.machine} [${run.status}]: ${run.states.join(" → ")}`);
            }
        }
    });

    async function order(id: string): Promise<Json> {
        return (await dynamo.client.send(new GetItemCommand({ TableName: dynamo.tables.orders, Key: { orderId: { S: id } }, ConsistentRead: true }))).Item;
    }
    async function customer(id: string): Promise<Json> {
        return (await dynamo.client.send(new GetItemCommand({ TableName: dynamo.tables.customers, Key: { customerId: { S: id } }, ConsistentRead: true }))).Item;
    }

    it("GIVEN a new customer WHEN OrderPlaced arrives THEN the customer is registered and announced, and the order is priced, stored PROCESSED and announced", async () => {
        const platform = new LocalPlatform(dynamo, pricing, true);
        const detail = newOrder();
        const router = await platform.deliver(detail);
        const [child] = await platform.children_();
        remember("new customer", [router, child]);

        expect(router.states).to.deep.equal(["GetCustomer", "IsKnownCustomer", "RegisterCustomer", "EmitCustomerRegistered", "StartProcessOrder", "Routed"]);
        expect(child.states).to.deep.equal(["PriceOrder", "SaveOrder", "EmitOrderProcessed"]);
        expect(child.name).to.equal(detail.orderId);
        expect(child.inputs.PriceOrder).to.deep.equal(detail);

        const stored = await customer(detail.customerId);
        expect(stored.email.S).to.equal(detail.customer.email);
        expect(Object.keys(stored).sort()).to.deep.equal(["createdAt", "customerId", "email", "firstOrderId"]); // no name any more
        const saved = await order(detail.orderId);
        expect(saved.status.S).to.equal("PROCESSED");
        expect(saved.totalCents.N).to.equal("2598"); // 2 × BOOK-001 at 12.99 EUR
        expect(Number(saved.expiresAt.N)).to.be.greaterThan(Date.now() / 1000);

        expect(platform.events.map((e) => e.name)).to.deep.equal(["CustomerRegistered", "OrderProcessed"]);
        expect(platform.events.every((e) => e.busName === BUS)).to.equal(true);
        const [registered, processed] = platform.events;
        expect(registered.detail).to.include({ customerId: detail.customerId, email: detail.customer.email, correlationId: detail.correlationId });
        expect(processed.detail).to.include({ orderId: detail.orderId, currency: "EUR", totalCents: 2598, itemCount: 2, correlationId: detail.correlationId });
    });

    it("GIVEN an existing customer WHEN OrderPlaced arrives THEN the customer is neither rewritten nor announced, and the order is processed", async () => {
        const platform = new LocalPlatform(dynamo, pricing, true);
        const detail = newOrder({ items: [{ sku: "PEN-010", quantity: 1 }, { sku: "INK-020", quantity: 3 }], currency: "USD" });
        await dynamo.client.send(new PutItemCommand({
            TableName: dynamo.tables.customers,
            Item: { customerId: { S: detail.customerId }, email: { S: "earlier@example.com" }, firstOrderId: { S: "ord_registered_earlier" } },
        }));
        const router = await platform.deliver(detail);
        const [child] = await platform.children_();
        remember("existing customer", [router, child]);

        expect(router.states).to.deep.equal(["GetCustomer", "IsKnownCustomer", "StartProcessOrder", "Routed"]);
        expect(child.states).to.deep.equal(["PriceOrder", "SaveOrder", "EmitOrderProcessed"]);
        expect((await customer(detail.customerId)).email.S).to.equal("earlier@example.com");
        expect(platform.events.map((e) => e.name)).to.deep.equal(["OrderProcessed"]);
        expect(platform.events[0].detail).to.include({ currency: "USD", totalCents: 949 + 3 * 375, itemCount: 4 });
    });

    it("GIVEN the pricing Lambda is throttled once WHEN the order is processed THEN PriceOrder is retried by the Lambda service-error retrier and succeeds", async () => {
        const platform = new LocalPlatform(dynamo, pricing, true);
        platform.faults.set("PriceOrder", [new TaskError("Lambda.TooManyRequestsException", "Rate exceeded")]);
        const detail = newOrder();
        const router = await platform.deliver(detail);
        const [child] = await platform.children_();
        remember("transient failure retried", [router, child]);

        expect(child.states).to.deep.equal(["PriceOrder", "PriceOrder (retry 1)", "SaveOrder", "EmitOrderProcessed"]);
        expect(child.retriedWith.PriceOrder).to.deep.equal([[
            "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException",
        ]]);
        expect((await order(detail.orderId)).status.S).to.equal("PROCESSED");
        expect(platform.eventsNamed("OrderProcessed", detail.orderId)).to.have.length(1);
    });

    it("GIVEN an unknown SKU WHEN the order is processed THEN PricingError is not retried, the order is stored FAILED and OrderFailed carries the error and cause, with the original order kept", async () => {
        const platform = new LocalPlatform(dynamo, pricing, true);
        const detail = newOrder({ items: [{ sku: "BOOK-001", quantity: 1 }, { sku: "NOPE-1", quantity: 1 }] });
        const router = await platform.deliver(detail);
        const [child] = await platform.children_();
        remember("permanent failure", [router, child]);

        expect(router.states.at(-1)).to.equal("Routed");
        expect(child.states).to.deep.equal(["PriceOrder", "RecordFailure", "EmitOrderFailed", "Failed"]);
        expect(child.status).to.equal("FAILED");
        expect(String(child.error)).to.match(/PricingError|unknown sku NOPE-1/);

        // ResultPath "$.error": the original order travels on, next to the error.
        const failureInput = child.inputs.EmitOrderFailed;
        expect(failureInput).to.deep.include(detail);
        expect(failureInput.error).to.include({ Error: "PricingError" });

        const [failed] = platform.eventsNamed("OrderFailed", detail.orderId);
        expect(failed.detail).to.include({ orderId: detail.orderId, customerId: detail.customerId, correlationId: detail.correlationId, error: "PricingError" });
        expect(failed.detail.cause).to.match(/unknown sku NOPE-1/);
        expect(platform.eventsNamed("OrderProcessed", detail.orderId)).to.have.length(0);

        const saved = await order(detail.orderId);
        expect(saved.status.S).to.equal("FAILED");
        expect(saved.error.S).to.equal("PricingError");
        expect(JSON.parse(saved.items.S)).to.deep.equal(detail.items);
    });

    it("GIVEN OrderProcessed cannot be emitted WHEN its patient retries are exhausted THEN the order stays PROCESSED, the execution fails for the alarm, and no false OrderFailed is sent", async () => {
        const platform = new LocalPlatform(dynamo, pricing, true);
        platform.faults.set("EmitOrderProcessed", Array.from({ length: 7 }, () => new TaskError("EventBridge.InternalException", "Internal failure")));
        const detail = newOrder();
        const router = await platform.deliver(detail);
        const [child] = await platform.children_();
        remember("emission failure after the write", [router, child]);

        expect(child.states).to.deep.equal([
            "PriceOrder", "SaveOrder", "EmitOrderProcessed", ...[1, 2, 3, 4, 5, 6].map((n) => `EmitOrderProcessed (retry ${n})`), "AnnouncementFailed",
        ]);
        expect(child.status).to.equal("FAILED");
        expect((await order(detail.orderId)).status.S).to.equal("PROCESSED");
        expect(platform.eventsNamed("OrderFailed", detail.orderId)).to.have.length(0);
        expect(platform.eventsNamed("OrderProcessed", detail.orderId)).to.have.length(0);
    });

    it("GIVEN STANDARD (names kept) WHEN the same OrderPlaced arrives twice THEN the second start is ExecutionAlreadyExists, treated as success, and the order is processed once", async () => {
        const platform = new LocalPlatform(dynamo, pricing, true);
        const detail = newOrder();
        const first = await platform.deliver(detail);
        const second = await platform.deliver(detail);
        const children = await platform.children_();
        remember("duplicate OrderPlaced (STANDARD: execution name)", [first, second, ...children]);

        expect(second.status).to.equal("SUCCEEDED");
        expect(second.states).to.deep.equal(["GetCustomer", "IsKnownCustomer", "StartProcessOrder", "AlreadyStarted"]);
        expect(children).to.have.length(1);
        expect(platform.eventsNamed("OrderProcessed", detail.orderId)).to.have.length(1);
        expect(platform.eventsNamed("CustomerRegistered", detail.orderId)).to.have.length(1);
    });

    it("GIVEN EXPRESS (names not deduped) WHEN the same OrderPlaced arrives twice at once THEN both run, but the conditional writes let one register and one process: one CustomerRegistered, one OrderProcessed", async () => {
        const platform = new LocalPlatform(dynamo, pricing, false);
        const detail = newOrder();
        const routers = await Promise.all([platform.deliver(detail), platform.deliver(detail)]);
        const children = await platform.children_();
        remember("duplicate OrderPlaced (EXPRESS: conditional writes)", [...routers, ...children]);

        expect(routers.map((r) => r.status)).to.deep.equal(["SUCCEEDED", "SUCCEEDED"]);
        expect(children).to.have.length(2);
        expect(children.map((c) => c.states.at(-1)).sort()).to.deep.equal(["AlreadyProcessed", "EmitOrderProcessed"]);
        expect(platform.eventsNamed("OrderProcessed", detail.orderId)).to.have.length(1);
        expect(platform.eventsNamed("CustomerRegistered", detail.orderId)).to.have.length(1);
        expect((await order(detail.orderId)).status.S).to.equal("PROCESSED");
    });

    it("GIVEN EXPRESS WHEN an order that failed is delivered again THEN the duplicate stops at the stored FAILED status and OrderFailed is emitted once", async () => {
        const platform = new LocalPlatform(dynamo, pricing, false);
        const detail = newOrder({ items: [{ sku: "NOPE-2", quantity: 1 }] });
        const first = await platform.deliver(detail);
        await platform.children_();
        const second = await platform.deliver(detail);
        const children = await platform.children_();
        remember("duplicate of a failed order (EXPRESS)", [first, second, ...children]);

        expect(children[1].states).to.deep.equal(["PriceOrder", "RecordFailure", "AlreadyFailed"]);
        expect(children[1].status).to.equal("SUCCEEDED");
        expect(platform.eventsNamed("OrderFailed", detail.orderId)).to.have.length(1);
    });

    it("GIVEN the customers table is unavailable WHEN the router runs THEN it retries, then emits OrderFailed for the order and fails", async () => {
        const platform = new LocalPlatform(dynamo, pricing, true);
        platform.faults.set("GetCustomer", Array.from({ length: 4 }, () => new TaskError("DynamoDB.InternalServerErrorException", "Internal server error")));
        const detail = newOrder();
        const router = await platform.deliver(detail);
        remember("router failure", [router]);

        expect(router.states).to.deep.equal([
            "GetCustomer", "GetCustomer (retry 1)", "GetCustomer (retry 2)", "GetCustomer (retry 3)", "RouteFailed", "Failed",
        ]);
        expect(router.status).to.equal("FAILED");
        expect(await platform.children_()).to.have.length(0);
        const [failed] = platform.eventsNamed("OrderFailed", detail.orderId);
        expect(failed.detail).to.include({ error: "DynamoDB.InternalServerErrorException", cause: "Internal server error", correlationId: detail.correlationId });
    });
});
