/**
 * Small typed builders for the Amazon States Language (JSONPath flavour), so state machine definitions are
 * written as typed objects in code, never as hand-edited JSON strings. Only what the platform uses is modelled.
 * Pulumi-free: the deployed program, the local runtime and the tests read the same definitions.
 *
 * The builders bake in two rules: every Task has a `TimeoutSeconds` (a Task without one waits up to a year in
 * Standard) and a `Retry` with exponential backoff and full jitter (so a burst of failing executions does not
 * retry in lockstep). Errors that retrying cannot fix are listed as `nonRetryable`: they get a retrier with
 * `MaxAttempts: 0` placed first, because Step Functions applies the first retrier whose `ErrorEquals` matches.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A payload template: keys ending in `.$` are paths or intrinsic functions, evaluated at run time. */
export type PayloadTemplate = { [key: string]: JsonValue };

export interface Retrier {
    readonly ErrorEquals: string[];
    readonly IntervalSeconds: number;
    readonly MaxAttempts: number;
    readonly BackoffRate: number;
    readonly MaxDelaySeconds?: number;
    readonly JitterStrategy: "FULL" | "NONE";
}

export interface Catcher {
    readonly ErrorEquals: string[];
    readonly Next: string;
    /** Where the error output (`{Error, Cause}`) goes; `$.error` keeps the state's original input next to it. */
    readonly ResultPath: string | null;
}

type Transition = { readonly Next: string; readonly End?: never } | { readonly End: true; readonly Next?: never };

interface Common {
    readonly Comment?: string;
}

export type TaskState = Common & Transition & {
    readonly Type: "Task";
    readonly Resource: string;
    readonly Parameters?: PayloadTemplate;
    readonly ResultSelector?: PayloadTemplate;
    readonly ResultPath?: string | null;
    readonly OutputPath?: string;
    readonly TimeoutSeconds: number;
    readonly Retry: Retrier[];
    readonly Catch?: Catcher[];
};

/** A comparison on one variable. Only the operators the platform uses are modelled. */
export type Comparison = { readonly Variable: string } & (
    | { readonly IsPresent: boolean }
    | { readonly IsString: boolean }
    | { readonly StringEquals: string }
    | { readonly StringEqualsPath: string }
    | { readonly StringMatches: string }
    | { readonly BooleanEquals: boolean }
);

/** A comparison, or comparisons combined (the nested ones carry no Next). */
export type ChoiceCondition = Comparison | { readonly And: ChoiceCondition[] } | { readonly Or: ChoiceCondition[] } | { readonly Not: ChoiceCondition };

/** One Choice rule: a condition and the state it leads to. */
export type ChoiceRule = ChoiceCondition & { readonly Next: string };

export interface ChoiceState extends Common {
    readonly Type: "Choice";
    readonly Choices: ChoiceRule[];
    readonly Default: string;
}

export type PassState = Common & Transition & {
    readonly Type: "Pass";
    readonly Parameters?: PayloadTemplate;
    readonly Result?: JsonValue;
    readonly ResultPath?: string | null;
};

export interface SucceedState extends Common {
    readonly Type: "Succeed";
}

export interface FailState extends Common {
    readonly Type: "Fail";
    readonly Error?: string;
    readonly ErrorPath?: string;
    readonly Cause?: string;
    readonly CausePath?: string;
}

export type State = TaskState | ChoiceState | PassState | SucceedState | FailState;

export interface StateMachineDefinition {
    readonly Comment?: string;
    readonly StartAt: string;
    /** Upper bound of one execution, in seconds. Express workflows stop at 300 whatever this says. */
    readonly TimeoutSeconds?: number;
    readonly States: Record<string, State>;
}

/** The default backoff every Task gets: 1 s, 2 s, 4 s (jittered) for 3 attempts. */
export const DEFAULT_RETRY = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: "FULL" } as const;

/**
 * Transient Lambda service errors, retried more patiently than application errors (as the AWS console does for
 * every Lambda task): they say nothing about the order, only that the invocation did not happen.
 */
