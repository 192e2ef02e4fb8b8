/**
 * Cold-start benchmark (SPEC §7): for every handler of the platform, its bundle (the AWS SDK inside, exactly what
 * HandlerFunction uploads) against the same handler built with `@aws-sdk/*` left to the runtime's SDK (resolved
 * from this project's node_modules, as the nodejs22.x runtime resolves its own), measured side by side in one run.
 * A cold start is a fresh `node` process that loads the package (the factory runs and creates its clients) and
 * makes the first invocation against loopback endpoints that answer like the services (scripts/bench/loopback.ts).
 * Runs are interleaved (A B, then B A, …) so that drift in the machine's load hits both builds alike; medians are
 * printed, never asserted. Budget: median total (load + first invocation) bundled ≤ 0.6 × external.
 *
 *   npm run bench:cold                  # 15 interleaved runs per build (BENCH_RUNS=N for N)
 *   BENCH_STEPS=1 npm run bench:cold    # also each step from the runtime's SDK to the bundle
 *   BENCH_ONLY=placeOrder,getOrder npm run bench:cold
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gzipSync } from "zlib";
import { PROJECT_ROOT } from "../components/bundle";
import { HANDLERS, HandlerName } from "../functions/handlers";
import { coldStart, ColdStart, writeRunner } from "./bench/coldStart";
import { invocations, REGION, signingKey } from "./bench/invocations";
import { startLoopback } from "./bench/loopback";
import { STEPS, VARIANTS, VariantName } from "./bench/variants";

const RATIO_BUDGET = 0.6;
const DEFAULT_RUNS = 15;

/** Thrown for a BENCH_* variable outside what the script accepts. */
class BenchSettingError extends Error {
    constructor(variable: string, value: string, allowed: string) {
        super(`${variable}=${JSON.stringify(value)} is not valid; allowed: ${allowed}`);
        this.name = "BenchSettingError";
    }
}

function settings(env: NodeJS.ProcessEnv) {
    const runsText = env.BENCH_RUNS ?? String(DEFAULT_RUNS);
    const runs = Number(runsText);
    if (!Number.isInteger(runs) || runs < 1) throw new BenchSettingError("BENCH_RUNS", runsText, "a whole number of runs per build, at least 1");
    const names = Object.keys(HANDLERS) as HandlerName[];
    const only = env.BENCH_ONLY ? env.BENCH_ONLY.split(",").map((s) => s.trim()) : names;
    const unknown = only.filter((n) => !names.includes(n as HandlerName));
    if (unknown.length > 0) throw new BenchSettingError("BENCH_ONLY", env.BENCH_ONLY ?? "", `a comma-separated list of ${names.join(", ")}`);
    const steps = env.BENCH_STEPS ?? "0";
    if (!["0", "1"].includes(steps)) throw new BenchSettingError("BENCH_STEPS", steps, "1 (measure every step) or 0");
    const variants: VariantName[] = steps === "1" ? [...STEPS] : ["runtime", "bundled"];
    return { runs, handlers: only as HandlerName[], variants };
}

