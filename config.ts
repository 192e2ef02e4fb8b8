import * as pulumi from "@pulumi/pulumi";
import {
    ARCHIVE_RETENTION_DAYS, FUNCTION_LOG_LEVELS, FunctionLogLevel, HTTP_API_THROTTLE, LAMBDA_MEMORY_MB, LOG_RETENTION_DAYS,
    SQS_MAPPING_MAX_CONCURRENCY, STATE_MACHINE_LOG_LEVELS, StateMachineLogLevel, WORKFLOW_TYPES, WorkflowType,
} from "./constants/aws";
import { AWS_PROVIDER_SETTINGS, awsSettingProblems, isCiphertext } from "./constants/awsProvider";
import { didYouMean, nearMisses } from "./constants/nearMisses";
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
    /** The allowed values (of the value, or of each item of a list), for "did you mean" on a near miss. */
    readonly choices?: readonly (string | number)[];
}

const oneOf = <T extends string | number>(allowed: readonly T[]) => ({
    check: (value: T) => allowed.includes(value) ? undefined : `one of ${allowed.join(", ")}`,
    choices: allowed,
});
const between = (min: number, max: number) => (value: number) =>
    Number.isInteger(value) && value >= min && value <= max ? undefined : `an integer from ${min} to ${max}`;
const each = (test: (item: string) => boolean, what: string) => (value: string[]) =>
    value.every(test) ? undefined : `a list of ${what}`;
/** Stands for the storefront's origin, an Output the program adds to corsAllowOrigins (not checked, but counted). */
const STOREFRONT_ORIGIN = Symbol("the storefront's origin");


export const CONFIG_SPEC = {
    logRetentionDays: {
        kind: "integer", default: 7,
        description: "Retention of every log group (functions, state machines, API access logs), in days.",
        ...oneOf(LOG_RETENTION_DAYS),
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
        choices: EVENT_NAMES,
    } as KeySpec<string[]>,
    forwardBusArns: {
        kind: "array", default: [],
        description: "Event buses in other accounts or regions that receive the forwarded events.",
        check: each((arn) => EVENT_BUS_ARN.test(arn), "event bus ARNs (arn:aws:events:<region>:<account>:event-bus/<name>)"),
    } as KeySpec<string[]>,
    workflowType: {
        kind: "string", default: "EXPRESS",
        description: "Step Functions type of the process-order state machine. EXPRESS is cheaper; STANDARD runs each orderId exactly once and keeps 90 days of execution history.",
        ...oneOf(WORKFLOW_TYPES),
    } as KeySpec<string>,
    routerWorkflowType: {
        kind: "string", default: "EXPRESS",
        description: "Step Functions type of the customer-router state machine. Its effects are idempotent, so EXPRESS fits even where process-order is STANDARD.",
        ...oneOf(WORKFLOW_TYPES),
    } as KeySpec<string>,
    workflowLogLevel: {
        kind: "string", default: "ERROR",
        description: "Step Functions execution log level.",
        ...oneOf(STATE_MACHINE_LOG_LEVELS),
    } as KeySpec<string>,
    functionLogLevel: {
        kind: "string", default: "INFO",
        description: "Application log level of every function (Lambda JSON logging).",
        ...oneOf(FUNCTION_LOG_LEVELS),
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
        description: "Deletion protection on the DynamoDB tables and the user pool, and Pulumi `protect` on the tables, the receipts buckets, the user pool and the key.",
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
        description: "Origins allowed to call the HTTP API from a browser, besides the storefront's own (always allowed).",
        // Checked with the storefront's origin appended, as the program appends it: so [] is fine and "*" is not.
        check: (origins) => corsOriginProblems([...origins, STOREFRONT_ORIGIN]).length === 0 ? undefined
            : "a list of origins (https://host[:port]), possibly empty; not \"*\", since the storefront's own origin is always added",
    } as KeySpec<string[]>,
    authRedirectUrls: {
        kind: "array", default: ["http://localhost:3000/"],
        description: "URLs that customer sign-in and sign-out may return the browser to (https://, or http://localhost for development), besides the storefront's own (always allowed).",
        check: each((url) => REDIRECT_URL.test(url), "https:// URLs or http://localhost URLs"),
    } as KeySpec<string[]>,
    customerThreatProtection: {
        kind: "boolean", default: true,
        description: "Cognito threat protection (blocks sign-ins with leaked credentials or from risky sources): the Plus tier, billed from the first monthly active user. Off: the Essentials tier (its first 10,000 monthly active users are free).",
    } as KeySpec<boolean>,
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
    readonly customerThreatProtection: boolean;
    readonly apiThrottleBurst: number;
    readonly apiThrottleRate: number;
    readonly consumerMaxConcurrency: number;
    readonly functionMemoryMb: number;
    /**
     * Keys whose value is still encrypted (`{ secure: ... }`), so their default stands in for them. Only an evaluation
     * that reads the stack file itself (the offline plan, the tests) sees ciphertext: the Pulumi CLI decrypts first.
     */
    readonly encryptedKeys: readonly string[];
}

