/**
 * The outbox pipes' enrichment: each DynamoDB stream record the pipe's filter let through (an order whose status
 * became PROCESSED or FAILED) becomes the contract detail of its announcement, built from the stored new image and
 * validated against the contract (contracts/outbox.ts). The pipe puts each returned detail on the bus with its
 * contract's source and detail-type.
 *
 * A record that cannot be announced fails the whole invocation: the pipe halves the batch until that record is
 * alone, retries it and then dead-letters it, so the others go out and nothing is dropped silently.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { announcementOf, StreamRecord } from "../contracts/outbox";
import { readEnvironment } from "./env";
import { HANDLERS } from "./handlers";
import { createLogger, withKeys } from "./logging";

/** Thrown when the pipe hands over something that is not a batch of stream records. */
export class OutboxBatchError extends Error {
    constructor(received: string) {
        super(`the outbox enrichment takes a JSON array of DynamoDB stream records, but received ${received}`);
        this.name = "OutboxBatchError";
    }
}

/** The details the records announce, in the records' order (the pipe keeps a shard's order). */
export function announceRecords(batch: unknown, logger: Logger): unknown[] {
    if (!Array.isArray(batch)) throw new OutboxBatchError(batch === null ? "null" : typeof batch);
    return batch.map((record: StreamRecord) => {
        const { name, detail } = announcementOf(record);
        withKeys(logger, { orderId: detail.orderId, correlationId: detail.correlationId, customerId: detail.customerId })
            .info("announcing the stored status change", { event: name, eventID: record.eventID });
        return detail;
    });
}

/** The Lambda entry point: reads env (none) and creates the logger once per cold start. */
export function createOutboxAnnouncerHandler(): (batch: unknown) => Promise<unknown[]> {
    readEnvironment(HANDLERS.outboxAnnouncer);
    const logger = createLogger();
    return async (batch) => announceRecords(batch, logger);
}
