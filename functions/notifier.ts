/**
 * The frontend notifier: OrderProcessed, OrderFailed and ReceiptStored events become one compact JSON message
 * on the customer's AWS IoT Core topic `orders/<stack>/<customerId>` (QoS 1). Browsers subscribed over
 * MQTT-over-WebSockets receive it. Any failure throws, so EventBridge retries the event and then dead-letters it.
 */
import { IoTDataPlaneClient, PublishCommand } from "@aws-sdk/client-iot-data-plane";
import type { EventBridgeEvent } from "aws-lambda";
import { CONTRACTS, Detail, EventName, parseDetail } from "../contracts/events";
import { createClient } from "./awsClients";
import { readEnvironment } from "./env";
import { HANDLERS } from "./handlers";
import { createLogger, withKeys } from "./logging";

/** The events the notifier forwards to browsers. */
export const NOTIFIED_EVENTS = ["OrderProcessed", "OrderFailed", "ReceiptStored"] as const satisfies readonly EventName[];
export type NotifiedEvent = (typeof NOTIFIED_EVENTS)[number];

/** The topic of one customer. customerId's contract admits only a UUID, so it cannot widen the topic. */
export const customerTopic = (topicPrefix: string, customerId: string): string => `${topicPrefix}/${customerId}`;

/**
 * What a browser receives: small, and built field by field, so nothing internal (the failure cause, the customer's
 * email, the customer id) can reach a browser by being added to an event.
 */
export type FrontendMessage =
    | { type: "OrderProcessed"; orderId: string; correlationId: string; occurredAt: string; currency: string; totalCents: number; itemCount: number }
    | { type: "OrderFailed"; orderId: string; correlationId: string; occurredAt: string; error: string }
    | { type: "ReceiptStored"; orderId: string; correlationId: string; occurredAt: string; receiptKey: string };

/** Thrown for an event this function is not subscribed to (a routing mistake, so it must not pass silently). */
export class UnexpectedEventError extends Error {
    constructor(readonly source: unknown, readonly detailType: unknown) {
        super(`the notifier does not handle ${JSON.stringify(source)}/${JSON.stringify(detailType)}`);
        this.name = "UnexpectedEventError";
    }
}

export interface Notification {
    readonly customerId: string;
    readonly correlationId: string;
    readonly message: FrontendMessage;
}

/** Validates the event against its contract and builds the browser message. */
export function notificationFor(event: Pick<EventBridgeEvent<string, unknown>, "source" | "detail-type" | "detail">): Notification {
    const name = NOTIFIED_EVENTS.find((n) => CONTRACTS[n].source === event.source && CONTRACTS[n].detailType === event["detail-type"]);
    if (!name) throw new UnexpectedEventError(event.source, event["detail-type"]);
    const base = (d: Detail<NotifiedEvent>) => ({ orderId: d.orderId, correlationId: d.correlationId, occurredAt: d.occurredAt });
    switch (name) {
        case "OrderProcessed": {
            const d = parseDetail(name, event.detail);
            return { customerId: d.customerId, correlationId: d.correlationId, message: { type: name, ...base(d), currency: d.currency, totalCents: d.totalCents, itemCount: d.itemCount } };
        }
        case "OrderFailed": {
            const d = parseDetail(name, event.detail);
            return { customerId: d.customerId, correlationId: d.correlationId, message: { type: name, ...base(d), error: d.error } };
        }
        case "ReceiptStored": {
            const d = parseDetail(name, event.detail);
            return { customerId: d.customerId, correlationId: d.correlationId, message: { type: name, ...base(d), receiptKey: d.key } };
        }
    }
}

/** The part of IoTDataPlaneClient the notifier needs. */
export interface MessagePublisher {
    send(command: PublishCommand): Promise<unknown>;
}

/** Publishes the notification with QoS 1. Errors propagate (EventBridge retries, then dead-letters). */
export async function notify(
    iot: MessagePublisher,
    topicPrefix: string,
    event: Pick<EventBridgeEvent<string, unknown>, "source" | "detail-type" | "detail">,
): Promise<{ topic: string; message: FrontendMessage }> {
    const { customerId, message } = notificationFor(event);
    const topic = customerTopic(topicPrefix, customerId);
    await iot.send(new PublishCommand({
        topic,
        qos: 1,
        contentType: "application/json",
        payload: new TextEncoder().encode(JSON.stringify(message)),
    }));
    return { topic, message };
}

/** Handler factory (cold start): IOT_DATA_ENDPOINT (host from iot:Data-ATS, or a URL), TOPIC_PREFIX (`orders/<stack>`). */
export function createNotifierHandler() {
    const env = readEnvironment(HANDLERS.notifier);
    const endpoint = env.IOT_DATA_ENDPOINT;
    const iot = createClient(IoTDataPlaneClient, { endpoint: endpoint.includes("://") ? endpoint : `https://${endpoint}` });
    const logger = createLogger();
    return async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
        const detail = event.detail as { correlationId?: unknown; orderId?: unknown } | undefined;
        const log = withKeys(logger, {
            correlationId: String(detail?.correlationId ?? event.id),
            orderId: typeof detail?.orderId === "string" ? detail.orderId : undefined,
        });
        const { topic, message } = await notify(iot, env.TOPIC_PREFIX, event);
        log.info("notified", { topic, type: message.type });
    };
}
