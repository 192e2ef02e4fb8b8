/** GET /orders/{orderId}: the order's status from the orders table. 200, 404 for an unknown id, 400 for a malformed one. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Logger } from "@aws-lambda-powertools/logger";
import { ORDER_ID } from "../contracts/events";
import { ORDERS_KEY } from "../contracts/records";
import { CORRELATION_HEADER, correlate, createLogger } from "./logging";
import { correlationIdOf, errorResponse, HttpError, HttpEvent, HttpResponse, json, requiredEnv } from "./http";

/** The attributes a caller may see. Names and emails stay out: the orderId alone is the caller's credential. */
export const VISIBLE_ORDER_FIELDS = ["orderId", "status", "customerId", "placedAt", "updatedAt", "currency", "totalCents", "itemCount", "error"] as const;

export interface GetOrderDeps {
    readonly db: Pick<DynamoDBDocumentClient, "send">;
    readonly ordersTable: string;
    readonly logger: Logger;
}

/** Handles one GET /orders/{orderId} request. */
export async function getOrder(event: HttpEvent, deps: GetOrderDeps): Promise<HttpResponse> {
    let echo: Record<string, string> = {};
    try {
        const correlationId = correlationIdOf(event);
        echo = { [CORRELATION_HEADER]: correlationId };
        const orderId = event.pathParameters?.orderId ?? "";
        correlate(deps.logger, { correlationId, orderId });
        if (!ORDER_ID.test(orderId)) {
            throw new HttpError(400, "ValidationError", "orderId", "orderId must be ord_ followed by 32 lowercase hex digits");
        }
        // Strongly consistent, so a client that polls right after its 202 sees the order it just placed.
        const { Item } = await deps.db.send(new GetCommand({ TableName: deps.ordersTable, Key: { [ORDERS_KEY]: orderId }, ConsistentRead: true }));
        if (!Item) return json(404, { error: "NotFound", field: "orderId", message: `no order ${orderId}` }, echo);
        const visible: Record<string, unknown> = {};
        for (const field of VISIBLE_ORDER_FIELDS) if (Item[field] !== undefined) visible[field] = Item[field];
        return json(200, visible, echo);
    } catch (err) {
        if (err instanceof HttpError) return errorResponse(err, echo);
        deps.logger.error("could not read the order", err as Error);
        return json(503, { error: "ServiceUnavailable", message: "the order could not be read right now; retry" }, { ...echo, "retry-after": "1" });
    }
}

/** The Lambda entry point: reads env and creates the client once per cold start. */
export function createGetOrderHandler(): (event: HttpEvent) => Promise<HttpResponse> {
    const deps: GetOrderDeps = {
        db: DynamoDBDocumentClient.from(new DynamoDBClient({})),
        ordersTable: requiredEnv("ORDERS_TABLE"),
        logger: createLogger(),
    };
    return (event) => getOrder(event, deps);
}
