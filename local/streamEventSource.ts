/**
 * An event source mapping from a DynamoDB stream to a function, as Lambda runs one: records in order, filtered by
 * the mapping's filter criteria, in batches; a failed batch is retried (from the first failed record when the
 * function reports batch item failures, halved first with `bisectBatchOnFunctionError`) until
 * `maximumRetryAttempts` or `maximumRecordAgeInSeconds`, then described on the on-failure destination (an SQS queue)
 * and skipped, so one poisoned record never blocks the shard for good.
 */
import { parseArn } from "./arn";
import { DynamoStreamRecord, StreamReader, TableStream } from "./dynamoStreams";
import type { EventPattern } from "./eventPattern";
import { reporter, RuntimeLog, silentLog } from "./log";
import { correlationOf, pollStream, streamSourceOf } from "./streamPoller";
import { describeWait, scaledMs, sleep, timeScaleOf } from "./timeScale";

/** The `aws.lambda.EventSourceMapping` inputs of a stream mapping. */
export interface StreamMappingConfig {
    readonly eventSourceArn: string;
    readonly functionName: string;
    readonly startingPosition?: string;
    readonly batchSize?: number;
    readonly maximumBatchingWindowInSeconds?: number;
    readonly maximumRetryAttempts?: number;
    readonly maximumRecordAgeInSeconds?: number;
    readonly bisectBatchOnFunctionError?: boolean;
    readonly functionResponseTypes?: readonly string[];
    readonly filterCriteria?: { readonly filters?: readonly { readonly pattern?: string }[] };
    readonly destinationConfig?: { readonly onFailure?: { readonly destinationArn?: string } };
}

export interface StreamMappingServices {
    readonly streams: { stream(reference: string): TableStream };
    readonly lambda: { invoke(functionName: string, payload: unknown): Promise<{ readonly functionError?: string; readonly payload?: unknown }> };
    readonly sqs: { sendMessage(queueArn: string, body: string): unknown };
}

export class InvalidStreamMappingError extends Error {
    constructor(mapping: string, problems: string[]) {
        super(`event source mapping ${mapping}: ${problems.join("; ")}`);
        this.name = "InvalidParameterValueException";
    }
}

export class StreamEventSource {
    private readonly stream: TableStream;
    private readonly filters: EventPattern[];
    private readonly timeScale: number;
    private readonly report: ReturnType<typeof reporter>;
    private readonly abort = new AbortController();
    private loop?: Promise<void>;

    constructor(private readonly config: StreamMappingConfig, private readonly services: StreamMappingServices, options: { readonly log?: RuntimeLog; readonly timeScale?: number } = {}) {
        const name = `${config.eventSourceArn} → ${config.functionName}`;
        const problems: string[] = [];
        if (!["LATEST", "TRIM_HORIZON"].includes(config.startingPosition ?? "")) problems.push(`startingPosition must be LATEST or TRIM_HORIZON, but ${JSON.stringify(config.startingPosition)} was provided`);
        const destination = config.destinationConfig?.onFailure?.destinationArn;
        if (destination !== undefined && parseArn(destination)?.service !== "sqs") problems.push(`destinationConfig.onFailure.destinationArn must be an SQS queue locally, but ${destination} was provided`);
        const source = streamSourceOf(services.streams, config.eventSourceArn, "eventSourceArn", config.filterCriteria, problems);
        this.filters = source.filters;
        if (problems.length > 0) throw new InvalidStreamMappingError(name, problems);
        this.stream = source.stream!;
        this.timeScale = timeScaleOf(`mapping ${name}`, options.timeScale);
        this.report = reporter(options.log ?? silentLog, `${this.stream.table}-stream`);
    }

    start(): void {
        if (!this.loop) this.loop = this.run(this.stream.reader(this.config.startingPosition as "LATEST"));
    }

    async stop(): Promise<void> {
        this.abort.abort();
        await this.loop;
    }

    private run(reader: StreamReader): Promise<void> {
        const settings = {
            batchSize: this.config.batchSize ?? 100, windowSeconds: this.config.maximumBatchingWindowInSeconds ?? 0,
            filters: this.filters, timeScale: this.timeScale, signal: this.abort.signal,
        };
        return pollStream(reader, settings, (batch) => this.process(batch, 0));
    }

