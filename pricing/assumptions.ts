/**
 * Every assumption the cost per order rests on, each with its source: a URL, "measured by <command>", the code that
 * decides it, or "assumption" where nothing can be measured before customers exist (the plan's sensitivity table
 * shows what each of those weighs). What the stack *is* (memory, architecture, workflow types, routing, grants, log
 * levels, cache headers) is never assumed here: scripts/plan/ reads it from the resources.
 */
import { HANDLER_MEASUREMENTS, MEASURED_WITH } from "./measured";

export interface Assumption<V = number> {
    readonly value: V;
    readonly source: string;
}
const a = <V>(value: V, source: string): Assumption<V> => ({ value, source });

const XRAY_LAMBDA = "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html";
const IOT_METERING = "https://aws.amazon.com/iot-core/pricing/additional-details/";

export const ASSUMPTIONS = {
    // --- Traffic and customers --------------------------------------------------------------------------------------
    ordersPerMonth: a(1_000_000, "the plan's unit: prices are per 1M orders, and the X-Ray sampling depends on the monthly rate"),
    busyHoursPerDay: a(12, "assumption: orders arrive over a shop's 12 busy hours a day, as a Poisson stream (sets the arrival rate X-Ray samples)"),
    failureShare: a(0.01, "assumption: share of orders that end in OrderFailed"),
    newCustomerShare: a(0.5, "assumption: share of orders from a first-time customer (also the share of page loads with a cold browser cache)"),
    ordersPerCustomerPerMonth: a(1, "assumption: orders a signed-in customer places in a month they are active; Cognito bills each such customer once a month"),
    // --- The browser (web/src) --------------------------------------------------------------------------------------
    pageLoadsPerOrder: a(2, "web/src/main.ts: the page loads, sends the customer to sign in, and loads again on the redirect back"),
    getOrderRequestsPerOrder: a(1, "web/src/storefront.ts: GET /orders/{id} only for orders still pending when the live connection (re)subscribes; none on the happy path, priced at 1 as an upper bound"),
    shopMinutesPerOrder: a(10, "assumption: minutes the signed-in tab stays open per order, each one an MQTT connection minute"),
    subscribersPerCustomerTopic: a(1, "assumption: one open tab per customer receives each message"),
    preflightCacheSeconds: a(7200, "https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Max-Age: Chromium caps a preflight's max-age at 2 hours (Firefox at 24)"),
    // --- IoT Core metering -------------------------------------------------------------------------------------------
    iotMessagesPerConnection: a(2, `${IOT_METERING}: CONNECT and SUBSCRIBE are each metered as a message; CONNACK, SUBACK, PINGs and DISCONNECT are not`),
    iotMessagesPerPublish: a(2, `${IOT_METERING}: the Publish HTTPS request is metered by its body, and the response body ({"message":"OK",...}) by its own (the response is not confirmed)`),
    iotMessagesPerDelivery: a(2, `${IOT_METERING}: the PUBLISH sent to each subscriber, and its PUBACK (QoS 1, MQTT 3.1.1 per web/src/realtime.ts), metered as a single 5 KB message`),
    // --- X-Ray ----------------------------------------------------------------------------------------------------------
    xrayReservoirPerSecond: a(1, `${XRAY_LAMBDA}: 1 request per second and 5% of the rest, not configurable for Lambda; applied per function (not confirmed)`),
    xrayFixedRate: a(0.05, XRAY_LAMBDA),
    // --- Lambda -------------------------------------------------------------------------------------------------------
    vcpuAtMb: a(1769, "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html: CPU grows with memory, one vCPU at 1,769 MB"),
    coldStartShare: a(0.01, "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html: cold starts occur in under 1% of invocations"),
    latencyMs: a({ dynamodb: 5, events: 20, s3: 100, iot: 20, states: 20, sqs: 20, lambda: 20 } as Record<string, number>,
        "waiting per AWS call, by IAM service prefix: DynamoDB 'single-digit millisecond' (https://aws.amazon.com/dynamodb/), S3 100-200 ms to first byte " +
        "(https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance-design-patterns.html); EventBridge, IoT, Step Functions, SQS and a workflow's Lambda invoke 20 ms: assumption, not published"),
    handlers: a(HANDLER_MEASUREMENTS, `measured by ${MEASURED_WITH} (log bytes per level, calls, item sizes, CPU, init)`),
    // --- Logs -----------------------------------------------------------------------------------------------------------
    platformLogBytes: a({ text: 420, json: 600 } as Record<string, number>,
        "Lambda's START, END and REPORT records per invocation, as text (the default format) and as JSON platform events at system level INFO or DEBUG " +
        "(sizes of the examples in https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html, not measured); WARN drops them"),
    workflowEventBytes: a(350, "one Step Functions execution-history event in CloudWatch Logs without its input or output " +
        "(the example in https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html, not measured)"),
    accessLogVariableBytes: a(18, "assumption: average length of one $context value in the stage's access-log format"),
    cloudfrontHeaderBytes: a(600, "assumption: bytes of response headers per CloudFront response, the security headers policy's included"),
    cloudfrontLogRecordBytes: a(1100, "one CloudFront standard-logging (v2) JSON record with every field " +
        "(https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html, ~33 fields; not measured)"),
    // --- Step Functions -----------------------------------------------------------------------------------------------
    expressMemoryMb: a(64, "https://aws.amazon.com/step-functions/pricing/: memory from the definition and payload sizes, in 64 MB chunks; these small definitions fit one (not confirmed)"),
    mapItems: a(1, "assumption: one item per Map state (the definitions have none today)"),
    // --- Queues and streams ---------------------------------------------------------------------------------------------
    sqsRequestsPerMessage: a(3, "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html: SendMessage, the poller's ReceiveMessage and DeleteMessage; at a few orders a second a batch holds one message"),
    sqsIdlePollers: a(5, "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html: Lambda starts with five long-polling connections per queue"),
    sqsLongPollSeconds: a(20, "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html: 20 s, the longest wait, which Lambda's pollers use"),
} as const;

export type Assumptions = typeof ASSUMPTIONS;

/** The numeric assumptions a sensitivity run can scale, by name. */
export function scalableAssumptions(assumptions: Assumptions = ASSUMPTIONS): string[] {
    return Object.entries(assumptions).filter(([, v]) => typeof v.value === "number").map(([k]) => k);
}

/** `assumptions` with one numeric value multiplied by `factor` (shares are capped at 1). */
export function scaled(name: string, factor: number, assumptions: Assumptions = ASSUMPTIONS): Assumptions {
    const entry = (assumptions as Record<string, Assumption<unknown>>)[name];
    if (!entry || typeof entry.value !== "number") throw new Error(`no numeric assumption "${name}"; numeric ones are ${scalableAssumptions(assumptions).join(", ")}`);
    const value = /Share$/.test(name) ? Math.min(1, entry.value * factor) : entry.value * factor;
    return { ...assumptions, [name]: { ...entry, value } } as Assumptions;
}
