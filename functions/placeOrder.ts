/**
 * POST /orders: validates the order, claims its Idempotency-Key with a conditional write, publishes
 * OrderPlaced, records the order as PLACED and answers 202 {orderId}.
 *
 * Idempotency (no cache, only conditional writes on the idempotency table):
 * - the orderId is derived from customerId + Idempotency-Key, so every retry names the same order;
 * - a claim (status IN_PROGRESS with a short lease) is written only if no live record exists;
 * - a COMPLETED record answers 202 with the same orderId and emits nothing;
 * - a live IN_PROGRESS record answers 409 with Retry-After;
 * - a failed PutEvents deletes the claim and answers 503, so a retry publishes once and nothing claims success.
 */
import { createHash, randomBytes } from "crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { Logger } from "@aws-lambda-powertools/logger";
import { ContractViolationError, orderRequest, OrderRequest, parseWith } from "../contracts/events";
import { EventSender, publishEvents } from "../contracts/publish";
import { IDEMPOTENCY_KEY, IDEMPOTENCY_TTL_ATTRIBUTE, ORDER_RETENTION_DAYS, ORDERS_KEY, ORDERS_TTL_ATTRIBUTE, OrderStatus } from "../contracts/records";
import { CORRELATION_HEADER, correlate, createLogger } from "./logging";
import { correlationIdOf, errorResponse, header, HttpError, HttpEvent, HttpResponse, json, readJsonBody, requiredEnv } from "./http";

export const IDEMPOTENCY_HEADER = "idempotency-key";
/** 1-128 printable ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7E]{1,128}$/;

export const PLACE_ORDER_DEFAULTS = {
    /** How long a completed key keeps answering with the same orderId (24 hours, like Powertools). */
    keyTtlSeconds: 24 * 60 * 60,
    /** How long an IN_PROGRESS claim blocks retries; after that a crashed attempt no longer blocks the key. */
    inProgressSeconds: 30,
    /** What the client is told to wait before retrying a 409 or 503. */
    retryAfterSeconds: 1,
} as const;

type IdempotencyStatus = "IN_PROGRESS" | "COMPLETED";

/** What the pure logic needs; the factory builds it once per cold start, tests pass dynalite and stand-ins. */
export interface PlaceOrderDeps {
    readonly db: Pick<DynamoDBDocumentClient, "send">;
    readonly events: EventSender;
    readonly busName: string;
    readonly ordersTable: string;
    readonly idempotencyTable: string;
    readonly logger: Logger;
    readonly now?: () => Date;
    readonly keyTtlSeconds?: number;
    readonly inProgressSeconds?: number;
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The fingerprint of a validated order body: a retry must send the same order to get the same answer. */
export function requestHashOf(order: OrderRequest): string {
    return sha256(JSON.stringify(order));
}

/**
 * The orderId for a request: random without a key; with one, derived from customer, key *and* body, so that a key
 * reused for a different order (after its record expired) names a new order instead of colliding with the old one.
 */
export function orderIdFor(customerId: string, idempotencyKey: string | undefined, requestHash: string): string {
    if (idempotencyKey === undefined) return `ord_${randomBytes(16).toString("hex")}`;
    return `ord_${sha256(`${customerId}:${idempotencyKey}:${requestHash}`).slice(0, 32)}`;
}

/** The idempotency record of a key: one per customer and key, whatever the body. */
export function idempotencyClaimId(customerId: string, idempotencyKey: string): string {
    return `placeOrder#${sha256(`${customerId}:${idempotencyKey}`).slice(0, 32)}`;
}

function idempotencyKeyOf(event: Pick<HttpEvent, "headers">): string | undefined {
    const key = header(event, IDEMPOTENCY_HEADER);
    if (key === undefined) return undefined;
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
        throw new HttpError(400, "ValidationError", "Idempotency-Key", "Idempotency-Key header must be 1-128 printable ASCII characters");
    }
    return key;
}

function parseOrder(event: HttpEvent): OrderRequest {
    const body = readJsonBody(event);
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw new HttpError(400, "ValidationError", "body", "body must be a JSON object");
    }
    try {
        return parseWith("OrderPlaced", orderRequest, body);
    } catch (err) {
        if (err instanceof ContractViolationError) {
            throw new HttpError(400, "ValidationError", err.field, `${err.field} ${err.reason}`);
        }
        throw err;
    }
}

function isConditionalCheckFailed(err: unknown): boolean {
    return err instanceof Error && err.name === "ConditionalCheckFailedException";
}

