import { PRICES, PriceKey } from "./prices";

/**
 * The cost model: pure functions from usage to dollars, and every assumption the plan makes about an order,
 * in one place. What the stack *is* (memory, architecture, workflow type, routing, grants, log levels) is read
 * from the resources by scripts/plan/usage.ts; what an order *does* that no resource can say is assumed here.
 */
export const ASSUMPTIONS = {
    /** HTTP requests per order for each route: the order itself, and one status check when the page loads. Other routes: 1. */
    apiRequestsPerRoute: { "POST /orders": 1, "GET /orders/{orderId}": 1 } as Record<string, number>,
    /** Share of orders that end in OrderFailed (the rest end in OrderProcessed and get a receipt). */
    failureShare: 0.01,
    /** Share of orders placed by a customer the platform has not seen before. */
    newCustomerShare: 0.5,
    /**
     * Each Lambda does a fixed amount of CPU work that takes this long at 128 MB. CPU share grows with memory,
     * so at M MB it takes `lambdaWorkMsAt128Mb * 128 / M`: the GB-seconds are the same at every memory size,
     * and only the architecture's price per GB-second differs. This is the naive build's "default memory 128 MB
     * with proportionally longer duration".
     */
    lambdaWorkMsAt128Mb: 200,
    /** Duration of one direct SDK integration (DynamoDB, EventBridge) in a workflow. */
    sdkTaskMs: 25,
    /** Memory an Express execution of these small definitions and payloads is billed for (one 64 MB chunk). */
    expressMemoryMb: 64,
    /** Size of one event (detail plus envelope), for the archive. */
    eventBytes: 1024,
    /** Application log bytes per Lambda invocation, by the function's application log level (Powertools JSON lines). */
    appLogBytesPerInvocation: { TRACE: 6000, DEBUG: 3000, INFO: 1000, WARN: 200, ERROR: 100, FATAL: 0 } as Record<string, number>,
    /** Platform records (START, END, REPORT as JSON) per invocation, by the system log level; WARN and above drop them. */
    platformLogBytesPerInvocation: { DEBUG: 900, INFO: 900, WARN: 0 } as Record<string, number>,
    /** Execution-history log bytes per state transition, by the workflow log level (ALL with execution data). */
    workflowLogBytesPerTransition: { ALL: 1500, ERROR: 0, FATAL: 0, OFF: 0 } as Record<string, number>,
    /** One JSON access-log line per API request. */
    accessLogBytesPerRequest: 600,
    /**
     * Share of trace roots X-Ray records. The default sampling rule keeps the first request each second and 5% after;
     * 1M orders a month is 0.4 per second, so the reservoir keeps nearly all of them.
     */
    traceSampledShare: 1,
    /** SQS requests per message through a queue: send, receive, delete (at 0.4 orders/s a batch holds one message). */
    sqsRequestsPerMessage: 3,
    /** Lambda polls each SQS event source with 5 long polls of 20 s even when the queue is empty. */
    sqsIdlePollers: 5,
    sqsLongPollSeconds: 20,
    /** Items per Map state iteration, when a definition has one. */
    mapItems: 1,
    /** The naive build: the same flow, with Standard workflows everywhere, x86_64 and the 128 MB default memory. */
    naive: { architecture: "x86_64", memoryMb: 128, workflowType: "STANDARD" },
} as const;

export type Architecture = "arm64" | "x86_64";
export type WorkflowType = "EXPRESS" | "STANDARD";

/** One usage line: a quantity per order of something priced in the table. */
export interface UsageLine {
    /** The AWS service, as shown in the cost table ("Lambda", "Step Functions", ...). */
    readonly service: string;
    /** What is used, e.g. "placeOrder GB-seconds". */
    readonly item: string;
    readonly perOrder: number;
    readonly price: PriceKey;
}

/** Dollars for `orders` orders of one line. */
export function lineCost(line: UsageLine, orders: number): number {
    return line.perOrder * orders * PRICES[line.price].usd;
}

/** Dollars per service for `orders` orders, services in first-seen order. */
export function costByService(lines: UsageLine[], orders: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const line of lines) out.set(line.service, (out.get(line.service) ?? 0) + lineCost(line, orders));
    return out;
}

export function totalCost(lines: UsageLine[], orders: number): number {
    return lines.reduce((sum, line) => sum + lineCost(line, orders), 0);
}

/** How much cheaper `ours` is than `naive` (2 means half the price). */
export function savingsRatio(ours: number, naive: number): number {
    if (ours <= 0) return naive > 0 ? Infinity : 1;
    return naive / ours;
}

/** Milliseconds one invocation takes at `memoryMb`, by {@link ASSUMPTIONS.lambdaWorkMsAt128Mb}. */
export function lambdaDurationMs(memoryMb: number): number {
    if (!(memoryMb >= 128 && memoryMb <= 10240)) throw new Error(`memoryMb must be from 128 to 10240, but ${memoryMb} was provided`);
    return ASSUMPTIONS.lambdaWorkMsAt128Mb * 128 / memoryMb;
}

