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
import { Detail } from "../contracts/events";
import { EventSender, publishEvents } from "../contracts/publish";
import type { Logger } from "@aws-lambda-powertools/logger";
import { correlate, createLogger } from "./logging";
import { RECEIPTS_PREFIX } from "./receiptWriter";

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
 * when given, is correlated as soon as the receipt is read, so a failed publish is logged with the order's ids.
 */
export async function publishReceiptStored(
    s3: ObjectReader, events: EventSender, busName: string, event: S3ObjectCreatedEvent, logger?: Logger,
): Promise<Detail<"ReceiptStored">> {
    const detail = await receiptStoredDetail(s3, event);
    if (logger) correlate(logger, { correlationId: detail.correlationId, orderId: detail.orderId, customerId: detail.customerId });
    await publishEvents(events, busName, [{ name: "ReceiptStored", detail }]);
    return detail;
}

/** Handler factory (cold start): env EVENT_BUS_NAME. */
export function createReceiptStoredHandler() {
    const busName = process.env.EVENT_BUS_NAME;
    if (!busName) throw new Error("EVENT_BUS_NAME is not set");
    const s3 = new S3Client({});
    const events = new EventBridgeClient({});
    const logger = createLogger();
    return async (event: S3ObjectCreatedEvent): Promise<void> => {
        const detail = await publishReceiptStored(s3, events, busName, event, logger);
        logger.info("published ReceiptStored", { key: detail.key });
    };
}