/** Handles one POST /orders request. */
export async function placeOrder(event: HttpEvent, deps: PlaceOrderDeps): Promise<HttpResponse> {
    const now = deps.now?.() ?? new Date();
    const epoch = Math.floor(now.getTime() / 1000);
    const retryAfter = { "retry-after": String(PLACE_ORDER_DEFAULTS.retryAfterSeconds) };
    let correlationId: string | undefined;
    try {
        correlationId = correlationIdOf(event);
        correlate(deps.logger, { correlationId });
        const key = idempotencyKeyOf(event);
        const order = parseOrder(event);
        // The same key with a different order is a client bug; detect it instead of silently answering for the first one.
        const requestHash = requestHashOf(order);
        const orderId = orderIdFor(order.customerId, key, requestHash);
        correlate(deps.logger, { correlationId, orderId, customerId: order.customerId });
        const echo = { [CORRELATION_HEADER]: correlationId };
        const accepted = json(202, { orderId }, { ...echo, location: `/orders/${orderId}` });
        // Whoever holds the claim (this token) is the only one that may complete or release it.
        const claim = key === undefined ? undefined : { id: idempotencyClaimId(order.customerId, key), token: randomBytes(16).toString("hex") };

        if (claim !== undefined) {
            const outcome = await claimKey(deps, claim, orderId, requestHash, epoch);
            if (outcome === "COMPLETED") {
                deps.logger.info("duplicate request answered from its idempotency record");
                return accepted;
            }
            if (outcome === "IN_PROGRESS") {
                return json(409, { error: "Conflict", field: "Idempotency-Key", message: "a request with this Idempotency-Key is still in progress; retry later" }, { ...echo, ...retryAfter });
            }
            if (outcome === "MISMATCH") {
                return json(422, { error: "IdempotencyKeyReused", field: "Idempotency-Key", message: "this Idempotency-Key was already used with a different order body" }, echo);
            }
        }

        try {
            await publishEvents(deps.events, deps.busName, [{
                name: "OrderPlaced",
                detail: { ...order, orderId, correlationId, occurredAt: now.toISOString() },
            }]);
        } catch (err) {
            deps.logger.error("OrderPlaced could not be published; the claim is released so a retry can publish", err as Error);
            if (claim !== undefined) await release(deps, claim);
            return json(503, { error: "ServiceUnavailable", message: "the order could not be accepted right now; retry with the same Idempotency-Key" }, { ...echo, ...retryAfter });
        }

        await recordOrder(deps, orderId, order.customerId, correlationId, now, epoch);
        if (claim !== undefined) await complete(deps, claim, epoch);
        deps.logger.info("order placed");
        return accepted;
    } catch (err) {
        const echo: Record<string, string> = correlationId ? { [CORRELATION_HEADER]: correlationId } : {};
        if (err instanceof HttpError) {
            deps.logger.info("request refused", { status: err.statusCode, field: err.field, reason: err.message });
            return errorResponse(err, echo);
        }
        // Only the idempotency claim can throw here (every later step handles its own failure), and nothing
        // was published yet: the client may safely retry.
        deps.logger.error("unexpected failure before publishing", err as Error);
        return json(503, { error: "ServiceUnavailable", message: "the order could not be accepted right now; retry with the same Idempotency-Key" }, { ...echo, ...retryAfter });
    }
}

/**
 * Claims the key with a conditional put. Succeeds when no record exists, or when the existing one has
 * expired or is an abandoned claim whose lease ran out. Otherwise reports what the existing record says.
 */
