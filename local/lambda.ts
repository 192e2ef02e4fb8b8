/**
 * Lambda, locally: each function's real bundle runs in worker threads created with the function's environment
 * (plus region, dummy credentials, the Lambda runtime's variables and `AWS_ENDPOINT_URL_<SERVICE>` pointing at
 * the local services). Configured from the `aws.lambda.Function` and `aws.lambda.FunctionEventInvokeConfig` inputs.
 *
 * Semantics kept: the timeout (the environment is destroyed, `Sandbox.Timedout` "Task timed out after N seconds"),
 * errors as Lambda reports them (`{ errorType, errorMessage, trace }` with the function-error flag "Unhandled"),
 * warm reuse of environments up to a concurrency bound (reserved concurrency throttles synchronous calls with
 * TooManyRequestsException), and asynchronous invocation: the event is accepted at once (202), attempted up to
 * 1 + maximumRetryAttempts times, 1 then 2 minutes apart (scaled), within maximumEventAgeInSeconds, then
 * sent with Lambda's invocation record to the on-failure destination (an SQS queue here).
 *
 * Not modelled: versions and aliases (only $LATEST), layers, provisioned concurrency, response streaming,
 * the callback-style handler signature, destinations other than SQS.
 */
import * as path from "path";
import { randomUUID } from "crypto";
import { accountOf, buildArn, LocalAccount, parseArn } from "./arn";
import { correlationIdOf, reporter, RuntimeLog, silentLog } from "./log";
import { FunctionPool, TooManyRequestsError } from "./lambdaPool";
import { FunctionErrorPayload, InvocationOutcome, WorkerSpec } from "./lambdaWorker";
import { AsyncInvocations, EventInvokeConfig, QueueSender } from "./lambdaAsync";
import { timeScaleOf } from "./timeScale";

export { TooManyRequestsError } from "./lambdaPool";
export type { EventInvokeConfig, QueueSender } from "./lambdaAsync";
export type { FunctionErrorPayload } from "./lambdaWorker";

/** The `aws.lambda.Function` inputs the engine reads, plus the bundle's code. */
export interface FunctionConfig {
    readonly name: string;
    /** @default arn:aws:lambda:<region>:<account>:function:<name> */
    readonly arn?: string;
    /** The bundle: one CommonJS file exporting the handler (components/bundle.ts `bundleHandler(...).code`). */
    readonly code: string;
    /** `<file>.<export>`; only the export is used (the code is the file). @default "index.handler" */
    readonly handler?: string;
    /** Only Node.js runtimes can run here. @default "nodejs22.x" */
    readonly runtime?: string;
    /** 1 to 900 seconds. @default 3 */
    readonly timeout?: number;
    /** 128 to 10240 MB; bounds the worker's heap. @default 128 */
    readonly memorySize?: number;
    readonly environment?: { readonly variables?: Record<string, string> };
    /** Reserved concurrency: the bound, and synchronous calls over it are throttled. @default unreserved */
    readonly reservedConcurrentExecutions?: number;
    /** Sets AWS_LAMBDA_LOG_FORMAT / AWS_LAMBDA_LOG_LEVEL as Lambda does (Powertools reads them). */
    readonly loggingConfig?: { readonly logFormat?: string; readonly applicationLogLevel?: string; readonly logGroup?: string };
}

export type InvocationType = "RequestResponse" | "Event" | "DryRun";

export interface InvokeResult {
    /** 200 (RequestResponse), 202 (Event), 204 (DryRun). */
    readonly statusCode: number;
    readonly requestId: string;
    readonly executedVersion: "$LATEST";
    /** "Unhandled" when the function failed (its payload is then the error). */
    readonly functionError?: "Unhandled";
    /** The response, parsed from JSON (a RequestResponse call only). */
    readonly payload?: unknown;
}

export class ResourceNotFoundError extends Error {
    constructor(reference: string, known: string[]) {
        super(`Function not found: ${reference} (functions: ${known.join(", ") || "none"})`);
        this.name = "ResourceNotFoundException";
    }
}

export class InvalidFunctionConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InvalidParameterValueException";
    }
}

export interface LambdaEngineOptions extends LocalAccount {
    /** Local endpoints by SDK service id, e.g. `{ DYNAMODB: "http://127.0.0.1:4567" }` → AWS_ENDPOINT_URL_DYNAMODB. Can be set later. */
    readonly endpoints?: Record<string, string>;
    /** Where on-failure (and on-success) destinations send: the SQS engine. */
    readonly destinations?: QueueSender;
    /** Environments per function when it has no reserved concurrency. @default 4 */
    readonly concurrency?: number;
    /** Variables set on every function after its own (e.g. POWERTOOLS_LOG_LEVEL for a quieter run). @default none */
    readonly environmentOverrides?: Record<string, string>;
    /** The node_modules the bundles' `@aws-sdk/*` resolve from. @default this project's */
    readonly nodeModules?: string;
    readonly log?: RuntimeLog;
    /** Multiplies the asynchronous retry delays and maximum event age. @default 1 (real time) */
    readonly timeScale?: number;
}

