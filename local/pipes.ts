/**
 * EventBridge Pipes from a DynamoDB stream to an event bus (`aws.pipes.Pipe` inputs), the outbox's shape: the pipe
 * reads its stream in order, keeps the records one of its `filterCriteria` patterns matches (the same matcher as the
 * buses), hands each batch to its enrichment function (a synchronous invoke with the records as a JSON array), and
 * puts each element of the result on the bus with the target parameters' source and detail-type.
 *
 * A failing batch (enrichment error, a rejected PutEvents entry) is halved with `AUTOMATIC_BISECT` until the failing
 * record is alone, and retried `maximumRetryAttempts` times (-1: until it succeeds) with backoff on the time scale;
 * then a message describing the batch goes to the DLQ (`deadLetterConfig`) and the pipe moves on. The shard's
 * position only moves past records that were delivered, filtered out or dead-lettered.
 *
 * Not modelled: other sources and targets (refused), input templates (refused), parallelization (one shard, one
 * batch at a time), `maximumRecordAgeInSeconds` (records live 24 hours). The DLQ message follows the stream batch
 * information Lambda's stream sources send (DDBStreamBatchInfo), with the pipe and the error in `context`.
 */
import { accountOf, buildArn, LocalAccount, parseArn, resourceName } from "./arn";
import { DynamoStreamRecord, StreamReader, TableStream } from "./dynamoStreams";
import type { EventPattern } from "./eventPattern";
import { reporter, RuntimeLog, silentLog } from "./log";
import { correlationOf, pollStream, streamSourceOf } from "./streamPoller";
import type { PutEventsResult } from "./putEvents";
import { describeWait, scaledMs, sleep, timeScaleOf } from "./timeScale";

export interface PipeConfig {
    readonly name: string;
    readonly arn?: string;
    /** The DynamoDB stream's ARN. */
    readonly source: string;
    /** The event bus's ARN. */
    readonly target: string;
    /** A Lambda function's ARN. @default no enrichment */
    readonly enrichment?: string;
    readonly enrichmentParameters?: { readonly inputTemplate?: string };
    readonly sourceParameters?: {
        readonly dynamodbStreamParameters?: {
            readonly startingPosition?: string;
            readonly batchSize?: number;
            readonly maximumBatchingWindowInSeconds?: number;
            readonly maximumRetryAttempts?: number;
            readonly maximumRecordAgeInSeconds?: number;
            readonly onPartialBatchItemFailure?: string;
            readonly parallelizationFactor?: number;
            readonly deadLetterConfig?: { readonly arn?: string };
        };
        readonly filterCriteria?: { readonly filters?: readonly { readonly pattern?: string }[] };
    };
    readonly targetParameters?: {
        readonly eventbridgeEventBusParameters?: { readonly source?: string; readonly detailType?: string; readonly resources?: readonly string[] };
        readonly inputTemplate?: string;
    };
    /** "STOPPED" keeps the pipe from reading. @default "RUNNING" */
    readonly desiredState?: string;
}

export interface PipeServices {
    /** The DynamoDB engine. */
    readonly streams: { stream(reference: string): TableStream };
    readonly lambda?: { invoke(functionName: string, payload: unknown): Promise<{ readonly functionError?: string; readonly payload?: unknown }> };
    readonly events: { putEvents(entries: Record<string, unknown>[]): Promise<PutEventsResult> };
    readonly sqs?: { sendMessage(queueArn: string, body: string): unknown };
}

export class InvalidPipeError extends Error {
    constructor(pipe: string, problems: string[]) {
        super(`pipe ${pipe}: ${problems.join("; ")}`);
        this.name = "ValidationException";
    }
}

class BatchError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PipeBatchError";
    }
}

const int = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;

export class Pipe {
    readonly arn: string;
    private readonly stream: TableStream;
    private readonly filters: EventPattern[];
    private readonly busName: string;
    private readonly batchSize: number;
    private readonly windowSeconds: number;
    private readonly retries: number;
    private readonly bisect: boolean;
    private readonly dlqArn?: string;
    private readonly startingPosition: "LATEST" | "TRIM_HORIZON";
    private readonly timeScale: number;
    private readonly report: ReturnType<typeof reporter>;
    private readonly abort = new AbortController();
    private loop?: Promise<void>;

