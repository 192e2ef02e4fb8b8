/**
 * The IAM statements a state machine's role needs, derived from its Task states (CDK's `taskPolicies` idea): the
 * permission comes from the same `Resource` and `Parameters` the Task calls with, so a Task cannot ship without
 * it, and the role holds nothing a Task does not call. A Task whose permission cannot be derived is refused.
 */
import { JsonValue, PayloadTemplate, RESOURCES, StateMachineDefinition, TaskState, tasksOf } from "./asl";

/** One statement, in IAM's JSON shape. Plain data: the component renders it into the role's policy. */
export interface TaskStatement {
    readonly Sid: string;
    readonly Action: string[];
    readonly Resource: string;
    readonly Condition?: Record<string, Record<string, string[]>>;
}

/** Where the machine runs: names in Task parameters become ARNs in this partition, region and account. */
export interface AwsEnvironment {
    readonly partition: string;
    readonly region: string;
    readonly account: string;
}

/** Thrown when a Task's permission cannot be derived; the message names each state and what is supported. */
export class TaskPolicyError extends Error {
    constructor(readonly machine: string, readonly problems: string[]) {
        super(`state machine ${machine}: ${problems.join("; ")}`);
        this.name = "TaskPolicyError";
    }
}

/** What one Task needs on one resource. */
interface Need {
    readonly kind: "lambda" | "dynamodb" | "events" | "states" | "sqs";
    readonly resource: string;
    readonly action: string;
    readonly sources?: string[];
    readonly detailTypes?: string[];
}

type Derive = (state: string, parameters: PayloadTemplate, env: AwsEnvironment) => Need[];

/** A parameter the permission depends on: it must be a literal, since a path is only known at run time. */
function literal(state: string, parameters: PayloadTemplate | undefined, key: string, where = ""): string {
    if (parameters && `${key}.$` in parameters) {
        throw new Error(`state "${state}": ${where}${key} is the path "${String(parameters[`${key}.$`])}", but a permission can only be ` +
            `derived from a literal ${key}; name the resource in the definition`);
    }
    const value = parameters?.[key];
    if (typeof value !== "string" || value.length === 0) {
        throw new Error(`state "${state}": ${where}${key} must be a literal string, but ${JSON.stringify(value) ?? "nothing"} was provided`);
    }
    return value;
}

const isArn = (value: string) => value.startsWith("arn:");

function tableArn(name: string, env: AwsEnvironment): string {
    return isArn(name) ? name : `arn:${env.partition}:dynamodb:${env.region}:${env.account}:table/${name}`;
}

function dynamoDb(action: string): Derive {
    return (state, parameters, env) => [{ kind: "dynamodb", resource: tableArn(literal(state, parameters, "TableName"), env), action }];
}

/** Lambda takes a name, a partial ARN (`<account>:function:<name>`) or an ARN, each optionally qualified. */
function functionArn(name: string, env: AwsEnvironment): string {
    if (isArn(name)) return name;
    if (/^\d{12}:function:/.test(name)) return `arn:${env.partition}:lambda:${env.region}:${name}`;
    return `arn:${env.partition}:lambda:${env.region}:${env.account}:function:${name}`;
}

/** One statement per bus, conditioned on exactly the sources and detail-types the Tasks emit there. */
const putEvents: Derive = (state, parameters, env) => {
    if ("Entries.$" in parameters || !Array.isArray(parameters.Entries) || parameters.Entries.length === 0) {
        throw new Error(`state "${state}": Entries must be a literal, non-empty list, so the events it emits are known`);
    }
    return parameters.Entries.map((entry: JsonValue, i: number) => {
        const fields = (entry !== null && typeof entry === "object" && !Array.isArray(entry) ? entry : {}) as PayloadTemplate;
        const where = `Entries[${i}].`;
        // Without EventBusName, PutEvents goes to the account's default bus.
        const bus = "EventBusName" in fields || "EventBusName.$" in fields ? literal(state, fields, "EventBusName", where) : "default";
        return {
            kind: "events" as const,
            resource: isArn(bus) ? bus : `arn:${env.partition}:events:${env.region}:${env.account}:event-bus/${bus}`,
            action: "events:PutEvents",
            sources: [literal(state, fields, "Source", where)],
            detailTypes: [literal(state, fields, "DetailType", where)],
        };
    });
};

const startExecution: Derive = (state, parameters) => {
    const arn = literal(state, parameters, "StateMachineArn");
    if (!/^arn:[^:]+:states:[^:]+:\d{12}:stateMachine:[^:]+$/.test(arn)) {
        throw new Error(`state "${state}": StateMachineArn must be a state machine ARN (arn:<partition>:states:<region>:<account>:stateMachine:<name>), but "${arn}" was provided`);
    }
    return [{ kind: "states", resource: arn, action: "states:StartExecution" }];
};

