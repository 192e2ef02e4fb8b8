/**
 * One happy-path invocation of every handler, as Lambda would deliver it in the deployed flow: the HTTP API's
 * events with JWT claims, the workflow's pricing input, EventBridge events, an SQS batch of one, S3's Object Created
 * event and an MQTT-over-WebSockets CONNECT. Used to measure what each real bundle prints and calls.
 */
import { randomUUID } from "crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { CONTRACTS } from "../../contracts";
import { receiptKey } from "../../contracts/records";
import { HANDLERS, HandlerName } from "../../functions/handlers";
import type { ServiceOptions } from "./services";

/** What one scenario needs: the environment its descriptor names (given the loopback endpoint) and its n-th event. */
export interface Scenario {
    readonly handler: HandlerName;
    readonly environment: (endpoint: string) => Record<string, string>;
    readonly event: (n: number) => Promise<unknown> | unknown;
    readonly services?: ServiceOptions;
}

const CLIENT_ID = "measure-app-client";

/** A Cognito ID token's claims as the HTTP API's JWT authorizer passes them: every value a string. */
const claims = (sub: string) => ({
    sub, email: "ada@example.com", email_verified: "true", iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_measure", aud: CLIENT_ID,
    token_use: "id", auth_time: "1800000000", iat: "1800000000", exp: "1800003600", "cognito:username": sub,
});

/** An HTTP API (payload 2.0) event behind the JWT authorizer. */
const httpEvent = (method: "GET" | "POST", routeKey: string, path: string, sub: string, extra: { body?: string; headers?: Record<string, string>; pathParameters?: Record<string, string> } = {}) => ({
    version: "2.0", routeKey, rawPath: path, rawQueryString: "", headers: { "content-type": "application/json", ...extra.headers }, pathParameters: extra.pathParameters,
    requestContext: { requestId: randomUUID(), http: { method, path }, authorizer: { jwt: { claims: claims(sub), scopes: null } } },
    body: extra.body, isBase64Encoded: false,
});

/** S3's EventBridge "Object Created" event for a receipt. */
const objectCreated = (key: string, bucket: string) => ({
    version: "0", id: randomUUID(), "detail-type": "Object Created", source: "aws.s3", account: "123456789012", time: "2026-11-26T10:00:05Z",
    region: "us-east-1", resources: [`arn:aws:s3:::${bucket}`],
    detail: {
        version: "0", bucket: { name: bucket }, object: { key, size: 214, etag: "b1946ac92492d2347c6235b4d2611184", sequencer: "00617F08299329D189" },
        "request-id": "N4N7GDK58NMKJ12R", requester: "123456789012", "source-ip-address": "10.0.0.1", reason: "PutObject",
    },
});

const BUCKET = "receipts-measure";
const CUSTOMER = CONTRACTS.OrderProcessed.example.customerId;
const ORDER = CONTRACTS.OrderProcessed.example.orderId;
const busEvent = (name: "OrderProcessed" | "OrderFailed" | "ReceiptStored") => ({
    version: "0", id: randomUUID(), "detail-type": CONTRACTS[name].detailType, source: CONTRACTS[name].source, account: "123456789012",
    time: "2026-11-26T10:00:00Z", region: "us-east-1", resources: [], detail: CONTRACTS[name].example,
});
const body = (): string => JSON.stringify({ currency: CONTRACTS.OrderPlaced.example.currency, items: CONTRACTS.OrderPlaced.example.items });
const storedOrder = {
    orderId: { S: ORDER }, customerId: { S: CUSTOMER }, correlationId: { S: CONTRACTS.OrderProcessed.example.correlationId },
    status: { S: "PROCESSED" }, currency: { S: "EUR" }, items: { S: JSON.stringify(CONTRACTS.OrderPlaced.example.items) },
    placedAt: { S: "2026-11-26T10:00:00.000Z" }, totalCents: { N: "4200" }, itemCount: { N: "2" },
};
/** The stream record of an order becoming PROCESSED, as DynamoDB Streams delivers it (new and old images). */
const processedRecord = () => ({
    eventID: randomUUID(), eventName: "MODIFY", eventVersion: "1.1", eventSource: "aws:dynamodb", awsRegion: "us-east-1",
    eventSourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/orders-orders/stream/2026-11-26T00:00:00.000",
    dynamodb: {
        Keys: { orderId: { S: ORDER } }, OldImage: { ...storedOrder, status: { S: "PLACED" } }, NewImage: { ...storedOrder, processedAt: { S: "2026-11-26T10:00:02.000Z" } },
        SequenceNumber: "111", SizeBytes: 512, StreamViewType: "NEW_AND_OLD_IMAGES",
    },
});
const receipt = JSON.stringify({ orderId: ORDER, customerId: CUSTOMER, correlationId: CONTRACTS.OrderProcessed.example.correlationId });

