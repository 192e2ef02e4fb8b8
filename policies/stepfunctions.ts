import { asArray, asRecord, asString, get, PackPolicy, parseJson, Problem, resourcePolicy } from "./core";
import { T } from "./types";

export interface TaskState {
    /** Path of state names from the top, e.g. "Fan out/branch 0/Charge". */
    readonly path: string;
    readonly state: Record<string, unknown>;
}

/** Every Task state of an ASL definition, recursing into Parallel branches and Map iterators/item processors. */
export function taskStates(definition: unknown, prefix = ""): TaskState[] {
    const states = asRecord(asRecord(definition)?.States) ?? {};
    const found: TaskState[] = [];
    for (const [name, raw] of Object.entries(states)) {
        const state = asRecord(raw);
        if (!state) continue;
        const path = prefix ? `${prefix}/${name}` : name;
        if (state.Type === "Task") found.push({ path, state });
        if (state.Type === "Parallel") asArray(state.Branches).forEach((b, i) => found.push(...taskStates(b, `${path}/branch ${i}`)));
        if (state.Type === "Map") found.push(...taskStates(state.ItemProcessor ?? state.Iterator, `${path}/item`));
    }
    return found;
}

function definitionOf(props: Record<string, unknown>): Record<string, unknown> | undefined {
    return asRecord(parseJson(props.definition));
}

const LEVELS = ["OFF", "FATAL", "ERROR", "ALL"];

export const stepFunctionsPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "sfn-tracing", type: T.stateMachine, pillar: "Operational Excellence",
        sources: ["Serverless-StepFunctionStateMachineXray", "AwsSolutions-SF2"],
        description: "State machines have X-Ray tracing on, so an order's path through the workflow and its Lambda and SDK calls is visible.",
        remediation: "Set tracingConfiguration: { enabled: true } and allow the X-Ray actions in the state machine's role.",
    }, (props) => get(props, "tracingConfiguration", "enabled") === true ? [] :
        [["X-Ray tracing is off", "set tracingConfiguration: { enabled: true } and allow xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets in its role"]]),

    resourcePolicy<{ minimumLevel?: string }>({
        name: "sfn-logging", type: T.stateMachine, pillar: "Operational Excellence",
        sources: ["AwsSolutions-SF1"],
        description: "State machines log executions to CloudWatch Logs at `minimumLevel` or more (default ERROR; cdk-nag SF1 asks for ALL, set minimumLevel to ALL to match it).",
        remediation: "Set loggingConfiguration: { level, includeExecutionData: true, logDestination: `${logGroup.arn}:*` }.",
        configSchema: { properties: { minimumLevel: { type: "string", enum: ["FATAL", "ERROR", "ALL"], default: "ERROR" } } },
    }, (props, config) => {
        const level = asString(get(props, "loggingConfiguration", "level")) ?? "OFF";
        const minimum = config.minimumLevel ?? "ERROR";
        const problems: Problem[] = [];
        if (LEVELS.indexOf(level) < LEVELS.indexOf(minimum)) {
            problems.push([`execution logging is ${level}, below ${minimum}`, `set loggingConfiguration.level to ${minimum} or ALL (workflowLogLevel)`]);
        }
        if (level !== "OFF" && !asString(get(props, "loggingConfiguration", "logDestination"))) {
            problems.push(["logging has no destination", "set loggingConfiguration.logDestination to `${logGroup.arn}:*` of a log group with retention"]);
        }
        return problems;
    }),

    resourcePolicy({
        name: "sfn-task-retry", type: T.stateMachine, pillar: "Reliability",
        sources: ["event-driven"],
        description: "Every Task state (also inside Parallel and Map) has a Retry with backoff, so a throttle or transient error does not fail the order.",
        remediation: "Add Retry: [{ ErrorEquals: [\"States.ALL\"], IntervalSeconds, MaxAttempts, BackoffRate, JitterStrategy: \"FULL\" }] to each Task.",
    }, (props) => {
        const definition = definitionOf(props);
        if (!definition) return [["its definition is not valid JSON", "give it a valid Amazon States Language definition"]];
        return taskStates(definition).filter((t) => asArray(t.state.Retry).length === 0).map((t): Problem =>
            [`Task "${t.path}" has no Retry, so one transient error fails the execution`, `add Retry: [{ "ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2, "JitterStrategy": "FULL" }] to "${t.path}"`]);
    }),

    resourcePolicy({
        name: "sfn-task-timeout", type: T.stateMachine, pillar: "Reliability",
        sources: ["event-driven"],
        description: "Every Task state (also inside Parallel and Map) sets TimeoutSeconds, so a hung integration cannot hold the execution until the state machine's own limit.",
        remediation: "Add TimeoutSeconds (or TimeoutSecondsPath) to each Task, a little above its slowest expected run.",
    }, (props) => {
        const definition = definitionOf(props);
        if (!definition) return [["its definition is not valid JSON", "give it a valid Amazon States Language definition"]];
        return taskStates(definition).filter((t) => t.state.TimeoutSeconds === undefined && t.state.TimeoutSecondsPath === undefined).map((t): Problem =>
            [`Task "${t.path}" has no TimeoutSeconds, so a hung call waits up to the execution limit (1 year for STANDARD)`, `add "TimeoutSeconds" to "${t.path}", a little above its slowest expected run`]);
    }),
];
