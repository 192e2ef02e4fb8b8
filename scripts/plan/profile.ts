import type { MockResource } from "../../tools/mockProgram";
import type { Assumptions } from "../../pricing/assumptions";
import { Architecture, lambdaDurationMs, lambdaGbSecondPrice, lambdaGbSeconds, lambdaLines, UsageLine } from "../../pricing/costModel";
import type { HandlerMeasurement } from "../../pricing/measured";
import { DEFAULT_MEMORY_MB } from "./build";
import { measurementOf } from "./handlerOf";
import { T } from "./resources";
import { gb, Tally, UsageContext } from "./tally";

/** How one function runs in the build being priced: its settings, and what one invocation takes and prints. */
export interface FunctionProfile {
    readonly memoryMb: number;
    readonly architecture: Architecture;
    readonly durationMs: number;
    /** Init billed on a cold start. */
    readonly initMs: number;
    readonly appLogLevel: string;
    /** Bytes ingested per invocation: the handler's lines at its level, plus the platform's records. */
    readonly logBytes: number;
    /** AWS calls per invocation, by IAM action. */
    readonly calls: Readonly<Record<string, number>>;
    readonly largestItemBytes: number;
    /** DynamoDB request units per invocation. */
    readonly requestUnits: { readonly writes: number; readonly reads: number };
}

/** Milliseconds spent waiting for AWS per invocation: each call's service latency. */
export function waitMs(calls: Readonly<Record<string, number>>, assumptions: Assumptions): number {
    return Object.entries(calls).reduce((sum, [call, n]) => sum + n * (assumptions.latencyMs.value[call.split(":")[0]] ?? assumptions.latencyMs.value.lambda), 0);
}

/** Platform records per invocation: Text format always writes them; JSON only at system level INFO or DEBUG. */
function platformBytes(format: string, systemLevel: string, assumptions: Assumptions): number {
    if (format !== "JSON") return assumptions.platformLogBytes.value.text;
    return ["DEBUG", "INFO", "TRACE"].includes(systemLevel) ? assumptions.platformLogBytes.value.json : 0;
}

function profile(m: HandlerMeasurement, memoryMb: number, architecture: Architecture, runtimeSdk: boolean, format: string,
    appLevel: string, systemLevel: string, assumptions: Assumptions): FunctionProfile {
    const levels = m.logBytes as Readonly<Record<string, number>>;
    return {
        memoryMb, architecture, appLogLevel: appLevel, calls: m.calls, largestItemBytes: m.largestItemBytes, requestUnits: m.requestUnits,
        durationMs: lambdaDurationMs(m.cpuMs, waitMs(m.calls, assumptions), memoryMb, assumptions),
        initMs: runtimeSdk ? m.initMs.runtime : m.initMs.bundled,
        logBytes: (levels[appLevel] ?? levels.INFO) + platformBytes(format, systemLevel, assumptions),
    };
}

/** The profile of a function of the program, in `build`. */
export function profileOf(fn: MockResource, ctx: UsageContext, tally: Tally): FunctionProfile {
    const { build, assumptions } = ctx;
    const code = ctx.code(fn);
    const m = measurementOf(fn, code.handler, assumptions.handlers.value, (t) => tally.note(t));
    const logging = fn.inputs.loggingConfig ?? {};
    const format = String(logging.logFormat ?? "Text");
    // Without JSON format there is no level filter: the handler's logger keeps its default, INFO.
    const appLevel = build.logs === "verbose" ? "DEBUG" : format === "JSON" ? String(logging.applicationLogLevel ?? "INFO") : "INFO";
    const systemLevel = build.logs === "verbose" ? "INFO" : String(logging.systemLogLevel ?? "INFO");
    return profile(m,
        build.memory === "default" ? DEFAULT_MEMORY_MB : Number(fn.inputs.memorySize ?? DEFAULT_MEMORY_MB),
        build.architecture === "x86_64" ? "x86_64" : (String(fn.inputs.architectures?.[0] ?? "x86_64") as Architecture),
        build.sdk === "runtime" || code.runtimeSdk, format, appLevel, systemLevel, assumptions);
}

const mostCommon = <V>(values: V[], fallback: V): V => {
    const counts = new Map<V, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallback;
};

/**
 * A function a naive workflow would run for one service call (`call`, e.g. "dynamodb:PutItem"): the smallest
 * measured handler's CPU, init and one log line, configured like the stack's functions in `build`.
 */
export function glueProfile(call: string, ctx: UsageContext): FunctionProfile {
    const { build, assumptions, idx } = ctx;
    const fns = idx.ofType(T.function);
    const smallest = Object.values(assumptions.handlers.value).reduce((min, m) => (m.cpuMs < min.cpuMs ? m : min));
    const logging = fns[0]?.inputs.loggingConfig ?? {};
    const format = build.logs === "verbose" ? "JSON" : String(logging.logFormat ?? "Text");
    const appLevel = build.logs === "verbose" ? "DEBUG" : String(logging.applicationLogLevel ?? "INFO");
    const systemLevel = build.logs === "verbose" ? "INFO" : String(logging.systemLogLevel ?? "INFO");
    const memoryMb = build.memory === "default" ? DEFAULT_MEMORY_MB : mostCommon(fns.map((f) => Number(f.inputs.memorySize ?? DEFAULT_MEMORY_MB)), DEFAULT_MEMORY_MB);
    const architecture = build.architecture === "x86_64" ? "x86_64" : mostCommon(fns.map((f) => String(f.inputs.architectures?.[0] ?? "x86_64") as Architecture), "x86_64" as Architecture);
    // Its request units are the workflow's own (priced there): the function only moves the call.
    return profile({ ...smallest, calls: { [call]: 1 } as HandlerMeasurement["calls"], largestItemBytes: 0, requestUnits: { writes: 0, reads: 0 } }, memoryMb, architecture, build.sdk === "runtime", format, appLevel, systemLevel, assumptions);
}

/** Whether X-Ray traces a function's invocations (active tracing). */
export function traced(fn: MockResource): boolean {
    return fn.inputs.tracingConfig?.mode === "Active";
}

/** The lines of `n` invocations per order of a function with profile `p`: requests, compute, cold-start init, logs. */
export function functionLines(name: string, n: number, p: FunctionProfile, assumptions: Assumptions): UsageLine[] {
    return [
        ...lambdaLines(name, n, p.memoryMb, p.architecture, p.durationMs),
        {
            service: "Lambda", item: `${name} init GB-s (${assumptions.coldStartShare.value * 100}% cold, ${Math.ceil(p.initMs)} ms)`,
            perOrder: n * assumptions.coldStartShare.value * lambdaGbSeconds(p.memoryMb, p.initMs), price: lambdaGbSecondPrice(p.architecture),
        },
        { service: "CloudWatch Logs", item: `${name} logs (GB, ${p.appLogLevel})`, perOrder: gb(n * p.logBytes), price: "logsIngestGb" },
    ];
}
