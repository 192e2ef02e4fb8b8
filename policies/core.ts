import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

/**
 * Shared vocabulary of the pack: the Well-Architected pillar every policy names, the wrapper types that carry it,
 * and the helpers every policy module uses to match resource types, follow references between resources and
 * word its messages. Nothing here constructs a PolicyPack, so tests import it freely.
 */

export const PILLARS = [
    "Operational Excellence",
    "Security",
    "Reliability",
    "Performance Efficiency",
    "Cost Optimization",
    "Sustainability",
] as const;
export type Pillar = (typeof PILLARS)[number];

interface PackPolicyBase {
    /** The Well-Architected pillar the policy protects. Also shown in the description and the policy's tags. */
    readonly pillar: Pillar;
    /** Where the rule comes from: cdk-nag rule ids (e.g. "Serverless-LambdaTracing", "AwsSolutions-L1") or "event-driven". */
    readonly sources: readonly string[];
}

export type PackResourcePolicy = ResourceValidationPolicy & PackPolicyBase & { readonly validateResource: ResourceValidator };
export type PackStackPolicy = StackValidationPolicy & PackPolicyBase & { readonly validateStack: StackValidator };
export type PackPolicy = PackResourcePolicy | PackStackPolicy;

/** Our validators are synchronous, so the offline evaluator and the CrossGuard server see the same results. */
export type ResourceValidator = (args: ResourceValidationArgs, report: ReportViolation) => void;
export type StackValidator = (args: StackValidationArgs, report: ReportViolation) => void;

interface Definition {
    readonly name: string;
    readonly pillar: Pillar;
    readonly description: string;
    readonly sources: readonly string[];
    /** How to fix a violation, in general terms (each message repeats it for the resource at hand). */
    readonly remediation: string;
    readonly configSchema?: PolicyConfigSchema;
    readonly enforcementLevel?: EnforcementLevel;
}

/** The default when no policy config names a level: block. `policies/dev.json` turns every policy advisory. */
export const DEFAULT_ENFORCEMENT: EnforcementLevel = "mandatory";

function common(def: Definition) {
    return {
        name: def.name,
        pillar: def.pillar,
        sources: def.sources,
        description: `[${def.pillar}] ${def.description}`,
        remediationSteps: def.remediation,
        enforcementLevel: def.enforcementLevel ?? DEFAULT_ENFORCEMENT,
        tags: [`pillar:${def.pillar}`, ...def.sources.map((s) => `source:${s}`)],
        ...(def.configSchema ? { configSchema: def.configSchema } : {}),
    };
}

/**
 * A policy that looks at one resource of one type. `check` receives the resource's inputs and returns
 * the problems it found, each as `[what is wrong, how to fix it]`; the message names the resource.
 */
export function resourcePolicy<C extends object = Record<string, never>>(
    def: Definition & { readonly type: string | readonly string[] },
    check: (props: Record<string, unknown>, config: C, args: ResourceValidationArgs) => Problem[],
): PackResourcePolicy {
    const types = typeof def.type === "string" ? [def.type] : def.type;
    const validate: ResourceValidator & { __pulumiType?: string } = (args, report) => {
        if (!types.includes(args.type)) args.notApplicable(`applies only to ${types.join(", ")}`);
        for (const [problem, fix] of check(args.props, args.getConfig<C>(), args)) {
            report(message(args.type, args.name, problem, fix));
        }
    };
    // The CrossGuard server skips a policy without calling it when the function carries the one type it applies to.
    if (types.length === 1) validate.__pulumiType = types[0];
    return { ...common(def), validateResource: validate };
}

/** A policy over the whole stack, for checks that follow references between resources. */
export function stackPolicy<C extends object = Record<string, never>>(
    def: Definition,
    check: (stack: Stack, config: C, args: StackValidationArgs) => StackProblem[],
): PackStackPolicy {
    return {
        ...common(def),
        validateStack: (args, report) => {
            for (const { resource, problem, fix } of check(new Stack(args.resources), args.getConfig<C>(), args)) {
                report(message(resource.type, resource.name, problem, fix), resource.urn);
            }
        },
    };
}

/** `[what is wrong, how to fix it]`. */
export type Problem = readonly [string, string];
export interface StackProblem { readonly resource: PolicyResource; readonly problem: string; readonly fix: string }

/** Every message has the same shape: the resource, what is wrong, and the fix. */
export function message(type: string, name: string, problem: string, fix: string): string {
    return `${shortType(type)} "${name}": ${problem}. Fix: ${fix}.`;
}

function shortType(type: string): string {
    const parts = type.split(":");
    return parts.length === 3 ? `${parts[0]}.${parts[1].split("/")[0]}.${parts[2]}` : type;
}

// ---------------------------------------------------------------------------------------------
// Reading resource properties.

export function asRecord(value: unknown): Record<string, unknown> | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