/** GB-seconds of one invocation: memory in GB times duration, billed per 1 ms. */
export function lambdaGbSeconds(memoryMb: number, durationMs: number): number {
    return (memoryMb / 1024) * (Math.ceil(durationMs) / 1000);
}

export function lambdaGbSecondPrice(architecture: Architecture): PriceKey {
    return architecture === "arm64" ? "lambdaArmGbSecond" : "lambdaX86GbSecond";
}

/** Usage lines of a function invoked `invocationsPerOrder` times per order. */
export function lambdaLines(name: string, invocationsPerOrder: number, memoryMb: number, architecture: Architecture): UsageLine[] {
    return [
        { service: "Lambda", item: `${name} requests`, perOrder: invocationsPerOrder, price: "lambdaRequest" },
        {
            service: "Lambda", item: `${name} GB-s (${architecture}, ${memoryMb} MB)`,
            perOrder: invocationsPerOrder * lambdaGbSeconds(memoryMb, lambdaDurationMs(memoryMb)), price: lambdaGbSecondPrice(architecture),
        },
    ];
}

/** GB-seconds of one Express execution: duration rounded up to 100 ms, memory rounded up to 64 MB chunks. */
export function expressGbSeconds(durationMs: number, memoryMb: number = ASSUMPTIONS.expressMemoryMb): number {
    const billedMs = Math.max(100, Math.ceil(durationMs / 100) * 100);
    const billedMb = Math.ceil(memoryMb / 64) * 64;
    return (billedMb / 1024) * (billedMs / 1000);
}

/** Usage lines of a workflow executed `executionsPerOrder` times per order, each with `transitions` state transitions. */
export function workflowLines(name: string, type: WorkflowType, executionsPerOrder: number, transitions: number, durationMs: number): UsageLine[] {
    if (type === "STANDARD") {
        return [{ service: "Step Functions", item: `${name} transitions (Standard)`, perOrder: executionsPerOrder * transitions, price: "sfnStandardTransition" }];
    }
    return [
        { service: "Step Functions", item: `${name} executions (Express)`, perOrder: executionsPerOrder, price: "sfnExpressRequest" },
        { service: "Step Functions", item: `${name} GB-s (Express)`, perOrder: executionsPerOrder * expressGbSeconds(durationMs), price: "sfnExpressGbSecond" },
    ];
}

// ---------------------------------------------------------------------------------------------------------------
// Walking a state machine definition (Amazon States Language) along its expected path.

/** A Task reached on the expected path, with how many times per execution it runs on average. */
export interface TaskVisit {
    readonly state: string;
    readonly resource: string;
    /** `Parameters` (JSONPath) or `Arguments` (JSONata) of the Task. */
    readonly args: Record<string, unknown>;
    readonly count: number;
}

export interface ExpectedPath {
    /** Expected state transitions per execution (every state entered counts, as Standard bills it). */
    readonly transitions: number;
    readonly tasks: TaskVisit[];
}

interface AslState {
    Type: string;
    Next?: string;
    End?: boolean;
    Default?: string;
    Choices?: { Next: string }[];
    Branches?: AslDefinition[];
    Iterator?: AslDefinition;
    ItemProcessor?: AslDefinition;
    Resource?: string;
    Parameters?: Record<string, unknown>;
    Arguments?: Record<string, unknown>;
}

interface AslDefinition {
    StartAt: string;
    States: Record<string, AslState>;
}

const MAX_STEPS = 500;

/**
 * The expected transitions and Tasks of one execution on the happy path (no retries, no Catch): every branch
 * of a Choice is taken with equal probability, every Parallel branch runs, a Map runs {@link ASSUMPTIONS.mapItems}
 * items. Throws when the definition names a state that does not exist, or loops without end.
 */
