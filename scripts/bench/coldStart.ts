/**
 * One cold start as Lambda sees it: a fresh `node` process requires the function's file (module code and the
 * handler factory run: clients are created) and then makes the first invocation. Both phases are timed inside the
 * process with the monotonic clock, so Node's own boot (the same for every package) is not part of the figure.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** Runs in the fresh process; its only requires before the clock starts are the bundle's own. */
const RUNNER = `"use strict";
const [file, eventJson] = process.argv.slice(2);
const event = JSON.parse(eventJson);
const deadline = Date.now() + 10000;
const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: "$LATEST", awsRequestId: "bench-request-1",
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
};
const report = (value, code) => { require("fs").writeSync(3, JSON.stringify(value)); process.exit(code); };
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
let handler;
try {
    handler = require(file).handler;
} catch (error) {
    report({ error: "load: " + (error && error.stack || error) }, 1);
}
const loaded = process.hrtime.bigint();
Promise.resolve().then(() => handler(event, context)).then((result) => {
    const invoked = process.hrtime.bigint();
    const used = process.cpuUsage(cpu);
    report({ loadNs: String(loaded - start), invokeNs: String(invoked - loaded), cpuUs: used.user + used.system, result: result === undefined ? null : result }, 0);
}, (error) => report({ error: "invoke: " + (error && error.stack || error) }, 1));
`;

export interface ColdStart {
    readonly loadMs: number;
    readonly invokeMs: number;
    readonly totalMs: number;
    /**
     * CPU time of the process over load and first invocation (all its threads). Unlike the wall times it hardly
     * moves when other work competes for the cores, so it tells a busy machine's noise from a real difference.
     */
    readonly cpuMs: number;
    /** What the first invocation returned (null for undefined). */
    readonly result: unknown;
}

/** Thrown when a cold start fails (the bundle does not load, or its first invocation rejects). */
export class ColdStartError extends Error {
    constructor(file: string, reason: string) {
        super(`cold start of ${file} failed: ${reason}`);
        this.name = "ColdStartError";
    }
}

/** Writes the runner into `dir` once and returns its path. */
export function writeRunner(dir: string): string {
    const file = path.join(dir, "cold-start-runner.js");
    fs.writeFileSync(file, RUNNER);
    return file;
}

/**
 * One cold start of `file` in a fresh process with exactly `env` (nothing is inherited but PATH). Asynchronous, so
 * this process keeps serving the loopback endpoints meanwhile. The function's log lines go to /dev/null.
 */
export function coldStart(runner: string, file: string, event: unknown, env: Record<string, string>): Promise<ColdStart> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [runner, file, JSON.stringify(event)], {
            cwd: path.dirname(file),
            env: { PATH: process.env.PATH ?? "", ...env },
            stdio: ["ignore", "ignore", "pipe", "pipe"],
        });
        const report: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdio[3]!.on("data", (chunk: Buffer) => report.push(chunk));
        child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
        child.on("error", reject);
        child.on("close", (code) => {
            const text = Buffer.concat(report).toString("utf8");
            let parsed: { loadNs?: string; invokeNs?: string; cpuUs?: number; result?: unknown; error?: string };
            try {
                parsed = JSON.parse(text) as typeof parsed;
            } catch {
                reject(new ColdStartError(file, `exit code ${code}, no report; stderr: ${Buffer.concat(stderr).toString("utf8").slice(0, 2000)}`));
                return;
            }
            if (parsed.error !== undefined || parsed.loadNs === undefined || parsed.invokeNs === undefined) {
                reject(new ColdStartError(file, parsed.error ?? "incomplete report"));
                return;
            }
            const loadMs = Number(parsed.loadNs) / 1e6;
            const invokeMs = Number(parsed.invokeNs) / 1e6;
            resolve({ loadMs, invokeMs, totalMs: loadMs + invokeMs, cpuMs: (parsed.cpuUs ?? 0) / 1000, result: parsed.result });
        });
    });
}
