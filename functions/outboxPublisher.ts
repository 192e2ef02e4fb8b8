/**
 * The outbox's publisher: a Lambda event source mapping on the orders table's stream hands it the records its
 * filter let through (an order whose status became PROCESSED or FAILED, contracts/outbox.ts), and it puts each
 * one's announcement on the bus: the contract event of the new status, its detail built from the stored new image
 * and validated against the contract. The stored change is the source: nothing else announces these events.
 *
 * A record that cannot be announced (an image the contract refuses, a PutEvents that keeps failing) is reported
 * alone (ReportBatchItemFailures); the mapping retries from it a bounded number of times, halving the batch, and then
 * sends the batch's description to the DLQ. A retried batch may announce a record twice: consumers are idempotent.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { announcementOf, StreamRecord } from "../contracts/outbox";
import { EventSender, publishEvents } from "../contracts/publish";
import { createClient } from "./awsClients";
import { readEnvironment } from "./env";
import { HANDLERS } from "./handlers";
import { createLogger, withKeys } from "./logging";

/** One record: its announcement, published (every line of its log carries its own order's ids). */
export function announcementHandler(events: EventSender, busName: string, logger?: Logger) {
    return async (record: DynamoDBRecord): Promise<string> => {
        let log = logger && withKeys(logger, { messageId: record.eventID });
        try {
            const announcement = announcementOf(record as StreamRecord);
            const { orderId, correlationId, customerId } = announcement.detail;
            log = logger && withKeys(logger, { messageId: record.eventID, orderId, correlationId, customerId });
            await publishEvents(events, busName, [announcement]);
            log?.info("announced the stored status change", { event: announcement.name });
            return announcement.name;
        } catch (error) {
            log?.error("could not announce the record; it is reported failed and retried", error as Error);
            throw error;
        }
    };
}

/** Processes a batch; the response lists exactly the failed records' sequence numbers. */
export async function publishAnnouncements(event: DynamoDBStreamEvent, events: EventSender, busName: string, logger?: Logger): Promise<DynamoDBBatchResponse> {
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    return processPartialResponse(event, announcementHandler(events, busName, logger), processor, {
        // A batch where every record failed is reported like any other, so the failed records are always explicit.
        throwOnFullBatchFailure: false,
    }) as Promise<DynamoDBBatchResponse>;
}

/** Handler factory (cold start): env EVENT_BUS_NAME. */
export function createOutboxPublisherHandler(): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
    const env = readEnvironment(HANDLERS.outboxPublisher);
    const events = createClient(EventBridgeClient);
    const logger = createLogger();
    return (event) => publishAnnouncements(event, events, env.EVENT_BUS_NAME, logger);
}
