import * as fs from "fs";
import * as path from "path";
import type { EnforcementLevel, PolicyPackConfig, PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { CATALOG } from "./catalog";
import { DEFAULT_ENFORCEMENT, PackPolicy, Pillar } from "./core";

/**
 * Runs the pack without the Pulumi CLI: the offline plan command and the conformance tests call `evaluatePack`
 * with the resources the program registers under mocks. It resolves the policy config the way the CLI does
 * (`all`, then per-policy `enforcementLevel`, then the policy's default) and builds the same argument objects
 * @pulumi/policy 1.21 passes (props, urn, name, opts, stackTags, isType, asType, getConfig, notApplicable).
 */

/** A resource the program would create. `inputs` as passed to the constructor; `outputs`/`id` when known (e.g. mock state). */
export interface PlannedResource {
    readonly type: string;
    readonly name: string;
    readonly urn?: string;
    readonly inputs: Record<string, unknown>;
    /** Computed attributes (arn, url, name, ...). Stack policies follow references through them; inputs alone also work by name. */
    readonly outputs?: Record<string, unknown>;
    readonly id?: string;
}

export interface Finding {
    readonly policy: string;
    readonly pillar: Pillar;
    readonly enforcementLevel: EnforcementLevel;
    readonly resourceType: string;
    readonly resourceName: string;
    readonly urn: string;
    readonly message: string;
}

export const PROJECT = "order-platform";

/** Reads `policies/<stack>.json` (the file passed to `--policy-pack-config`); `{}` when there is none. */
export function loadPolicyConfig(stack: string): PolicyPackConfig {
    const file = path.join(__dirname, `${stack}.json`);
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) as PolicyPackConfig : {};
}

/** The enforcement level and config properties a policy gets from a policy-pack config file, as the Pulumi CLI resolves them. */
export function resolvePolicyConfig(config: PolicyPackConfig, policy: PackPolicy): { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> } {
    const level = (entry: unknown): EnforcementLevel | undefined =>
        typeof entry === "string" ? entry as EnforcementLevel : (entry as { enforcementLevel?: EnforcementLevel } | undefined)?.enforcementLevel;
    const entry = config[policy.name];
    const defaults: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if ((schema as { default?: unknown }).default !== undefined) defaults[key] = (schema as { default?: unknown }).default;
    }
    const { enforcementLevel: _ignored, ...own } = typeof entry === "object" && entry !== null ? entry as Record<string, unknown> : {};
    return {
        enforcementLevel: level(entry) ?? level(config.all) ?? policy.enforcementLevel ?? DEFAULT_ENFORCEMENT,
        properties: { ...defaults, ...own },
    };
}

/**
 * Thrown by a policy for a resource it does not judge, once for most resources of every evaluation: a signal, caught
 * below, so it captures no stack trace (capturing one cost more than the policies' own checks).
 */
export class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            super(reason ?? "not applicable");
        } finally {
            Error.stackTraceLimit = limit;
        }
        this.name = "NotApplicable";
    }
}

type ResourceClass = { __pulumiType?: string; isInstance?: (o: unknown) => boolean };

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const cls = resourceClass as ResourceClass;
    if (cls.__pulumiType) return cls.__pulumiType === type;
    return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

export function urnOf(resource: PlannedResource, stack: string): string {
    return resource.urn ?? `urn:pulumi:${stack}::${PROJECT}::${resource.type}::${resource.name}`;
}

const OPTIONS = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } };

/** What @pulumi/policy hands a resource policy: the resource's inputs. */
export function resourceArgs(resource: PlannedResource, stack: string, config: Record<string, unknown> = {}, stackTags: ReadonlyMap<string, string> = new Map()): ResourceValidationArgs {
    const props = resource.inputs;
    return {
        type: resource.type,
        props,
        urn: urnOf(resource, stack),
        name: resource.name,
        opts: OPTIONS,
        stackTags,
        isType: (cls) => isTypeOf(resource.type, cls),
        asType: ((cls: unknown) => isTypeOf(resource.type, cls) ? props : undefined) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => { throw new NotApplicable(reason); },
    };
}

/** What @pulumi/policy hands a stack policy: every resource with its outputs (here inputs + known outputs + id). */
export function stackArgs(resources: readonly PlannedResource[], stack: string, config: Record<string, unknown> = {}, stackTags: ReadonlyMap<string, string> = new Map()): StackValidationArgs {
    const policyResources: PolicyResource[] = resources.map((r) => {
        const props = { ...r.inputs, ...(r.outputs ?? {}), ...(r.id !== undefined ? { id: r.id } : {}) };
        return {
            type: r.type,
            props,
            urn: urnOf(r, stack),
            name: r.name,
            opts: OPTIONS,
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => isTypeOf(r.type, cls) ? props : undefined) as PolicyResource["asType"],
        };
    });
    return {
        resources: policyResources,
        stackTags,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => { throw new NotApplicable(reason); },
    };
}

/** Runs one policy. Returns its violation messages with the URN each names; notApplicable gives none. */
export function runPolicy(policy: PackPolicy, resources: readonly PlannedResource[], stack: string, config: Record<string, unknown> = {}): { message: string; urn: string }[] {
    const found: { message: string; urn: string }[] = [];
    const attempt = (fn: () => void) => {
        try {
            fn();
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
        }
    };
    if ("validateStack" in policy) {
        const args = stackArgs(resources, stack, config);
        attempt(() => policy.validateStack(args, (message, urn) => found.push({ message, urn: urn ?? `urn:pulumi:${stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${stack}` })));
    } else {
        for (const resource of resources) {
            const args = resourceArgs(resource, stack, config);
            attempt(() => policy.validateResource(args, (message) => found.push({ message, urn: args.urn })));
        }
    }
    return found;
}

/**
 * Applies the pack to the resources of a stack and returns every finding.
 *
 * @param resources what the program would create: `{ type, name, urn?, inputs, outputs?, id? }` (runProgram's resources
 *   fit: pass `{ ...r, outputs: r.state }` so references by ARN resolve).
 * @param stack the stack name; it selects `policies/<stack>.json` when `policyConfig` is not given.
 * @param policyConfig the policy-pack config (the same JSON as `--policy-pack-config`).
 * @returns findings, including their enforcement level; disabled policies are skipped.
 */
export function evaluatePack(resources: readonly PlannedResource[], stack: string, policyConfig: PolicyPackConfig = loadPolicyConfig(stack), policies: readonly PackPolicy[] = CATALOG): Finding[] {
    const byUrn = new Map(resources.map((r) => [urnOf(r, stack), r]));
    const findings: Finding[] = [];
    for (const policy of policies) {
        const { enforcementLevel, properties } = resolvePolicyConfig(policyConfig, policy);
        if (enforcementLevel === "disabled") continue;
        for (const { message, urn } of runPolicy(policy, resources, stack, properties)) {
            const resource = byUrn.get(urn);
            findings.push({
                policy: policy.name,
                pillar: policy.pillar,
                enforcementLevel: enforcementLevel === "remediate" ? "mandatory" : enforcementLevel,
                resourceType: resource?.type ?? "pulumi:pulumi:Stack",
                resourceName: resource?.name ?? stack,
                urn,
                message,
            });
        }
    }
    return findings;
}