export function expectedPath(definition: string | AslDefinition): ExpectedPath {
    const asl: AslDefinition = typeof definition === "string" ? JSON.parse(definition) : definition;
    const tasks = new Map<string, TaskVisit>();
    let transitions = 0;
    let steps = 0;

    const walk = (graph: AslDefinition, start: string, weight: number, prefix: string): void => {
        let name: string | undefined = start;
        while (name !== undefined) {
            if (++steps > MAX_STEPS) throw new Error(`the definition does not reach an end within ${MAX_STEPS} states from "${start}" (a loop?)`);
            const state: AslState | undefined = graph.States[name];
            if (!state) throw new Error(`the definition names state "${name}", which does not exist (states: ${Object.keys(graph.States).join(", ")})`);
            transitions += weight;
            switch (state.Type) {
                case "Choice": {
                    const targets = [...new Set([...(state.Choices ?? []).map((c) => c.Next), ...(state.Default ? [state.Default] : [])])];
                    for (const target of targets) walk(graph, target, weight / targets.length, prefix);
                    return;
                }
                case "Parallel":
                    for (const branch of state.Branches ?? []) walk(branch, branch.StartAt, weight, `${prefix}${name}/`);
                    break;
                case "Map": {
                    const inner = state.ItemProcessor ?? state.Iterator;
                    if (inner) walk(inner, inner.StartAt, weight * ASSUMPTIONS.mapItems, `${prefix}${name}/`);
                    break;
                }
                case "Task": {
                    const key = `${prefix}${name}`;
                    const seen = tasks.get(key);
                    tasks.set(key, {
                        state: key,
                        resource: state.Resource ?? "",
                        args: state.Parameters ?? state.Arguments ?? {},
                        count: (seen?.count ?? 0) + weight,
                    });
                    break;
                }
            }
            if (state.Type === "Succeed" || state.Type === "Fail" || state.End) return;
            name = state.Next;
        }
    };
    walk(asl, asl.StartAt, 1, "");
    return { transitions, tasks: [...tasks.values()] };
}

/** What kind of work a Task resource does, for pricing its side effects. */
export type TaskKind =
    | { kind: "lambda"; functionArn: string }
    | { kind: "startExecution"; stateMachineArn: string; sync: boolean }
    | { kind: "dynamodb"; operation: string }
    | { kind: "putEvents" }
    | { kind: "other" };

/** Classifies a Task by its `Resource` and arguments (optimised and SDK integrations, and bare Lambda ARNs). */
export function classifyTask(task: Pick<TaskVisit, "resource" | "args">): TaskKind {
    const r = task.resource;
    const arg = (key: string): string | undefined => {
        const value = task.args[key] ?? task.args[`${key}.$`];
        return typeof value === "string" ? value : undefined;
    };
    if (/^arn:aws[a-z-]*:lambda:/.test(r)) return { kind: "lambda", functionArn: r.replace(/:\$LATEST$/, "") };
    if (/:states:::lambda:invoke/.test(r)) return { kind: "lambda", functionArn: arg("FunctionName") ?? "" };
    const start = /:states:::(?:states:|aws-sdk:sfn:)(startExecution|startSyncExecution)(\.sync(?::2)?)?$/i.exec(r);
    if (start) return { kind: "startExecution", stateMachineArn: arg("StateMachineArn") ?? "", sync: Boolean(start[2]) || /startSyncExecution/i.test(start[1]) };
    const dynamo = /:states:::(?:aws-sdk:)?dynamodb:(\w+)$/.exec(r);
    if (dynamo) return { kind: "dynamodb", operation: dynamo[1].toLowerCase() };
    if (/:states:::(?:aws-sdk:eventbridge:|events:)putEvents/i.test(r)) return { kind: "putEvents" };
    return { kind: "other" };
}

/** DynamoDB request units of one operation on items up to 1 KB (write) / 4 KB (read); transactions cost double. */
export function dynamoUnits(operation: string): { writes: number; reads: number } {
    switch (operation.toLowerCase()) {
        case "putitem": case "updateitem": case "deleteitem": return { writes: 1, reads: 0 };
        case "getitem": case "query": return { writes: 0, reads: 1 };
        case "transactwriteitems": return { writes: 2, reads: 0 };
        case "transactgetitems": return { writes: 0, reads: 2 };
        default: return { writes: 0, reads: 0 };
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Idle cost.

/** One resource billed by the hour or month whether or not any order flows. */
export interface IdleItem {
    readonly resource: string;
    readonly type: string;
    /** What it is billed for, in words. */
    readonly billedFor: string;
    /** The monthly price of one unit. */
    readonly price: PriceKey;
    /** Units billed per month (1 for a key or dashboard, one per metric for an alarm). */
    readonly quantity: number;
}

/** Whether a price key from elsewhere (pricing/hourlyBilled.ts) is in the table. */
export function isPriceKey(key: string): key is PriceKey {
    return Object.prototype.hasOwnProperty.call(PRICES, key);
}

export function idleItemCost(item: IdleItem): number {
    return item.quantity * PRICES[item.price].usd;
}

export function idleTotal(items: IdleItem[]): number {
    return items.reduce((sum, item) => sum + idleItemCost(item), 0);
}

/** Hours in the month the idle prices are quoted for. */
export const HOURS_PER_MONTH = 730;

/** Empty receives per month that Lambda's pollers make on `mappings` idle SQS event sources (request-billed, not hourly). */
export function idlePollingRequests(mappings: number): number {
    return mappings * ASSUMPTIONS.sqsIdlePollers * (3600 / ASSUMPTIONS.sqsLongPollSeconds) * HOURS_PER_MONTH;
}

/** Dollars with two decimals, or more when the amount is below a cent but not zero. */
export function formatUsd(usd: number): string {
    if (usd !== 0 && Math.abs(usd) < 0.01) return `$${usd.toPrecision(2)}`;
    return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
