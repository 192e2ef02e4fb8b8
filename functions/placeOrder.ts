/**
 * POST /orders: identifies the caller from the verified token, validates the order, claims its Idempotency-Key,
 * publishes OrderPlaced, records the order as PLACED and answers 202 {orderId}.
 *
 * Idempotency is Powertools' (`makeIdempotent` over its DynamoDB layout: key `id`, TTL `expiration`):
 * - the record is keyed by the caller's sub and the Idempotency-Key, so no customer can touch another's keys;
 * - the body's fingerprint is validated: the same key with another order answers 422;
 * - a live claim answers 409 with Retry-After; its lease is the claiming invocation's remaining time, so a
 *   crashed attempt blocks the key only until it could no longer be running;
 * - a completed key answers 202 with the stored orderId and emits nothing;
 * - a failure before the event is out deletes the claim and answers 503, so the retry publishes once.
 * Once a claim lease has run out (the claiming attempt is dead), the next request takes the key over, whatever
 * its body: an attempt that died after publishing and a retry with another order are then two orders.
 *
 * A key whose record expired is claimed afresh. The same body names the same order, which is then answered from
 * the orders table (kept far longer than the record) without a second OrderPlaced: downstream would drop that
 * event as a duplicate, and the client would wait for nothing. Another body names a new order.
 */
import type { Context } from "aws-lambda";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import {
    IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent,
} from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { OrderRequest } from "../contracts/events";
import { EventSender, publishEvents } from "../contracts/publish";
import { IDEMPOTENCY_KEY, IDEMPOTENCY_TTL_ATTRIBUTE, ORDER_RETENTION_DAYS, ORDERS_KEY, ORDERS_TTL_ATTRIBUTE, OrderStatus } from "../contracts/records";
import { createClient } from "./awsClients";
import { readEnvironment } from "./env";
import { HANDLERS } from "./handlers";
import { correlationIdOf, errorResponse, HttpError, HttpEvent, HttpResponse, json } from "./http";
import { callerOf, verifiedEmailOf } from "./identity";
import { CORRELATION_HEADER, createLogger, withKeys } from "./logging";
import { idempotencyKeyOf, orderIdFor, parseOrder, requestHashOf } from "./orderRequest";

export const PLACE_ORDER_DEFAULTS = {
    /** How long a completed key keeps answering with the same orderId (24 hours). */
    keyTtlSeconds: 24 * 60 * 60,
    /** The claim's lease when the caller passes no Lambda context to tell the remaining time (tests). */
    inProgressSeconds: 30,
    /** What the client is told to wait before retrying a 409 or 503. */
    retryAfterSeconds: 1,
} as const;

/** Prefixes every idempotency record id; fixed, so renaming or redeploying the function keeps its keys. */
export const IDEMPOTENCY_KEY_PREFIX = "placeOrder";

/** What the pure logic needs; the factory builds it once per cold start, tests pass dynalite and stand-ins. */
export interface PlaceOrderDeps {
    readonly db: Pick<DynamoDBDocumentClient, "send">;
    /** The idempotency records (see `idempotencyStore`). One store serves one placeOrder only. */
    readonly idempotency: BasePersistenceLayer;
    readonly events: EventSender;
    readonly busName: string;
    readonly ordersTable: string;
    readonly logger: Logger;
    readonly now?: () => Date;
    readonly inProgressSeconds?: number;
}

/** Powertools' DynamoDB layer on the idempotency table, over the given (bounded) client. */
export function idempotencyStore(client: DynamoDBClient, tableName: string): DynamoDBPersistenceLayer {
    return new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client, keyAttr: IDEMPOTENCY_KEY, expiryAttr: IDEMPOTENCY_TTL_ATTRIBUTE });
}

/** The hashed part of a request: the record id comes from who and which key, the validation from the body. */
interface Claim {
    readonly customerId: string;
    readonly idempotencyKey: string;
    readonly requestHash: string;
}