    constructor(private readonly config: PipeConfig, private readonly services: PipeServices, options: LocalAccount & { readonly log?: RuntimeLog; readonly timeScale?: number } = {}) {
        const problems: string[] = [];
        const stream = config.sourceParameters?.dynamodbStreamParameters ?? {};
        this.startingPosition = (stream.startingPosition ?? "") as "LATEST";
        this.batchSize = stream.batchSize ?? 100;
        this.windowSeconds = stream.maximumBatchingWindowInSeconds ?? 0;
        this.retries = stream.maximumRetryAttempts ?? -1;
        this.bisect = stream.onPartialBatchItemFailure === "AUTOMATIC_BISECT";
        this.dlqArn = stream.deadLetterConfig?.arn;
        if (!["LATEST", "TRIM_HORIZON"].includes(this.startingPosition)) problems.push(`sourceParameters.dynamodbStreamParameters.startingPosition must be LATEST or TRIM_HORIZON, but ${JSON.stringify(stream.startingPosition)} was provided`);
        if (!int(this.batchSize, 1, 10_000)) problems.push(`batchSize must be an integer from 1 to 10000, but ${this.batchSize} was provided`);
        if (!int(this.windowSeconds, 0, 300)) problems.push(`maximumBatchingWindowInSeconds must be an integer from 0 to 300, but ${this.windowSeconds} was provided`);
        if (!int(this.retries, -1, 10_000)) problems.push(`maximumRetryAttempts must be an integer from -1 to 10000, but ${this.retries} was provided`);
        if (stream.onPartialBatchItemFailure !== undefined && !this.bisect) problems.push(`onPartialBatchItemFailure may only be AUTOMATIC_BISECT, but ${stream.onPartialBatchItemFailure} was provided`);
        if (this.dlqArn !== undefined && (parseArn(this.dlqArn)?.service !== "sqs" || !services.sqs)) problems.push(`deadLetterConfig.arn must be an SQS queue ARN served by the SQS engine, but ${this.dlqArn} was provided`);
        if (parseArn(config.target)?.service !== "events" || !parseArn(config.target)!.resource.startsWith("event-bus/")) {
            problems.push(`target must be an event bus ARN (the local runtime runs pipes from a DynamoDB stream to an event bus), but ${config.target} was provided`);
        }
        if (config.enrichment !== undefined && (parseArn(config.enrichment)?.service !== "lambda" || !services.lambda)) problems.push(`enrichment must be a Lambda function ARN served by the Lambda engine, but ${config.enrichment} was provided`);
        if (config.enrichmentParameters?.inputTemplate || config.targetParameters?.inputTemplate) problems.push("input templates are not applied by the local runtime, so it refuses them");
        const source = streamSourceOf(services.streams, config.source, "source", config.sourceParameters?.filterCriteria, problems);
        this.filters = source.filters;
        if (problems.length > 0) throw new InvalidPipeError(config.name, problems);
        this.stream = source.stream!;
        this.busName = resourceName(parseArn(config.target)!);
        this.arn = config.arn ?? buildArn("pipes", accountOf(options), `pipe/${config.name}`);
        this.timeScale = timeScaleOf(`pipe ${config.name}`, options.timeScale);
        this.report = reporter(options.log ?? silentLog, config.name);
    }

    /** Starts reading (its position is fixed now: LATEST means records written from here on). */
    start(): void {
        if (this.loop || this.config.desiredState === "STOPPED") return;
        const reader = this.stream.reader(this.startingPosition);
        this.loop = this.run(reader);
    }

    /** Stops reading, after the batch in hand. */
    async stop(): Promise<void> {
        this.abort.abort();
        await this.loop;
    }

