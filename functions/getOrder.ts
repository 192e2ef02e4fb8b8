/**
 * GET /orders/{orderId}: the caller's own order's status from the orders table. 200 for the order's customer;
 * the same 404 for an unknown id and for another customer's order, so that an id reveals nothing to anyone else;
 * 400 for a malformed id; 401 without a verified caller.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Logger } from "@aws-lambda-powertools/logger";
import { ORDER_ID } from "../contracts/events";
import { ORDERS_KEY } from "../contracts/records";
import { createClient } from "./awsClients";
import { readEnvironment } from "./env";
import { HANDLERS } from "./handlers";
import { correlationIdOf, errorResponse, HttpError, HttpEvent, HttpResponse, json } from "./http";
import { callerOf } from "./identity";
import { CORRELATION_HEADER, createLogger, withKeys } from "./logging";

/** The attributes a customer sees of its order. No customer id, no email, no correlation id. */
export const VISIBLE_ORDER_FIELDS = ["orderId", "status", "placedAt", "currency", "totalCents", "itemCount", "error"] as const;

export interface GetOrderDeps {
    readonly db: Pick<DynamoDBDocumentClient, "send">;
    readonly ordersTable: string;
    readonly logger: Logger;
}

/** Handles one GET /orders/{orderId} request. */
export async function getOrder(event: HttpEvent, deps: GetOrderDeps): Promise<HttpResponse> {
    let echo: Record<string, string> = {};
    let log = deps.logger;
    try {
        const caller = callerOf(event);
        const correlationId = correlationIdOf(event);
        echo = { [CORRELATION_HEADER]: correlationId };
        const orderId = event.pathParameters?.orderId ?? "";
        log = withKeys(deps.logger, { correlationId, customerId: caller.customerId, orderId: ORDER_ID.test(orderId) ? orderId : undefined });
        if (!ORDER_ID.test(orderId)) {
            throw new HttpError(400, "ValidationError", "orderId", "orderId must be ord_ followed by 32 lowercase hex digits");
        }
        // Strongly consistent, so a client that polls right after its 202 sees the order it just placed.
        const { Item } = await deps.db.send(new GetCommand({ TableName: deps.ordersTable, Key: { [ORDERS_KEY]: orderId }, ConsistentRead: true }));
        if (!Item || Item.customerId !== caller.customerId) {
            if (Item) log.warn("a customer asked for another customer's order; answered as unknown");
            return json(404, { error: "NotFound", field: "orderId", message: `no order ${orderId}` }, echo);
        }
        const visible: Record<string, unknown> = {};
        for (const field of VISIBLE_ORDER_FIELDS) if (Item[field] !== undefined) visible[field] = Item[field];
        return json(200, visible, echo);
    } catch (err) {
        if (err instanceof HttpError) return errorResponse(err, echo);
        log.error("could not read the order", err as Error);
        return json(503, { error: "ServiceUnavailable", message: "the order could not be read right now; retry" }, { ...echo, "retry-after": "1" });
    }
}

/** The Lambda entry point: reads env and creates the (bounded) client once per cold start. */
export function createGetOrderHandler(): (event: HttpEvent) => Promise<HttpResponse> {
    const env = readEnvironment(HANDLERS.getOrder);
    const deps: GetOrderDeps = {
        db: DynamoDBDocumentClient.from(createClient(DynamoDBClient)),
        ordersTable: env.ORDERS_TABLE,
        logger: createLogger(),
    };
    return (event) => getOrder(event, deps);
}