async function claimKey(deps: PlaceOrderDeps, claim: Claim, orderId: string, requestHash: string, epoch: number): Promise<"CLAIMED" | IdempotencyStatus | "MISMATCH"> {
    const id = claim.id;
    const inProgress = deps.inProgressSeconds ?? PLACE_ORDER_DEFAULTS.inProgressSeconds;
    try {
        await deps.db.send(new PutCommand({
            TableName: deps.idempotencyTable,
            Item: {
                [IDEMPOTENCY_KEY]: id,
                status: "IN_PROGRESS" satisfies IdempotencyStatus,
                orderId,
                requestHash,
                claimToken: claim.token,
                inProgressExpiration: epoch + inProgress,
                [IDEMPOTENCY_TTL_ATTRIBUTE]: epoch + (deps.keyTtlSeconds ?? PLACE_ORDER_DEFAULTS.keyTtlSeconds),
            },
            // An abandoned claim (lease over) may be taken over only by a retry of the same order.
            ConditionExpression: "attribute_not_exists(#id) OR #exp < :now OR (#status = :inProgress AND #lease < :now AND #hash = :hash)",
            ExpressionAttributeNames: {
                "#id": IDEMPOTENCY_KEY, "#exp": IDEMPOTENCY_TTL_ATTRIBUTE, "#status": "status", "#lease": "inProgressExpiration", "#hash": "requestHash",
            },
            ExpressionAttributeValues: { ":now": epoch, ":inProgress": "IN_PROGRESS", ":hash": requestHash },
        }));
        return "CLAIMED";
    } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
    }
    const { Item } = await deps.db.send(new GetCommand({ TableName: deps.idempotencyTable, Key: { [IDEMPOTENCY_KEY]: id }, ConsistentRead: true }));
    if (Item !== undefined && Item.requestHash !== requestHash) return "MISMATCH";
    if (Item?.status === "COMPLETED") return "COMPLETED";
    // In progress, or released between our put and get: either way the caller should simply retry.
    return "IN_PROGRESS";
}

interface Claim {
    readonly id: string;
    readonly token: string;
}

async function release(deps: PlaceOrderDeps, claim: Claim): Promise<void> {
    try {
        await deps.db.send(new DeleteCommand({
            TableName: deps.idempotencyTable,
            Key: { [IDEMPOTENCY_KEY]: claim.id },
            ConditionExpression: "#status = :inProgress AND #token = :mine",
            ExpressionAttributeNames: { "#status": "status", "#token": "claimToken" },
            ExpressionAttributeValues: { ":inProgress": "IN_PROGRESS", ":mine": claim.token },
        }));
    } catch (err) {
        // The claim's lease expires on its own, so the key is only blocked for inProgressSeconds.
        deps.logger.error("could not release the idempotency claim", err as Error);
    }
}

async function complete(deps: PlaceOrderDeps, claim: Claim, epoch: number): Promise<void> {
    try {
        await deps.db.send(new UpdateCommand({
            TableName: deps.idempotencyTable,
            Key: { [IDEMPOTENCY_KEY]: claim.id },
            UpdateExpression: "SET #status = :completed, #exp = :exp REMOVE inProgressExpiration",
            ConditionExpression: "#token = :mine",
            ExpressionAttributeNames: { "#status": "status", "#exp": IDEMPOTENCY_TTL_ATTRIBUTE, "#token": "claimToken" },
            ExpressionAttributeValues: { ":completed": "COMPLETED", ":exp": epoch + (deps.keyTtlSeconds ?? PLACE_ORDER_DEFAULTS.keyTtlSeconds), ":mine": claim.token },
        }));
    } catch (err) {
        // The event is out, so the order is accepted. Without COMPLETED a retry after the lease would publish again;
        // the workflow names its execution by orderId, so that duplicate is absorbed downstream.
        deps.logger.error("could not mark the idempotency key completed", err as Error);
    }
}

async function recordOrder(deps: PlaceOrderDeps, orderId: string, customerId: string, correlationId: string, now: Date, epoch: number): Promise<void> {
    try {
        await deps.db.send(new PutCommand({
            TableName: deps.ordersTable,
            Item: {
                [ORDERS_KEY]: orderId,
                customerId,
                status: "PLACED" satisfies OrderStatus,
                correlationId,
                placedAt: now.toISOString(),
                [ORDERS_TTL_ATTRIBUTE]: epoch + ORDER_RETENTION_DAYS * 24 * 60 * 60,
            },
            ConditionExpression: "attribute_not_exists(#key)",
            ExpressionAttributeNames: { "#key": ORDERS_KEY },
        }));
    } catch (err) {
        // Already there: the workflow (or an earlier attempt) wrote it first, and its status is the newer one.
        if (isConditionalCheckFailed(err)) return;
        // The event is published and the workflow persists the order, so the request still succeeded.
        deps.logger.error("could not record the order as PLACED", err as Error);
    }
}

/** The Lambda entry point: reads env and creates the clients once per cold start. */
export function createPlaceOrderHandler(): (event: HttpEvent) => Promise<HttpResponse> {
    const deps: PlaceOrderDeps = {
        db: DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
        events: new EventBridgeClient({}),
        busName: requiredEnv("BUS_NAME"),
        ordersTable: requiredEnv("ORDERS_TABLE"),
        idempotencyTable: requiredEnv("IDEMPOTENCY_TABLE"),
        logger: createLogger(),
    };
    return (event) => placeOrder(event, deps);
}
