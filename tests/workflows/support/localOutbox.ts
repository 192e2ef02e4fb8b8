/**
 * The outbox, locally: the stream's records go through the filters the OrderOutbox component gives its event
 * source mapping (contracts/outbox.ts, evaluated with the offline EventBridge matcher, whose syntax stream filters
 * share), in batches of the component's size, to the real bundled publisher, whose PutEvents reach a loopback
 * EventBridge. Failed records are retried as the mapping retries them (from the first failed record, at most
 * maximumRetryAttempts times) and then described in the DLQ.
 */
import { randomBytes } from "crypto";
import { expect } from "chai";
import { CONTRACTS, EventName, parseDetail } from "../../../contracts";
import { ANNOUNCED_EVENTS, OUTBOX_STREAM_PARAMETERS, outboxFilterPatterns, StreamRecord } from "../../../contracts/outbox";
import { matches } from "../../../local/eventPattern";
import { FakeAws, loadBundle, LoadedBundle, RecordedRequest, Reply, startFakeAws } from "../../support/awsLoopback";
import type { OrderStream } from "./orderStream";

type Json = any;

export interface Announcement {
    readonly name: EventName;
    readonly busName: string;
    readonly detail: Json;
    /** The stream record it was published for. */
    readonly record: string;
}

/** What the mapping writes to its on-failure destination: the batch it gave up on, not the records. */
export interface DeadLetter {
    readonly requestContext: { readonly condition: "RetryAttemptsExhausted"; readonly approximateInvokeCount: number };
    readonly DDBStreamBatchInfo: { readonly startSequenceNumber: string; readonly endSequenceNumber: string; readonly batchSize: number; readonly streamArn: string };
}

/** Every filter the mapping has: a record passes when any matches. */
export const MAPPING_FILTERS = ANNOUNCED_EVENTS.flatMap(outboxFilterPatterns);

export class LocalOutbox {
    readonly announcements: Announcement[] = [];
    readonly deadLetters: DeadLetter[] = [];
    /** PutEvents calls the loopback EventBridge should fail (FailedEntryCount 1), consumed one per call. */
    failPutEvents = 0;
    /** Lines for the printed paths: one per record the outbox handled. */
    readonly log: string[] = [];
    private position = 0;

    private constructor(private readonly stream: OrderStream, private readonly aws: FakeAws, private readonly bundle: LoadedBundle, readonly busName: string) {}

    /** Starts the loopback EventBridge and loads the publisher's bundle pointed at it. */
    static async start(stream: OrderStream, busName: string): Promise<LocalOutbox> {
        const ready: { outbox?: LocalOutbox } = {};
        const aws = await startFakeAws((request) => ready.outbox!.respond(request));
        const bundle = loadBundle("functions/outboxPublisher.ts", "createOutboxPublisherHandler", {
            EVENT_BUS_NAME: busName, AWS_ENDPOINT_URL_EVENTBRIDGE: aws.endpoint,
        });
        ready.outbox = new LocalOutbox(stream, aws, bundle, busName);
        return ready.outbox;
    }

    /** Delivers every stream record written since the last drain, as the mapping would. */
    async drain(): Promise<void> {
        const pending = this.stream.records.slice(this.position);
        this.position = this.stream.records.length;
        const passing = pending.filter((record) => MAPPING_FILTERS.some((pattern) => matches(pattern, record)));
        for (const record of pending.filter((r) => !passing.includes(r))) this.log.push(`${describe(record)}: filtered out`);
        for (let i = 0; i < passing.length; i += OUTBOX_STREAM_PARAMETERS.batchSize) {
            await this.deliver(passing.slice(i, i + OUTBOX_STREAM_PARAMETERS.batchSize));
        }
    }

    async stop(): Promise<void> {
        this.bundle.cleanup();
        await this.aws.stop();
    }

    private async deliver(batch: StreamRecord[]): Promise<void> {
        let remaining = batch;
        for (let attempt = 1; remaining.length > 0; attempt++) {
            const failed = await this.invoke(remaining, attempt);
            if (failed.length === 0) return;
            // With ReportBatchItemFailures on a stream, the mapping resumes from the first failed record.
            const first = remaining.findIndex((r) => failed.includes(r.dynamodb.SequenceNumber!));
            remaining = remaining.slice(first);
            if (attempt > OUTBOX_STREAM_PARAMETERS.maximumRetryAttempts) {
                this.deadLetters.push({
                    requestContext: { condition: "RetryAttemptsExhausted", approximateInvokeCount: attempt },
                    DDBStreamBatchInfo: {
                        startSequenceNumber: remaining[0].dynamodb.SequenceNumber!,
                        endSequenceNumber: remaining.at(-1)!.dynamodb.SequenceNumber!,
                        batchSize: remaining.length,
                        streamArn: this.stream.streamArn,
                    },
                });
                for (const record of remaining) this.log.push(`${describe(record)}: DLQ after ${attempt} attempts`);
                return;
            }
        }
    }

    /** One invocation of the publisher; the sequence numbers it reported failed. */
    private async invoke(batch: StreamRecord[], attempt: number): Promise<string[]> {
        const before = this.announcements.length;
        const response = await this.bundle.handler({ Records: batch });
        const failed: string[] = (response?.batchItemFailures ?? []).map((f: { itemIdentifier: string }) => f.itemIdentifier);
        const announced = this.announcements.slice(before);
        for (const record of batch) {
            const mine = announced.filter((a) => a.record === record.eventID);
            if (mine.length > 0) this.log.push(`${describe(record)}: ${mine.map((a) => a.name).join(", ")}${attempt > 1 ? ` (attempt ${attempt})` : ""}`);
        }
        return failed;
    }

    private respond(request: RecordedRequest): Reply {
        const json = (body: unknown): Reply => ({ status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify(body) });
        expect(request.headers["x-amz-target"]).to.equal("AWSEvents.PutEvents");
        const entries: Json[] = JSON.parse(request.body).Entries;
        if (this.failPutEvents > 0) {
            this.failPutEvents -= 1;
            return json({ FailedEntryCount: entries.length, Entries: entries.map(() => ({ ErrorCode: "InternalFailure", ErrorMessage: "try again" })) });
        }
        for (const entry of entries) {
            const name = (Object.keys(CONTRACTS) as EventName[]).find((n) => CONTRACTS[n].detailType === entry.DetailType)!;
            expect(entry.Source, entry.DetailType).to.equal(CONTRACTS[name].source);
            const detail = parseDetail(name, JSON.parse(entry.Detail));
            const record = this.stream.records.find((r) => r.dynamodb.NewImage?.orderId?.S === detail.orderId && r.dynamodb.NewImage?.status?.S !== "PLACED");
            this.announcements.push({ name, busName: entry.EventBusName, detail, record: record?.eventID ?? "?" });
        }
        return json({ FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomBytes(8).toString("hex") })) });
    }
}

/** `MODIFY ord_… PLACED → PROCESSED`, for the printed paths. */
export function describe(record: StreamRecord): string {
    const { OldImage, NewImage, Keys } = record.dynamodb;
    const id = Keys?.orderId?.S ?? "?";
    return `${record.eventName} ${id.slice(0, 12)}… ${OldImage?.status?.S ?? "(none)"} → ${NewImage?.status?.S ?? "(removed)"}`;
}
