/**
 * For every handler of the platform: the environment its function gets, the event of a first invocation as its
 * trigger delivers it, and what a successful answer looks like. Keyed by HandlerName, so a new handler does not
 * type-check here until the benchmark knows how to invoke it.
 */
import { generateKeyPairSync, KeyObject, randomUUID, sign } from "crypto";
import { CONTRACTS } from "../../contracts/events";
import { receiptKey } from "../../contracts/records";
import type { HandlerName } from "../../functions/handlers";
import type { Loopback, ServedRequest } from "./loopback";

export const REGION = "us-east-1";
const BUS = "orders-bus-bench";
const BUCKET = "order-platform-receipts-bench";
const AUDIENCE = "bench-app-client";
const KID = "bench-key-1";
const ORDER = CONTRACTS.OrderProcessed.example;

/** What a fresh process of one handler needs: its variables, its first event, and how to tell that it worked. */
export interface Invocation {
    readonly environment: Record<string, string>;
    readonly event: unknown;
    /** Why the answer or the calls it made are not a success; undefined when they are. */
    problem(result: unknown, served: readonly ServedRequest[]): string | undefined;
}

/** A fresh RSA key (the IoT authorizer's issuer) and its public JWKS. */
export interface SigningKey {
    readonly privateKey: KeyObject;
    readonly jwks: { keys: Record<string, unknown>[] };
}

export function signingKey(): SigningKey {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return { privateKey, jwks: { keys: [{ ...publicKey.export({ format: "jwk" }), kid: KID, alg: "RS256", use: "sig" }] } };
}

