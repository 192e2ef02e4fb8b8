/**
 * The init duration Lambda bills on a cold start, measured the way Lambda pays it: a fresh `node` process requires
 * the handler's bundle (module load plus the factory, which creates the clients). Both ways of shipping the SDK are
 * measured side by side: inside the bundle (what the functions ship) and left to the runtime's copy.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildBundle, bundleHandler, bundleOptions } from "../../components/bundle";
import { HANDLERS, HandlerName } from "../../functions/handlers";
import { ROOT } from "../../tools/mockProgram";

export interface InitMeasurement {
    /** Median milliseconds to require the bundle with the SDK inside. */
    readonly bundledMs: number;
    /** Median milliseconds to require the same handler with `@aws-sdk/*` left to the runtime. */
    readonly runtimeMs: number;
}

const SCRIPT = "const{performance}=require('perf_hooks');const t=performance.now();const m=require(process.argv[1]);" +
    "const d=performance.now()-t;if(typeof m.handler!=='function')throw new Error('no handler export');process.stdout.write(String(d));";

const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Median cold require of both variants of every handler over `runs` fresh processes each, interleaved so machine
 * load affects both alike. `environment(handler)` gives the variables each factory reads (loopback endpoints only).
 */
export function measureInit(environment: (handler: HandlerName) => Record<string, string>, runs = 7): Record<HandlerName, InitMeasurement> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "init-"));
    fs.mkdirSync(path.join(dir, "node_modules"));
    // The runtime's SDK, for the variant that leaves it out.
    fs.symlinkSync(path.join(ROOT, "node_modules", "@aws-sdk"), path.join(dir, "node_modules", "@aws-sdk"), "dir");
    const out = {} as Record<HandlerName, InitMeasurement>;
    try {
        for (const name of Object.keys(HANDLERS) as HandlerName[]) {
            const descriptor = HANDLERS[name];
            const files = {
                bundled: path.join(dir, `${name}-bundled.js`),
                runtime: path.join(dir, `${name}-runtime.js`),
            };
            fs.writeFileSync(files.bundled, bundleHandler(descriptor).code);
            fs.writeFileSync(files.runtime, buildBundle(descriptor, bundleOptions(descriptor, "runtime")).code);
            const env = {
                PATH: process.env.PATH ?? "", AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test",
                POWERTOOLS_LOG_LEVEL: "SILENT", ...environment(name),
            };
            const time = (file: string) => Number(execFileSync(process.execPath, ["-e", SCRIPT, file], { env, cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
            const samples = { bundled: [] as number[], runtime: [] as number[] };
            for (let i = 0; i < runs; i++) {
                samples.bundled.push(time(files.bundled));
                samples.runtime.push(time(files.runtime));
            }
            out[name] = { bundledMs: median(samples.bundled), runtimeMs: median(samples.runtime) };
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    return out;
}
