import type { MockResource } from "../../tools/mockProgram";
import { classifyTask, expectedPath, ExpectedPath, TaskKind } from "../../pricing/asl";
import { dynamoUnits, UsageLine, WorkflowType, workflowLines } from "../../pricing/costModel";
import { functionLines, glueProfile, profileOf } from "./profile";
import { T } from "./resources";
import { gb, Tally, UsageContext } from "./tally";
import { eventBytes } from "./usageEvents";

/** The IAM action a direct integration performs, for a Lambda that would do it instead. */
function callOf(kind: TaskKind): string | undefined {
    switch (kind.kind) {
        case "dynamodb": return `dynamodb:${kind.operation}`;
        case "putEvents": return "events:PutEvents";
        case "startExecution": return kind.sync ? undefined : "states:StartExecution";
        case "sqsSend": return "sqs:SendMessage";
        default: return undefined;
    }
}

/**
 * Execution-history bytes per execution at a log level: at ALL, the execution's start and end, five events per
 * Task state and two per other state, each carrying its input or output when execution data is included; ERROR
 * and FATAL log only failures, which the expected path has none of.
 */
export function workflowLogBytes(path: ExpectedPath, level: string, includeData: boolean, eventBytes: number, payloadBytes: number): number {
    if (level !== "ALL") return 0;
    const other = path.transitions - path.taskTransitions;
    const events = 2 + 5 * path.taskTransitions + 2 * other;
    const withPayload = 2 + 4 * path.taskTransitions + 2 * other;
    return events * eventBytes + (includeData ? withPayload * payloadBytes : 0);
}

/**
 * Workflows: the executions per order (nested starts included), each priced by its type along the expected path of
 * its definition; its Tasks invoke functions (counted for the functions walker), write and read tables, and, in a
 * build without direct integrations, run one Lambda function per service call.
 */
export function workflowUsage(ctx: UsageContext, tally: Tally): void {
    const { idx, build, assumptions } = ctx;
    const latency = assumptions.latencyMs.value;
    const stateMachines = idx.ofType(T.stateMachine);
    const paths = new Map(stateMachines.map((sm) => [sm, expectedPath(String(sm.inputs.definition), assumptions.mapItems.value)]));
    const typeOf = (sm: MockResource): WorkflowType => (build.workflows === "STANDARD" ? "STANDARD" : (String(sm.inputs.type ?? "STANDARD").toUpperCase() as WorkflowType));

    const durations = new Map<MockResource, number>();
    const durationOf = (sm: MockResource, depth = 0): number => {
        if (depth > 10) throw new Error(`state machine ${sm.name} starts itself (nesting deeper than 10)`);
        const known = durations.get(sm);
        if (known !== undefined) return known;
        let ms = 0;
        for (const task of paths.get(sm)!.tasks) {
            const kind = classifyTask(task);
            const call = callOf(kind);
            if (kind.kind === "lambda") {
                const fn = idx.lambda(kind.functionArn);
                ms += task.count * (latency.lambda + (fn ? profileOf(fn, ctx, tally).durationMs : 0));
            } else if (kind.kind === "startExecution" && kind.sync) {
                const child = idx.byArn(kind.stateMachineArn);
                ms += task.count * (child ? durationOf(child, depth + 1) : latency.states);
            } else if (call && build.integrations === "lambda") {
                ms += task.count * (latency.lambda + glueProfile(call, ctx).durationMs);
            } else {
                ms += task.count * (call ? latency[call.split(":")[0]] ?? latency.lambda : latency.lambda);
            }
        }
        durations.set(sm, ms);
        return ms;
    };

    // Executions per order: direct starts (rules) plus every parent's starts of it, to the depth of the nesting.
    const direct = new Map(tally.executions);
    let executions = new Map(direct);
    for (let pass = 0; pass < stateMachines.length; pass++) {
        const next = new Map(direct);
        for (const [parent, path] of paths) {
            for (const task of path.tasks) {
                const kind = classifyTask(task);
                if (kind.kind !== "startExecution") continue;
                const child = idx.byArn(kind.stateMachineArn);
                if (child) next.set(child, (next.get(child) ?? 0) + (executions.get(parent) ?? 0) * task.count);
                else tally.note(`${parent.name} ${task.state}: starts ${kind.stateMachineArn}, not among the resources; not priced`);
            }
        }
        executions = next;
    }

    const payloadBytes = eventBytes("OrderPlaced");
    for (const [sm, path] of paths) {
        const n = executions.get(sm) ?? 0;
        if (n === 0) continue;
        tally.add(...workflowLines(sm.name, typeOf(sm), n, path.transitions, durationOf(sm)));
        const level = build.logs === "verbose" ? "ALL" : String(sm.inputs.loggingConfiguration?.level ?? "OFF");
        const includeData = build.logs === "verbose" || sm.inputs.loggingConfiguration?.includeExecutionData === true;
        const bytes = workflowLogBytes(path, level, includeData, assumptions.workflowEventBytes.value, payloadBytes);
        tally.add({ service: "CloudWatch Logs", item: `${sm.name} execution logs (GB, ${level})`, perOrder: gb(n * bytes), price: "logsIngestGb" });
        let writes = 0;
        let reads = 0;
        const glue: UsageLine[] = [];
        for (const task of path.tasks) {
            const kind = classifyTask(task);
            const times = n * task.count;
            if (kind.kind === "lambda") tally.invoke(idx.lambda(kind.functionArn), times, false, `${sm.name} ${task.state}`);
            if (kind.kind === "dynamodb") {
                const units = dynamoUnits(kind.operation);
                writes += times * units.writes;
                reads += times * units.reads;
            }
            if (kind.kind === "sqsSend") tally.add({ service: "SQS", item: `${sm.name} ${task.state} sends`, perOrder: times, price: "sqsRequest" });
            const call = callOf(kind);
            if (call && build.integrations === "lambda") {
                glue.push(...functionLines(`${sm.name} ${task.state} function`, times, glueProfile(call, ctx), assumptions));
            }
        }
        tally.add(...glue);
        tally.add({ service: "DynamoDB", item: `${sm.name} writes (WRU)`, perOrder: writes, price: "dynamoWriteUnit" });
        tally.add({ service: "DynamoDB", item: `${sm.name} reads (RRU)`, perOrder: reads, price: "dynamoReadUnit" });
    }
}