/** One attempt at an order, once it holds the claim. */
interface Attempt {
    readonly orderId: string;
    readonly customerId: string;
    /** The body's fingerprint: the order id stands for these lines only (see contracts/fingerprint.ts). */
    readonly fingerprint: string;
    readonly email: string;
    readonly order: OrderRequest;
    readonly correlationId: string;
    readonly now: Date;
    readonly log: Logger;
    /** Set once OrderPlaced is out: from then on the order is accepted, whatever fails after. */
    published: boolean;
}

interface Accepted {
    readonly orderId: string;
}

type Deadline = Pick<Context, "getRemainingTimeInMillis">;

/** Builds POST /orders over its dependencies. The returned handler takes the Lambda context when there is one. */
export function createPlaceOrder(deps: PlaceOrderDeps): (event: HttpEvent, context?: Deadline) => Promise<HttpResponse> {
    const config = new IdempotencyConfig({
        eventKeyJmesPath: "[customerId, idempotencyKey]",
        payloadValidationJmesPath: "requestHash",
        throwOnNoIdempotencyKey: true,
        expiresAfterSeconds: PLACE_ORDER_DEFAULTS.keyTtlSeconds,
        hashFunction: "sha256",
    });
    const accept = makeIdempotent((_claim: Claim, attempt: Attempt) => acceptOrder(deps, attempt), {
        persistenceStore: deps.idempotency, config, keyPrefix: IDEMPOTENCY_KEY_PREFIX, dataIndexArgument: 0,
    });
    const lease: Deadline = { getRemainingTimeInMillis: () => (deps.inProgressSeconds ?? PLACE_ORDER_DEFAULTS.inProgressSeconds) * 1000 };
    return (event, context) => {
        const deadline = typeof context?.getRemainingTimeInMillis === "function" ? context : lease;
        return placeOrder(event, deps, (claim, attempt) => {
            // Powertools keeps the context on the shared config and reads only getRemainingTimeInMillis, synchronously,
            // when it writes the claim: registered right before the call, overlapping requests (which only the local
            // runtime has) cannot take each other's lease.
            config.registerLambdaContext(deadline as Context);
            return accept(claim, attempt);
        });
    };
}

const retryAfter = { "retry-after": String(PLACE_ORDER_DEFAULTS.retryAfterSeconds) };
const unavailable = (echo: Record<string, string>) => json(503, {
    error: "ServiceUnavailable", message: "the order could not be accepted right now; retry with the same Idempotency-Key",
}, { ...echo, ...retryAfter });

async function placeOrder(event: HttpEvent, deps: PlaceOrderDeps, accept: (claim: Claim, attempt: Attempt) => Promise<Accepted>): Promise<HttpResponse> {
    let echo: Record<string, string> = {};
    let log = deps.logger;
    let attempt: Attempt | undefined;
    try {
        const caller = callerOf(event);
        const correlationId = correlationIdOf(event);
        echo = { [CORRELATION_HEADER]: correlationId };
        log = withKeys(deps.logger, { correlationId, customerId: caller.customerId });
        const idempotencyKey = idempotencyKeyOf(event);
        const order = parseOrder(event);
        const email = verifiedEmailOf(caller);
        const requestHash = requestHashOf(order);
        const orderId = orderIdFor(caller.customerId, idempotencyKey, requestHash);
        log = withKeys(deps.logger, { correlationId, customerId: caller.customerId, orderId });
        attempt = {
            orderId, customerId: caller.customerId, fingerprint: requestHash, email, order, correlationId, now: deps.now?.() ?? new Date(), log, published: false,
        };

        const { orderId: answered } = await accept({ customerId: caller.customerId, idempotencyKey, requestHash }, attempt);
        return json(202, { orderId: answered }, { ...echo, location: `/orders/${answered}` });
    } catch (err) {
        if (err instanceof HttpError) {
            log.info("request refused", { status: err.statusCode, field: err.field, reason: err.message });
            return errorResponse(err, echo);
        }
        if (err instanceof IdempotencyAlreadyInProgressError) {
            return json(409, { error: "Conflict", field: "Idempotency-Key", message: "a request with this Idempotency-Key is still in progress; retry later" }, { ...echo, ...retryAfter });
        }
        if (err instanceof IdempotencyValidationError) {
            return json(422, { error: "IdempotencyKeyReused", field: "Idempotency-Key", message: "this Idempotency-Key was already used with a different order body" }, echo);
        }
        if (attempt?.published) {
            // The event is out, so the order stands; a retry meets the live claim (409) until its lease ends, then
            // is answered from the orders table.
            log.error("OrderPlaced is published, but its idempotency record could not be completed", err as Error);
            return json(202, { orderId: attempt.orderId }, { ...echo, location: `/orders/${attempt.orderId}` });
        }
        // Nothing was published, and Powertools deleted the claim (or its lease will run out): a retry is safe.
        log.error("the order could not be accepted", err as Error);
        return unavailable(echo);
    }
}

