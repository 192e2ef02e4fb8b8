import * as pulumi from "@pulumi/pulumi";
import {
    ARCHIVE_RETENTION_DAYS, FUNCTION_LOG_LEVELS, FunctionLogLevel, HTTP_API_THROTTLE, LAMBDA_MEMORY_MB, LOG_RETENTION_DAYS,
    SQS_MAPPING_MAX_CONCURRENCY, STATE_MACHINE_LOG_LEVELS, StateMachineLogLevel, WORKFLOW_TYPES, WorkflowType,
} from "./constants/aws";
import { ACCOUNT_ID, corsOriginProblems, EMAIL_ADDRESS, EVENT_BUS_ARN, REDIRECT_URL } from "./constants/patterns";
import { EVENT_NAMES, EventName } from "./contracts";
import { workflowTypeProblems } from "./workflows/composition";

/**
 * The stack configuration: every key, its type, default and allowed values, in one table.
 * `Pulumi.yaml`, the README's table and the program all derive from (or are tested against) it.
 */

type Kind = "string" | "integer" | "boolean" | "array";
type Value = string | number | boolean | string[];

interface KeySpec<T extends Value> {
    readonly kind: Kind;
    readonly description: string;
    readonly default: T;
    /** Returns a description of what is allowed when `value` is not acceptable. */
    readonly check?: (value: T) => string | undefined;
}

const oneOf = <T extends string | number>(allowed: readonly T[]) => (value: T) =>
    allowed.includes(value) ? undefined : `one of ${allowed.join(", ")}`;
const between = (min: number, max: number) => (value: number) =>
    Number.isInteger(value) && value >= min && value <= max ? undefined : `an integer from ${min} to ${max}`;
const each = (test: (item: string) => boolean, what: string) => (value: string[]) =>
    value.every(test) ? undefined : `a list of ${what}`;