export const LAMBDA_SERVICE_ERRORS = [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
] as const;
// MaxDelaySeconds bounds the backoff, so the worst-case retry path stays well inside the execution timeout.
const LAMBDA_SERVICE_RETRY = { IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 20, JitterStrategy: "FULL" } as const;

/** Optimized service integrations (request-response: the task ends when the API call returns). */
export const RESOURCES = {
    lambdaInvoke: "arn:aws:states:::lambda:invoke",
    dynamoGetItem: "arn:aws:states:::dynamodb:getItem",
    dynamoPutItem: "arn:aws:states:::dynamodb:putItem",
    dynamoUpdateItem: "arn:aws:states:::dynamodb:updateItem",
    sqsSendMessage: "arn:aws:states:::sqs:sendMessage",
    eventsPutEvents: "arn:aws:states:::events:putEvents",
    startExecution: "arn:aws:states:::states:startExecution",
} as const;

/** The error names Step Functions raises from those integrations. */
export const SERVICE_ERRORS = {
    conditionalCheckFailed: "DynamoDB.ConditionalCheckFailedException",
    executionAlreadyExists: "StepFunctions.ExecutionAlreadyExistsException",
} as const;

export interface TaskOptions {
    readonly comment?: string;
    readonly parameters?: PayloadTemplate;
    readonly resultSelector?: PayloadTemplate;
    /** `null` discards the result and passes the input on unchanged. @default "$" (the result replaces the input) */
    readonly resultPath?: string | null;
    /** Seconds before the task fails with `States.Timeout`, 1 to 99999999. */
    readonly timeoutSeconds: number;
    /** Errors that retrying cannot fix: never retried, straight to Catch. @default none */
    readonly nonRetryable?: readonly string[];
    /** Extra retriers placed before the default one (e.g. the Lambda service errors). @default none */
    readonly retry?: Retrier[];
    /** Timing of the final `States.ALL` retrier, for a call worth more patience. @default DEFAULT_RETRY */
    readonly patience?: Omit<Retrier, "ErrorEquals">;
    /** Catchers, most specific first. */
    readonly catch?: Catcher[];
    /** The next state, or `undefined` to end the execution here. */
    readonly next?: string;
}

/** Thrown when a definition (or a state being built for one) breaks a rule of the language or of the platform. */
export class DefinitionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DefinitionError";
    }
}

/** A Task state with the platform's mandatory timeout and retry policy. */
export function task(resource: string, options: TaskOptions): TaskState {
    const { timeoutSeconds } = options;
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 99_999_999) {
        throw new DefinitionError(`task ${resource}: timeoutSeconds must be an integer from 1 to 99999999, but ${timeoutSeconds} was provided`);
    }
    const nonRetryable = options.nonRetryable ?? [];
    const retry: Retrier[] = [
        ...(nonRetryable.length > 0 ? [{ ErrorEquals: [...nonRetryable], ...DEFAULT_RETRY, MaxAttempts: 0 }] : []),
        ...(options.retry ?? []),
        { ErrorEquals: ["States.ALL"], ...(options.patience ?? DEFAULT_RETRY) },
    ];
    return {
        Type: "Task",
        Resource: resource,
        ...(options.comment ? { Comment: options.comment } : {}),
        ...(options.parameters ? { Parameters: options.parameters } : {}),
        ...(options.resultSelector ? { ResultSelector: options.resultSelector } : {}),
        ...(options.resultPath !== undefined ? { ResultPath: options.resultPath } : {}),
        TimeoutSeconds: timeoutSeconds,
        Retry: retry,
        ...(options.catch && options.catch.length > 0 ? { Catch: options.catch } : {}),
        ...transition(options.next),
    };
}

/**
 * Invokes a Lambda function through the optimized integration, with the Lambda service errors retried.
 * The function's return value is exposed as the task result (the `Payload` is unwrapped).
 */