/** Where the values come from. */
export interface ConfigSource {
    /** The project: the namespace of every key of CONFIG_SPEC. @default "order-platform" */
    readonly project?: string;
    /** The file every message names, where the fix goes. @default `Pulumi.<stack>.yaml` */
    readonly file?: string;
    /** Namespaced keys whose values are secrets: checked like any other value, never repeated in a message. */
    readonly secretKeys?: Iterable<string>;
}

/**
 * Thrown when stack configuration is invalid; lists every bad key at once. A RunError, so the Pulumi CLI prints
 * only this message: a stack trace would point into config.ts, while the fix is in the stack file.
 */
export class StackConfigError extends pulumi.RunError {
    constructor(readonly problems: string[], readonly file: string) {
        super(`Invalid stack configuration in ${file} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
            problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "StackConfigError";
    }
}

/** Namespaces that are not typos: the AWS provider's, Pulumi's own, and awsx's (a package of this program). */
const OTHER_NAMESPACES = ["aws", "awsx", "pulumi"];

function typeOf(value: unknown): Kind | "other" {
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "other";
    if (typeof value === "string" || typeof value === "boolean") return typeof value as Kind;
    return "other";
}

/** Problems with keys outside the project's namespace: near misses of it, and the AWS provider's settings. */
function otherNamespaceProblems(key: string, value: unknown, project: string, shown: string): string[] {
    const [namespace, name] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
    if (namespace === "aws") return awsSettingProblems(name, value, shown);
    if (OTHER_NAMESPACES.includes(namespace) || nearMisses(namespace, [project, ...OTHER_NAMESPACES]).length === 0) return [];
    // A typo of a namespace: its keys would silently fall back to their defaults.
    const meant = nearMisses(namespace, [project, ...OTHER_NAMESPACES])[0];
    const keys = meant === project ? Object.keys(CONFIG_SPEC) : meant === "aws" ? AWS_PROVIDER_SETTINGS : [];
    const meantName = keys.includes(name) ? name : nearMisses(name, keys)[0] ?? name;
    return [`${key} is in namespace "${namespace}", which nothing in this program reads; did you mean ${meant}:${meantName}?`];
}

/**
 * Validates raw config values (already JSON-parsed), applying defaults. Keys are namespaced (`aws:region`); a key
 * without a namespace is the project's. Pure, exported for tests: the program itself calls {@link loadStackConfig}.
 */
export function validateStackConfig(stack: string, raw: Record<string, unknown>, source: ConfigSource = {}): StackConfig {
    const project = source.project ?? "order-platform";
    const secret = new Set(source.secretKeys ?? []);
    const problems: string[] = [];
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        const fullKey = key.includes(":") ? key : `${project}:${key}`;
        const shown = secret.has(fullKey) ? "[secret]" : JSON.stringify(value);
        if (fullKey.startsWith(`${project}:`)) own[fullKey.slice(project.length + 1)] = value;
        else problems.push(...otherNamespaceProblems(fullKey, value, project, shown));
    }
    const known = Object.keys(CONFIG_SPEC);
    for (const key of Object.keys(own).filter((k) => !known.includes(k))) {
        const near = nearMisses(key, known).map((k) => `${project}:${k}`);
        problems.push(`${project}:${key} is not a known key${near.length > 0 ? `${didYouMean(near)} The` : "; the"} known keys are ${known.join(", ")}`);
    }
    const values: Record<string, Value> = {};
    const encryptedKeys: string[] = [];
    for (const [key, spec] of Object.entries(CONFIG_SPEC) as [ConfigKey, KeySpec<Value>][]) {
        const fullKey = `${project}:${key}`;
        if (isCiphertext(own[key])) {
            encryptedKeys.push(fullKey);
            values[key] = spec.default;
            continue;
        }
        const value = own[key] ?? spec.default;
        const isSecret = secret.has(fullKey);
        const shown = isSecret ? "[secret]" : JSON.stringify(value);
        if (typeOf(value) !== spec.kind || (spec.kind === "array" && !(value as unknown[]).every((v) => typeof v === "string"))) {
            problems.push(`${fullKey} is ${shown}, but must be ${spec.kind === "array" ? "a list of strings" : `a${spec.kind === "integer" ? "n" : ""} ${spec.kind}`}`);
            continue;
        }
        const allowed = spec.check?.(value as Value);
        if (allowed) {
            const choices = (spec.choices ?? []).map(String);
            const wrong = (Array.isArray(value) ? value : [value]).map(String).filter((v) => !choices.includes(v));
            // Numbers have no near misses worth a guess (10 is as near 1 as 14).
            const near = isSecret || spec.kind === "integer" ? [] : [...new Set(wrong.flatMap((v) => nearMisses(v, choices)))];
            problems.push(`${fullKey} is ${shown}, but must be ${allowed}${didYouMean(near)}`);
            continue;
        }
        values[key] = value as Value;
    }
    // Rules between keys hold only when every key involved was readable here.
    const readable = (...keys: ConfigKey[]) => keys.every((k) => !encryptedKeys.includes(`${project}:${k}`));
    if (problems.length === 0) {
        const forwarding = [(values.forwardEventTypes as string[]).length > 0, (values.forwardBusArns as string[]).length > 0];
        if (forwarding[0] !== forwarding[1] && readable("forwardEventTypes", "forwardBusArns")) {
            problems.push(`${project}:forwardEventTypes and ${project}:forwardBusArns must be set together ` +
                `(got ${(values.forwardEventTypes as string[]).length} event types and ${(values.forwardBusArns as string[]).length} bus ARNs)`);
        }
        // The machines' definitions must be runnable as the chosen types (e.g. no .sync under EXPRESS): say so now,
        // before any resource exists, rather than when Step Functions rejects the definition.
        for (const problem of workflowTypeProblems(values.workflowType as WorkflowType, values.routerWorkflowType as WorkflowType)) {
            problems.push(`${project}:workflowType/${project}:routerWorkflowType: ${problem}`);
        }
        if (values.monitoring === false && (values.alarmEmails as string[]).length > 0 && readable("monitoring", "alarmEmails")) {
            problems.push(`${project}:alarmEmails is set, but ${project}:monitoring is false, so no alarm would ever reach them; turn monitoring on or remove the addresses`);
        }
    }
    if (problems.length > 0) throw new StackConfigError(problems, source.file ?? `Pulumi.${stack}.yaml`);
    return { stack, ...values, encryptedKeys } as unknown as StackConfig;
}

/**
 * The keys the engine marks secret. The CLI's language host lists them in PULUMI_CONFIG_SECRET_KEYS, which the SDK
 * reads into its store (as does `setAllConfig(config, secretKeys)`); `isConfigSecret` asks that store.
 */
function secretKeysOf(keys: string[]): string[] {
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
    if (runtime.isConfigSecret) return keys.filter((key) => runtime.isConfigSecret!(key));
    const listed = parseConfigText(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]");
    return Array.isArray(listed) ? keys.filter((key) => listed.includes(key)) : [];
}

/** Reads and validates the whole stack configuration once, before any resource is created. */
export function loadStackConfig(): StackConfig {
    const project = pulumi.getProject();
    const raw: Record<string, unknown> = {};
    // Every key of every namespace, so a typo in a key or a namespace is reported instead of silently ignored.
    for (const [key, text] of Object.entries(pulumi.runtime.allConfig())) {
        const parsed = parseConfigText(text);
        const asText = key === "aws:region" || CONFIG_SPEC[key.slice(project.length + 1) as ConfigKey]?.kind === "string";
        raw[key] = asText && !isCiphertext(parsed) ? text : parsed;
    }
    const config = validateStackConfig(pulumi.getStack(), raw, { project, secretKeys: secretKeysOf(Object.keys(raw)) });
    for (const key of config.encryptedKeys) {
        void pulumi.log.warn(`${key} is encrypted in Pulumi.${config.stack}.yaml and this evaluation (without the Pulumi CLI) ` +
            `cannot decrypt it, so it uses the key's default; \`pulumi preview\` checks the real value`);
    }
    return config;
}

function parseConfigText(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text; // reported as a type error by validateStackConfig
    }
}