export const CONFIG_SPEC = {
    logRetentionDays: {
        kind: "integer", default: 7,
        description: "Retention of every log group (functions, state machines, API access logs), in days.",
        check: oneOf(LOG_RETENTION_DAYS),
    } as KeySpec<number>,
    archiveRetentionDays: {
        kind: "integer", default: 7,
        description: "Retention of the event archive on the orders bus, in days (finite, so replay storage is bounded).",
        check: between(ARCHIVE_RETENTION_DAYS.min, ARCHIVE_RETENTION_DAYS.max),
    } as KeySpec<number>,
    producerAccountIds: {
        kind: "array", default: [],
        description: "Other AWS accounts allowed to put events on the orders bus. This account is always allowed.",
        check: each((id) => ACCOUNT_ID.test(id), "12-digit AWS account ids"),
    } as KeySpec<string[]>,
    forwardEventTypes: {
        kind: "array", default: [],
        description: "Contract events forwarded to every bus in forwardBusArns.",
        check: each((name) => (EVENT_NAMES as readonly string[]).includes(name), `event names (${EVENT_NAMES.join(", ")})`),
    } as KeySpec<string[]>,
    forwardBusArns: {
        kind: "array", default: [],
        description: "Event buses in other accounts or regions that receive the forwarded events.",
        check: each((arn) => EVENT_BUS_ARN.test(arn), "event bus ARNs (arn:aws:events:<region>:<account>:event-bus/<name>)"),
    } as KeySpec<string[]>,
    workflowType: {
        kind: "string", default: "EXPRESS",
        description: "Step Functions type of the process-order state machine. EXPRESS is cheaper; STANDARD runs each orderId exactly once and keeps 90 days of execution history.",
        check: oneOf(WORKFLOW_TYPES),
    } as KeySpec<string>,
    routerWorkflowType: {
        kind: "string", default: "EXPRESS",
        description: "Step Functions type of the customer-router state machine. Its effects are idempotent, so EXPRESS fits even where process-order is STANDARD.",
        check: oneOf(WORKFLOW_TYPES),
    } as KeySpec<string>,
    workflowLogLevel: {
        kind: "string", default: "ERROR",
        description: "Step Functions execution log level.",
        check: oneOf(STATE_MACHINE_LOG_LEVELS),
    } as KeySpec<string>,
    functionLogLevel: {
        kind: "string", default: "INFO",
        description: "Application log level of every function (Lambda JSON logging).",
        check: oneOf(FUNCTION_LOG_LEVELS),
    } as KeySpec<string>,
    customerManagedKey: {
        kind: "boolean", default: false,
        description: "Encrypt tables, queues, topics and log groups with one customer-managed KMS key with rotation ($1/month). Otherwise AWS-owned or AWS-managed keys.",
    } as KeySpec<boolean>,
    pointInTimeRecovery: {
        kind: "boolean", default: false,
        description: "DynamoDB point-in-time recovery on the tables.",
    } as KeySpec<boolean>,
    protectData: {
        kind: "boolean", default: false,
        description: "DynamoDB deletion protection, and Pulumi `protect` on tables, the receipts bucket and the key.",
    } as KeySpec<boolean>,
    monitoring: {
        kind: "boolean", default: false,
        description: "CloudWatch alarms (to the ops topic) and the order-flow dashboard. Billed by the hour, so off in dev.",
    } as KeySpec<boolean>,
    alarmEmails: {
        kind: "array", default: [],
        description: "Email addresses subscribed to the ops alarm topic (used when monitoring is on).",
        check: each((email) => EMAIL_ADDRESS.test(email), "email addresses"),
    } as KeySpec<string[]>,
    notificationEmails: {
        kind: "array", default: [],
        description: "Email addresses that receive a readable message for every OrderFailed event.",
        check: each((email) => EMAIL_ADDRESS.test(email), "email addresses"),
    } as KeySpec<string[]>,
    corsAllowOrigins: {
        kind: "array", default: ["http://localhost:3000"],
        description: "Origins allowed to call the HTTP API from a browser.",
        check: (origins) => corsOriginProblems(origins).length === 0 ? undefined : "a list of origins (https://host[:port]), or [\"*\"] alone",
    } as KeySpec<string[]>,
    authRedirectUrls: {
        kind: "array", default: ["http://localhost:3000/"],
        description: "URLs that customer sign-in and sign-out may return the browser to (https://, or http://localhost for development).",
        check: each((url) => REDIRECT_URL.test(url), "https:// URLs or http://localhost URLs"),
    } as KeySpec<string[]>,
    apiThrottleBurst: {
        kind: "integer", default: 20,
        description: "Default route throttling burst limit of the HTTP API stage (requests).",
        check: between(HTTP_API_THROTTLE.burst.min, HTTP_API_THROTTLE.burst.max),
    } as KeySpec<number>,
    apiThrottleRate: {
        kind: "integer", default: 10,
        description: "Default route throttling steady-state rate of the HTTP API stage (requests per second).",
        check: between(HTTP_API_THROTTLE.rate.min, HTTP_API_THROTTLE.rate.max),
    } as KeySpec<number>,
    consumerMaxConcurrency: {
        kind: "integer", default: 2,
        description: "Upper bound of concurrent Lambda invocations per SQS consumer (event source mapping maximumConcurrency).",
        check: between(SQS_MAPPING_MAX_CONCURRENCY.min, SQS_MAPPING_MAX_CONCURRENCY.max),
    } as KeySpec<number>,
    functionMemoryMb: {
        kind: "integer", default: 256,
        description: "Memory of every function, in MB (CPU scales with it).",
        check: between(LAMBDA_MEMORY_MB.min, LAMBDA_MEMORY_MB.max),
    } as KeySpec<number>,
} as const;

export type ConfigKey = keyof typeof CONFIG_SPEC;

export interface StackConfig {
    readonly stack: string;
    readonly logRetentionDays: number;
    readonly archiveRetentionDays: number;
    readonly producerAccountIds: string[];
    readonly forwardEventTypes: EventName[];
    readonly forwardBusArns: string[];
    readonly workflowType: WorkflowType;
    readonly routerWorkflowType: WorkflowType;
    readonly workflowLogLevel: StateMachineLogLevel;
    readonly functionLogLevel: FunctionLogLevel;
    readonly customerManagedKey: boolean;
    readonly pointInTimeRecovery: boolean;
    readonly protectData: boolean;
    readonly monitoring: boolean;
    readonly alarmEmails: string[];
    readonly notificationEmails: string[];
    readonly corsAllowOrigins: string[];
    readonly authRedirectUrls: string[];
    readonly apiThrottleBurst: number;
    readonly apiThrottleRate: number;
    readonly consumerMaxConcurrency: number;
    readonly functionMemoryMb: number;
}