interface LocalFunction {
    readonly config: FunctionConfig;
    readonly arn: string;
    readonly timeout: number;
    readonly memorySize: number;
    readonly exportName: string;
    readonly pool: FunctionPool;
}

const PROJECT_ROOT = path.resolve(__dirname, "..");
const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
const MAX_ASYNC_PAYLOAD = 256 * 1024;

export class LambdaEngine {
    readonly timeScale: number;
    private readonly account: { region: string; accountId: string };
    private readonly log: RuntimeLog;
    private readonly functions = new Map<string, LocalFunction>();
    private endpoints: Record<string, string>;
    private readonly async: AsyncInvocations;

    constructor(private readonly options: LambdaEngineOptions = {}) {
        this.account = accountOf(options);
        this.timeScale = timeScaleOf("LambdaEngine", options.timeScale);
        this.log = options.log ?? silentLog;
        this.endpoints = { ...options.endpoints };
        this.async = new AsyncInvocations({
            timeScale: this.timeScale,
            log: this.log,
            destinations: options.destinations,
            run: (name, payload, requestId) => this.execute(name, payload, requestId, true),
            arnOf: (name) => this.resolve(name).arn,
        });
    }

    /** Adds a function from its inputs; throws naming the function and the input for anything Lambda would refuse. */
    addFunction(config: FunctionConfig): void {
        const name = config.name;
        const problems: string[] = [];
        if (typeof name !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) problems.push(`name must be 1 to 64 letters, digits, - or _, but ${JSON.stringify(name)} was provided`);
        if (typeof config.code !== "string" || config.code.length === 0) problems.push("code must be the bundle's JavaScript source");
        const runtime = config.runtime ?? "nodejs22.x";
        if (!runtime.startsWith("nodejs")) problems.push(`runtime ${runtime} cannot run locally; only Node.js runtimes (nodejs*) can`);
        const timeout = config.timeout ?? 3;
        if (!Number.isInteger(timeout) || timeout < 1 || timeout > 900) problems.push(`timeout must be an integer from 1 to 900 seconds, but ${timeout} was provided`);
        const memorySize = config.memorySize ?? 128;
        if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) problems.push(`memorySize must be an integer from 128 to 10240 MB, but ${memorySize} was provided`);
        const handler = config.handler ?? "index.handler";
        const exportName = handler.slice(handler.lastIndexOf(".") + 1);
        if (!handler.includes(".") || !exportName) problems.push(`handler must be <file>.<export>, but ${JSON.stringify(handler)} was provided`);
        const reserved = config.reservedConcurrentExecutions;
        if (reserved !== undefined && reserved !== -1 && !(Number.isInteger(reserved) && reserved >= 0)) {
            problems.push(`reservedConcurrentExecutions must be -1 (unreserved) or an integer of at least 0, but ${reserved} was provided`);
        }
        const arn = config.arn ?? buildArn("lambda", this.account, `function:${name}`);
        if (this.functions.has(name)) problems.push("a function of that name was already added");
        if (problems.length > 0) throw new InvalidFunctionConfigError(`function ${name}: ${problems.join("; ")}`);

