/**
 * One Lambda execution environment: a `worker_threads` Worker with its own `process.env`, running a function's
 * real bundle. The bundle is compiled in the worker as a CommonJS module (esbuild's output format) that can
 * require Node's built-ins and `@aws-sdk/*` only, resolved from the project's node_modules: that is exactly what
 * the nodejs22.x runtime offers, so a bundle that needs anything else fails here as it would in AWS.
 */
import { Readable } from "stream";
import { createInterface } from "readline";
import { Worker } from "worker_threads";

/** What Lambda reports for a failed invocation (the Node.js runtime's error shape). */
export interface FunctionErrorPayload {
    readonly errorType: string;
    readonly errorMessage: string;
    readonly trace?: string[];
}

export type InvocationOutcome =
    | { readonly ok: true; readonly payload: string }
    | { readonly ok: false; readonly error: FunctionErrorPayload; readonly fatal: boolean };

export interface WorkerSpec {
    readonly code: string;
    /** A path under the project (it need not exist): the bundle's `__filename`, and where `@aws-sdk` is looked up from. */
    readonly filename: string;
    readonly nodeModules: string;
    readonly exportName: string;
    readonly env: Record<string, string>;
    readonly memorySize: number;
}

export interface InvocationContext {
    readonly awsRequestId: string;
    readonly functionName: string;
    readonly functionVersion: string;
    readonly invokedFunctionArn: string;
    readonly memoryLimitInMB: string;
    readonly logGroupName: string;
    readonly logStreamName: string;
}

