/**
 * The whole program evaluated once per stack (and once more with prod's config under the dev stack name),
 * shared by the stack tests so each evaluation runs once per mocha process.
 *
 * Mocks do not see resource options, so while the program runs this also records what the engine would be
 * told about each resource: `protect`, `retainOnDelete` and the parent's type.
 */
import { MockResource, ProgramRun, runProgram, stackConfigFile } from "../harness";

export interface ResourceOptionsSeen {
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly parentType?: string;
}

export interface RecordedRun extends ProgramRun {
    /** Options by `${type}::${name}`. */
    readonly options: Map<string, ResourceOptionsSeen>;
    optionsOf(type: string, name: string): ResourceOptionsSeen;
}

type RegisterResource = (res: unknown, parent: { __pulumiType?: string } | undefined, t: string, name: string, ...rest: unknown[]) => unknown;

async function recordedRun(stack: string, overrides: Record<string, unknown> = {}): Promise<RecordedRun> {
    // The SDK calls registerResource through this module object, after applying option inheritance (protect from parents).
    const runtime = require("@pulumi/pulumi/runtime/resource") as { registerResource: RegisterResource };
    const original = runtime.registerResource;
    const options = new Map<string, ResourceOptionsSeen>();
    runtime.registerResource = (res, parent, t, name, ...rest) => {
        const opts = (rest[4] ?? {}) as { protect?: boolean; retainOnDelete?: boolean };
        options.set(`${t}::${name}`, { protect: opts.protect === true, retainOnDelete: opts.retainOnDelete === true, parentType: parent?.__pulumiType });
        return original(res, parent, t, name, ...rest);
    };
    try {
        const run = await runProgram(stack, overrides);
        return {
            ...run,
            options,
            optionsOf(type, name) {
                const seen = options.get(`${type}::${name}`);
                if (!seen) throw new Error(`no options recorded for ${type} ${name}`);
                return seen;
            },
        };
    } finally {
        runtime.registerResource = original;
    }
}

const memo = new Map<string, Promise<RecordedRun>>();

/** The program under the real Pulumi.<stack>.yaml. */
export function stackRun(stack: "dev" | "prod"): Promise<RecordedRun> {
    if (!memo.has(stack)) memo.set(stack, recordedRun(stack));
    return memo.get(stack)!;
}

/** The program under the dev stack's name, but with every value of Pulumi.prod.yaml: proves the differences come from config. */
export function devWithProdConfig(): Promise<RecordedRun> {
    const key = "dev-with-prod-config";
    if (!memo.has(key)) {
        const prod = stackConfigFile("prod");
        const dev = stackConfigFile("dev");
        // Overrides can replace dev's values but not unset them, so every key dev sets must also be set by prod.
        const overrides: Record<string, unknown> = {};
        for (const [key, text] of Object.entries(prod)) overrides[key] = parse(text);
        for (const key of Object.keys(dev)) {
            if (!(key in prod)) throw new Error(`Pulumi.dev.yaml sets ${key}, which Pulumi.prod.yaml does not; set it in both so the stacks are comparable`);
        }
        memo.set(key, recordedRun("dev", overrides));
    }
    return memo.get(key)!;
}

function parse(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/** Queues that some rule target or some queue's redrive policy uses as its dead-letter queue. */
export function deadLetterQueues(run: ProgramRun): MockResource[] {
    const arns = new Set<string>([
        ...run.ofType("aws:cloudwatch/eventTarget:EventTarget").map((t) => t.inputs.deadLetterConfig?.arn).filter(Boolean),
        ...run.ofType("aws:sqs/queue:Queue").map((q) => q.inputs.redrivePolicy && JSON.parse(q.inputs.redrivePolicy).deadLetterTargetArn).filter(Boolean),
    ]);
    return run.ofType("aws:sqs/queue:Queue").filter((q) => arns.has(q.state.arn));
}