export function asArray(value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

export function asString(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
    if (typeof value === "number") return value;
    if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
    return undefined;
}

/** Reads a nested property: `get(props, "loggingConfig", "logGroup")`. */
export function get(value: unknown, ...path: string[]): unknown {
    let current = value;
    for (const key of path) {
        const record = asRecord(current);
        if (!record) return undefined;
        current = record[key];
    }
    return current;
}

/** Parses a JSON document given as text or as an object (policy documents, patterns, definitions). */
export function parseJson(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

export interface Statement {
    readonly sid?: string;
    readonly effect: string;
    readonly actions: string[];
    readonly notActions: boolean;
    readonly resources: string[];
    readonly principals: string[];
    readonly condition?: Record<string, unknown>;
    readonly raw: Record<string, unknown>;
}

/** The statements of an IAM-style policy document, with Action/Resource/Principal normalised to string lists. */
export function statements(document: unknown): Statement[] {
    const doc = asRecord(parseJson(document));
    if (!doc) return [];
    return asArray(doc.Statement).map(asRecord).filter((s): s is Record<string, unknown> => s !== undefined).map((s) => ({
        sid: asString(s.Sid),
        effect: asString(s.Effect) ?? "Allow",
        actions: asArray(s.Action ?? s.NotAction).map(String),
        notActions: s.NotAction !== undefined,
        resources: asArray(s.Resource ?? s.NotResource).map(String),
        principals: principalsOf(s.Principal),
        condition: asRecord(s.Condition),
        raw: s,
    }));
}

function principalsOf(principal: unknown): string[] {
    if (principal === undefined) return [];
    if (typeof principal === "string") return [principal];
    const record = asRecord(principal);
    if (!record) return [];
    return Object.values(record).flatMap((v) => asArray(v).map(String));
}

/** True when the statement denies every request that does not use TLS (`aws:SecureTransport` = false). */
export function deniesInsecureTransport(statement: Statement): boolean {
    if (statement.effect !== "Deny") return false;
    const bool = asRecord(statement.condition?.Bool) ?? asRecord(statement.condition?.BoolIfExists);
    const value = bool?.["aws:SecureTransport"];
    return asArray(value).some((v) => String(v) === "false");
}

// ---------------------------------------------------------------------------------------------
// Following references between resources (stack policies).

/**
 * The resources of a stack, with lookups by type and by reference. A reference (an ARN, URL, name or id that one
 * resource's input holds) matches a resource when it equals that resource's ARN, URL, id or physical name, or is an
 * ARN that ends in that name. Values that are unknown during a preview make the engine skip the policy for that run.
 */
export class Stack {
    constructor(readonly resources: PolicyResource[]) {}

    ofType(...types: string[]): PolicyResource[] {
        return this.resources.filter((r) => types.includes(r.type));
    }

    /** The resources of `type` that `ref` points at. */
    find(type: string | string[], ref: unknown): PolicyResource[] {
        const wanted = asString(ref);
        if (!wanted) return [];
        return this.ofType(...(typeof type === "string" ? [type] : type)).filter((r) => refersTo(wanted, r));
    }
}

/** The name AWS knows the resource by: its `name` (or `bucket`) property, else its Pulumi name. */
export function physicalName(resource: PolicyResource): string {
    return asString(resource.props.name) ?? asString(resource.props.bucket) ?? resource.name;
}

export function refersTo(ref: string, resource: PolicyResource): boolean {
    const props = resource.props;
    const name = physicalName(resource);
    const candidates = [props.arn, props.url, props.id, props.bucket, name].map(asString).filter((c): c is string => !!c);
    if (candidates.includes(ref)) return true;
    // ARNs (arn:...:function:NAME, arn:...:rule/bus/NAME, arn:...:queue-name, arn:...:log-group:NAME) and qualified ARNs.
    const unqualified = ref.replace(/(:function:[^:]+):[^:]+$/, "$1").replace(/(:log-group:.+):\*$/, "$1");
    return [ref, unqualified].some((r) => r.startsWith("arn:") && (r.endsWith(`:${name}`) || r.endsWith(`/${name}`)));
}

/** Condition keys that narrow an Allow for every principal (`*`) to known accounts, an organisation, one source or a VPC endpoint. */
export const NARROWING_CONDITION_KEYS: readonly string[] = [
    "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:SourceAccount", "aws:SourceArn",
    "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpce", "aws:SourceVpc", "aws:PrincipalArn",
];

/** True when a condition block names one of `keys` (compared case-insensitively, as IAM does). */
export function conditionNames(condition: Record<string, unknown> | undefined, keys: readonly string[] = NARROWING_CONDITION_KEYS): boolean {
    const wanted = keys.map((k) => k.toLowerCase());
    return Object.values(condition ?? {}).some((block) => Object.keys(asRecord(block) ?? {}).some((key) => wanted.includes(key.toLowerCase())));
}

/** An Allow statement for every AWS principal (`"*"` or `{ AWS: "*" }`) that no condition narrows. */
export function allowsEveryone(statement: Statement): boolean {
    return statement.effect === "Allow" && statement.principals.includes("*") && !conditionNames(statement.condition);
}
