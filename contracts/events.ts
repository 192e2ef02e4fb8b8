import * as v from "valibot";

/**
 * The event catalogue: one place that defines, for every event, its `source`, `detail-type`,
 * detail schema (runtime validation, TypeScript type and JSON Schema all come from it) and a valid example.
 * Producers build events and rules build their patterns only from here, so the two cannot drift apart.
 */

export const ORDER_ID = /^ord_[0-9a-f]{32}$/;
/**
 * A customer is the `sub` of its Cognito ID token: a UUID, lower-case hex. Nothing else is accepted, because the id
 * becomes part of IoT topic names, client ids and policy resources: it can never hold `/`, `+`, `#`, `*`, `$` or
 * anything a policy would read as a variable or a wildcard.
 */
export const CUSTOMER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const CORRELATION_ID = /^[A-Za-z0-9._:-]{8,128}$/;
/**
 * An error's name as Step Functions and Lambda report it (`PricingError`, `DynamoDB.ConditionalCheckFailedException`,
 * `States.Timeout`): letters, digits and `. _ : -`, never quotes or spaces, so it can go into a quoted text template.
 */
export const ERROR_NAME = /^[A-Za-z][A-Za-z0-9._:-]{0,255}$/;
/** An order's fingerprint (contracts/fingerprint.ts computes it): 64 lower-case hex digits of SHA-256. */
export const FINGERPRINT = /^[0-9a-f]{64}$/;

export const orderId = v.pipe(v.string(), v.regex(ORDER_ID, "must be ord_ followed by 32 lowercase hex digits"));
export const customerId = v.pipe(v.string(), v.regex(CUSTOMER_ID, "must be a UUID in lower-case hex (the ID token's sub)"));
const correlationId = v.pipe(v.string(), v.regex(CORRELATION_ID, "must be 8-128 letters, digits or . _ : -"));
const occurredAt = v.pipe(v.string(), v.isoTimestamp("must be an ISO 8601 timestamp"));

/** Fields every event's detail carries. */
const envelope = { orderId, customerId, correlationId, occurredAt };

export const CURRENCIES = ["EUR", "USD", "GBP"] as const;
export const MAX_LINE_ITEMS = 50;
export const MAX_QUANTITY = 100;

const orderLine = v.strictObject({
    sku: v.pipe(v.string(), v.regex(/^[A-Z0-9-]{3,32}$/, "must be 3-32 uppercase letters, digits or -")),
    quantity: v.pipe(v.number(), v.integer("must be an integer"), v.minValue(1), v.maxValue(MAX_QUANTITY)),
});

export const emailAddress = v.pipe(v.string(), v.maxLength(254), v.email("must be an email address"));

/**
 * What the customer sends. Who the customer is comes from the verified token, never from the body; the API adds
 * orderId, customerId, customer, correlationId and occurredAt.
 */
export const orderRequest = v.strictObject({
    currency: v.picklist(CURRENCIES),
    items: v.pipe(v.array(orderLine), v.minLength(1, "must hold at least one line"), v.maxLength(MAX_LINE_ITEMS)),
});

/** The customer as the token proves it: its verified email, which registers a new customer. */
const orderCustomer = v.strictObject({ email: emailAddress });

/**
 * `fingerprint` binds the order id to the lines the API accepted (see contracts/fingerprint.ts): the workflow writes
 * the order only while the stored record has the same customer and fingerprint, and only for lines that match it.
 */
const orderPlaced = v.strictObject({
    ...envelope,
    customer: orderCustomer,
    ...orderRequest.entries,
    fingerprint: v.pipe(v.string(), v.regex(FINGERPRINT, "must be the order's fingerprint: 64 lower-case hex digits")),
});

const customerRegistered = v.strictObject({ ...envelope, email: emailAddress });

