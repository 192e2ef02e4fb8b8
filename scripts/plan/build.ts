/**
 * The design decisions the cost per order depends on, each either as the stack configures it or as a naive build
 * would make it (the service's default, or the first thing that works). The plan prices the stack, the naive build
 * (every decision naive), and the stack with one decision at a time made naive: that last difference is the
 * decision's saving.
 */

export interface Build {
    /** Workflow type: the stack's, or Standard (Step Functions' default type). */
    readonly workflows: "stack" | "STANDARD";
    /** Function architecture: the stack's, or x86_64 (Lambda's default). */
    readonly architecture: "stack" | "x86_64";
    /** Function memory: the stack's, or 128 MB (Lambda's default). */
    readonly memory: "stack" | "default";
    /** Log levels: the stack's, or everything (DEBUG, platform records, workflows at ALL with execution data). */
    readonly logs: "stack" | "verbose";
    /** Workflow steps that call a service: direct SDK integrations, or a Lambda function per step. */
    readonly integrations: "direct" | "lambda";
    /** Where `@aws-sdk/*` comes from: the stack's bundles, or left to the runtime (billed in every cold start's init). */
    readonly sdk: "stack" | "runtime";
    /** X-Ray: Lambda's sampling rule, or every request traced. */
    readonly tracing: "sampled" | "all";
}

export const STACK_BUILD: Build = { workflows: "stack", architecture: "stack", memory: "stack", logs: "stack", integrations: "direct", sdk: "stack", tracing: "sampled" };
export const NAIVE_BUILD: Build = { workflows: "STANDARD", architecture: "x86_64", memory: "default", logs: "verbose", integrations: "lambda", sdk: "runtime", tracing: "all" };

/** Lambda's default memory, what the naive build runs every function with. */
export const DEFAULT_MEMORY_MB = 128;

export interface Decision {
    readonly key: keyof Build;
    /** The decision, as the table names it. */
    readonly name: string;
    /** What the stack does, and what the naive build does instead. */
    readonly stack: string;
    readonly naive: string;
}

export const DECISIONS: readonly Decision[] = [
    { key: "workflows", name: "workflow type", stack: "as configured (Express: per execution and GB-second)", naive: "Standard (per state transition)" },
    { key: "integrations", name: "service calls in workflows", stack: "direct SDK integrations", naive: "a Lambda function per step" },
    { key: "architecture", name: "function architecture", stack: "as configured (arm64)", naive: "x86_64" },
    { key: "memory", name: "function memory", stack: "as configured", naive: `${DEFAULT_MEMORY_MB} MB` },
    { key: "logs", name: "log levels", stack: "as configured", naive: "DEBUG, platform records, workflows ALL with data" },
    { key: "sdk", name: "AWS SDK", stack: "bundled (smaller init on cold starts)", naive: "left to the runtime" },
    { key: "tracing", name: "X-Ray", stack: "Lambda's rule: 1 request/s + 5%", naive: "every request traced" },
];

/** The stack with one decision made naive. */
export function withNaive(key: keyof Build): Build {
    return { ...STACK_BUILD, [key]: NAIVE_BUILD[key] };
}