    private run(reader: StreamReader): Promise<void> {
        const settings = { batchSize: this.batchSize, windowSeconds: this.windowSeconds, filters: this.filters, timeScale: this.timeScale, signal: this.abort.signal };
        return pollStream(reader, settings, (batch) => this.process(batch, 0));
    }

    private async process(batch: DynamoStreamRecord[], retried: number): Promise<void> {
        const correlationId = correlationOf(batch[0]);
        try {
            const sent = await this.send(batch);
            this.report("delivery", `${batch.length} record(s) → ${sent} event(s) on ${this.busName}${retried > 0 ? ` (after ${retried} retries)` : ""}`, correlationId);
        } catch (error) {
            const reason = `${(error as Error).name}: ${(error as Error).message}`;
            if (this.bisect && batch.length > 1) {
                const half = Math.ceil(batch.length / 2);
                this.report("retry", `${batch.length} record(s) failed (${reason}); halving the batch`, correlationId);
                await this.process(batch.slice(0, half), 0);
                await this.process(batch.slice(half), 0);
                return;
            }
            if (this.retries !== -1 && retried >= this.retries) return this.deadLetter(batch, reason, retried + 1);
            const wait = Math.min(60, 2 ** retried);
            this.report("retry", `${batch.length} record(s) failed (${reason}); retry ${retried + 1}${this.retries === -1 ? "" : ` of ${this.retries}`} in ${describeWait(wait, this.timeScale)}`, correlationId);
            await sleep(scaledMs(wait, this.timeScale), this.abort.signal);
            if (!this.abort.signal.aborted) await this.process(batch, retried + 1);
        }
    }

    /** Enrichment, then the events on the bus; throws when either fails. Returns how many events were put. */
    private async send(batch: DynamoStreamRecord[]): Promise<number> {
        let output: unknown = batch;
        if (this.config.enrichment) {
            const result = await this.services.lambda!.invoke(this.config.enrichment, batch);
            if (result.functionError) {
                const error = result.payload as { errorType?: string; errorMessage?: string } | undefined;
                throw new BatchError(`enrichment ${resourceName(parseArn(this.config.enrichment)!)} failed: ${error?.errorType}: ${error?.errorMessage}`);
            }
            output = result.payload;
        }
        const details = Array.isArray(output) ? output : output === null || output === undefined ? [] : [output];
        const parameters = this.config.targetParameters?.eventbridgeEventBusParameters;
        const entries = details.map((detail) => ({
            EventBusName: this.config.target,
            Source: parameters?.source ?? `Pipe ${this.config.name}`,
            DetailType: parameters?.detailType ?? "Event from aws:dynamodb",
            Detail: JSON.stringify(detail),
            Resources: [...(parameters?.resources ?? [])],
        }));
        for (let i = 0; i < entries.length; i += 10) {
            const result = await this.services.events.putEvents(entries.slice(i, i + 10));
            if (result.FailedEntryCount > 0) throw new BatchError(`the bus rejected ${result.FailedEntryCount} event(s): ${JSON.stringify(result.Entries.filter((e) => "ErrorCode" in e))}`);
        }
        return entries.length;
    }

    private async deadLetter(batch: DynamoStreamRecord[], reason: string, attempts: number): Promise<void> {
        const correlationId = correlationOf(batch[0]);
        if (!this.dlqArn) {
            this.report("dlq", `${batch.length} record(s) skipped after ${attempts} attempt(s) (${reason}); the pipe has no DLQ`, correlationId);
            return;
        }
        const first = batch[0].dynamodb;
        const last = batch[batch.length - 1].dynamodb;
        await this.services.sqs!.sendMessage(this.dlqArn, JSON.stringify({
            context: { pipeArn: this.arn, sourceArn: this.stream.arn, targetArn: this.config.target, condition: "RetryAttemptsExhausted", error: reason, approximateInvokeCount: attempts },
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
        this.report("dlq", `${batch.length} record(s) → DLQ ${parseArn(this.dlqArn)?.resource} after ${attempts} attempt(s) (${reason})`, correlationId);
    }
}