        const limited = reserved !== undefined && reserved !== -1;
        const pool = new FunctionPool(name, () => this.workerSpec(name), {
            concurrency: limited ? reserved : (this.options.concurrency ?? 4),
            throttle: limited,
        }, (line) => reporter(this.log, name)("function", line, correlationIdOf(line)));
        this.functions.set(name, { config, arn, timeout, memorySize, exportName, pool });
    }

    /** Applies an `aws.lambda.FunctionEventInvokeConfig`'s inputs to its function. */
    putEventInvokeConfig(config: EventInvokeConfig): void {
        this.async.configure(this.resolve(config.functionName).config.name, config);
    }

    /** Sets or adds local endpoints; environments created from now on see them. */
    setEndpoints(endpoints: Record<string, string>): void {
        this.endpoints = { ...this.endpoints, ...endpoints };
    }

    has(reference: string): boolean {
        try {
            this.resolve(reference);
            return true;
        } catch {
            return false;
        }
    }

    functionArn(reference: string): string {
        return this.resolve(reference).arn;
    }

    /** Invoke: RequestResponse waits for the result; Event queues the event and answers 202; DryRun only checks. */
    async invoke(reference: string, payload: unknown, options: { invocationType?: InvocationType } = {}): Promise<InvokeResult> {
        const fn = this.resolve(reference);
        const json = JSON.stringify(payload === undefined ? null : payload);
        const type = options.invocationType ?? "RequestResponse";
        const requestId = randomUUID();
        if (type === "DryRun") return { statusCode: 204, requestId, executedVersion: "$LATEST" };
        if (type === "Event") {
            if (Buffer.byteLength(json) > MAX_ASYNC_PAYLOAD) throw payloadTooLarge(fn.config.name, MAX_ASYNC_PAYLOAD);
            this.async.enqueue(fn.config.name, json, requestId);
            return { statusCode: 202, requestId, executedVersion: "$LATEST" };
        }
        if (Buffer.byteLength(json) > MAX_SYNC_PAYLOAD) throw payloadTooLarge(fn.config.name, MAX_SYNC_PAYLOAD);
        const outcome = await this.execute(fn.config.name, json, requestId, false);
        return outcome.ok
            ? { statusCode: 200, requestId, executedVersion: "$LATEST", payload: JSON.parse(outcome.payload) }
            : { statusCode: 200, requestId, executedVersion: "$LATEST", functionError: "Unhandled", payload: outcome.error };
    }

    /** An asynchronous invoke (what EventBridge and SNS do). */
    invokeAsync(reference: string, payload: unknown): Promise<InvokeResult> {
        return this.invoke(reference, payload, { invocationType: "Event" });
    }

    /** Resolves when no asynchronous invocation (or retry of one) is queued or running. */
    idle(): Promise<void> {
        return this.async.idle();
    }

    /** Destroys every environment; queued asynchronous events are dropped. */
    async stop(): Promise<void> {
        this.async.stop();
        await Promise.all([...this.functions.values()].map((fn) => fn.pool.stop()));
    }

    private async execute(name: string, json: string, requestId: string, mayWait: boolean): Promise<InvocationOutcome> {
        const fn = this.resolve(name);
        const report = reporter(this.log, name);
        const context = {
            awsRequestId: requestId,
            functionName: name,
            functionVersion: "$LATEST",
            invokedFunctionArn: fn.arn,
            memoryLimitInMB: String(fn.memorySize),
            logGroupName: fn.config.loggingConfig?.logGroup ?? `/aws/lambda/${name}`,
            logStreamName: `local/[$LATEST]${requestId.replace(/-/g, "")}`,
        };
        let outcome: InvocationOutcome;
        try {
            outcome = await fn.pool.run(json, context, fn.timeout, mayWait);
        } catch (error) {
            if (error instanceof TooManyRequestsError) report("invoke", `throttled: ${error.message}`, correlationIdOf(json));
            throw error;
        }
        if (!outcome.ok) report("invoke", `request ${requestId} failed: ${describeError(outcome.error)}`, correlationIdOf(json));
        return outcome;
    }

    private workerSpec(name: string): WorkerSpec {
        const fn = this.resolve(name);
        const { region } = this.account;
        const logging = fn.config.loggingConfig;
        const env: Record<string, string> = {
            ...fn.config.environment?.variables,
            AWS_REGION: region,
            AWS_DEFAULT_REGION: region,
            AWS_ACCESS_KEY_ID: "local",
            AWS_SECRET_ACCESS_KEY: "local",
            AWS_SESSION_TOKEN: "local",
            AWS_LAMBDA_FUNCTION_NAME: name,
            AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
            AWS_LAMBDA_LOG_GROUP_NAME: logging?.logGroup ?? `/aws/lambda/${name}`,
            AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${randomUUID().replace(/-/g, "")}`,
            AWS_EXECUTION_ENV: `AWS_Lambda_${fn.config.runtime ?? "nodejs22.x"}`,
            LAMBDA_TASK_ROOT: "/var/task",
            _HANDLER: fn.config.handler ?? "index.handler",
            TZ: ":UTC",
            // The bundles target nodejs22.x; a Node 20 host would make every SDK client warn about its version.
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
            ...(logging?.logFormat ? { AWS_LAMBDA_LOG_FORMAT: logging.logFormat } : {}),
            ...(logging?.applicationLogLevel ? { AWS_LAMBDA_LOG_LEVEL: logging.applicationLogLevel } : {}),
            ...Object.fromEntries(Object.entries(this.endpoints).map(([service, url]) => [`AWS_ENDPOINT_URL_${service.toUpperCase()}`, url])),
            ...this.options.environmentOverrides,
        };
        return {
            code: fn.config.code,
            filename: path.join(PROJECT_ROOT, ".lambda", name, "index.js"),
            nodeModules: this.options.nodeModules ?? path.join(PROJECT_ROOT, "node_modules"),
            exportName: fn.exportName,
            env,
            memorySize: fn.memorySize,
        };
    }

    /** A function by name, ARN (optionally qualified with $LATEST) or partial ARN (`<account>:function:<name>`). */
    private resolve(reference: string): LocalFunction {
        const unqualified = reference.replace(/:\$LATEST$/, "");
        const arn = parseArn(unqualified);
        const name = arn ? arn.resource.replace(/^function:/, "") : unqualified.replace(/^\d{12}:function:/, "");
        const fn = this.functions.get(name);
        if (!fn || (arn && arn.account !== this.account.accountId)) throw new ResourceNotFoundError(reference, [...this.functions.keys()]);
        return fn;
    }
}

export function describeError(error: FunctionErrorPayload): string {
    return `${error.errorType}: ${error.errorMessage}`;
}

function payloadTooLarge(name: string, limit: number): Error {
    const error = new Error(`function ${name}: the request payload is larger than ${limit} bytes`);
    error.name = "RequestEntityTooLargeException";
    return error;
}
