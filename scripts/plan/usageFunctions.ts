import { HOURS_PER_MONTH, sampledShare } from "../../pricing/costModel";
import { functionLines, profileOf, traced } from "./profile";
import { Tally, UsageContext } from "./tally";

/** Seconds a month in which orders arrive (the busy hours of every day). */
const busySecondsPerMonth = (busyHoursPerDay: number): number => (HOURS_PER_MONTH / 24) * busyHoursPerDay * 3600;

/**
 * Functions: every invocation the other walkers counted, priced from the function's profile (compute, cold-start
 * init, logs) and its measured calls (DynamoDB request units, S3 requests, IoT
 * messages: each publish, and each delivery with its PUBACK), plus the traces X-Ray records of its trace roots.
 */
export function functionUsage(ctx: UsageContext, tally: Tally): void {
    const { build, assumptions } = ctx;
    const sorted = [...tally.invocations].sort(([a], [b]) => a.name.localeCompare(b.name));
    for (const [fn, n] of sorted) {
        const p = profileOf(fn, ctx, tally);
        tally.add(...functionLines(fn.name, n, p, assumptions));
        for (const [call, times] of Object.entries(p.calls)) {
            if (call === "s3:PutObject") tally.add({ service: "S3", item: `${fn.name} PUTs`, perOrder: n * times, price: "s3Put" });
            if (call === "s3:GetObject") tally.add({ service: "S3", item: `${fn.name} GETs`, perOrder: n * times, price: "s3Get" });
            if (call === "iot:Publish") {
                tally.add({ service: "IoT Core", item: `${fn.name} publishes (request and response)`, perOrder: n * times * assumptions.iotMessagesPerPublish.value, price: "iotMessage" });
                tally.add({
                    service: "IoT Core", item: `${fn.name} deliveries and PUBACKs (${assumptions.subscribersPerCustomerTopic.value} subscriber)`,
                    perOrder: n * times * assumptions.subscribersPerCustomerTopic.value * assumptions.iotMessagesPerDelivery.value, price: "iotMessage",
                });
            }
        }
        tally.add({ service: "DynamoDB", item: `${fn.name} writes (WRU)`, perOrder: n * p.requestUnits.writes, price: "dynamoWriteUnit" });
        tally.add({ service: "DynamoDB", item: `${fn.name} reads (RRU)`, perOrder: n * p.requestUnits.reads, price: "dynamoReadUnit" });
        const roots = tally.roots.get(fn) ?? 0;
        if (roots > 0 && traced(fn)) {
            const perSecond = roots * assumptions.ordersPerMonth.value / busySecondsPerMonth(assumptions.busyHoursPerDay.value);
            const share = build.tracing === "all" ? 1 : sampledShare(perSecond, assumptions.xrayReservoirPerSecond.value, assumptions.xrayFixedRate.value);
            tally.add({ service: "X-Ray", item: `${fn.name} traces (${Math.round(share * 100)}% of ${perSecond.toFixed(2)}/s sampled)`, perOrder: roots * share, price: "xrayTrace" });
        }
    }
}
