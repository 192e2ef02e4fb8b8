/**
 * DynamoDB Streams, locally: one ordered shard per stream-enabled table, holding a record per item change
 * (INSERT, MODIFY, REMOVE; none for a write that leaves the item as it was) with the images its `streamViewType`
 * keeps, for 24 hours. Readers (an event source mapping, a pipe) keep their own position and advance it only when
 * they have dealt with the records, as a shard iterator does.
 */
import { randomUUID } from "crypto";
import { Wakeups } from "./wakeups";

export type StreamViewType = "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES";
export const STREAM_VIEW_TYPES: readonly StreamViewType[] = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"];

export type Image = Record<string, unknown>;

/** A stream record as DynamoDB Streams (and Lambda, and Pipes) give it. */
export interface DynamoStreamRecord {
    readonly eventID: string;
    readonly eventName: "INSERT" | "MODIFY" | "REMOVE";
    readonly eventVersion: "1.1";
    readonly eventSource: "aws:dynamodb";
    readonly awsRegion: string;
    readonly dynamodb: {
        readonly ApproximateCreationDateTime: number;
        readonly Keys: Image;
        readonly NewImage?: Image;
        readonly OldImage?: Image;
        readonly SequenceNumber: string;
        readonly SizeBytes: number;
        readonly StreamViewType: StreamViewType;
    };
    readonly eventSourceARN: string;
    /** Set on the removals TTL makes. */
    readonly userIdentity?: { readonly type: "Service"; readonly principalId: "dynamodb.amazonaws.com" };
}

const RETENTION_MS = 24 * 3600 * 1000;

/** Key-order-independent JSON, to tell a write that changed nothing. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value && typeof value === "object") {
        return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

export class TableStream {
    private records: { record: DynamoStreamRecord; at: number }[] = [];
    /** The absolute position of `records[0]`. */
    private base = 0;
    private sequence = 0;
    private readonly wakeups = new Wakeups();

    constructor(readonly table: string, readonly arn: string, readonly viewType: StreamViewType, private readonly region: string, private readonly keyNames: readonly string[]) {}

    /** Records the change between two images of one item (undefined: absent); nothing when they are equal. */
    append(oldImage: Image | undefined, newImage: Image | undefined, byTtl = false): DynamoStreamRecord | undefined {
        if (!oldImage && !newImage) return undefined;
        if (oldImage && newImage && canonical(oldImage) === canonical(newImage)) return undefined;
        const image = (newImage ?? oldImage)!;
        const keys = Object.fromEntries(this.keyNames.map((k) => [k, image[k]]));
        const view = this.viewType;
        const withNew = newImage && (view === "NEW_IMAGE" || view === "NEW_AND_OLD_IMAGES");
        const withOld = oldImage && (view === "OLD_IMAGE" || view === "NEW_AND_OLD_IMAGES");
        this.sequence += 1;
        const record: DynamoStreamRecord = {
            eventID: randomUUID().replace(/-/g, ""),
            eventName: !oldImage ? "INSERT" : !newImage ? "REMOVE" : "MODIFY",
            eventVersion: "1.1",
            eventSource: "aws:dynamodb",
            awsRegion: this.region,
            dynamodb: {
                ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
                Keys: keys,
                ...(withNew ? { NewImage: newImage } : {}),
                ...(withOld ? { OldImage: oldImage } : {}),
                SequenceNumber: String(this.sequence).padStart(21, "0"),
                SizeBytes: Buffer.byteLength(JSON.stringify({ keys, newImage: withNew ? newImage : undefined, oldImage: withOld ? oldImage : undefined })),
                StreamViewType: view,
            },
            eventSourceARN: this.arn,
            ...(byTtl ? { userIdentity: { type: "Service", principalId: "dynamodb.amazonaws.com" } as const } : {}),
        };
        this.records.push({ record, at: Date.now() });
        this.wakeups.wakeAll();
        return record;
    }

    /** A reader positioned at the oldest record kept (TRIM_HORIZON) or after the newest (LATEST). */
    reader(startingPosition: "TRIM_HORIZON" | "LATEST"): StreamReader {
        this.trim();
        return new StreamReader(this, startingPosition === "LATEST" ? this.base + this.records.length : this.base);
    }

    /** Up to `max` records from `position`, and the position the oldest of them really is (records older than a day are gone). */
    read(position: number, max: number): { from: number; records: DynamoStreamRecord[] } {
        this.trim();
        const from = Math.max(position, this.base);
        return { from, records: this.records.slice(from - this.base, from - this.base + max).map((r) => r.record) };
    }

    /** Resolves when a record is appended, after `ms`, or when the signal aborts. */
    changed(ms: number, signal?: AbortSignal): Promise<void> {
        return this.wakeups.wait(ms, signal);
    }

    private trim(): void {
        const limit = Date.now() - RETENTION_MS;
        while (this.records.length > 0 && this.records[0].at < limit) {
            this.records.shift();
            this.base += 1;
        }
    }
}

/** One reader's position in a stream. */
export class StreamReader {
    constructor(private readonly stream: TableStream, private position: number) {}

    /** The next records (up to `max`), waiting up to `waitMs` for one; the position does not move. */
    async next(max: number, waitMs: number, signal?: AbortSignal): Promise<DynamoStreamRecord[]> {
        let { from, records } = this.stream.read(this.position, max);
        if (records.length === 0 && waitMs > 0) {
            await this.stream.changed(waitMs, signal);
            ({ from, records } = this.stream.read(this.position, max));
        }
        this.position = from;
        return records;
    }

    /** Moves past `count` records, once they are dealt with (delivered, filtered out or dead-lettered). */
    advance(count: number): void {
        this.position += count;
    }
}