// Plain JavaScript, evaluated in the worker (a worker cannot load this project's TypeScript).
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const Module = require("node:module");
const { code, filename, nodeModules, exportName } = workerData;
function toPayload(error) {
    if (error instanceof Error) {
        return { errorType: error.name || "Error", errorMessage: error.message, trace: String(error.stack || "").split("\n") };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
}
let handler;
try {
    const mod = new Module(filename, null);
    mod.filename = filename;
    mod.paths = [nodeModules];
    mod.require = function (id) {
        if (Module.isBuiltin(id) || id.startsWith("@aws-sdk/")) return Module.prototype.require.call(mod, id);
        const error = new Error("Cannot find module '" + id + "'\nRequire stack:\n- " + filename);
        error.code = "MODULE_NOT_FOUND";
        throw error;
    };
    mod._compile(code, filename);
    handler = mod.exports[exportName];
    if (typeof handler !== "function") {
        const error = new Error("index." + exportName + " is undefined or not exported");
        error.name = "Runtime.HandlerNotFound";
        throw error;
    }
    parentPort.postMessage({ type: "ready" });
} catch (error) {
    const payload = toPayload(error);
    // The Node.js runtime reports a module it cannot load this way.
    if (error && error.code === "MODULE_NOT_FOUND") Object.assign(payload, { errorType: "Runtime.ImportModuleError", errorMessage: "Error: " + error.message });
    parentPort.postMessage({ type: "initError", error: payload });
}
parentPort.on("message", async (message) => {
    const context = {
        ...message.context,
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
    };
    try {
        const result = await handler(JSON.parse(message.payload), context);
        const json = result === undefined ? "null" : JSON.stringify(result);
        parentPort.postMessage({ type: "result", ok: true, payload: json === undefined ? "null" : json });
    } catch (error) {
        parentPort.postMessage({ type: "result", ok: false, error: toPayload(error) });
    }
});
`;

type WorkerMessage =
    | { type: "ready" }
    | { type: "initError"; error: FunctionErrorPayload }
    | { type: "result"; ok: true; payload: string }
    | { type: "result"; ok: false; error: FunctionErrorPayload };

/** Lambda's own limit on the INIT phase of an on-demand function. */
const INIT_LIMIT_MS = 10_000;

export class LambdaWorker {
    private readonly worker: Worker;
    private readonly ready: Promise<InvocationOutcome | undefined>;
    private pending?: (outcome: InvocationOutcome) => void;
    private exited = false;

    constructor(spec: WorkerSpec, output: (line: string, stream: "stdout" | "stderr") => void) {
        this.worker = new Worker(WORKER_SOURCE, {
            eval: true,
            env: spec.env,
            workerData: { code: spec.code, filename: spec.filename, nodeModules: spec.nodeModules, exportName: spec.exportName },
            stdout: true,
            stderr: true,
            // The function's memory setting bounds its heap, so a function that would run out of memory in AWS does here.
            resourceLimits: { maxOldGenerationSizeMb: spec.memorySize },
        });
        // An idle environment must not keep the process alive (the runtime's servers do that); a busy one does.
        this.worker.unref();
        for (const stream of ["stdout", "stderr"] as const) {
            createInterface({ input: this.worker[stream] as Readable }).on("line", (line) => output(line, stream));
        }
        this.ready = new Promise((resolve) => {
            const timer = setTimeout(() => {
                void this.worker.terminate();
                resolve({ ok: false, fatal: true, error: { errorType: "Sandbox.Timedout", errorMessage: `INIT phase timed out after ${(INIT_LIMIT_MS / 1000).toFixed(2)} seconds` } });
            }, INIT_LIMIT_MS);
            this.worker.on("message", (message: WorkerMessage) => {
                if (message.type === "ready") {
                    clearTimeout(timer);
                    resolve(undefined);
                } else if (message.type === "initError") {
                    clearTimeout(timer);
                    resolve({ ok: false, fatal: true, error: message.error });
                } else {
                    const settle = this.pending;
                    this.pending = undefined;
                    settle?.(message.ok ? { ok: true, payload: message.payload } : { ok: false, fatal: false, error: message.error });
                }
            });
            // An exception the handler did not await (or process.exit) ends the environment, as it ends Lambda's runtime process.
            this.worker.on("error", (error: Error & { code?: string }) => this.crash({
                errorType: error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "Runtime.OutOfMemory" : error.name === "Error" ? "Runtime.ExitError" : error.name,
                errorMessage: error.message,
            }, resolve));
            this.worker.on("exit", (code) => this.crash({ errorType: "Runtime.ExitError", errorMessage: `Runtime exited with error: exit status ${code}` }, resolve));
        });
    }

    get alive(): boolean {
        return !this.exited;
    }

    /**
     * Runs one invocation. The timeout starts when the handler is called (INIT has its own limit); on expiry the
     * environment is destroyed, as Lambda does, and the outcome is Lambda's timeout error.
     */
    async invoke(payload: string, context: InvocationContext, timeoutSeconds: number): Promise<InvocationOutcome> {
        const initFailure = await this.ready;
        if (initFailure) return initFailure;
        if (this.exited) return { ok: false, fatal: true, error: { errorType: "Runtime.ExitError", errorMessage: "the execution environment has exited" } };
        this.worker.ref();
        return new Promise<InvocationOutcome>((resolve) => {
            const timer = setTimeout(() => {
                this.pending = undefined;
                void this.terminate();
                resolve({
                    ok: false,
                    fatal: true,
                    error: { errorType: "Sandbox.Timedout", errorMessage: `RequestId: ${context.awsRequestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds` },
                });
            }, timeoutSeconds * 1000);
            this.pending = (outcome) => {
                clearTimeout(timer);
                resolve(outcome);
            };
            this.worker.postMessage({ payload, context, deadline: Date.now() + timeoutSeconds * 1000 });
        }).finally(() => {
            if (!this.exited) this.worker.unref();
        });
    }

    async terminate(): Promise<void> {
        this.exited = true;
        await this.worker.terminate();
    }

    private crash(error: FunctionErrorPayload, resolveReady: (outcome: InvocationOutcome | undefined) => void): void {
        if (this.exited && !this.pending) return;
        this.exited = true;
        resolveReady({ ok: false, fatal: true, error });
        const settle = this.pending;
        this.pending = undefined;
        settle?.({ ok: false, fatal: true, error });
    }
}
