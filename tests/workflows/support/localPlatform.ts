/**
 * Both state machines executed locally with aws-local-stepfunctions. Every Task is served by something real: the
 * pricing Lambda by the project's bundled handler, DynamoDB tasks by dynalite (the orders table's writes through
 * its local stream), startExecution by a local run of process-order, SendMessage by a recording quarantine queue;
 * PutEvents is recorded (and each detail checked against its contract). The outbox (tests/workflows/support/
 * localOutbox.ts) turns the stream into the announcements, as the deployed one does.
 */
import { randomBytes, randomUUID } from "crypto";
import { expect } from "chai";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CONTRACTS, EventName, parseDetail } from "../../../contracts";
import { orderFingerprint } from "../../../contracts/fingerprint";
import { ORDER_RETENTION_DAYS } from "../../../contracts/records";
import { validatedStateMachine } from "../../../local/stepFunctionsDefinition";
import { RESOURCES, SERVICE_ERRORS, StateMachineDefinition, tasksOf } from "../../../workflows/asl";
import { customerRouterDefinition } from "../../../workflows/customerRouter";
import { processOrderDefinition } from "../../../workflows/processOrder";
import type { LocalDynamo } from "../../support/localDynamo";
import type { LocalOutbox } from "./localOutbox";
import { OrderStream, TASK_COMMANDS } from "./orderStream";

export const PRICING_ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders-price-order";
export const PROCESS_ORDER_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:orders-process-order";
export const QUARANTINE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-order-placed-quarantine";
export const BUS = "orders-bus";

type Json = any;

/** An error as Step Functions names it (e.g. `DynamoDB.ConditionalCheckFailedException`). */
export class TaskError extends Error {
    constructor(name: string, message: string) {
        super(message);
        this.name = name;
    }
}

export interface Run {
    machine: "customer-router" | "process-order";
    name: string;
    /** States entered, in order; a retried attempt shows as `State (retry n)`. */
    states: string[];
    status: "SUCCEEDED" | "FAILED";
    output?: Json;
    error?: Error;
    /** The error the execution failed with, as Step Functions names it (a Fail state's Error, or a task's). */
    failure?: string;
    /** The input each state received, by state name (last attempt). */
    inputs: Record<string, Json>;
    /** Retriers used, by state name. */
    retriedWith: Record<string, string[][]>;
}

export interface RecordedEvent {
    name: EventName;
    busName: string;
    detail: Json;
    /** Who published it: a workflow's PutEvents Task, or the outbox from the stored change. */
    via: "workflow" | "outbox";
}

/** The platform, locally: the two definitions (as workflows/ builds them) and everything their Tasks call. */
export class LocalPlatform {
    /** Events the workflows themselves published (only CustomerRegistered is theirs to publish). */
    readonly published: RecordedEvent[] = [];
    /** Bodies the router sent to the quarantine queue. */
    readonly quarantined: Json[] = [];
    readonly runs: Run[] = [];
    /** Errors a state throws before its real handler runs, consumed one per attempt. */
    readonly faults = new Map<string, Error[]>();
    /** Checks that failed inside local services; every test ends by asserting there are none. */
    readonly violations: string[] = [];
    private children: Promise<Run>[] = [];
    private readonly executionNames = new Set<string>();
    readonly processOrder: StateMachineDefinition;
    readonly router: StateMachineDefinition;

    /** Every platform a test made, so afterEach can check their violations. */
    static readonly created: LocalPlatform[] = [];

    /** `dedupeNames`: STANDARD keeps execution names (ExecutionAlreadyExists); EXPRESS does not. */
    constructor(
        private readonly dynamo: LocalDynamo,
        readonly stream: OrderStream,
        readonly outbox: LocalOutbox,
        private readonly pricing: (event: Json) => Promise<Json>,
        private readonly dedupeNames: boolean,
    ) {
        LocalPlatform.created.push(this);
        this.processOrder = processOrderDefinition({ pricingFunctionArn: PRICING_ARN, ordersTableName: dynamo.tables.orders });
        this.router = customerRouterDefinition({
            customersTableName: dynamo.tables.customers, ordersTableName: dynamo.tables.orders, busName: BUS,
            processOrderArn: PROCESS_ORDER_ARN, quarantineQueueUrl: QUARANTINE_URL,
        });
    }

    /** Records the order as PLACED, as placeOrder does once its OrderPlaced is out. */
    async place(detail: Json): Promise<void> {
        await this.stream.client.send(new PutItemCommand({
            TableName: this.dynamo.tables.orders,
            Item: {
                orderId: { S: detail.orderId }, customerId: { S: detail.customerId }, fingerprint: { S: detail.fingerprint },
                status: { S: "PLACED" }, correlationId: { S: detail.correlationId }, placedAt: { S: detail.occurredAt },
                currency: { S: detail.currency }, expiresAt: { N: String(Math.floor(Date.now() / 1000) + ORDER_RETENTION_DAYS * 86_400) },
            },
            ConditionExpression: "attribute_not_exists(orderId)",
        }));
    }