/** SQS takes a queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`); IAM names the queue by ARN. */
const sendMessage: Derive = (state, parameters, env) => {
    const url = literal(state, parameters, "QueueUrl");
    const match = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/.exec(url);
    if (!match) {
        throw new Error(`state "${state}": QueueUrl must be an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>), but "${url}" was provided`);
    }
    const [, region, account, name] = match;
    return [{ kind: "sqs", resource: `arn:${env.partition}:sqs:${region}:${account}:${name}`, action: "sqs:SendMessage" }];
};

/** The integrations whose permissions are derived; any other Resource is refused. */
const DERIVATIONS: Record<string, Derive> = {
    [RESOURCES.lambdaInvoke]: (state, parameters, env) =>
        [{ kind: "lambda", resource: functionArn(literal(state, parameters, "FunctionName"), env), action: "lambda:InvokeFunction" }],
    [RESOURCES.dynamoGetItem]: dynamoDb("dynamodb:GetItem"),
    [RESOURCES.dynamoPutItem]: dynamoDb("dynamodb:PutItem"),
    [RESOURCES.dynamoUpdateItem]: dynamoDb("dynamodb:UpdateItem"),
    [RESOURCES.sqsSendMessage]: sendMessage,
    [RESOURCES.eventsPutEvents]: putEvents,
    [RESOURCES.startExecution]: startExecution,
};

/** The Task resources whose permissions can be derived. */
export const SUPPORTED_TASK_RESOURCES = Object.keys(DERIVATIONS);

const SID_PREFIX: Record<Need["kind"], string> = {
    lambda: "InvokeFunction",
    dynamodb: "UseTable",
    events: "PutEvents",
    states: "StartExecution",
    sqs: "SendMessage",
};

function needsOf(state: string, task: TaskState, env: AwsEnvironment): Need[] {
    const derive = DERIVATIONS[task.Resource];
    if (!derive) {
        throw new Error(`state "${state}" uses Resource "${task.Resource}", whose permission cannot be derived; ` +
            `supported resources: ${SUPPORTED_TASK_RESOURCES.join(", ")}`);
    }
    return derive(state, task.Parameters ?? {}, env);
}

/** Why some Task's permission cannot be derived: empty when every Task's can. Needs no environment. */
export function taskPolicyProblems(definition: StateMachineDefinition): string[] {
    const placeholder: AwsEnvironment = { partition: "aws", region: "us-east-1", account: "123456789012" };
    const problems: string[] = [];
    for (const [state, task] of tasksOf(definition)) {
        try {
            needsOf(state, task, placeholder);
        } catch (e) {
            problems.push((e as Error).message);
        }
    }
    return problems;
}

/**
 * Exactly the statements the Tasks of `definition` need: the actions each calls, on the exact table, bus, state
 * machine or function it names, with `events:source` / `events:detail-type` conditions listing exactly what it
 * emits. One statement per resource, in the order the states first use them. Throws a TaskPolicyError naming
 * every state whose permission cannot be derived.
 */
export function taskPolicies(machine: string, definition: StateMachineDefinition, env: AwsEnvironment): TaskStatement[] {
    const problems = taskPolicyProblems(definition);
    if (problems.length > 0) throw new TaskPolicyError(machine, problems);
    const byResource = new Map<string, { kind: Need["kind"]; resource: string; actions: Set<string>; sources: Set<string>; detailTypes: Set<string> }>();
    for (const [state, task] of tasksOf(definition)) {
        for (const need of needsOf(state, task, env)) {
            const key = `${need.kind} ${need.resource}`;
            const entry = byResource.get(key) ?? { kind: need.kind, resource: need.resource, actions: new Set(), sources: new Set(), detailTypes: new Set() };
            entry.actions.add(need.action);
            need.sources?.forEach((s) => entry.sources.add(s));
            need.detailTypes?.forEach((d) => entry.detailTypes.add(d));
            byResource.set(key, entry);
        }
    }
    const counts = new Map<Need["kind"], number>();
    return [...byResource.values()].map(({ kind, resource, actions, sources, detailTypes }) => {
        const n = (counts.get(kind) ?? 0) + 1;
        counts.set(kind, n);
        const statement: TaskStatement = {
            Sid: `${SID_PREFIX[kind]}${n === 1 ? "" : n}`,
            Action: [...actions].sort(),
            Resource: resource,
        };
        return kind === "events"
            ? { ...statement, Condition: { StringEquals: { "events:source": [...sources].sort(), "events:detail-type": [...detailTypes].sort() } } }
            : statement;
    });
}
