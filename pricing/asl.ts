/**
 * Walking a state machine definition (Amazon States Language): its expected path (what the cost model prices), every
 * Task it can reach on any path (what the flow diagram draws), and what kind of work each Task does.
 */

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
    /** The part of `transitions` that enters a Task state. */
    readonly taskTransitions: number;
    readonly tasks: TaskVisit[];
}

export interface AslState {
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
    Catch?: { Next: string }[];
}

export interface AslDefinition {
    StartAt: string;
    States: Record<string, AslState>;
}

const MAX_STEPS = 500;

/**
 * The expected transitions and Tasks of one execution on the happy path (no retries, no Catch): every branch
 * of a Choice is taken with equal probability, every Parallel branch runs, a Map runs `mapItems`
 * items. Throws when the definition names a state that does not exist, or loops without end.
 */
export function expectedPath(definition: string | AslDefinition, mapItems = 1): ExpectedPath {
    const asl: AslDefinition = typeof definition === "string" ? JSON.parse(definition) : definition;
    const tasks = new Map<string, TaskVisit>();
    let transitions = 0;
    let taskTransitions = 0;
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
                    if (inner) walk(inner, inner.StartAt, weight * mapItems, `${prefix}${name}/`);
                    break;
                }
                case "Task": {
                    taskTransitions += weight;
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
    return { transitions, taskTransitions, tasks: [...tasks.values()] };
}

/**
 * Every Task of the definition, on every path (Catch handlers, every Choice branch, nested branches), each counted
 * once: what a workflow can call, whichever way an execution goes.
 */
export function allTasks(definition: string | AslDefinition): TaskVisit[] {
    const asl: AslDefinition = typeof definition === "string" ? JSON.parse(definition) : definition;
    const out: TaskVisit[] = [];
    const visit = (graph: AslDefinition, prefix: string): void => {
        for (const [name, state] of Object.entries(graph.States ?? {})) {
            if (state.Type === "Task") out.push({ state: `${prefix}${name}`, resource: state.Resource ?? "", args: state.Parameters ?? state.Arguments ?? {}, count: 1 });
            for (const branch of state.Branches ?? []) visit(branch, `${prefix}${name}/`);
            const inner = state.ItemProcessor ?? state.Iterator;
            if (inner) visit(inner, `${prefix}${name}/`);
        }
    };
    visit(asl, "");
    return out;
}

/** What kind of work a Task resource does, for pricing its side effects. */
export type TaskKind =
    | { kind: "lambda"; functionArn: string }
    | { kind: "startExecution"; stateMachineArn: string; sync: boolean }
    | { kind: "dynamodb"; operation: string }
    | { kind: "putEvents" }
    | { kind: "sqsSend" }
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
    if (/:states:::(?:aws-sdk:)?sqs:sendMessage$/i.test(r)) return { kind: "sqsSend" };
    return { kind: "other" };
}
