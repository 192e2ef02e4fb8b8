/**
 * An SQS event source mapping (`aws.lambda.EventSourceMapping` inputs): long-polls a queue, gathers batches of
 * up to `batchSize` within `maximumBatchingWindowInSeconds`, invokes the function synchronously with Lambda's SQS
 * event, and runs at most `scalingConfig.maximumConcurrency` batches at once.
 *
 * What happens to a batch is Lambda's rule: on success every record is deleted; when the invocation fails (an
 * error, a timeout) no record is, and all return after the visibility timeout; with `ReportBatchItemFailures`,
 * only the records listed in `batchItemFailures` return, and a response that lists an identifier not in the
 * batch (or an empty one) fails the whole batch. Receive counts and the queue's redrive policy do the rest.
 *
 * Not modelled: poller scaling by queue depth, filter criteria, FIFO ordering, failure destinations of mappings.
 */
import { parseArn } from "./arn";
import { correlationIdOf, reporter, RuntimeLog, silentLog } from "./log";
import { ReceivedMessage, SqsEngine } from "./sqs";
import { describeWait, scaledMs } from "./timeScale";

export interface EventSourceMappingConfig {
    readonly eventSourceArn: string;
    /** The function's name or ARN. */
    readonly functionName: string;
    /** 1 to 10000 (above 10 needs a batching window of at least 1 s). @default 10 */
    readonly batchSize?: number;
    /** 0 to 300 seconds. @default 0 */
    readonly maximumBatchingWindowInSeconds?: number;
    /** `["ReportBatchItemFailures"]` to have the response's batchItemFailures honoured. @default none */
    readonly functionResponseTypes?: readonly string[];
    /** 2 to 1000 concurrent batches. @default 5 (the pollers Lambda starts with) */
    readonly scalingConfig?: { readonly maximumConcurrency?: number };
    /** @default true */
    readonly enabled?: boolean;
}

/** What the mapping needs of the Lambda engine. */
export interface SyncInvoker {
    invoke(functionName: string, payload: unknown): Promise<{ readonly functionError?: string; readonly payload?: unknown }>;
}

export class InvalidEventSourceMappingError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InvalidParameterValueException";
    }
}

/** Long polls last 20 s of AWS time; locally a poll is also ended by shutdown. */
const LONG_POLL_SECONDS = 20;

export class SqsEventSource {
    readonly queue: string;
    private readonly batchSize: number;
    private readonly windowSeconds: number;
    private readonly reportFailures: boolean;
    private readonly concurrency: number;
    private readonly abort = new AbortController();
    private readonly inFlight = new Set<Promise<void>>();
    private loop?: Promise<void>;
    private readonly report: ReturnType<typeof reporter>;

