/**
 * The receipts consumer: OrderProcessed events, buffered in SQS, become `receipts/<orderId>.json` in the
 * receipts bucket. Exactly one receipt per order: the write is conditional (`If-None-Match: *`), so a
 * redelivered message meets 412 Precondition Failed, which means "already written" and counts as success;
 * S3 then emits no second Object Created event either. A record that fails is reported alone
 * (ReportBatchItemFailures), retried, and after maxReceiveCount lands in the consumer's DLQ.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { CONTRACTS, Detail, parseDetail } from "../contracts/events";
import { receiptKey } from "../contracts/records";
import { createClient } from "./awsClients";
import { readEnvironment } from "./env";
import { HANDLERS } from "./handlers";
import { createLogger, withKeys } from "./logging";

/** The stored receipt. Deterministic from the event, so every redelivery would write the same bytes. */
export interface Receipt {
    readonly receiptVersion: 1;
    readonly orderId: string;
    readonly customerId: string;
    readonly correlationId: string;
    readonly currency: string;
    readonly totalCents: number;
    readonly itemCount: number;
    readonly processedAt: string;
}

/** The part of S3Client the writer needs, so tests can pass a recording stand-in or a real client. */
export interface ObjectWriter {
    send(command: PutObjectCommand): Promise<unknown>;
}

/** Thrown for an SQS message that is not an OrderProcessed event; the record fails and ends in the DLQ. */
export class NotAnOrderProcessedEventError extends Error {
    constructor(readonly messageId: string, reason: string) {
        super(`message ${messageId} is not an OrderProcessed event: ${reason}`);
        this.name = "NotAnOrderProcessedEventError";
    }
}

/** Parses the SQS body (an EventBridge event) and validates its detail against the OrderProcessed contract. */
export function orderProcessedFrom(record: SQSRecord): Detail<"OrderProcessed"> {
    let event: { source?: unknown; "detail-type"?: unknown; detail?: unknown };
    try {
        event = JSON.parse(record.body) as typeof event;
    } catch {
        throw new NotAnOrderProcessedEventError(record.messageId, "the body is not JSON");
    }
    const contract = CONTRACTS.OrderProcessed;
    if (event?.source !== contract.source || event["detail-type"] !== contract.detailType) {
        throw new NotAnOrderProcessedEventError(record.messageId,
            `source/detail-type are ${JSON.stringify(event?.source)}/${JSON.stringify(event?.["detail-type"])}`);
    }
    return parseDetail("OrderProcessed", event.detail);
}

export function receiptFor(detail: Detail<"OrderProcessed">): Receipt {
    return {
        receiptVersion: 1,
        orderId: detail.orderId,
        customerId: detail.customerId,
        correlationId: detail.correlationId,
        currency: detail.currency,
        totalCents: detail.totalCents,
        itemCount: detail.itemCount,
        processedAt: detail.occurredAt,
    };
}

/** S3 answers a failed `If-None-Match: *` with 412 PreconditionFailed: the receipt already exists. */
export function isAlreadyWritten(error: unknown): boolean {
    const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
    return e?.name === "PreconditionFailed" || e?.Code === "PreconditionFailed" || e?.$metadata?.httpStatusCode === 412;
}

export type WriteOutcome = "written" | "already-written";

/** Writes one receipt, at most once. Any other S3 error (including 409 ConditionalRequestConflict) propagates. */
export async function writeReceipt(s3: ObjectWriter, bucket: string, detail: Detail<"OrderProcessed">): Promise<WriteOutcome> {
    try {
        await s3.send(new PutObjectCommand({
            Bucket: bucket,
            Key: receiptKey(detail.orderId),
            Body: JSON.stringify(receiptFor(detail)),
            ContentType: "application/json",
            IfNoneMatch: "*",
        }));
        return "written";
    } catch (error) {
        if (isAlreadyWritten(error)) return "already-written";
        throw error;
    }
}

/**
 * The per-record function: validate, then write. Throwing marks only this record as failed. The records of a batch
 * run in parallel, so each gets its own child logger: every line names its own record's message and order.
 */
export function receiptRecordHandler(s3: ObjectWriter, bucket: string, logger?: Logger) {
    return async (record: SQSRecord): Promise<WriteOutcome> => {
        let log = logger && withKeys(logger, { messageId: record.messageId });
        let detail: Detail<"OrderProcessed">;
        try {
            detail = orderProcessedFrom(record);
        } catch (error) {
            log?.error("rejected record", error as Error);
            throw error;
        }
        log = logger && withKeys(logger, {
            messageId: record.messageId, correlationId: detail.correlationId, orderId: detail.orderId, customerId: detail.customerId,
        });
        const key = receiptKey(detail.orderId);
        try {
            const outcome = await writeReceipt(s3, bucket, detail);
            log?.info("receipt", { outcome, key });
            return outcome;
        } catch (error) {
            log?.error("could not write the receipt; the record is reported failed and retried", { key, error: error as Error });
            throw error;
        }
    };
}

/** Processes a batch; the response lists exactly the failed records' message ids. */
export async function processReceipts(event: SQSEvent, s3: ObjectWriter, bucket: string, logger?: Logger): Promise<SQSBatchResponse> {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, receiptRecordHandler(s3, bucket, logger), processor, {
        // A batch where every record failed is reported like any other, so the failure ids are always explicit.
        throwOnFullBatchFailure: false,
    }) as Promise<SQSBatchResponse>;
}

/** Handler factory (cold start): env RECEIPTS_BUCKET. */
export function createReceiptWriterHandler() {
    const env = readEnvironment(HANDLERS.receiptWriter);
    const s3 = createClient(S3Client);
    const logger = createLogger();
    return (event: SQSEvent): Promise<SQSBatchResponse> => processReceipts(event, s3, env.RECEIPTS_BUCKET, logger);
}
