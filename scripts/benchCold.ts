/**
 * Cold-start benchmark (issue 8, SPEC §7 budgets): for every Lambda function of both stacks, the package the
 * HandlerFunction helper uploads (one esbuild bundle) against plain `aws.lambda.CallbackFunction` packaging of
 * the same handler factory, measured side by side in the same run:
 *   - package bytes, and the zipped size estimated with deflate (what Lambda stores);
 *   - median cold `require` time of the handler module over N fresh `node` processes.
 * Not a test: times are printed, never asserted. Run: `npm run bench:cold` (BENCH_RUNS=N to change N, default 5).
 *
 * @aws-sdk/* is external in the bundle (the nodejs22.x runtime provides it); NODE_PATH points at the project's
 * node_modules to stand in for the runtime's copy. CallbackFunction's `__index.js` is written under the project's
 * node_modules, so it resolves the project's dependencies exactly as the uploaded archive would.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deflateRawSync } from "zlib";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ACCOUNT_ID, MockResource, REGION, ROOT, runProgram, settle } from "../tools/mockProgram";
import type { Bundle } from "../components/bundle";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FUNCTION_TYPE = "aws:lambda/function:Function";
const BUDGET_BYTES = 200 * 1024;
const BUDGET_MS = 25;

interface Package {
    bytes: number;
    zippedBytes: number;
    files: number;
    /** Median cold require, SDK included (what Lambda's init pays). */
    coldMs: number;
    /** Median cold require with the SDK clients already loaded: the package's own code. */
    ownMs: number;
}

interface Row {
    stack: string;
    fn: string;
    factory: string;
    bundle: Package;
    callback: Package | string;
}

/**
 * Median wall time of `require(file)` in fresh node processes. With `preload`, those modules (the SDK clients
 * the handler uses) are required before the clock starts, which isolates the cost of the package's own code.
 */
