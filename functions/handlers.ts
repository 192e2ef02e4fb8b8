/**
 * Every Lambda handler of the platform, described as data: where its factory lives and which environment
 * variables it reads. Components create functions from these descriptors (the bundler builds `module`'s
 * `exportName`), and `HandlerFunction` refuses an environment that lacks a required variable or names an unknown
 * one, so a missing or misspelt variable fails at preview, not at the first invocation.
 *
 * This module imports nothing: components can read it without loading any handler code or AWS SDK client.
 */

export interface HandlerDescriptor<Env extends string = string, Optional extends string = never> {
    /** The module that exports the factory, relative to the project root, without extension. */
    readonly module: string;
    /** The factory: a named export run once per cold start (clients are created there) that returns the handler. */
    readonly exportName: string;
    /** Variables the handler cannot run without. */
    readonly environment: readonly Env[];
    /** Variables the handler reads when set. */
    readonly optionalEnvironment: readonly Optional[];
}

/** The variables a component must set for a handler: every required one, any optional one. */
export type EnvironmentOf<D> = D extends HandlerDescriptor<infer Env, infer Optional>
    ? { readonly [K in Env]: string } & { readonly [K in Optional]?: string }
    : never;

function handler<const Env extends string, const Optional extends string = never>(
    module: string, exportName: string, environment: readonly Env[], optionalEnvironment: readonly Optional[] = [],
): HandlerDescriptor<Env, Optional> {
    return { module, exportName, environment, optionalEnvironment };
}

export const HANDLERS = {
    placeOrder: handler("functions/placeOrder", "createPlaceOrderHandler", ["EVENT_BUS_NAME", "ORDERS_TABLE", "IDEMPOTENCY_TABLE"]),
    getOrder: handler("functions/getOrder", "createGetOrderHandler", ["ORDERS_TABLE"]),
    priceOrder: handler("functions/priceOrder", "createPriceOrderHandler", []),
    notifier: handler("functions/notifier", "createNotifierHandler", ["IOT_DATA_ENDPOINT", "TOPIC_PREFIX"]),
    iotAuthorizer: handler("functions/iotAuthorizer", "createIotAuthorizerHandler",
        ["JWT_ISSUER", "JWT_AUDIENCE", "IOT_ARN_PREFIX", "TOPIC_PREFIX"], ["JWT_JWKS_URI"]),
    receiptWriter: handler("functions/receiptWriter", "createReceiptWriterHandler", ["RECEIPTS_BUCKET"]),
    receiptStored: handler("functions/receiptStored", "createReceiptStoredHandler", ["EVENT_BUS_NAME"]),
    outboxPublisher: handler("functions/outboxPublisher", "createOutboxPublisherHandler", ["EVENT_BUS_NAME"]),
    outboxAnnouncer: handler("functions/outboxAnnouncer", "createOutboxAnnouncerHandler", []),
} as const;

export type HandlerName = keyof typeof HANDLERS;