    constructor(private readonly config: EventSourceMappingConfig, private readonly deps: {
        readonly sqs: SqsEngine;
        readonly lambda: SyncInvoker;
        readonly log?: RuntimeLog;
        readonly region?: string;
    }) {
        const problems: string[] = [];
        const arn = parseArn(config.eventSourceArn);
        if (arn?.service !== "sqs") problems.push(`eventSourceArn must be an SQS queue ARN (the only event source served locally), but ${config.eventSourceArn} was provided`);
        else if (!deps.sqs.has(config.eventSourceArn)) problems.push(`eventSourceArn ${config.eventSourceArn} is not a queue of this runtime`);
        this.batchSize = config.batchSize ?? 10;
        this.windowSeconds = config.maximumBatchingWindowInSeconds ?? 0;
        this.concurrency = config.scalingConfig?.maximumConcurrency ?? 5;
        const types = config.functionResponseTypes ?? [];
        if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > 10_000) problems.push(`batchSize must be an integer from 1 to 10000, but ${this.batchSize} was provided`);
        if (!Number.isInteger(this.windowSeconds) || this.windowSeconds < 0 || this.windowSeconds > 300) {
            problems.push(`maximumBatchingWindowInSeconds must be an integer from 0 to 300, but ${this.windowSeconds} was provided`);
        } else if (this.batchSize > 10 && this.windowSeconds < 1) {
            problems.push(`batchSize ${this.batchSize} above 10 needs maximumBatchingWindowInSeconds of at least 1, but ${this.windowSeconds} was provided`);
        }
        if (!Number.isInteger(this.concurrency) || this.concurrency < 2 || this.concurrency > 1000) {
            problems.push(`scalingConfig.maximumConcurrency must be an integer from 2 to 1000, but ${this.concurrency} was provided`);
        }
        const unknown = types.filter((t) => t !== "ReportBatchItemFailures");
        if (unknown.length > 0) problems.push(`functionResponseTypes may only hold ReportBatchItemFailures, but ${JSON.stringify(unknown)} was provided`);
        if (problems.length > 0) throw new InvalidEventSourceMappingError(`event source mapping ${config.eventSourceArn} → ${config.functionName}: ${problems.join("; ")}`);
        this.queue = deps.sqs.queue(config.eventSourceArn).name;
        this.reportFailures = types.includes("ReportBatchItemFailures");
        this.report = reporter(deps.log ?? silentLog, this.queue);
    }

    /** Starts polling (unless the mapping is disabled). */
    start(): void {
        if (this.loop || this.config.enabled === false) return;
        this.loop = this.poll();
    }

    /** Stops polling and waits for the batches in flight to finish. */
    async stop(): Promise<void> {
        this.abort.abort();
        await this.loop;
        await Promise.all([...this.inFlight]);
    }

    private async poll(): Promise<void> {
        const signal = this.abort.signal;
        while (!signal.aborted) {
            while (this.inFlight.size >= this.concurrency && !signal.aborted) await Promise.race([...this.inFlight]);
            const batch = await this.gather(signal);
            if (batch.length === 0) continue;
            const task = this.process(batch).catch((error: Error) => this.report("error", `batch of ${batch.length} was not processed: ${error.message}`));
            this.inFlight.add(task);
            void task.finally(() => this.inFlight.delete(task));
        }
    }

    /** One long poll, then more receives until the batch is full or the batching window has passed. */
    private async gather(signal: AbortSignal): Promise<ReceivedMessage[]> {
        const { sqs } = this.deps;
        const receive = (max: number, waitTimeMs: number) => sqs.receiveMessages(this.config.eventSourceArn, {
            maxNumberOfMessages: Math.min(10, max), waitTimeMs, signal, holdUntilReleased: true,
        });
        const batch = await receive(this.batchSize, scaledMs(LONG_POLL_SECONDS, sqs.timeScale));
        const windowEnd = Date.now() + scaledMs(this.windowSeconds, sqs.timeScale);
        while (batch.length > 0 && batch.length < this.batchSize && Date.now() < windowEnd && !signal.aborted) {
            batch.push(...await receive(this.batchSize - batch.length, windowEnd - Date.now()));
        }
        return batch;
    }

    private async process(batch: ReceivedMessage[]): Promise<void> {
        const { sqs, lambda } = this.deps;
        const queue = sqs.queue(this.config.eventSourceArn);
        const handles = batch.map((m) => m.receiptHandle);
        const correlationId = correlationIdOf(batch[0].body);
        const event = { Records: batch.map((m) => sqsRecord(m, queue.arn, this.deps.region ?? "us-east-1")) };
        let failed: ReceivedMessage[];
        let reason = "";
        try {
            const result = await lambda.invoke(this.config.functionName, event);
            if (result.functionError) {
                failed = batch;
                const error = result.payload as { errorType?: string; errorMessage?: string } | undefined;
                reason = `${error?.errorType ?? "Unhandled"}: ${error?.errorMessage ?? ""}`;
            } else {
                failed = this.reportFailures ? this.failuresIn(result.payload, batch) : [];
                if (failed.length === batch.length && failed.length > 0 && reason === "") reason = "every record was reported as failed";
            }
        } catch (error) {
            failed = batch;
            reason = `${(error as Error).name}: ${(error as Error).message}`;
        }
        for (const message of batch) if (!failed.includes(message)) sqs.deleteMessage(queue.arn, message.receiptHandle);
        sqs.release(queue.arn, handles);
        const done = batch.length - failed.length;
        const ids = failed.map((m) => m.messageId).join(", ");
        const visibility = describeWait(queue.visibilityTimeoutSeconds, sqs.timeScale);
        if (failed.length === 0) this.report("delivery", `batch of ${batch.length} → ${this.config.functionName}: all done`, correlationId);
        else if (done > 0) this.report("delivery", `batch of ${batch.length} → ${this.config.functionName}: ${done} done, ${failed.length} failed (${ids}); the failed return after ${visibility}`, correlationId);
        else this.report("retry", `batch of ${batch.length} → ${this.config.functionName} failed${reason ? ` (${reason})` : ""}; ${ids} return after ${visibility}`, correlationId);
    }

    /** The records a ReportBatchItemFailures response lists; any invalid response fails the whole batch. */
    private failuresIn(payload: unknown, batch: ReceivedMessage[]): ReceivedMessage[] {
        if (payload === null || payload === undefined) return [];
        const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
        if (failures === undefined || failures === null) return [];
        if (!Array.isArray(failures)) return batch;
        const ids = failures.map((f) => (f as { itemIdentifier?: unknown })?.itemIdentifier);
        if (ids.some((id) => typeof id !== "string" || id === "" || !batch.some((m) => m.messageId === id))) {
            this.report("retry", `the response's batchItemFailures ${JSON.stringify(failures)} names a record not in the batch; the whole batch fails`);
            return batch;
        }
        return batch.filter((m) => ids.includes(m.messageId));
    }
}

/** A record of Lambda's SQS event. */
function sqsRecord(m: ReceivedMessage, queueArn: string, region: string) {
    return {
        messageId: m.messageId,
        receiptHandle: m.receiptHandle,
        body: m.body,
        attributes: m.attributes,
        messageAttributes: Object.fromEntries(Object.entries(m.messageAttributes).map(([name, value]) => [name, {
            stringValue: value.StringValue,
            ...(value.BinaryValue ? { binaryValue: Buffer.from(value.BinaryValue).toString("base64") } : {}),
            stringListValues: [],
            binaryListValues: [],
            dataType: value.DataType,
        }])),
        md5OfBody: m.md5OfBody,
        eventSource: "aws:sqs",
        eventSourceARN: queueArn,
        awsRegion: region,
    };
}