export function lambdaTask(functionArn: string, options: Omit<TaskOptions, "parameters"> & { payload?: PayloadTemplate }): TaskState {
    const { payload, ...rest } = options;
    return task(RESOURCES.lambdaInvoke, {
        ...rest,
        parameters: { FunctionName: functionArn, ...(payload ? { Payload: payload } : { "Payload.$": "$" }) },
        resultSelector: options.resultSelector ?? { "Payload.$": "$.Payload" },
        retry: [{ ErrorEquals: [...LAMBDA_SERVICE_ERRORS], ...LAMBDA_SERVICE_RETRY }, ...(options.retry ?? [])],
    });
}

/** Catches the given errors, putting the error output at `resultPath` so the original input is kept. */
export function catchTo(next: string, errors: readonly string[] = ["States.ALL"], resultPath: string | null = "$.error"): Catcher {
    return { ErrorEquals: [...errors], Next: next, ResultPath: resultPath };
}

export function choice(choices: ChoiceRule[], defaultState: string, comment?: string): ChoiceState {
    return { Type: "Choice", ...(comment ? { Comment: comment } : {}), Choices: choices, Default: defaultState };
}

/** Every one of `conditions` holds (a single one stands alone: And needs at least two). */
export function allOf(conditions: ChoiceCondition[]): ChoiceCondition {
    if (conditions.length === 0) throw new DefinitionError("allOf needs at least one condition");
    return conditions.length === 1 ? conditions[0] : { And: conditions };
}

export function pass(options: { comment?: string; parameters?: PayloadTemplate; result?: JsonValue; resultPath?: string | null; next?: string }): PassState {
    return {
        Type: "Pass",
        ...(options.comment ? { Comment: options.comment } : {}),
        ...(options.parameters ? { Parameters: options.parameters } : {}),
        ...(options.result !== undefined ? { Result: options.result } : {}),
        ...(options.resultPath !== undefined ? { ResultPath: options.resultPath } : {}),
        ...transition(options.next),
    };
}

export function succeed(comment?: string): SucceedState {
    return { Type: "Succeed", ...(comment ? { Comment: comment } : {}) };
}

/** A Fail state; `error`/`cause` starting with `$` are read from the state's input (ErrorPath/CausePath). */
export function fail(error: string, cause: string, comment?: string): FailState {
    return {
        Type: "Fail",
        ...(comment ? { Comment: comment } : {}),
        ...(error.startsWith("$") ? { ErrorPath: error } : { Error: error }),
        ...(cause.startsWith("$") ? { CausePath: cause } : { Cause: cause }),
    };
}

function transition(next: string | undefined): Transition {
    return next === undefined ? { End: true } : { Next: next };
}

/** Every Task state of a definition, with its name. */
export function tasksOf(definition: StateMachineDefinition): [string, TaskState][] {
    return Object.entries(definition.States).filter((entry): entry is [string, TaskState] => entry[1].Type === "Task");
}

/**
 * Structural checks the ASL schema cannot express, run when a definition is built: every transition target
 * exists and every Task has a timeout, a jittered retry and a Catch. Throws naming the state.
 */
export function checkDefinition(name: string, definition: StateMachineDefinition): StateMachineDefinition {
    const problems: string[] = [];
    const names = new Set(Object.keys(definition.States));
    if (!names.has(definition.StartAt)) problems.push(`StartAt "${definition.StartAt}" is not a state`);
    for (const [stateName, state] of Object.entries(definition.States)) {
        const targets: string[] = [];
        if ("Next" in state && state.Next) targets.push(state.Next);
        if (state.Type === "Choice") targets.push(state.Default, ...state.Choices.map((c) => c.Next));
        if (state.Type === "Task") {
            targets.push(...(state.Catch ?? []).map((c) => c.Next));
            if (!state.Catch || state.Catch.length === 0) problems.push(`Task "${stateName}" has no Catch`);
            if (state.Retry.some((r) => r.JitterStrategy !== "FULL")) problems.push(`Task "${stateName}" has a retrier without full jitter`);
        }
        for (const target of targets) {
            if (!names.has(target)) problems.push(`state "${stateName}" goes to "${target}", which is not a state`);
        }
    }
    if (problems.length > 0) throw new DefinitionError(`state machine ${name}: ${problems.join("; ")}`);
    return definition;
}
