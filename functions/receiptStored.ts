/**
 * Turns S3's "Object Created" event for a receipt (forwarded from the default bus to the orders bus) into the
 * `ReceiptStored` contract event. S3's event carries bucket, key and time but not the customer or the
 * correlation id, and neither an input transformer nor object metadata can supply them (EventBridge's S3 events
 * include no metadata or tags), so this function reads the receipt itself and publishes a fully true contract event.
 * Any failure throws: EventBridge retries the S3 event, then dead-letters it.
 */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { EventBridgeEvent } from "aws-lambda";
import type { Logger } from "@aws-lambda-powertools/logger";
import { Detail } from "../contracts/events";
import { EventSender, publishEvents } from "../contracts/publish";
import { RECEIPTS_PREFIX } from "../contracts/records";
import { createClient } from "./awsClients";
import { readEnvironment } from "./env";
import { HANDLERS } from "./handlers";
import { createLogger, withKeys } from "./logging";

/** The fields of S3's EventBridge "Object Created" detail that are used. */
export interface S3ObjectCreatedDetail {
    bucket: { name: string };
    object: { key: string; size?: number; etag?: string };
}
export type S3ObjectCreatedEvent = Pick<EventBridgeEvent<"Object Created", S3ObjectCreatedDetail>, "source" | "detail-type" | "time" | "detail">;

/** Thrown when the S3 event or the stored object is not a receipt this platform wrote. */
export class NotAReceiptError extends Error {
    constructor(readonly key: string, reason: string) {
        super(`${key} is not a receipt: ${reason}`);
        this.name = "NotAReceiptError";
    }
}

/** The part of S3Client the function needs. */
export interface ObjectReader {
    send(command: GetObjectCommand): Promise<{ Body?: { transformToString(): Promise<string> } }>;
}

const KEY = new RegExp(`^${RECEIPTS_PREFIX}(ord_[0-9a-f]{32})\\.json$`);

/** Reads the receipt and builds the ReceiptStored detail (validated when the event entry is built). */
export async function receiptStoredDetail(s3: ObjectReader, event: S3ObjectCreatedEvent): Promise<Detail<"ReceiptStored">> {
    if (event.source !== "aws.s3" || event["detail-type"] !== "Object Created") {
        throw new NotAReceiptError(String(event.detail?.object?.key), `unexpected event ${event.source}/${event["detail-type"]}`);
    }
    const bucket = event.detail.bucket.name;
    const key = event.detail.object.key;
    const match = KEY.exec(key);
    if (!match) throw new NotAReceiptError(key, `the key does not match ${RECEIPTS_PREFIX}<orderId>.json`);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    let receipt: { orderId?: unknown; customerId?: unknown; correlationId?: unknown };
    try {
        receipt = JSON.parse((await object.Body?.transformToString()) ?? "") as typeof receipt;
    } catch {
        throw new NotAReceiptError(key, "the object is not JSON");
    }
    if (receipt?.orderId !== match[1]) throw new NotAReceiptError(key, `it holds order ${JSON.stringify(receipt?.orderId)}`);
    return {
        orderId: match[1],
        customerId: receipt.customerId as string,
        correlationId: receipt.correlationId as string,
        // When S3 stored the object: the receipt became available then.
        occurredAt: new Date(event.time).toISOString(),
        bucket,
        key,
    };
}

/**
 * Reads the receipt and publishes ReceiptStored (validated against the contract; FailedEntryCount checked). The logger,
 * when given, gets the order's ids as soon as the receipt is read, so a failed publish is logged with them.
 */
export async function publishReceiptStored(
    s3: ObjectReader, events: EventSender, busName: string, event: S3ObjectCreatedEvent, logger?: Logger,
): Promise<Detail<"ReceiptStored">> {
    const detail = await receiptStoredDetail(s3, event);
    const log = logger && withKeys(logger, { correlationId: detail.correlationId, orderId: detail.orderId, customerId: detail.customerId });
    try {
        await publishEvents(events, busName, [{ name: "ReceiptStored", detail }]);
    } catch (error) {
        log?.error("could not publish ReceiptStored; the S3 event is retried", error as Error);
        throw error;
    }
    log?.info("published ReceiptStored", { key: detail.key });
    return detail;
}

/** Handler factory (cold start): env EVENT_BUS_NAME. */
export function createReceiptStoredHandler() {
    const env = readEnvironment(HANDLERS.receiptStored);
    const s3 = createClient(S3Client);
    const events = createClient(EventBridgeClient);
    const logger = createLogger();
    return async (event: S3ObjectCreatedEvent): Promise<void> => {
        await publishReceiptStored(s3, events, env.EVENT_BUS_NAME, event, logger);
    };
}