/** The work under the claim: answer from an existing order, or publish the new one and record it. */
async function acceptOrder(deps: PlaceOrderDeps, attempt: Attempt): Promise<Accepted> {
    const { orderId, log } = attempt;
    // Strongly consistent: the order row exists only once its OrderPlaced was published (see recordOrder).
    const { Item } = await deps.db.send(new GetCommand({ TableName: deps.ordersTable, Key: { [ORDERS_KEY]: orderId }, ConsistentRead: true }));
    if (Item !== undefined) {
        log.info("this key and body named the order before; answered from the order, nothing published again", { status: Item.status });
        return { orderId };
    }
    await publishEvents(deps.events, deps.busName, [{
        name: "OrderPlaced",
        detail: {
            orderId, customerId: attempt.customerId, correlationId: attempt.correlationId, occurredAt: attempt.now.toISOString(),
            customer: { email: attempt.email }, ...attempt.order, fingerprint: attempt.fingerprint,
        },
    }]);
    attempt.published = true;
    await recordOrder(deps, attempt);
    log.info("order placed");
    return { orderId };
}

async function recordOrder(deps: PlaceOrderDeps, attempt: Attempt): Promise<void> {
    const epoch = Math.floor(attempt.now.getTime() / 1000);
    try {
        await deps.db.send(new PutCommand({
            TableName: deps.ordersTable,
            Item: {
                [ORDERS_KEY]: attempt.orderId,
                // The workflow writes the order's final status only while these two match its OrderPlaced.
                customerId: attempt.customerId,
                fingerprint: attempt.fingerprint,
                status: "PLACED" satisfies OrderStatus,
                correlationId: attempt.correlationId,
                placedAt: attempt.now.toISOString(),
                currency: attempt.order.currency,
                [ORDERS_TTL_ATTRIBUTE]: epoch + ORDER_RETENTION_DAYS * 24 * 60 * 60,
            },
            ConditionExpression: "attribute_not_exists(#key)",
            ExpressionAttributeNames: { "#key": ORDERS_KEY },
        }));
    } catch (err) {
        // Already there: the workflow wrote it first, and its status is the newer one.
        if (err instanceof Error && err.name === "ConditionalCheckFailedException") return;
        // The event is published and the workflow persists the order, so the request still succeeded.
        attempt.log.error("could not record the order as PLACED", err as Error);
    }
}

/** The Lambda entry point: reads env and creates the (bounded) clients once per cold start. */
export function createPlaceOrderHandler(): (event: HttpEvent, context?: Context) => Promise<HttpResponse> {
    const env = readEnvironment(HANDLERS.placeOrder);
    const dynamo = createClient(DynamoDBClient);
    return createPlaceOrder({
        db: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
        idempotency: idempotencyStore(dynamo, env.IDEMPOTENCY_TABLE),
        events: createClient(EventBridgeClient),
        busName: env.EVENT_BUS_NAME,
        ordersTable: env.ORDERS_TABLE,
        logger: createLogger(),
    });
}
