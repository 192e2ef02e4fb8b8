/**
 * Lambda's asynchronous invocation: the queue of accepted events, the retries of failed ones (1 minute, then 2
 * minutes, as Lambda waits; scaled), the maximum event age, and the destinations that receive Lambda's invocation
 * record when an event succeeds or is given up on.
 */
import { parseArn } from "./arn";
import { correlationIdOf, reporter, RuntimeLog } from "./log";
import { TooManyRequestsError } from "./lambdaPool";
import { InvocationOutcome } from "./lambdaWorker";
import { describeWait, scaledMs, sleep } from "./timeScale";

/** The `aws.lambda.FunctionEventInvokeConfig` inputs. */
export interface EventInvokeConfig {
    /** The function's name or ARN. */
    readonly functionName: string;
    /** 0 to 2. @default 2 */
    readonly maximumRetryAttempts?: number;
    /** 60 to 21600 seconds. @default 21600 */
    readonly maximumEventAgeInSeconds?: number;
    /** Only SQS queue ARNs can be destinations locally. */
    readonly destinationConfig?: { readonly onFailure?: { readonly destination?: string }; readonly onSuccess?: { readonly destination?: string } };
}

/** What a destination needs of the SQS engine. */
export interface QueueSender {
    sendMessage(queueArn: string, body: string): unknown;
}

/** Lambda waits this long before the second and the third attempt. */
const RETRY_DELAYS_SECONDS = [60, 120];

interface Settings {
    readonly retries: number;
    readonly maxAgeSeconds: number;
    readonly onFailure?: string;
    readonly onSuccess?: string;
}

export class AsyncInvocations {
    private readonly settings = new Map<string, Settings>();
    private readonly running = new Set<Promise<void>>();
    private readonly abort = new AbortController();

    constructor(private readonly deps: {
        readonly timeScale: number;
        readonly log: RuntimeLog;
        readonly destinations?: QueueSender;
        readonly run: (name: string, json: string, requestId: string) => Promise<InvocationOutcome>;
        readonly arnOf: (name: string) => string;
    }) {}

    configure(name: string, config: EventInvokeConfig): void {
        const retries = config.maximumRetryAttempts ?? 2;
        const maxAgeSeconds = config.maximumEventAgeInSeconds ?? 21_600;
        const problems: string[] = [];
        if (!Number.isInteger(retries) || retries < 0 || retries > 2) problems.push(`maximumRetryAttempts must be an integer from 0 to 2, but ${retries} was provided`);
        if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 60 || maxAgeSeconds > 21_600) {
            problems.push(`maximumEventAgeInSeconds must be an integer from 60 to 21600, but ${maxAgeSeconds} was provided`);
        }
        const onFailure = config.destinationConfig?.onFailure?.destination;
        const onSuccess = config.destinationConfig?.onSuccess?.destination;
        for (const [which, arn] of [["onFailure", onFailure], ["onSuccess", onSuccess]] as const) {
            if (arn === undefined) continue;
            if (parseArn(arn)?.service !== "sqs") problems.push(`destinationConfig.${which}.destination must be an SQS queue ARN locally (SNS, Lambda and EventBridge destinations are not served), but ${arn} was provided`);
            else if (!this.deps.destinations) problems.push(`destinationConfig.${which}.destination ${arn} needs the SQS engine, which was not given to the Lambda engine`);
        }
        if (problems.length > 0) {
            const error = new Error(`event invoke config of function ${name}: ${problems.join("; ")}`);
            error.name = "InvalidParameterValueException";
            throw error;
        }
        this.settings.set(name, { retries, maxAgeSeconds, onFailure, onSuccess });
    }

    enqueue(name: string, json: string, requestId: string): void {
        const task = this.process(name, json, requestId).catch((error: Error) => {
            reporter(this.deps.log, name)("error", `async request ${requestId} was lost: ${error.message}`, correlationIdOf(json));
        });
        this.running.add(task);
        void task.finally(() => this.running.delete(task));
    }

    async idle(): Promise<void> {
        while (this.running.size > 0) await Promise.all([...this.running]);
    }

    stop(): void {
        this.abort.abort();
    }

    private async process(name: string, json: string, requestId: string): Promise<void> {
        const settings = this.settings.get(name) ?? { retries: 2, maxAgeSeconds: 21_600 };
        const report = reporter(this.deps.log, name);
        const correlationId = correlationIdOf(json);
        const { timeScale } = this.deps;
        const acceptedAt = Date.now();
        const attempts = settings.retries + 1;
        let attempt = 0;
        let last: InvocationOutcome | undefined;
        while (!this.abort.signal.aborted) {
            if (Date.now() - acceptedAt >= scaledMs(settings.maxAgeSeconds, timeScale)) {
                await this.finish(name, settings.onFailure, json, requestId, "EventAgeExceeded", attempt, last);
                return;
            }
            try {
                last = await this.deps.run(name, json, requestId);
            } catch (error) {
                if (!(error instanceof TooManyRequestsError)) throw error;
                // Throttled events wait (they are not attempts) until they are too old.
                await sleep(scaledMs(60, timeScale), this.abort.signal);
                continue;
            }
            attempt += 1;
            if (last.ok) {
                if (settings.onSuccess) await this.finish(name, settings.onSuccess, json, requestId, "Success", attempt, last);
                return;
            }
            if (attempt >= attempts) {
                await this.finish(name, settings.onFailure, json, requestId, "RetriesExhausted", attempt, last);
                return;
            }
            const delay = RETRY_DELAYS_SECONDS[attempt - 1];
            report("retry", `async request ${requestId} attempt ${attempt} of ${attempts} failed; next attempt in ${describeWait(delay, timeScale)}`, correlationId);
            await sleep(scaledMs(delay, timeScale), this.abort.signal);
        }
    }

    /** Sends Lambda's invocation record to the destination, or reports the event as dropped. */
    private async finish(name: string, destination: string | undefined, json: string, requestId: string,
        condition: "Success" | "RetriesExhausted" | "EventAgeExceeded", attempts: number, outcome: InvocationOutcome | undefined): Promise<void> {
        const report = reporter(this.deps.log, name);
        const correlationId = correlationIdOf(json);
        if (!destination) {
            if (condition !== "Success") report("dlq", `async request ${requestId} dropped (${condition} after ${attempts} attempt(s)); the function has no on-failure destination`, correlationId);
            return;
        }
        const failed = outcome !== undefined && !outcome.ok;
        const record = {
            version: "1.0",
            timestamp: new Date().toISOString(),
            requestContext: { requestId, functionArn: `${this.deps.arnOf(name)}:$LATEST`, condition, approximateInvokeCount: attempts },
            requestPayload: JSON.parse(json),
            responseContext: { statusCode: 200, executedVersion: "$LATEST", ...(failed ? { functionError: "Unhandled" } : {}) },
            ...(outcome ? { responsePayload: outcome.ok ? JSON.parse(outcome.payload) : outcome.error } : {}),
        };
        await this.deps.destinations!.sendMessage(destination, JSON.stringify(record));
        const queue = parseArn(destination)?.resource ?? destination;
        if (condition === "Success") report("delivery", `async request ${requestId} → on-success destination ${queue}`, correlationId);
        else report("dlq", `async request ${requestId} → on-failure destination ${queue} (${condition} after ${attempts} attempt(s))`, correlationId);
    }
}