    /** EventBridge delivering an OrderPlaced event to the customer-router. */
    deliver(detail: Json): Promise<Run> {
        const event = {
            version: "0", id: randomBytes(8).toString("hex"), "detail-type": "OrderPlaced", source: CONTRACTS.OrderPlaced.source,
            account: "123456789012", time: detail?.occurredAt ?? new Date().toISOString(), region: "us-east-1", resources: [], detail,
        };
        return this.execute("customer-router", this.router, event, `router-${event.id}`);
    }

    /** Waits for every process-order execution the routers started, then lets the outbox deliver what they stored. */
    async settle(): Promise<Run[]> {
        const children = await Promise.all(this.children);
        await this.outbox.drain();
        return children;
    }

    /** Every OrderProcessed/OrderFailed the outbox announced and every event the workflows published, for one order. */
    eventsNamed(name: EventName, orderId: string): RecordedEvent[] {
        return this.events().filter((e) => e.name === name && e.detail.orderId === orderId);
    }

    events(): RecordedEvent[] {
        return [...this.published, ...this.outbox.announcements.map((a) => ({ name: a.name, busName: a.busName, detail: a.detail, via: "outbox" as const }))];
    }

    /** The children started so far (for tests that look at them before settling). */
    startedChildren(): number {
        return this.children.length;
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
        const execution = validatedStateMachine(definition).run(input, {
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
            run.failure = ((e as Error).cause as Error | undefined)?.name;
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
                return (input) => this.dynamoCall(TASK_COMMANDS.getItem(input));
            case RESOURCES.dynamoPutItem:
                return (input) => this.dynamoCall(TASK_COMMANDS.putItem(input));
            case RESOURCES.dynamoUpdateItem:
                return (input) => this.dynamoCall(TASK_COMMANDS.updateItem(input));
            case RESOURCES.sqsSendMessage:
                return async (input) => {
                    expect(input.QueueUrl).to.equal(QUARANTINE_URL);
                    // Step Functions serializes a JSON MessageBody.
                    this.quarantined.push(typeof input.MessageBody === "string" ? JSON.parse(input.MessageBody) : input.MessageBody);
                    return { MessageId: randomUUID(), MD5OfMessageBody: "0".repeat(32) };
                };
            case RESOURCES.eventsPutEvents:
                return async (input) => {
                    for (const entry of input.Entries) {
                        const name = (Object.keys(CONTRACTS) as EventName[]).find((n) => CONTRACTS[n].detailType === entry.DetailType);
                        expect(name, `DetailType ${entry.DetailType}`).to.not.equal(undefined);
                        expect(entry.Source).to.equal(CONTRACTS[name!].source);
                        // Step Functions serializes a JSON Detail; the contract must accept exactly what consumers get.
                        const detail = typeof entry.Detail === "string" ? JSON.parse(entry.Detail) : entry.Detail;
                        this.published.push({ name: name!, busName: entry.EventBusName, detail: parseDetail(name!, detail), via: "workflow" });
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

    private async dynamoCall(command: Json): Promise<Json> {
        try {
            const { $metadata: _meta, ...result } = await this.stream.client.send(command) as Json;
            return result;
        } catch (e) {
            // The direct integration reports SDK errors prefixed with the service name.
            throw new TaskError(`DynamoDB.${(e as Error).name}`, (e as Error).message);
        }
    }
}

/** A fresh OrderPlaced detail: the contract's example with new ids (and the fingerprint of its lines), so it follows the contract as it changes. */
export function newOrder(overrides: Json = {}): Json {
    const detail = {
        ...CONTRACTS.OrderPlaced.example,
        orderId: `ord_${randomBytes(16).toString("hex")}`,
        customerId: randomUUID(),
        correlationId: `corr-${randomBytes(6).toString("hex")}`,
        ...overrides,
    };
    return "fingerprint" in overrides ? detail : { ...detail, fingerprint: orderFingerprint(detail) };
}

/** The order's stored item (low-level attribute values), or undefined. */
export async function storedOrder(dynamo: LocalDynamo, id: string): Promise<Json> {
    return (await dynamo.client.send(new GetItemCommand({ TableName: dynamo.tables.orders, Key: { orderId: { S: id } }, ConsistentRead: true }))).Item;
}

export async function storedCustomer(dynamo: LocalDynamo, id: string): Promise<Json> {
    return (await dynamo.client.send(new GetItemCommand({ TableName: dynamo.tables.customers, Key: { customerId: { S: id } }, ConsistentRead: true }))).Item;
}