interface Package {
    readonly file: string;
    readonly code: string;
    readonly bytes: number;
    readonly gzipBytes: number;
    readonly runs: ColdStart[];
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function quartiles(values: number[]): [number, number] {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    return [at(0.25), at(0.75)];
}

/** Nothing but Node's built-ins is resolvable from a package that carries its own SDK: no node_modules above it. */
function assertNothingResolvable(dir: string): void {
    for (let at = dir; ; at = path.dirname(at)) {
        if (fs.existsSync(path.join(at, "node_modules"))) throw new Error(`${at}/node_modules exists: the bundles would not be measured alone`);
        if (path.dirname(at) === at) return;
    }
}

/** The package of one build, written where Lambda would unpack it; "runtime" builds see the runtime's SDK. */
function writePackage(root: string, handler: HandlerName, variant: VariantName): Omit<Package, "runs"> {
    const code = VARIANTS[variant].build(HANDLERS[handler]);
    const dir = path.join(root, variant, handler);
    fs.mkdirSync(dir, { recursive: true });
    if (VARIANTS[variant].sdkInside) {
        assertNothingResolvable(dir);
    } else {
        // Where the runtime's SDK would be: this project's copy, and nothing else.
        fs.mkdirSync(path.join(root, variant, "node_modules"), { recursive: true });
        const link = path.join(root, variant, "node_modules", "@aws-sdk");
        if (!fs.existsSync(link)) fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules", "@aws-sdk"), link, "dir");
    }
    const file = path.join(dir, "index.js");
    fs.writeFileSync(file, code);
    return { file, code, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** What Lambda's nodejs22.x runtime gives every function, plus the loopback endpoints. */
function lambdaEnvironment(handler: HandlerName, endpoint: string, own: Record<string, string>): Record<string, string> {
    return {
        AWS_REGION: REGION, AWS_DEFAULT_REGION: REGION,
        AWS_ACCESS_KEY_ID: "ASIABENCHCOLDSTART00", AWS_SECRET_ACCESS_KEY: "bench-secret", AWS_SESSION_TOKEN: "bench-session-token",
        AWS_LAMBDA_FUNCTION_NAME: handler, AWS_LAMBDA_FUNCTION_VERSION: "$LATEST", AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
        AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x", AWS_LAMBDA_LOG_FORMAT: "JSON", AWS_LAMBDA_LOG_LEVEL: "INFO",
        POWERTOOLS_SERVICE_NAME: handler,
        // The runtime's Node is 22; on an older local Node the SDK would print a support warning Lambda never prints.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint, AWS_ENDPOINT_URL_S3: endpoint,
        AWS_ENDPOINT_URL_IOT_DATA_PLANE: endpoint,
        ...own,
    };
}

const num = (n: number) => n.toLocaleString("en-US");
const ms = (t: number) => t.toFixed(1);
const machine = () => `node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown CPU"})`;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" / ");

function summary(p: Package) {
    const totals = p.runs.map((r) => r.totalMs);
    return {
        load: median(p.runs.map((r) => r.loadMs)), invoke: median(p.runs.map((r) => r.invokeMs)), total: median(totals), spread: quartiles(totals),
        cpu: median(p.runs.map((r) => r.cpuMs)),
    };
}

function printComparison(results: Map<string, Package>, handlers: HandlerName[]): void {
    console.log("| function | bundled bytes | gzip | load ms | first-invoke ms | total ms (p25–p75) | external bytes | gzip | load ms | first-invoke ms | total ms (p25–p75) | ratio | ≤ 0.6 | CPU ratio |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
    for (const handler of handlers) {
        const a = results.get(`bundled/${handler}`)!;
        const b = results.get(`runtime/${handler}`)!;
        const [sa, sb] = [summary(a), summary(b)];
        const ratio = sa.total / sb.total;
        const cells = (p: Package, s: ReturnType<typeof summary>) =>
            [num(p.bytes), num(p.gzipBytes), ms(s.load), ms(s.invoke), `${ms(s.total)} (${ms(s.spread[0])}–${ms(s.spread[1])})`];
        // A handler that uses no SDK client builds to the same code both ways: the budget has nothing to compare.
        const verdict = a.code === b.code ? "n/a (no SDK: same code)" : ratio <= RATIO_BUDGET ? "yes" : "**no**";
        console.log(`| ${handler} | ${[...cells(a, sa), ...cells(b, sb), ratio.toFixed(2), verdict, (sa.cpu / sb.cpu).toFixed(2)].join(" | ")} |`);
    }
}

function printSteps(results: Map<string, Package>, handlers: HandlerName[], variants: VariantName[]): void {
    console.log("\n| function | build | bytes | gzip | load ms | first-invoke ms | total ms | ratio to external |");
    console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const handler of handlers) {
        const external = summary(results.get(`runtime/${handler}`)!).total;
        for (const variant of variants) {
            const p = results.get(`${variant}/${handler}`)!;
            const s = summary(p);
            console.log(`| ${handler} | ${VARIANTS[variant].label} | ${num(p.bytes)} | ${num(p.gzipBytes)} | ${ms(s.load)} | ${ms(s.invoke)} | ${ms(s.total)} | ${(s.total / external).toFixed(2)} |`);
        }
    }
}

async function main(): Promise<void> {
    const { runs, handlers, variants } = settings(process.env);
    const started = Date.now();
    const loadBefore = load();
    const key = signingKey();
    const loopback = await startLoopback(key.jwks);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cold-"));
    const results = new Map<string, Package>();
    try {
        const runner = writeRunner(root);
        const cases = invocations(loopback, key);
        for (const handler of handlers) {
            for (const variant of variants) results.set(`${variant}/${handler}`, { ...writePackage(root, handler, variant), runs: [] });
        }
        const once = async (handler: HandlerName, variant: VariantName): Promise<ColdStart> => {
            const { environment, event, problem } = cases[handler];
            const from = loopback.served.length;
            const run = await coldStart(runner, results.get(`${variant}/${handler}`)!.file, event, lambdaEnvironment(handler, loopback.endpoint, environment));
            const wrong = problem(run.result, loopback.served.slice(from));
            if (wrong) throw new Error(`${handler} (${variant}): the first invocation did not succeed: ${wrong}`);
            return run;
        };
        // One discarded round first: it fills the file cache, as a deployed package sits in Lambda's.
        for (const handler of handlers) for (const variant of variants) await once(handler, variant);
        for (let round = 0; round < runs; round++) {
            const order = round % 2 === 0 ? variants : [...variants].reverse();
            for (const handler of handlers) {
                for (const variant of order) results.get(`${variant}/${handler}`)!.runs.push(await once(handler, variant));
            }
        }
    } finally {
        await loopback.stop();
        fs.rmSync(root, { recursive: true, force: true });
    }

    console.log(`Cold start (fresh process: load the package, then its first invocation against loopback endpoints), ` +
        `median of ${runs} interleaved runs per build; ${machine()}; load average (1/5/15 min) ${loadBefore} before, ${load()} after.`);
    console.log(`"bundled" is the platform's package (SDK inside); "external" is the same handler with @aws-sdk/* left to the runtime. ` +
        `Budget: ratio of the median totals ≤ ${RATIO_BUDGET}. Node's own start-up (the same for both) is not counted. ` +
        `"CPU ratio": the same for the processes' CPU time, which a busy machine hardly moves; a handler without an SDK ` +
        `client is the same code both ways, so its ratio shows this run's noise.\n`);
    printComparison(results, handlers);
    if (variants.length > 2) printSteps(results, handlers, variants);
    const processes = handlers.length * variants.length * (runs + 1);
    console.log(`\n${handlers.length} handlers, ${processes} processes, ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

main().catch((err) => {
    console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
    process.exit(1);
});