function medianColdRequire(file: string, env: Record<string, string>, preload: string[] = []): number {
    const script = "const{performance}=require('perf_hooks');for(const p of JSON.parse(process.argv[2]))require(p);" +
        "const t=performance.now();const m=require(process.argv[1]);const d=performance.now()-t;" +
        "if(typeof m.handler!=='function')throw new Error('no handler export');process.stdout.write(String(d));";
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
        const out = execFileSync(process.execPath, ["-e", script, file, JSON.stringify(preload)], {
            env: { PATH: process.env.PATH ?? "", ...env },
            cwd: path.dirname(file),
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        times.push(Number(out));
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
}

/** The @aws-sdk/* modules a bundle leaves to the runtime. */
function sdkModules(code: string): string[] {
    return [...new Set([...code.matchAll(/require\(\s*["'`](@aws-sdk\/[^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))].sort();
}

/** Files under an archive path (a directory) or the file itself. */
function filesUnder(p: string): string[] {
    const stat = fs.statSync(p);
    if (!stat.isDirectory()) return [p];
    return fs.readdirSync(p, { withFileTypes: true }).flatMap((entry) => filesUnder(path.join(p, entry.name)));
}

/** The environment Lambda would give the function, plus what stands in for the runtime's SDK. */
function lambdaEnv(fn: MockResource): Record<string, string> {
    return {
        ...(fn.inputs.environment?.variables ?? {}),
        AWS_REGION: REGION,
        AWS_DEFAULT_REGION: REGION,
        AWS_LAMBDA_FUNCTION_NAME: fn.name,
        NODE_PATH: path.join(ROOT, "node_modules"),
    };
}

async function measureBundle(code: string, env: Record<string, string>, dir: string): Promise<Package> {
    const file = path.join(dir, "index.js");
    fs.writeFileSync(file, code);
    const bytes = Buffer.byteLength(code);
    const sdk = sdkModules(code);
    return { bytes, zippedBytes: deflateRawSync(code).length, files: 1, coldMs: medianColdRequire(file, env), ownMs: medianColdRequire(file, env, sdk) };
}

/** Packages the same factory the plain way, under the mocks the program run installed, and measures it. */
async function measureCallbackFunction(name: string, factory: unknown, env: Record<string, string>, sdk: string[], dir: string, recorded: MockResource[]): Promise<Package> {
    new aws.lambda.CallbackFunction(name, {
        callbackFactory: factory as aws.lambda.CallbackFactory<unknown, unknown>,
        runtime: "nodejs22.x",
        role: `arn:aws:iam::${ACCOUNT_ID}:role/bench-callback-function`,
    });
    await settle();
    const fn = recorded.find((r) => r.type === FUNCTION_TYPE && r.name === name);
    if (!fn) throw new Error(`CallbackFunction ${name} registered no function`);
    const assets = await (fn.inputs.code as pulumi.asset.AssetArchive).assets;
    let bytes = 0;
    let zippedBytes = 0;
    let files = 0;
    let index = "";
    for (const [key, asset] of Object.entries(assets)) {
        if (key === "__index.js") {
            index = await (asset as pulumi.asset.StringAsset).text;
            bytes += Buffer.byteLength(index);
            zippedBytes += deflateRawSync(index).length;
            files += 1;
            continue;
        }
        const rel = await (asset as pulumi.asset.FileArchive | pulumi.asset.FileAsset).path;
        for (const file of filesUnder(path.resolve(ROOT, rel))) {
            const content = fs.readFileSync(file);
            bytes += content.length;
            zippedBytes += deflateRawSync(content).length;
            files += 1;
        }
    }
    const file = path.join(dir, "__index.js");
    fs.writeFileSync(file, index);
    const { NODE_PATH: _runtimeSdk, ...ownNodeModules } = env;
    return { bytes, zippedBytes, files, coldMs: medianColdRequire(file, ownNodeModules), ownMs: medianColdRequire(file, ownNodeModules, sdk) };
}

const kb = (bytes: number) => `${(bytes / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} KB`;
const ms = (t: number) => `${t.toFixed(1)} ms`;

async function main(): Promise<void> {
    const started = Date.now();
    const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cold-"));
    // Under the project's node_modules (ignored by git and eslint), so the CallbackFunction's requires resolve
    // against the project's dependencies by walking up, exactly as in its archive.
    const callbackDir = fs.mkdtempSync(path.join(ROOT, "node_modules", ".bench-cold-"));
    const rows: Row[] = [];
    // The same factory packages to the same bytes in both stacks, so each is measured once and reported per stack.
    const measured = new Map<string, { bundle: Package; callback: Package | string }>();
    try {
        for (const stack of ["dev", "prod"]) {
            const run = await runProgram(stack);
            const bundleModule = require.cache[require.resolve(path.join(ROOT, "components/bundle.ts"))]?.exports as
                { bundledHandlers(): Bundle[] } | undefined;
            const bundles = bundleModule?.bundledHandlers() ?? [];
            const functions = run.ofType(FUNCTION_TYPE);
            for (const fn of functions) {
                const code = await (await (fn.inputs.code as pulumi.asset.AssetArchive).assets)["index.js"];
                const text = code ? await (code as pulumi.asset.StringAsset).text : undefined;
                const bundle = bundles.find((b) => b.code === text);
                if (!bundle || text === undefined) {
                    console.error(`${stack}/${fn.name}: not a HandlerFunction bundle, skipped`);
                    continue;
                }
                const key = `${bundle.module}#${bundle.exportName}`;
                let result = measured.get(key);
                if (!result) {
                    const env = lambdaEnv(fn);
                    const dir = fs.mkdtempSync(path.join(bundleDir, "fn-"));
                    const bundlePackage = await measureBundle(text, env, dir);
                    let callback: Package | string;
                    try {
                        const factory = (require(path.join(ROOT, bundle.module)) as Record<string, unknown>)[bundle.exportName];
                        const cbDir = fs.mkdtempSync(path.join(callbackDir, "fn-"));
                        callback = await measureCallbackFunction(`bench-${stack}-${fn.name}`, factory, env, sdkModules(text), cbDir, run.resources);
                    } catch (err) {
                        callback = `failed: ${(err as Error).message.split("\n")[0]}`;
                    }
                    result = { bundle: bundlePackage, callback };
                    measured.set(key, result);
                }
                rows.push({ stack, fn: fn.name, factory: key, ...result });
            }
        }
    } finally {
        fs.rmSync(bundleDir, { recursive: true, force: true });
        fs.rmSync(callbackDir, { recursive: true, force: true });
    }

    rows.sort((a, b) => a.stack.localeCompare(b.stack) || a.fn.localeCompare(b.fn));
    console.log(`Cold-start benchmark: median of ${RUNS} fresh \`node\` processes per figure (node ${process.version}, ` +
        `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}, load average ${os.loadavg()[0].toFixed(1)} at the end).`);
    console.log(`Budgets: package ≤ ${kb(BUDGET_BYTES)}, cold require ≤ ${BUDGET_MS} ms. "own" = SDK clients preloaded, "total" = SDK loaded too.\n`);
    console.log("| stack | function | bundle bytes (zipped) | bundle require own / total | CallbackFunction bytes (zipped), files | CallbackFunction require own / total | bundle within budget (bytes, own ms) |");
    console.log("| --- | --- | ---: | ---: | ---: | ---: | --- |");
    for (const row of rows) {
        const cb = typeof row.callback === "string"
            ? [row.callback, "n/a"]
            : [`${kb(row.callback.bytes)} (${kb(row.callback.zippedBytes)}), ${row.callback.files.toLocaleString("en-US")} files`,
                `${ms(row.callback.ownMs)} / ${ms(row.callback.coldMs)}`];
        const ok = row.bundle.bytes <= BUDGET_BYTES && row.bundle.ownMs <= BUDGET_MS ? "yes" : "**no**";
        console.log(`| ${row.stack} | ${row.fn} (\`${row.factory}\`) | ${kb(row.bundle.bytes)} (${kb(row.bundle.zippedBytes)}) | ` +
            `${ms(row.bundle.ownMs)} / ${ms(row.bundle.coldMs)} | ${cb[0]} | ${cb[1]} | ${ok} |`);
    }
    console.log(`\n${rows.length} functions, ${measured.size} distinct packages, ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