const orderProcessed = v.strictObject({
    ...envelope,
    currency: v.picklist(CURRENCIES),
    totalCents: v.pipe(v.number(), v.integer(), v.minValue(0)),
    itemCount: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

const orderFailed = v.strictObject({
    ...envelope,
    error: v.pipe(v.string(), v.regex(ERROR_NAME, "must be an error name: a letter, then letters, digits or . _ : - (at most 256)")),
    cause: v.pipe(v.string(), v.maxLength(4096)),
});

const receiptStored = v.strictObject({
    ...envelope,
    bucket: v.pipe(v.string(), v.minLength(3), v.maxLength(63)),
    key: v.pipe(v.string(), v.minLength(1), v.maxLength(1024)),
});

const base = {
    orderId: "ord_0123456789abcdef0123456789abcdef",
    customerId: "4b1f5c2e-8d3a-4f6b-9e7c-2a5d8f1b3c6e",
    correlationId: "corr-1b9d6bcd-bbfd-4b2d",
    occurredAt: "2026-11-26T10:00:00.000Z",
};

/**
 * One contract; the example is type-checked against the schema here and validated at run time by the tests.
 * `guarded`: rules for this event admit only details that hold every field the contract requires (see patternFor),
 * because its consumer (a workflow) must never read a path that is not there.
 */
function contract<const Source extends string, const DetailType extends string, S extends v.GenericSchema>(
    source: Source, detailType: DetailType, detail: S, example: v.InferOutput<S>, options: { guarded?: boolean } = {},
) {
    return { source, detailType, detail, example, guarded: options.guarded ?? false };
}

/** The events, each with where it comes from and a valid example. */
export const CONTRACTS = {
    OrderPlaced: contract("orders.api", "OrderPlaced", orderPlaced, {
        ...base, customer: { email: "ada@example.com" }, currency: "EUR", items: [{ sku: "BOOK-001", quantity: 2 }],
        // orderFingerprint of these lines (the contract tests check it).
        fingerprint: "ed496ba747c52eb69af2b54a5f0e5edc043187e5bac60bde28e96fa19d1d3bcd",
    }, { guarded: true }),
    CustomerRegistered: contract("orders.workflow", "CustomerRegistered", customerRegistered, {
        ...base, email: "ada@example.com",
    }),
    OrderProcessed: contract("orders.workflow", "OrderProcessed", orderProcessed, {
        ...base, currency: "EUR", totalCents: 2598, itemCount: 2,
    }),
    OrderFailed: contract("orders.workflow", "OrderFailed", orderFailed, {
        ...base, error: "PricingError", cause: "unknown sku NOPE-1",
    }),
    ReceiptStored: contract("orders.receipts", "ReceiptStored", receiptStored, {
        ...base, bucket: "order-platform-receipts-dev", key: "receipts/ord_0123456789abcdef0123456789abcdef.json",
    }),
};

export type EventName = keyof typeof CONTRACTS;
export const EVENT_NAMES = Object.keys(CONTRACTS) as EventName[];
export type Detail<N extends EventName> = v.InferOutput<(typeof CONTRACTS)[N]["detail"]>;
export type OrderRequest = v.InferOutput<typeof orderRequest>;
export type OrderPlacedDetail = Detail<"OrderPlaced">;

/** Thrown when data does not match its contract; `field` names the first offending field. */
export class ContractViolationError extends Error {
    constructor(readonly contract: string, readonly field: string, readonly reason: string) {
        super(`${contract}: ${field} ${reason}`);
        this.name = "ContractViolationError";
    }
}

/** Validates `input` against a schema, returning the typed value or throwing a ContractViolationError naming the field. */
export function parseWith<S extends v.GenericSchema>(contract: string, schema: S, input: unknown): v.InferOutput<S> {
    const result = v.safeParse(schema, input, { abortEarly: true });
    if (result.success) return result.output;
    const issue = result.issues[0];
    // No path means the value itself is wrong (e.g. not an object at all).
    const field = v.getDotPath(issue) ?? "(root)";
    throw new ContractViolationError(contract, field, describe(issue));
}

function describe(issue: v.BaseIssue<unknown>): string {
    if (issue.type === "strict_object" && issue.expected === "never") return "is not an allowed field";
    if (issue.received === "undefined") return "is required";
    if (issue.message.startsWith("Invalid ")) return `is invalid: expected ${issue.expected ?? issue.type}, received ${issue.received}`;
    return issue.message;
}

/** Validates an event detail against its contract. */
export function parseDetail<N extends EventName>(name: N, detail: unknown): Detail<N> {
    return parseWith(name, CONTRACTS[name].detail, detail) as Detail<N>;
}

/**
 * The leaf paths of every field a detail schema requires (`customer.email`, `items.sku`: a list's fields are its
 * items'), which is all an EventBridge pattern can require: `exists` matches leaves only.
 */
export function requiredLeavesOf(schema: v.GenericSchema, prefix = ""): string[] {
    const node = schema as unknown as { type: string; entries?: Record<string, v.GenericSchema>; item?: v.GenericSchema };
    if ((node.type === "strict_object" || node.type === "object") && node.entries) {
        return Object.entries(node.entries).flatMap(([key, entry]) => requiredLeavesOf(entry, prefix ? `${prefix}.${key}` : key));
    }
    if (node.type === "array" && node.item) return requiredLeavesOf(node.item, prefix);
    if (node.type === "optional" || node.type === "nullish" || node.type === "undefinedable") return [];
    return [prefix];
}

/** A pattern that puts `matcher` at a dotted path: `customer.email` becomes `{ customer: { email: matcher } }`. */
function atPath(path: string, matcher: unknown[]): Record<string, unknown> {
    return path.split(".").reduceRight<unknown>((inner, key) => ({ [key]: inner }), matcher) as Record<string, unknown>;
}

function mergePatterns(patterns: Record<string, unknown>[]): Record<string, unknown> {
    const merged: Record<string, unknown> = {};
    for (const pattern of patterns) {
        for (const [key, value] of Object.entries(pattern)) {
            const existing = merged[key];
            merged[key] = existing && !Array.isArray(existing) && !Array.isArray(value)
                ? mergePatterns([existing as Record<string, unknown>, value as Record<string, unknown>])
                : value;
        }
    }
    return merged;
}

/** The `detail` pattern a guarded event's rules use: every required leaf exists. */
export function wellFormedDetailPattern(name: EventName): Record<string, unknown> {
    return mergePatterns(requiredLeavesOf(CONTRACTS[name].detail).map((path) => atPath(path, [{ exists: true }])));
}

/**
 * The EventBridge pattern that matches exactly the given contract events.
 * Events from one source become one pattern; several sources become an `$or` of them. A guarded event gets an
 * alternative of its own that also requires every field of its detail, so a detail missing one reaches no target
 * of the rule (see {@link malformedPatternFor} for where those go).
 */
export function patternFor(names: readonly EventName[]): Record<string, unknown> {
    if (names.length === 0) throw new Error("patternFor needs at least one event name");
    const bySource = new Map<string, string[]>();
    const guarded: Record<string, unknown>[] = [];
    for (const name of [...new Set(names)].sort()) {
        const { source, detailType } = CONTRACTS[name];
        if (CONTRACTS[name].guarded) guarded.push({ source: [source], "detail-type": [detailType], detail: wellFormedDetailPattern(name) });
        else bySource.set(source, [...(bySource.get(source) ?? []), detailType]);
    }
    const patterns = [...[...bySource].map(([source, detailTypes]) => ({ source: [source], "detail-type": detailTypes })), ...guarded];
    return patterns.length === 1 ? patterns[0] : { $or: patterns };
}

/** Thrown when a malformed-event pattern is asked for an event whose rules take every detail. */
export class UnguardedEventError extends Error {
    constructor(readonly event: string) {
        super(`${event} is not a guarded contract: its rules take every detail, so no detail is left unmatched`);
        this.name = "UnguardedEventError";
    }
}

/**
 * The complement of a guarded event's pattern: the event (its source and detail-type) with some required leaf
 * missing. A rule on it catches exactly the details {@link patternFor} lets through to no one, so none vanishes.
 */
export function malformedPatternFor(name: EventName): Record<string, unknown> {
    const { source, detailType, detail, guarded } = CONTRACTS[name];
    if (!guarded) throw new UnguardedEventError(name);
    const missing = requiredLeavesOf(detail).map((path) => ({ detail: atPath(path, [{ exists: false }]) }));
    return { source: [source], "detail-type": [detailType], $or: missing };
}
