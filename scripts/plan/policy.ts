import * as fs from "fs";
import * as path from "path";
import type { PolicyPackConfig } from "@pulumi/policy";
import type { MockResource } from "../../tools/mockProgram";
import { evaluatePack } from "../../policies/evaluate";

/** One policy finding, normalised from whatever the pack's evaluator returns. */
export interface Finding {
    readonly policy: string;
    readonly enforcementLevel: "mandatory" | "advisory";
    readonly resource: string;
    readonly message: string;
}

/** The pack's evaluator: every policy applied to every resource, with a stack's policy config. */
export type Evaluate = (resources: MockResource[], stackClass: string, policyConfig: Record<string, unknown>) => unknown[] | Promise<unknown[]>;

/** policies/<stack>.json, or an empty config when the stack has none. */
export function policyConfig(root: string, stack: string): Record<string, unknown> {
    const file = path.join(root, "policies", `${stack}.json`);
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
}

/** The pack's own evaluator (policies/evaluate.ts), given the mock state as each resource's outputs. */
export const evaluateWithPack: Evaluate = (resources, stack, config) => evaluatePack(
    resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs, outputs: r.state, id: r.id })),
    stack,
    config as PolicyPackConfig,
);

const str = (...values: unknown[]): string => String(values.find((v) => typeof v === "string" && v.length > 0) ?? "");

/** Normalises one raw finding; findings whose level is "disabled" are dropped. */
export function normaliseFinding(raw: unknown): Finding | undefined {
    const f = (raw ?? {}) as Record<string, any>;
    const level = str(f.enforcementLevel, f.level, f.enforcement).toLowerCase();
    if (level === "disabled") return undefined;
    return {
        policy: str(f.policyName, f.policy, f.name, f.rule),
        enforcementLevel: level === "mandatory" ? "mandatory" : "advisory",
        resource: str(f.resourceName, f.resource?.name, f.resource, f.urn, f.name),
        message: str(f.message, f.description).split("\n")[0],
    };
}

/** Findings sorted mandatory first, then by policy and resource. */
export async function findings(evaluate: Evaluate, resources: MockResource[], stack: string, config: Record<string, unknown>): Promise<Finding[]> {
    const raw = await evaluate(resources, stack, config);
    return raw.map(normaliseFinding).filter((f): f is Finding => f !== undefined).sort((a, b) =>
        (a.enforcementLevel === b.enforcementLevel ? 0 : a.enforcementLevel === "mandatory" ? -1 : 1) ||
        a.policy.localeCompare(b.policy) || a.resource.localeCompare(b.resource));
}