/** Thrown when stack configuration is invalid; lists every bad key at once. */
export class StackConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
            problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "StackConfigError";
    }
}

function typeOf(value: unknown): Kind | "other" {
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "other";
    if (typeof value === "string" || typeof value === "boolean") return typeof value as Kind;
    return "other";
}

/**
 * Validates raw config values (already JSON-parsed), applying defaults.
 * Exported for tests: the program itself calls {@link loadStackConfig}.
 */
export function validateStackConfig(stack: string, raw: Record<string, unknown>, namespace = "order-platform"): StackConfig {
    const problems: string[] = [];
    const known = new Set(Object.keys(CONFIG_SPEC));
    for (const key of Object.keys(raw)) {
        if (!known.has(key)) {
            problems.push(`${namespace}:${key} is not a known key; known keys are ${[...known].join(", ")}`);
        }
    }
    const values: Record<string, Value> = {};
    for (const [key, spec] of Object.entries(CONFIG_SPEC) as [ConfigKey, KeySpec<Value>][]) {
        const value = raw[key] ?? spec.default;
        const shown = JSON.stringify(value);
        if (typeOf(value) !== spec.kind || (spec.kind === "array" && !(value as unknown[]).every((v) => typeof v === "string"))) {
            problems.push(`${namespace}:${key} is ${shown}, but must be ${spec.kind === "array" ? "a list of strings" : `a${spec.kind === "integer" ? "n" : ""} ${spec.kind}`}`);
            continue;
        }
        const allowed = spec.check?.(value as Value);
        if (allowed) {
            problems.push(`${namespace}:${key} is ${shown}, but must be ${allowed}`);
            continue;
        }
        values[key] = value as Value;
    }
    if (problems.length === 0) {
        const forwarding = [(values.forwardEventTypes as string[]).length > 0, (values.forwardBusArns as string[]).length > 0];
        if (forwarding[0] !== forwarding[1]) {
            problems.push(`${namespace}:forwardEventTypes and ${namespace}:forwardBusArns must be set together ` +
                `(got ${(values.forwardEventTypes as string[]).length} event types and ${(values.forwardBusArns as string[]).length} bus ARNs)`);
        }
        // The machines' definitions must be runnable as the chosen types (e.g. no .sync under EXPRESS): say so now,
        // before any resource exists, rather than when Step Functions rejects the definition.
        for (const problem of workflowTypeProblems(values.workflowType as WorkflowType, values.routerWorkflowType as WorkflowType)) {
            problems.push(`${namespace}:workflowType/${namespace}:routerWorkflowType: ${problem}`);
        }
        if (values.monitoring === false && (values.alarmEmails as string[]).length > 0) {
            problems.push(`${namespace}:alarmEmails is set, but ${namespace}:monitoring is false, so no alarm would ever reach them; turn monitoring on or remove the addresses`);
        }
    }
    if (problems.length > 0) throw new StackConfigError(problems);
    return { stack, ...values } as unknown as StackConfig;
}

/** Reads and validates the whole stack configuration once, before any resource is created. */
export function loadStackConfig(): StackConfig {
    const prefix = `${pulumi.getProject()}:`;
    const raw: Record<string, unknown> = {};
    // Every key in this project's namespace, so a typo is reported instead of silently falling back to a default.
    for (const [fullKey, text] of Object.entries(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        raw[key] = CONFIG_SPEC[key as ConfigKey]?.kind === "string" ? text : parseConfigText(text);
    }
    return validateStackConfig(pulumi.getStack(), raw, pulumi.getProject());
}

function parseConfigText(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text; // reported as a type error by validateStackConfig
    }
}