/** An RS256 ID token as Cognito issues it, valid for an hour. */
function idToken(key: SigningKey, issuer: string, sub: string): string {
    const now = Math.floor(Date.now() / 1000);
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${part({ alg: "RS256", kid: KID, typ: "JWT" })}.${part({
        sub, iss: issuer, aud: AUDIENCE, token_use: "id", email: "ada@example.com", email_verified: true, iat: now, exp: now + 3600,
    })}`;
    return `${unsigned}.${sign("sha256", Buffer.from(unsigned), key.privateKey).toString("base64url")}`;
}

/** An HTTP API (payload 2.0) request behind the JWT authorizer, every claim a string as the API passes them. */
function httpRequest(method: "GET" | "POST", path: string, routeKey: string, customerId: string, extra: Record<string, unknown>) {
    const claims = { sub: customerId, email: "ada@example.com", email_verified: "true", aud: AUDIENCE, token_use: "id" };
    return {
        version: "2.0", routeKey, rawPath: path, rawQueryString: "",
        headers: { "content-type": "application/json", "x-correlation-id": "corr-bench-cold-start" },
        requestContext: { requestId: "bench-request", http: { method, path }, authorizer: { jwt: { claims, scopes: null } } },
        isBase64Encoded: false,
        ...extra,
    };
}

const busEvent = (name: "OrderProcessed") => ({
    version: "0", id: randomUUID(), "detail-type": CONTRACTS[name].detailType, source: CONTRACTS[name].source,
    account: "123456789012", time: "2026-11-26T10:00:00Z", region: REGION, resources: [], detail: CONTRACTS[name].example,
});

const called = (served: readonly ServedRequest[], ...operations: string[]) => {
    const missing = operations.filter((op) => !served.some((s) => `${s.service}:${s.operation}` === op));
    return missing.length > 0 ? `no ${missing.join(", ")} call reached the loopback` : undefined;
};
const field = (result: unknown, name: string) => (result as Record<string, unknown> | undefined)?.[name];

/** The invocations, against `loopback` (whose JWKS is `key`'s). Seeds the stored receipt that ReceiptStored reads. */
export function invocations(loopback: Loopback, key: SigningKey): Record<HandlerName, Invocation> {
    const customerId = ORDER.customerId;
    const receipt = receiptKey(ORDER.orderId);
    loopback.objects.set(`${BUCKET}/${receipt}`, JSON.stringify({ receiptVersion: 1, ...ORDER }));
    const streamRecord = {
        eventID: "bench-stream-1", eventName: "MODIFY", eventVersion: "1.1", eventSource: "aws:dynamodb", awsRegion: REGION,
        eventSourceARN: `arn:aws:dynamodb:${REGION}:123456789012:table/orders-bench/stream/2026-11-26T00:00:00.000`,
        dynamodb: {
            Keys: { orderId: { S: ORDER.orderId } },
            OldImage: { orderId: { S: ORDER.orderId }, customerId: { S: customerId }, status: { S: "PLACED" }, correlationId: { S: ORDER.correlationId } },
            NewImage: {
                orderId: { S: ORDER.orderId }, customerId: { S: customerId }, status: { S: "PROCESSED" }, correlationId: { S: ORDER.correlationId },
                currency: { S: ORDER.currency }, totalCents: { N: String(ORDER.totalCents) }, itemCount: { N: String(ORDER.itemCount) },
                processedAt: { S: ORDER.occurredAt },
            },
            SequenceNumber: "100000000000000000001", StreamViewType: "NEW_AND_OLD_IMAGES",
        },
    };
    const status = (result: unknown, expected: number) =>
        field(result, "statusCode") === expected ? undefined : `answered ${JSON.stringify(result)}, expected status ${expected}`;
    return {
        placeOrder: {
            environment: { EVENT_BUS_NAME: BUS, ORDERS_TABLE: "orders-bench", IDEMPOTENCY_TABLE: "idempotency-bench" },
            event: httpRequest("POST", "/orders", "POST /orders", customerId, {
                headers: { "content-type": "application/json", "idempotency-key": "bench-checkout-1", "x-correlation-id": "corr-bench-cold-start" },
                body: JSON.stringify({ currency: "EUR", items: [{ sku: "BOOK-001", quantity: 2 }] }),
            }),
            problem: (result, served) => status(result, 202) ?? called(served, "dynamodb:PutItem", "dynamodb:GetItem", "eventbridge:PutEvents", "dynamodb:UpdateItem"),
        },
        getOrder: {
            environment: { ORDERS_TABLE: "orders-bench" },
            event: httpRequest("GET", `/orders/${ORDER.orderId}`, "GET /orders/{orderId}", customerId, { pathParameters: { orderId: ORDER.orderId } }),
            // GetItem without an Item: the order is not there, which the API answers with 404.
            problem: (result, served) => status(result, 404) ?? called(served, "dynamodb:GetItem"),
        },
        priceOrder: {
            environment: {},
            event: CONTRACTS.OrderPlaced.example,
            problem: (result) => (field(result, "totalCents") === 2598 ? undefined : `priced ${JSON.stringify(result)}, expected 2598 cents`),
        },
        notifier: {
            environment: { IOT_DATA_ENDPOINT: loopback.endpoint, TOPIC_PREFIX: "orders/bench" },
            event: busEvent("OrderProcessed"),
            problem: (_result, served) => called(served, "iot-data:Publish"),
        },
        iotAuthorizer: {
            environment: {
                JWT_ISSUER: loopback.endpoint, JWT_AUDIENCE: AUDIENCE, JWT_JWKS_URI: `${loopback.endpoint}/.well-known/jwks.json`,
                IOT_ARN_PREFIX: `arn:aws:iot:${REGION}:123456789012`, TOPIC_PREFIX: "orders/bench",
            },
            event: {
                protocols: ["mqtt", "http"], signatureVerified: false,
                protocolData: { http: { headers: {}, queryString: `x-amz-customauthorizer-name=bench&token=${idToken(key, loopback.endpoint, customerId)}` } },
                connectionMetadata: { id: "bench-connection" },
            },
            problem: (result, served) => (field(result, "isAuthenticated") === true ? undefined : `answered ${JSON.stringify(result)}`) ?? called(served, "jwks:GetJwks"),
        },
        receiptWriter: {
            environment: { RECEIPTS_BUCKET: BUCKET },
            event: {
                Records: [{
                    messageId: "bench-message-1", receiptHandle: "bench-handle", body: JSON.stringify(busEvent("OrderProcessed")), attributes: {},
                    messageAttributes: {}, md5OfBody: "", eventSource: "aws:sqs", eventSourceARN: `arn:aws:sqs:${REGION}:123456789012:receipts`, awsRegion: REGION,
                }],
            },
            problem: (result, served) => {
                const failures = field(result, "batchItemFailures");
                return Array.isArray(failures) && failures.length === 0 ? called(served, "s3:PutObject") : `answered ${JSON.stringify(result)}`;
            },
        },
        outboxAnnouncer: {
            environment: {},
            // What the pipe hands over: the orders table's stream record of the order becoming PROCESSED.
            event: [streamRecord],
            problem: (result) => (Array.isArray(result) && field(result[0], "orderId") === ORDER.orderId ? undefined : `announced ${JSON.stringify(result)}`),
        },
        outboxPublisher: {
            environment: { EVENT_BUS_NAME: BUS },
            event: { Records: [streamRecord] },
            problem: (result, served) => {
                const failures = field(result, "batchItemFailures");
                return Array.isArray(failures) && failures.length === 0 ? called(served, "eventbridge:PutEvents") : `answered ${JSON.stringify(result)}`;
            },
        },
        receiptStored: {
            environment: { EVENT_BUS_NAME: BUS },
            event: {
                version: "0", id: randomUUID(), "detail-type": "Object Created", source: "aws.s3", account: "123456789012",
                time: "2026-11-26T10:00:05Z", region: REGION, resources: [`arn:aws:s3:::${BUCKET}`],
                detail: { version: "0", bucket: { name: BUCKET }, object: { key: receipt, size: 214, etag: "b1946ac92492d2347c6235b4d2611184" }, reason: "PutObject" },
            },
            problem: (_result, served) => called(served, "s3:GetObject", "eventbridge:PutEvents"),
        },
    };
}
