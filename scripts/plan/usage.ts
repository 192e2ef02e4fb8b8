import type { MockResource } from "../../tools/mockProgram";
import { CONTRACTS, EVENT_NAMES, EventName } from "../../contracts";
import {
    ASSUMPTIONS, Architecture, UsageLine, WorkflowType, classifyTask, dynamoUnits, expectedPath, lambdaDurationMs,
    lambdaLines, workflowLines,
} from "../../pricing/costModel";
import { Pattern, ResourceIndex, T } from "./resources";

/** Which build to price: the stack as configured, or the same flow built the naive way. */
export type Build = "stack" | "naive";

/** Contract events per order on the happy path, from the shares in {@link ASSUMPTIONS}. */
export function eventsPerOrder(): Record<EventName, number> {
    const ok = 1 - ASSUMPTIONS.failureShare;
    return {
        OrderPlaced: 1,
        CustomerRegistered: ASSUMPTIONS.newCustomerShare,
        OrderProcessed: ok,
        OrderFailed: ASSUMPTIONS.failureShare,
        ReceiptStored: ok,
    };
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

const mb = (bytes: number): number => bytes / 1024 ** 3;

/**
 * The usage per order of every service, derived from the resources: what each route invokes, which rules each
 * event matches and what their targets are, the path through each workflow definition, and each function's
 * memory, architecture, log level and grants. For `naive`, functions are x86_64 at 128 MB and workflows Standard.
 */
export function orderUsage(resources: MockResource[], build: Build): { lines: UsageLine[]; notes: string[] } {
    const idx = new ResourceIndex(resources);
    const lines: UsageLine[] = [];
    const notes: string[] = [];
    const invocations = new Map<MockResource, number>();
    const traceRoots = new Map<MockResource, number>();
    const executions = new Map<MockResource, number>();
    const invoke = (fn: MockResource | undefined, n: number, root: boolean, via: string) => {
        if (!fn) {
            notes.push(`${via}: target function not found among the resources; not priced`);
            return;
        }
        invocations.set(fn, (invocations.get(fn) ?? 0) + n);
        if (root) traceRoots.set(fn, (traceRoots.get(fn) ?? 0) + n);
    };

    // 1. The API: each route's requests per order, its function, its access log line.
    const stageLogs = idx.ofType(T.stage).some((s) => s.inputs.accessLogSettings);
    for (const route of idx.ofType(T.route)) {
        const key = String(route.inputs.routeKey);
        const requests = ASSUMPTIONS.apiRequestsPerRoute[key] ?? 1;
        lines.push({ service: "API Gateway", item: `${key} requests`, perOrder: requests, price: "httpApiRequest" });
        if (stageLogs) lines.push({ service: "CloudWatch Logs", item: `${key} access logs (GB)`, perOrder: mb(requests * ASSUMPTIONS.accessLogBytesPerRequest), price: "logsIngestGb" });
        invoke(idx.routeFunction(route), requests, true, `route ${key}`);
    }

    // 2. Events: published on each custom bus, archived, routed by the rules to their targets.
    const deliver = (target: MockResource, n: number, via: string, what: string, forwarded: string[] = []): void => {
        const arn = target.inputs.arn;
        const resource = idx.byArn(arn);
        switch (resource?.type) {
            case T.function: invoke(resource, n, false, via); break;
            case T.stateMachine: executions.set(resource, (executions.get(resource) ?? 0) + n); break;
            case T.queue: {
                lines.push({ service: "SQS", item: `${resource.name} requests`, perOrder: n * ASSUMPTIONS.sqsRequestsPerMessage, price: "sqsRequest" });
                for (const mapping of idx.ofType(T.mapping).filter((m) => m.inputs.eventSourceArn === resource.state.arn)) {
                    invoke(idx.lambda(mapping.inputs.functionName), n, true, `${resource.name} consumer`);
                }
                break;
            }
            case T.topic: {
                lines.push({ service: "SNS", item: `${resource.name} publishes`, perOrder: n, price: "snsPublish" });
                const emails = idx.emailSubscriptions(resource);
                if (emails > 0) lines.push({ service: "SNS", item: `${resource.name} emails (${emails} subscription${emails === 1 ? "" : "s"})`, perOrder: n * emails, price: "snsEmail" });
                break;
            }
            case T.bus: {
                // An AWS service event forwarded from the default bus: charged as a custom event on the target bus,
                // then routed by that bus's rules for the same detail-type. (Contract events are counted where published.)
                if (forwarded.length === 0) break;
                lines.push({ service: "EventBridge", item: `${what} forwarded onto ${resource.name}`, perOrder: n, price: "eventBridgeCustomEvent" });
                for (const rule of idx.rulesOn(idx.busName(resource))) {
                    const types = alternatives(idx.pattern(rule)).flatMap((alt) => alt["detail-type"] ?? []);
                    if (types.some((t) => forwarded.includes(t))) for (const t of idx.targetsOf(rule)) deliver(t, n, `rule ${rule.name}`, what, []);
                }
                break;
            }
            default:
                if (typeof arn === "string" && /:event-bus\//.test(arn)) {
                    lines.push({ service: "EventBridge", item: `${what} forwarded to ${arn.replace(/^arn:aws:events:/, "")}`, perOrder: n, price: "eventBridgeCustomEvent" });
                } else {
                    notes.push(`${via}: target ${String(arn)} is not among the resources; not priced`);
                }
        }
    };
    const perEvent = eventsPerOrder();
    for (const bus of idx.ofType(T.bus)) {
        const busName = idx.busName(bus);
        const archived = idx.ofType(T.archive).some((a) => a.inputs.eventSourceArn === bus.state.arn);
        for (const event of EVENT_NAMES) {
            const n = perEvent[event];
            lines.push({ service: "EventBridge", item: `${event} events on ${bus.name}`, perOrder: n, price: "eventBridgeCustomEvent" });
            if (archived) lines.push({ service: "EventBridge", item: `${event} archived (GB)`, perOrder: mb(n * ASSUMPTIONS.eventBytes), price: "eventBridgeArchiveGb" });
            for (const rule of idx.rulesOn(busName).filter((r) => matchesContract(idx.pattern(r), event))) {
                for (const target of idx.targetsOf(rule)) deliver(target, n, `rule ${rule.name}`, event);
            }
        }
    }
    // AWS service events on the default bus are free; the only ones per order are the receipt objects S3 announces.
    for (const rule of idx.rulesOn("default")) {
        const types = alternatives(idx.pattern(rule)).flatMap((alt) => alt["detail-type"] ?? []);
        for (const target of idx.targetsOf(rule)) deliver(target, perEvent.ReceiptStored, `rule ${rule.name}`, types.join("/") || "AWS events", types);
    }

    // 3. Workflows: walk each definition; its Tasks invoke functions, start nested workflows, read and write tables.
    const functionMemory = (fn: MockResource): number => (build === "naive" ? ASSUMPTIONS.naive.memoryMb : Number(fn.inputs.memorySize ?? 128));
    const workflowType = (sm: MockResource): WorkflowType => (build === "naive" ? "STANDARD" : (String(sm.inputs.type ?? "STANDARD").toUpperCase() as WorkflowType));
    const durations = new Map<MockResource, number>();
    const durationOf = (sm: MockResource, depth = 0): number => {
        if (depth > 10) throw new Error(`state machine ${sm.name} starts itself (nesting deeper than 10)`);
        const known = durations.get(sm);
        if (known !== undefined) return known;
        let ms = 0;
        for (const task of expectedPath(String(sm.inputs.definition)).tasks) {
            const kind = classifyTask(task);
            if (kind.kind === "lambda") {
                const fn = idx.lambda(kind.functionArn);
                ms += task.count * (fn ? lambdaDurationMs(functionMemory(fn)) : 0);
            } else if (kind.kind === "startExecution") {
                const child = idx.byArn(kind.stateMachineArn);
                ms += task.count * (kind.sync && child ? durationOf(child, depth + 1) : ASSUMPTIONS.sdkTaskMs);
            } else {
                ms += task.count * ASSUMPTIONS.sdkTaskMs;
            }
        }
        durations.set(sm, ms);
        return ms;
    };
    // Nested executions: each workflow's executions per order are its direct starts plus its parents' starts of it.
    const stateMachines = idx.ofType(T.stateMachine);
    const paths = new Map(stateMachines.map((sm) => [sm, expectedPath(String(sm.inputs.definition))]));
    const direct = new Map(executions);
    for (let pass = 0; pass <= stateMachines.length; pass++) {
        const next = new Map(direct);
        for (const [parent, path] of paths) {
            for (const task of path.tasks) {
                const kind = classifyTask(task);
                if (kind.kind !== "startExecution") continue;
                const child = idx.byArn(kind.stateMachineArn);
                if (child) next.set(child, (next.get(child) ?? 0) + (executions.get(parent) ?? 0) * task.count);
                else notes.push(`${parent.name} ${task.state}: starts ${kind.stateMachineArn}, not among the resources; not priced`);
            }
        }
        executions.clear();
        for (const [sm, n] of next) executions.set(sm, n);
    }
    for (const [sm, path] of paths) {
        const n = executions.get(sm) ?? 0;
        if (n === 0) continue;
        lines.push(...workflowLines(sm.name, workflowType(sm), n, path.transitions, durationOf(sm)));
        const level = String(sm.inputs.loggingConfiguration?.level ?? "OFF");
        const bytes = (ASSUMPTIONS.workflowLogBytesPerTransition[level] ?? 0) * path.transitions;
        if (bytes > 0) lines.push({ service: "CloudWatch Logs", item: `${sm.name} execution logs (GB, ${level})`, perOrder: mb(n * bytes), price: "logsIngestGb" });
        let writes = 0;
        let reads = 0;
        for (const task of path.tasks) {
            const kind = classifyTask(task);
            if (kind.kind === "lambda") invoke(idx.lambda(kind.functionArn), n * task.count, false, `${sm.name} ${task.state}`);
            if (kind.kind === "dynamodb") {
                const units = dynamoUnits(kind.operation);
                writes += n * task.count * units.writes;
                reads += n * task.count * units.reads;
            }
        }
        if (writes > 0) lines.push({ service: "DynamoDB", item: `${sm.name} writes (WRU)`, perOrder: writes, price: "dynamoWriteUnit" });
        if (reads > 0) lines.push({ service: "DynamoDB", item: `${sm.name} reads (RRU)`, perOrder: reads, price: "dynamoReadUnit" });
    }

    // 4. Browsers: one MQTT connection per order, through the custom authorizer, and one SUBSCRIBE (metered as a message).
    for (const authorizer of idx.ofType(T.iotAuthorizer)) {
        invoke(idx.lambda(authorizer.inputs.authorizerFunctionArn), 1, true, `authorizer ${authorizer.name}`);
        lines.push({ service: "IoT Core", item: "SUBSCRIBE per browser connection", perOrder: 1, price: "iotMessage" });
    }

    // 5. Functions: compute, logs, and what each invocation does with its grants.
    const sorted = [...invocations].sort(([a], [b]) => a.name.localeCompare(b.name));
    for (const [fn, n] of sorted) {
        const architecture: Architecture = build === "naive" ? "x86_64" : (String(fn.inputs.architectures?.[0] ?? "x86_64") as Architecture);
        lines.push(...lambdaLines(fn.name, n, functionMemory(fn), architecture));
        const appLevel = String(fn.inputs.loggingConfig?.applicationLogLevel ?? "INFO");
        const systemLevel = String(fn.inputs.loggingConfig?.systemLogLevel ?? "INFO");
        const logBytes = (ASSUMPTIONS.appLogBytesPerInvocation[appLevel] ?? 0) + (ASSUMPTIONS.platformLogBytesPerInvocation[systemLevel] ?? 0);
        if (logBytes > 0) lines.push({ service: "CloudWatch Logs", item: `${fn.name} logs (GB, ${appLevel})`, perOrder: mb(n * logBytes), price: "logsIngestGb" });
        let writes = 0;
        let reads = 0;
        for (const statement of idx.grants(fn)) {
            for (const action of statement.Action) {
                const [service, operation] = action.split(":");
                // DeleteItem only runs when a handler fails (Powertools idempotency releases its claim); not on the happy path.
                if (service === "dynamodb" && operation !== "DeleteItem") {
                    const units = dynamoUnits(operation);
                    writes += n * units.writes;
                    reads += n * units.reads;
                }
                if (action === "s3:PutObject") lines.push({ service: "S3", item: `${fn.name} PUTs`, perOrder: n, price: "s3Put" });
                if (action === "iot:Publish") lines.push({ service: "IoT Core", item: `${fn.name} messages`, perOrder: n, price: "iotMessage" });
            }
        }
        if (writes > 0) lines.push({ service: "DynamoDB", item: `${fn.name} writes (WRU)`, perOrder: writes, price: "dynamoWriteUnit" });
        if (reads > 0) lines.push({ service: "DynamoDB", item: `${fn.name} reads (RRU)`, perOrder: reads, price: "dynamoReadUnit" });
        const roots = traceRoots.get(fn) ?? 0;
        if (roots > 0 && fn.inputs.tracingConfig?.mode === "Active") {
            lines.push({ service: "X-Ray", item: `${fn.name} traces`, perOrder: roots * ASSUMPTIONS.traceSampledShare, price: "xrayTrace" });
        }
    }
    return { lines, notes: [...new Set(notes)].sort() };
}