/**
 * Every handler's scenario (of the handlers functions/handlers.ts lists). The authorizer's issuer is the loopback
 * endpoint itself, which serves the JWKS of a key made here.
 */
export async function scenarios(): Promise<Scenario[]> {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: "measure-key", alg: "RS256", use: "sig" }] };
    let issuer = "";
    const idToken = (sub: string) => new SignJWT({ email: "ada@example.com", email_verified: true, token_use: "id" })
        .setProtectedHeader({ alg: "RS256", kid: "measure-key" }).setSubject(sub).setIssuer(issuer).setAudience(CLIENT_ID)
        .setIssuedAt().setExpirationTime("1h").sign(privateKey);
    const all: Scenario[] = [
        {
            handler: "placeOrder",
            environment: (endpoint) => ({
                AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint,
                EVENT_BUS_NAME: "orders-bus", ORDERS_TABLE: "orders-orders", IDEMPOTENCY_TABLE: "orders-idempotency",
            }),
            event: () => httpEvent("POST", "POST /orders", "/orders", randomUUID(), { body: body(), headers: { "idempotency-key": randomUUID(), "x-correlation-id": `corr-${randomUUID()}` } }),
        },
        {
            handler: "getOrder",
            environment: (endpoint) => ({ AWS_ENDPOINT_URL_DYNAMODB: endpoint, ORDERS_TABLE: "orders-orders" }),
            event: () => httpEvent("GET", "GET /orders/{orderId}", `/orders/${ORDER}`, CUSTOMER, { pathParameters: { orderId: ORDER } }),
            services: { getItem: () => storedOrder },
        },
        {
            handler: "priceOrder",
            environment: () => ({}),
            event: () => ({ ...CONTRACTS.OrderPlaced.example, orderId: ORDER }),
        },
        {
            handler: "notifier",
            environment: (endpoint) => ({ IOT_DATA_ENDPOINT: endpoint, TOPIC_PREFIX: "orders/prod" }),
            // What reaches it per order: OrderProcessed and ReceiptStored (OrderFailed is the rare one).
            event: (n) => busEvent(n % 2 === 0 ? "OrderProcessed" : "ReceiptStored"),
        },
        {
            handler: "iotAuthorizer",
            environment: (endpoint) => {
                issuer = endpoint;
                return { JWT_ISSUER: endpoint, JWT_AUDIENCE: CLIENT_ID, IOT_ARN_PREFIX: "arn:aws:iot:us-east-1:123456789012", TOPIC_PREFIX: "orders/prod" };
            },
            event: async () => ({
                protocols: ["http", "mqtt"],
                protocolData: { http: { headers: {}, queryString: `?x-amz-customauthorizer-name=frontend-authorizer&token=${await idToken(randomUUID())}` } },
                connectionMetadata: { id: randomUUID() },
            }),
            services: { jwks },
        },
        {
            handler: "receiptWriter",
            environment: (endpoint) => ({ AWS_ENDPOINT_URL_S3: endpoint, RECEIPTS_BUCKET: BUCKET }),
            event: () => ({
                Records: [{
                    messageId: randomUUID(), receiptHandle: "h", body: JSON.stringify(busEvent("OrderProcessed")), attributes: {}, messageAttributes: {},
                    md5OfBody: "", eventSource: "aws:sqs", eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:receipt-writer-queue", awsRegion: "us-east-1",
                }],
            }),
        },
        {
            handler: "outboxPublisher",
            environment: (endpoint) => ({ AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint, EVENT_BUS_NAME: "orders-bus" }),
            // The stream trigger's filtered batch: at a few orders a second, one record.
            event: () => ({ Records: [processedRecord()] }),
        },
        {
            handler: "outboxAnnouncer",
            environment: () => ({}),
            // The pipe hands over its filtered batch: at a few orders a second, one record.
            event: () => [processedRecord()],
        },
        {
            handler: "receiptStored",
            environment: (endpoint) => ({ AWS_ENDPOINT_URL_S3: endpoint, AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint, EVENT_BUS_NAME: "orders-bus" }),
            event: () => objectCreated(receiptKey(ORDER), BUCKET),
            services: { getObject: () => receipt },
        },
    ];
    return all.filter((s) => Object.prototype.hasOwnProperty.call(HANDLERS, s.handler));
}
