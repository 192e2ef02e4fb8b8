/**
 * The transactional outbox: a stored status change of an order is the source of its announcement. The orders
 * table's stream (new and old images) feeds one EventBridge pipe per announced event; each pipe lets through only
 * records whose status became that event's status, an enrichment function maps each record's new image to the
 * contract detail, and the pipe puts it on the bus with the contract's source and detail-type.
 *
 * Pulumi-free, and free of any AWS client: the OrderOutbox component builds its pipes from these definitions, the
 * enrichment function maps with them, and the tests and the local runtime apply the same filters and mapping.
 */
import { CONTRACTS, Detail, ERROR_NAME, parseDetail } from "./events";
import { ORDERS_KEY, OrderStatus } from "./records";

/** The events the outbox announces, and the status whose arrival each announces. */
export const OUTBOX_ANNOUNCEMENTS = {
    OrderProcessed: { status: "PROCESSED" },
    OrderFailed: { status: "FAILED" },
} as const satisfies Record<string, { status: OrderStatus }>;

export type AnnouncedEvent = keyof typeof OUTBOX_ANNOUNCEMENTS;
export const ANNOUNCED_EVENTS = Object.keys(OUTBOX_ANNOUNCEMENTS) as AnnouncedEvent[];

/** A DynamoDB attribute as a stream image holds it (numbers are strings, as in the low-level API). */
export interface StreamAttribute {
    readonly S?: string;
    readonly N?: string;
    readonly BOOL?: boolean;
    readonly NULL?: boolean;
    readonly M?: Record<string, StreamAttribute>;
    readonly L?: StreamAttribute[];
}
export type StreamImage = Record<string, StreamAttribute>;

/** One DynamoDB stream record, as a pipe reads it from a stream with the NEW_AND_OLD_IMAGES view. */
export interface StreamRecord {
    readonly eventID?: string;
    readonly eventName: "INSERT" | "MODIFY" | "REMOVE";
    readonly eventSource?: string;
    readonly eventSourceARN?: string;
    readonly awsRegion?: string;
    readonly dynamodb: {
        readonly Keys?: StreamImage;
        readonly NewImage?: StreamImage;
        readonly OldImage?: StreamImage;
        readonly SequenceNumber?: string;
        readonly StreamViewType?: string;
        readonly ApproximateCreationDateTime?: number;
    };
}

/** The stream view the outbox needs: the old image tells a transition from a rewrite. */
export const OUTBOX_STREAM_VIEW = "NEW_AND_OLD_IMAGES";

/**
 * The filter criteria of the pipe for `event` (Pipes ORs its filters): a record that created an order already in the
 * event's status, or changed an order into it from another status. A rewrite that keeps the status, a change to
 * another status and a removal (TTL) are not announcements.
 */
export function outboxFilterPatterns(event: AnnouncedEvent): Record<string, unknown>[] {
    const { status } = OUTBOX_ANNOUNCEMENTS[event];
    const becomes = { status: { S: [status] } };
    return [
        { eventName: ["INSERT"], dynamodb: { NewImage: becomes } },
        { eventName: ["MODIFY"], dynamodb: { OldImage: { status: { S: [{ "anything-but": [status] }] } }, NewImage: becomes } },
    ];
}

/**
 * How each pipe reads the stream, bounded so that one record it cannot announce neither blocks its shard nor
 * vanishes: a failing batch is halved until the record is alone, retried, then sent to the pipe's DLQ. The batch
 * size is the most an event bus target takes per call.
 */
export const OUTBOX_STREAM_PARAMETERS = {
    startingPosition: "LATEST",
    batchSize: 10,
    maximumBatchingWindowInSeconds: 0,
    maximumRetryAttempts: 10,
    /** The stream keeps a record for 24 hours; a record older than that is gone from the stream anyway. */
    maximumRecordAgeInSeconds: 86_400,
    onPartialBatchItemFailure: "AUTOMATIC_BISECT",
} as const;

/** The target parameters of the pipe for `event`: the contract's source and detail-type. */
export function outboxTargetParameters(event: AnnouncedEvent): { readonly source: string; readonly detailType: string } {
    return { source: CONTRACTS[event].source, detailType: CONTRACTS[event].detailType };
}

/** Thrown when a stream record cannot be announced: not a transition into a final status, or an image without a field. */
export class OutboxRecordError extends Error {
    constructor(readonly orderId: string | undefined, reason: string) {
        super(`stream record of order ${orderId ?? "(no orderId)"}: ${reason}`);
        this.name = "OutboxRecordError";
    }
}

/** The announced event whose status a record's new image holds, if any. */
export function announcedEventOf(record: StreamRecord): AnnouncedEvent | undefined {
    const status = record.dynamodb.NewImage?.status?.S;
    return ANNOUNCED_EVENTS.find((event) => OUTBOX_ANNOUNCEMENTS[event].status === status);
}

/** The longest `cause` the OrderFailed contract takes: a longer stored cause is cut, never refused. */
const MAX_CAUSE = 4096;
/** What a stored error that is not an error name is announced as (the record keeps what it was). */
export const UNNAMED_ERROR = "UnnamedError";

function field(image: StreamImage, name: string, kind: "S" | "N", orderId: string | undefined): string {
    const value = image[name]?.[kind];
    if (typeof value !== "string") throw new OutboxRecordError(orderId, `its new image has no ${kind} attribute ${name}`);
    return value;
}

/**
 * The announcement a stream record makes: the contract event of its new status, with the detail built from the
 * new image (the stored order is the source, never the workflow's input) and validated against the contract.
 * `occurredAt` is when the status changed. Throws OutboxRecordError or ContractViolationError, so the pipe retries
 * the record and then dead-letters it: nothing is announced that the contract would refuse.
 */
export function announcementOf(record: StreamRecord): { name: "OrderProcessed"; detail: Detail<"OrderProcessed"> } | { name: "OrderFailed"; detail: Detail<"OrderFailed"> } {
    const image = record.dynamodb.NewImage;
    const orderId = image?.[ORDERS_KEY]?.S ?? record.dynamodb.Keys?.[ORDERS_KEY]?.S;
    if (!image || record.eventName === "REMOVE") throw new OutboxRecordError(orderId, `a ${record.eventName} record has no new status to announce`);
    const name = announcedEventOf(record);
    if (!name) throw new OutboxRecordError(orderId, `its status ${JSON.stringify(image.status?.S)} is not announced (only ${ANNOUNCED_EVENTS.map((e) => OUTBOX_ANNOUNCEMENTS[e].status).join(", ")})`);
    const envelope = {
        orderId: field(image, ORDERS_KEY, "S", orderId),
        customerId: field(image, "customerId", "S", orderId),
        correlationId: field(image, "correlationId", "S", orderId),
    };
    if (name === "OrderProcessed") {
        return {
            name,
            detail: parseDetail(name, {
                ...envelope,
                occurredAt: field(image, "processedAt", "S", orderId),
                currency: field(image, "currency", "S", orderId),
                totalCents: Number(field(image, "totalCents", "N", orderId)),
                itemCount: Number(field(image, "itemCount", "N", orderId)),
            }),
        };
    }
    return {
        name,
        detail: parseDetail(name, {
            ...envelope,
            occurredAt: field(image, "failedAt", "S", orderId),
            error: ((error) => (ERROR_NAME.test(error) ? error : UNNAMED_ERROR))(field(image, "error", "S", orderId)),
            cause: field(image, "cause", "S", orderId).slice(0, MAX_CAUSE),
        }),
    };
}
