import { CONTRACTS, EVENT_NAMES, EventName } from "../../contracts";
import type { MockResource } from "../../tools/mockProgram";
import { T } from "./resources";
import { Tally, UsageContext } from "./tally";
import { eventsPerOrder } from "./usageEvents";

/** The contract event that gives an order each status: a stored status change is that event's record. */
const EVENT_OF_STATUS: Record<string, EventName> = { PLACED: "OrderPlaced", PROCESSED: "OrderProcessed", FAILED: "OrderFailed" };

/** The statuses a stream filter lets through: every `NewImage.status.S` value it matches (not the `anything-but` ones). */
export function filteredStatuses(filterCriteria: unknown): string[] {
    const filters: { pattern?: unknown }[] = (filterCriteria as { filters?: { pattern?: unknown }[] } | undefined)?.filters ?? [];
    const statuses = new Set<string>();
    for (const filter of filters) {
        let pattern: any;
        try {
            pattern = typeof filter.pattern === "string" ? JSON.parse(filter.pattern) : filter.pattern;
        } catch {
            continue;
        }
        const values: unknown[] = pattern?.dynamodb?.NewImage?.status?.S ?? [];
        for (const v of values) if (typeof v === "string") statuses.add(v);
    }
    return [...statuses].sort();
}

/**
 * Records per order a stream consumer receives: those of the contract event it announces (a pipe's detail-type), or
 * of the statuses its filter lets through; without either, one per order (noted).
 */
function recordsPerOrder(consumer: MockResource, filterCriteria: unknown, detailType: unknown, ctx: UsageContext, tally: Tally): number {
    const perEvent = eventsPerOrder(ctx.assumptions);
    const event = EVENT_NAMES.find((name) => CONTRACTS[name].detailType === detailType);
    if (event) return perEvent[event];
    const statuses = filteredStatuses(filterCriteria).filter((s) => EVENT_OF_STATUS[s]);
    if (statuses.length > 0) return statuses.reduce((sum, s) => sum + perEvent[EVENT_OF_STATUS[s]], 0);
    tally.note(`${consumer.name}: neither its target nor its filter tells which records pass; priced as one record per order`);
    return 1;
}

/**
 * Consumers of table streams. A pipe bills each record its filter lets through and hands it to its enrichment
 * function; a Lambda event source mapping invokes its function (a batch of one at a few orders a second). Neither
 * passes a trace header. A pipe's polling of the stream is billed by the month (pricing/hourlyBilled.ts); a Lambda
 * trigger's is free. The events they put on a bus are counted with the bus's events.
 */
export function streamUsage(ctx: UsageContext, tally: Tally): void {
    const { idx } = ctx;
    for (const pipe of idx.ofType(T.pipe)) {
        const records = recordsPerOrder(pipe, pipe.inputs.sourceParameters?.filterCriteria,
            pipe.inputs.targetParameters?.eventbridgeEventBusParameters?.detailType, ctx, tally);
        const table = idx.tableOfStream(pipe.inputs.source);
        tally.add({ service: "EventBridge Pipes", item: `${pipe.name} requests (${table ? `${table.name} stream` : "source"} records after the filter)`, perOrder: records, price: "pipesRequest" });
        if (pipe.inputs.enrichment) tally.invoke(idx.lambda(pipe.inputs.enrichment), records, true, `pipe ${pipe.name} enrichment`);
    }
    for (const mapping of idx.ofType(T.mapping)) {
        if (!idx.tableOfStream(mapping.inputs.eventSourceArn)) continue;
        const records = recordsPerOrder(mapping, mapping.inputs.filterCriteria, undefined, ctx, tally);
        tally.invoke(idx.lambda(mapping.inputs.functionName), records, true, `stream trigger ${mapping.name}`);
    }
}
