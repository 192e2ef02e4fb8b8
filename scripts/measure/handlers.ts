/**
 * Measures what each handler's real bundle does per warm invocation: the bytes it prints at each log level (what
 * CloudWatch Logs ingests), the AWS calls it makes, the size of the items it writes, and its CPU time. The bundle is
 * loaded the way Lambda loads it, with Lambda's environment variables, and its calls are answered on loopback
 * (./services.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundleHandler } from "../../components/bundle";
import { HANDLERS, HandlerName } from "../../functions/handlers";
import { scenarios, Scenario } from "./scenarios";
import { Call, CannedServices, startCannedServices } from "./services";

interface LoadedBundle {
    readonly handler: (event: unknown, context?: unknown) => Promise<unknown>;
    cleanup(): void;
}

/**
 * The handler's bundle written to a fresh directory as index.js and required with `env` set, as Lambda starts it
 * (the SDK resolves region, credentials and endpoints lazily, so the variables stay until `cleanup`).
 */
function loadBundle(handler: HandlerName, env: Record<string, string>): LoadedBundle {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "measure-"));
    const file = path.join(dir, "index.js");
    fs.writeFileSync(file, bundleHandler(HANDLERS[handler]).code);
    const all: Record<string, string> = { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", ...env };
    const saved = Object.fromEntries(Object.keys(all).map((k) => [k, process.env[k]]));
    const restore = () => {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
        fs.rmSync(dir, { recursive: true, force: true });
    };
    Object.assign(process.env, all);
    try {
        return { handler: (require(file) as { handler: LoadedBundle["handler"] }).handler, cleanup: restore };
    } catch (error) {
        restore();
        throw error;
    }
}

/** Lambda's application log levels (advanced logging controls). */
export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface HandlerMeasurement {
    /** Bytes printed per warm invocation, by application log level. */
    readonly logBytes: Record<LogLevel, number>;
    /** AWS calls per warm invocation, by IAM action ("dynamodb:PutItem"). */
    readonly calls: Record<Call, number>;
    /** The largest item the handler writes with PutItem, in DynamoDB's item-size bytes (0 when it writes none). */
    readonly largestItemBytes: number;
    /** DynamoDB request units per invocation (on-demand). */
    readonly requestUnits: { readonly writes: number; readonly reads: number };
    /** CPU milliseconds per warm invocation (user + system, this process, loopback answers included). */
    readonly cpuMs: number;
}

export interface MeasureOptions {
    /** Invocations measured per level, after one warm-up. @default 5 */
    readonly invocations?: number;
    /** Invocations timed for CPU (at INFO). @default 20 */
    readonly cpuInvocations?: number;
    /** The log levels to measure (the others are reported as 0). @default every level */
    readonly levels?: readonly LogLevel[];
}

// Powertools has no FATAL: Lambda's FATAL filter keeps what Powertools logs as CRITICAL.
const powertoolsLevel = (level: LogLevel): string => (level === "FATAL" ? "CRITICAL" : level);
// The Lambda runtime's own variables that Powertools reads into every line (the trace id) or that the SDK reads.
const lambdaEnvironment = (handler: HandlerName, level: LogLevel): Record<string, string> => ({
    AWS_LAMBDA_FUNCTION_NAME: `orders-${handler}`, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512", AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_LOG_LEVEL: level, POWERTOOLS_LOG_LEVEL: powertoolsLevel(level), POWERTOOLS_SERVICE_NAME: `orders-${handler}`,
    _X_AMZN_TRACE_ID: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
});
const context = (handler: HandlerName) => ({
    functionName: `orders-${handler}`, functionVersion: "$LATEST", memoryLimitInMB: "512", awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:orders-${handler}`, getRemainingTimeInMillis: () => 9000,
});

/** Runs `body` with stdout and stderr captured; Node's own process warnings (printed once per process) are left out. */
async function captured(body: () => Promise<void>): Promise<string> {
    const chunks: string[] = [];
    const out = process.stdout.write;
    const err = process.stderr.write;
    const capture = ((chunk: string | Uint8Array) => { chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8")); return true; }) as typeof out;
    process.stdout.write = capture;
    process.stderr.write = capture;
    try {
        await body();
    } finally {
        process.stdout.write = out;
        process.stderr.write = err;
    }
    return chunks.join("").split(/(?<=\n)/).filter((line) => !/^\(node:\d+\) |^(versions published|will require node|To continue receiving|and security updates|More information can be found|\(Use `node --trace)|^\s*$/.test(line)).join("");
}

async function withBundle<T>(scenario: Scenario, services: CannedServices, level: LogLevel, use: (invoke: (n: number) => Promise<void>) => Promise<T>): Promise<T> {
    const bundle = loadBundle(scenario.handler, { ...scenario.environment(services.endpoint), ...lambdaEnvironment(scenario.handler, level) });
    try {
        return await use(async (n) => { await bundle.handler(await scenario.event(n), context(scenario.handler)); });
    } finally {
        bundle.cleanup();
    }
}

/** Measures one handler; `services` answer its calls. */
export async function measureScenario(scenario: Scenario, options: MeasureOptions = {}): Promise<HandlerMeasurement> {
    const n = options.invocations ?? 5;
    const services = await startCannedServices(scenario.services);
    try {
        const logBytes = {} as Record<LogLevel, number>;
        let calls = services.calls();
        let largestItemBytes = 0;
        let requestUnits = { writes: 0, reads: 0 };
        const levels = new Set<LogLevel>([...(options.levels ?? LOG_LEVELS), "INFO"]);
        for (const level of LOG_LEVELS) {
            if (!levels.has(level)) {
                logBytes[level] = 0;
                continue;
            }
            logBytes[level] = await withBundle(scenario, services, level, async (invoke) => {
                await captured(() => invoke(0));
                services.reset();
                const text = await captured(async () => { for (let i = 1; i <= n; i++) await invoke(i); });
                if (level === "INFO") {
                    calls = Object.fromEntries(Object.entries(services.calls()).sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => [k, v / n]));
                    largestItemBytes = Math.max(0, ...services.writtenItemBytes());
                    const u = services.requestUnits();
                    requestUnits = { writes: u.writes / n, reads: u.reads / n };
                }
                return Buffer.byteLength(text) / n;
            });
        }
        const cpuInvocations = options.cpuInvocations ?? 20;
        const cpuMs = await withBundle(scenario, services, "INFO", async (invoke) => {
            await captured(() => invoke(0));
            let used = 0;
            await captured(async () => {
                const start = process.cpuUsage();
                for (let i = 1; i <= cpuInvocations; i++) await invoke(i);
                const delta = process.cpuUsage(start);
                used = (delta.user + delta.system) / 1000;
            });
            return used / cpuInvocations;
        });
        return { logBytes, calls, largestItemBytes, requestUnits, cpuMs };
    } finally {
        await services.stop();
    }
}

/** Measures every handler of functions/handlers.ts. */
export async function measureHandlers(options: MeasureOptions = {}): Promise<Record<HandlerName, HandlerMeasurement>> {
    const all = await scenarios();
    const missing = (Object.keys(HANDLERS) as HandlerName[]).filter((name) => !all.some((s) => s.handler === name));
    if (missing.length > 0) throw new Error(`no measuring scenario for ${missing.join(", ")}: add one to scripts/measure/scenarios.ts`);
    const out = {} as Record<HandlerName, HandlerMeasurement>;
    for (const scenario of all) out[scenario.handler] = await measureScenario(scenario, options);
    return out;
}
