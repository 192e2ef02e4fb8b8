import type { MockResource } from "../../tools/mockProgram";
import { CONTRACTS, EVENT_NAMES, EventName } from "../../contracts";
import type { Assumptions } from "../../pricing/assumptions";
import { PRICE_REGION } from "../../pricing/prices";
import { Pattern, T } from "./resources";
import { gb, Tally, UsageContext } from "./tally";

/** Contract events per order, from the shares in the assumptions. */
export function eventsPerOrder(assumptions: Assumptions): Record<EventName, number> {
    const failed = assumptions.failureShare.value;
    return {
        OrderPlaced: 1,
        CustomerRegistered: assumptions.newCustomerShare.value,
        OrderProcessed: 1 - failed,
        OrderFailed: failed,
        ReceiptStored: 1 - failed,
    };
}

/** The bytes of one contract event as EventBridge delivers it (envelope and the contract's example detail). */
export function eventBytes(event: EventName): number {
    const { source, detailType, example } = CONTRACTS[event];
    return Buffer.byteLength(JSON.stringify({
        version: "0", id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": detailType, source, account: "123456789012",
        time: "2026-11-26T10:00:00Z", region: "us-east-1", resources: [], detail: example,
    }));
}

/** The alternatives of a pattern (`$or` or itself). */
export function alternatives(pattern: Pattern): Pattern[] {
    const or = pattern.$or;
    return Array.isArray(or) ? (or as Pattern[]) : [pattern];
}

/** Whether a contract event matches a rule's pattern on source and detail-type (the fields our patterns use). */
export function matchesContract(pattern: Pattern, event: EventName): boolean {
    const { source, detailType } = CONTRACTS[event];
    return alternatives(pattern).some((alt) =>
        (alt.source === undefined || alt.source.includes(source)) &&
        (alt["detail-type"] !== undefined && alt["detail-type"].includes(detailType)));
}

const regionOf = (arn: string): string | undefined => /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]+):/.exec(arn)?.[1];

/**
 * Events: each contract event published on each custom bus (and archived), routed by the rules to their targets;
 * S3's Object Created events on the default bus (free) forwarded to a custom bus (charged there). Delivering to a
 * function, queue or workflow records the invocations or executions that later walkers price.
 */
export function eventUsage(ctx: UsageContext, tally: Tally): void {
    const { idx, assumptions } = ctx;
    const perEvent = eventsPerOrder(assumptions);
    /** `fromService`: the event came from an AWS service, so no trace header reaches the target. */
    const deliver = (target: MockResource, n: number, via: string, what: string, bytes: number, fromService: boolean, forwarded: string[] = []): void => {
        const arn = target.inputs.arn;
        const resource = idx.byArn(arn);
        switch (resource?.type) {
            case T.function: tally.invoke(resource, n, fromService, via); break;
            case T.stateMachine: tally.execute(resource, n); break;
            case T.queue: {
                tally.add({ service: "SQS", item: `${resource.name} requests`, perOrder: n * assumptions.sqsRequestsPerMessage.value, price: "sqsRequest" });
                // The consumer's invocation starts its own trace (linked to the sender's, not part of it).
                for (const mapping of idx.ofType(T.mapping).filter((m) => m.inputs.eventSourceArn === resource.state.arn)) {
                    tally.invoke(idx.lambda(mapping.inputs.functionName), n, true, `${resource.name} consumer`);
                }
                break;
            }
            case T.topic: {
                tally.add({ service: "SNS", item: `${resource.name} publishes`, perOrder: n, price: "snsPublish" });
                const emails = idx.emailSubscriptions(resource);
                if (emails > 0) tally.add({ service: "SNS", item: `${resource.name} emails (${emails} subscription${emails === 1 ? "" : "s"})`, perOrder: n * emails, price: "snsEmail" });
                break;
            }
            case T.bus: {
                // An AWS service event forwarded from the default bus: a custom event on the target bus, routed by its rules.
                if (forwarded.length === 0) break;
                tally.add({ service: "EventBridge", item: `${what} forwarded onto ${resource.name}`, perOrder: n, price: "eventBridgeCustomEvent" });
                for (const rule of idx.rulesOn(idx.busName(resource))) {
                    const types = alternatives(idx.pattern(rule)).flatMap((alt) => alt["detail-type"] ?? []);
                    if (types.some((t) => forwarded.includes(t))) for (const t of idx.targetsOf(rule)) deliver(t, n, `rule ${rule.name}`, what, bytes, fromService, []);
                }
                break;
            }
            default:
                if (typeof arn === "string" && /:event-bus\//.test(arn)) {
                    // Sent to another account's bus: charged to this account as a custom event; across regions, plus the transfer.
                    const short = arn.replace(/^arn:aws[a-z-]*:events:/, "");
                    tally.add({ service: "EventBridge", item: `${what} forwarded to ${short}`, perOrder: n, price: "eventBridgeCustomEvent" });
                    if (regionOf(arn) && regionOf(arn) !== PRICE_REGION) {
                        tally.add({ service: "Data transfer", item: `${what} to ${regionOf(arn)} (GB)`, perOrder: gb(n * bytes), price: "dataTransferInterRegionGb" });
                    }
                } else {
                    tally.note(`${via}: target ${String(arn)} is not among the resources; not priced`);
                }
        }
    };
    for (const bus of idx.ofType(T.bus)) {
        const busName = idx.busName(bus);
        const archived = idx.ofType(T.archive).some((a) => a.inputs.eventSourceArn === bus.state.arn);
        for (const event of EVENT_NAMES) {
            const n = perEvent[event];
            const bytes = eventBytes(event);
            tally.add({ service: "EventBridge", item: `${event} events on ${bus.name}`, perOrder: n, price: "eventBridgeCustomEvent" });
            if (archived) tally.add({ service: "EventBridge", item: `${event} archived (GB)`, perOrder: gb(n * bytes), price: "eventBridgeArchiveGb" });
            for (const rule of idx.rulesOn(busName).filter((r) => matchesContract(idx.pattern(r), event))) {
                for (const target of idx.targetsOf(rule)) deliver(target, n, `rule ${rule.name}`, event, bytes, false);
            }
        }
    }
    // AWS service events on the default bus are free; the only ones per order are the receipt objects S3 announces.
    for (const rule of idx.rulesOn("default")) {
        const types = alternatives(idx.pattern(rule)).flatMap((alt) => alt["detail-type"] ?? []);
        for (const target of idx.targetsOf(rule)) deliver(target, perEvent.ReceiptStored, `rule ${rule.name}`, types.join("/") || "AWS events", 1024, true, types);
    }
}