    private async process(batch: DynamoStreamRecord[], retried: number): Promise<void> {
        const correlationId = correlationOf(batch[0]);
        const failedFrom = await this.invoke(batch);
        if (failedFrom === undefined) {
            this.report("delivery", `${batch.length} record(s) → ${this.config.functionName.split(":").pop()}${retried > 0 ? ` (after ${retried} retries)` : ""}`, correlationId);
            return;
        }
        // Only the failed record and those after it are retried; the ones before it are done.
        const rest = batch.slice(failedFrom.index);
        const maxRetries = this.config.maximumRetryAttempts ?? -1;
        const maxAge = this.config.maximumRecordAgeInSeconds ?? -1;
        const ageSeconds = Date.now() / 1000 - rest[0].dynamodb.ApproximateCreationDateTime;
        if (this.config.bisectBatchOnFunctionError && rest.length > 1) {
            const half = Math.ceil(rest.length / 2);
            this.report("retry", `${rest.length} record(s) failed (${failedFrom.reason}); halving the batch`, correlationId);
            await this.process(rest.slice(0, half), retried + 1);
            await this.process(rest.slice(half), retried + 1);
            return;
        }
        // Record ages are real; the limit shrinks with the time scale like every other wait.
        if ((maxRetries !== -1 && retried >= maxRetries) || (maxAge !== -1 && ageSeconds >= maxAge * this.timeScale)) {
            return this.onFailure(rest, failedFrom.reason, retried + 1);
        }
        const wait = Math.min(60, 2 ** retried);
        this.report("retry", `${rest.length} record(s) failed (${failedFrom.reason}); retry ${retried + 1}${maxRetries === -1 ? "" : ` of ${maxRetries}`} in ${describeWait(wait, this.timeScale)}`, correlationId);
        await sleep(scaledMs(wait, this.timeScale), this.abort.signal);
        if (!this.abort.signal.aborted) await this.process(rest, retried + 1);
    }

    /** Undefined when the whole batch succeeded; else the index of the first record to retry and why. */
    private async invoke(batch: DynamoStreamRecord[]): Promise<{ index: number; reason: string } | undefined> {
        const result = await this.services.lambda.invoke(this.config.functionName, { Records: batch });
        if (result.functionError) {
            const error = result.payload as { errorType?: string; errorMessage?: string } | undefined;
            return { index: 0, reason: `${error?.errorType}: ${error?.errorMessage}` };
        }
        if (!(this.config.functionResponseTypes ?? []).includes("ReportBatchItemFailures")) return undefined;
        const failures = ((result.payload as { batchItemFailures?: { itemIdentifier?: string }[] } | undefined)?.batchItemFailures ?? [])
            .map((f) => batch.findIndex((r) => r.dynamodb.SequenceNumber === f.itemIdentifier));
        if (failures.length === 0) return undefined;
        // An identifier that is not in the batch fails the whole batch, as Lambda does.
        return { index: failures.includes(-1) ? 0 : Math.min(...failures), reason: "the function reported batch item failures" };
    }

    /** Lambda's record of a stream batch it gave up on, on the on-failure destination; the records are then skipped. */
    private onFailure(batch: DynamoStreamRecord[], reason: string, attempts: number): void {
        const correlationId = correlationOf(batch[0]);
        const destination = this.config.destinationConfig?.onFailure?.destinationArn;
        if (!destination) {
            this.report("dlq", `${batch.length} record(s) skipped after ${attempts} attempt(s) (${reason}); the mapping has no on-failure destination`, correlationId);
            return;
        }
        const first = batch[0].dynamodb;
        const last = batch[batch.length - 1].dynamodb;
        this.services.sqs.sendMessage(destination, JSON.stringify({
            requestContext: { requestId: "local", functionArn: this.config.functionName, condition: "RetryAttemptsExhausted", approximateInvokeCount: attempts },
            responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
            version: "1.0",
            timestamp: new Date().toISOString(),
            DDBStreamBatchInfo: {
                shardId: "shardId-00000000000000000000-local",
                startSequenceNumber: first.SequenceNumber,
                endSequenceNumber: last.SequenceNumber,
                approximateArrivalOfFirstRecord: new Date(first.ApproximateCreationDateTime * 1000).toISOString(),
                approximateArrivalOfLastRecord: new Date(last.ApproximateCreationDateTime * 1000).toISOString(),
                batchSize: batch.length,
                streamArn: this.stream.arn,
            },
        }));
        this.report("dlq", `${batch.length} record(s) → ${parseArn(destination)?.resource} after ${attempts} attempt(s) (${reason})`, correlationId);
    }
}
