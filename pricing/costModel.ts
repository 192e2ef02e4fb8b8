import { ASSUMPTIONS, Assumptions } from "./assumptions";
import { PRICES, PriceKey } from "./prices";

/**
 * The cost model: pure functions from usage to dollars. What an order does that no resource can say is in
 * pricing/assumptions.ts, each with its source; what each handler does per invocation is measured
 * (pricing/measured.ts); what the stack is, scripts/plan/ reads from the resources.
 */

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

// ---------------------------------------------------------------------------------------------------------------
// Lambda

/**
 * Milliseconds one invocation takes at `memoryMb`: its CPU work (measured at one full vCPU) stretched by the share of
 * a vCPU the memory buys below `vcpuAtMb`, plus the time it waits for AWS calls, which memory does not shorten.
 */
export function lambdaDurationMs(cpuMs: number, waitMs: number, memoryMb: number, assumptions: Assumptions = ASSUMPTIONS): number {
    if (!(memoryMb >= 128 && memoryMb <= 10240)) throw new Error(`memoryMb must be from 128 to 10240, but ${memoryMb} was provided`);
    return cpuMs * Math.max(1, assumptions.vcpuAtMb.value / memoryMb) + waitMs;
}

/** GB-seconds of one invocation: memory in GB times duration, billed per 1 ms. */
export function lambdaGbSeconds(memoryMb: number, durationMs: number): number {
    return (memoryMb / 1024) * (Math.ceil(durationMs) / 1000);
}

export function lambdaGbSecondPrice(architecture: Architecture): PriceKey {
    return architecture === "arm64" ? "lambdaArmGbSecond" : "lambdaX86GbSecond";
}

/** Usage lines of a function invoked `invocationsPerOrder` times per order, each lasting `durationMs`. */
export function lambdaLines(name: string, invocationsPerOrder: number, memoryMb: number, architecture: Architecture, durationMs: number): UsageLine[] {
    return [
        { service: "Lambda", item: `${name} requests`, perOrder: invocationsPerOrder, price: "lambdaRequest" },
        {
            service: "Lambda", item: `${name} GB-s (${architecture}, ${memoryMb} MB, ${Math.ceil(durationMs)} ms)`,
            perOrder: invocationsPerOrder * lambdaGbSeconds(memoryMb, durationMs), price: lambdaGbSecondPrice(architecture),
        },
    ];
}

// ---------------------------------------------------------------------------------------------------------------
// Step Functions

/** GB-seconds of one Express execution: duration rounded up to 100 ms, memory rounded up to 64 MB chunks. */
export function expressGbSeconds(durationMs: number, memoryMb: number = ASSUMPTIONS.expressMemoryMb.value): number {
    const billedMs = Math.max(100, Math.ceil(durationMs / 100) * 100);
    const billedMb = Math.ceil(memoryMb / 64) * 64;
    return (billedMb / 1024) * (billedMs / 1000);
}

/** Usage lines of a workflow executed `executionsPerOrder` times per order, each with `transitions` state transitions. */
export function workflowLines(name: string, type: WorkflowType, executionsPerOrder: number, transitions: number, durationMs: number,
    memoryMb: number = ASSUMPTIONS.expressMemoryMb.value): UsageLine[] {
    if (type === "STANDARD") {
        return [{ service: "Step Functions", item: `${name} transitions (Standard)`, perOrder: executionsPerOrder * transitions, price: "sfnStandardTransition" }];
    }
    return [
        { service: "Step Functions", item: `${name} executions (Express)`, perOrder: executionsPerOrder, price: "sfnExpressRequest" },
        { service: "Step Functions", item: `${name} GB-s (Express, ${Math.ceil(durationMs)} ms)`, perOrder: executionsPerOrder * expressGbSeconds(durationMs, memoryMb), price: "sfnExpressGbSecond" },
    ];
}

// ---------------------------------------------------------------------------------------------------------------
// DynamoDB, X-Ray

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

/**
 * The share of trace roots X-Ray records under a rule of `reservoir` requests a second plus `rate` of the rest, for
 * requests arriving as a Poisson stream of `perSecond`: each second with any request keeps one, and `rate` of the others.
 */
export function sampledShare(perSecond: number, reservoir: number, rate: number): number {
    if (perSecond <= 0) return 1;
    // E[min(N, r)] for N ~ Poisson(λ), summed term by term (r is small).
    let kept = 0;
    let p = Math.exp(-perSecond);
    let below = 0;
    for (let k = 0; k < reservoir; k++) {
        kept += k * p;
        below += p;
        p *= perSecond / (k + 1);
    }
    kept += reservoir * (1 - below);
    return Math.min(1, (kept + rate * (perSecond - kept)) / perSecond);
}

// ---------------------------------------------------------------------------------------------------------------
// Idle cost

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
export function idlePollingRequests(mappings: number, assumptions: Assumptions = ASSUMPTIONS): number {
    return mappings * assumptions.sqsIdlePollers.value * (3600 / assumptions.sqsLongPollSeconds.value) * HOURS_PER_MONTH;
}

/** Dollars with two decimals, or more when the amount is below a cent but not zero. */
export function formatUsd(usd: number): string {
    if (usd !== 0 && Math.abs(usd) < 0.01) return `$${usd.toPrecision(2)}`;
    return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
