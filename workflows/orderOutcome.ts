/**
 * The one way either machine gives an order its final status: a conditional UpdateItem that succeeds only while the
 * order is absent, or PLACED for the same customer and fingerprint as the OrderPlaced being handled. The status
 * therefore leaves PLACED once, and only for the order the API accepted under this id; the table's stream announces
 * that change (contracts/outbox.ts), so a write that wins is the announcement and a write that loses announces
 * nothing. A refused write is told apart by reading the stored order: the same customer and fingerprint is a
 * duplicate delivery (nothing to do), anything else is a conflict (reported, nothing changed).
 */
import { ORDERS_KEY, ORDERS_TTL_ATTRIBUTE, OrderStatus } from "../contracts/records";
import { catchTo, choice, fail, PayloadTemplate, RESOURCES, SERVICE_ERRORS, State, succeed, task } from "./asl";
import { N, S, SERVICE_CALL_TIMEOUT_SECONDS } from "./templates";

/** The final states both machines share; a machine's own states lead into them. */
export const OUTCOME_STATES = {
    readStoredOrder: "ReadStoredOrder",
    storedOrderFound: "StoredOrderFound",
    isSameOrder: "IsSameOrder",
    alreadyFinal: "AlreadyFinal",
    conflict: "OrderConflict",
    unrecorded: "OrderNotRecorded",
} as const;

/** The error a conflicting OrderPlaced ends with: it named an existing order with another customer or other lines. */
export const ORDER_CONFLICT_ERROR = "OrderConflict";
/** The error an execution ends with when the order's final status could be neither written nor read back. */
export const ORDER_NOT_RECORDED_ERROR = "OrderNotRecorded";

/**
 * A final write is the announcement (through the outbox), so it is worth more patience than other calls: up to 6
 * retries, backoff capped at 20 s (about 1.5 minutes in all).
 */
export const FINAL_WRITE_RETRY = { IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 20, JitterStrategy: "FULL" } as const;

/** Where the order's fields are in a state's input: `$` (process-order) or `$.detail` (the router's OrderPlaced event). */
export type OrderRoot = "$" | "$.detail";

interface FinalWriteArgs {
    readonly table: string;
    readonly root: OrderRoot;
    readonly status: Exclude<OrderStatus, "PLACED">;
    /** The status's own attributes (DynamoDB values as payload templates). */
    readonly fields: Record<string, PayloadTemplate>;
}

/**
 * The UpdateItem parameters of a final write. The attributes the API recorded with the order (correlation id,
 * currency, placing time) are kept when present; the customer and fingerprint are the condition's own values.
 */
export function finalWriteParameters({ table, root, status, fields }: FinalWriteArgs): PayloadTemplate {
    const at = (field: string) => `${root}.${field}`;
    const set: Record<string, PayloadTemplate> = {
        status: { S: status },
        customerId: S(at("customerId")),
        fingerprint: S(at("fingerprint")),
        items: { "S.$": `States.JsonToString(${at("items")})` },
        ...fields,
    };
    const keep: Record<string, PayloadTemplate> = {
        correlationId: S(at("correlationId")),
        currency: S(at("currency")),
        placedAt: S(at("occurredAt")),
    };
    // Every name goes through a placeholder: status and items are DynamoDB reserved words, and one rule is simpler.
    const names: Record<string, string> = { [`#${ORDERS_KEY}`]: ORDERS_KEY };
    const values: Record<string, PayloadTemplate> = { ":placed": { S: "PLACED" } };
    const assignments: string[] = [];
    for (const [attribute, value] of Object.entries(set)) {
        names[`#${attribute}`] = attribute;
        values[`:${attribute}`] = value;
        assignments.push(`#${attribute} = :${attribute}`);
    }
    for (const [attribute, value] of Object.entries(keep)) {
        names[`#${attribute}`] = attribute;
        values[`:${attribute}`] = value;
        assignments.push(`#${attribute} = if_not_exists(#${attribute}, :${attribute})`);
    }
    return {
        TableName: table,
        Key: { [ORDERS_KEY]: S(at("orderId")) },
        UpdateExpression: `SET ${assignments.join(", ")}`,
        ConditionExpression: `attribute_not_exists(#${ORDERS_KEY}) OR (#status = :placed AND #customerId = :customerId AND #fingerprint = :fingerprint)`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
    };
}

/** The PROCESSED attributes, from the pricing result at `$.pricing`. */
export function processedFields(): Record<string, PayloadTemplate> {
    return {
        totalCents: N("$.pricing.totalCents"),
        itemCount: N("$.pricing.itemCount"),
        processedAt: S("$$.State.EnteredTime"),
        [ORDERS_TTL_ATTRIBUTE]: N("$.pricing.expiresAt"),
    };
}

/** The FAILED attributes, from the error a Catch put at `$.error`. */
export function failedFields(): Record<string, PayloadTemplate> {
    return { failedAt: S("$$.State.EnteredTime"), error: S("$.error.Error"), cause: S("$.error.Cause") };
}

/**
 * A Task giving the order its final status. `next` follows a write that won (none: the execution ends there); a
 * refused write goes to the read-back, any other failure to `onError` (with the error at `errorPath`,
 * `$.writeFailure` unless told).
 */
export function finalWrite(args: FinalWriteArgs & { readonly comment: string; readonly next?: string; readonly onError: string; readonly errorPath?: string }): State {
    return task(RESOURCES.dynamoUpdateItem, {
        comment: args.comment,
        parameters: finalWriteParameters(args),
        resultPath: null,
        timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
        nonRetryable: [SERVICE_ERRORS.conditionalCheckFailed],
        patience: FINAL_WRITE_RETRY,
        catch: [
            catchTo(OUTCOME_STATES.readStoredOrder, [SERVICE_ERRORS.conditionalCheckFailed], "$.writeRefused"),
            catchTo(args.onError, ["States.ALL"], args.errorPath ?? "$.writeFailure"),
        ],
        next: args.next,
    });
}

/** The states after a refused final write: read the stored order back and tell a duplicate from a conflict. */
export function outcomeStates(table: string, root: OrderRoot): Record<string, State> {
    const stored = "$.stored.Item";
    return {
        [OUTCOME_STATES.readStoredOrder]: task(RESOURCES.dynamoGetItem, {
            comment: "The final write was refused: read whose order this id holds.",
            parameters: {
                TableName: table,
                Key: { [ORDERS_KEY]: S(`${root}.orderId`) },
                ProjectionExpression: "#customerId, #fingerprint, #status",
                ExpressionAttributeNames: { "#customerId": "customerId", "#fingerprint": "fingerprint", "#status": "status" },
                ConsistentRead: true,
            },
            resultPath: "$.stored",
            timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
            catch: [catchTo(OUTCOME_STATES.unrecorded, ["States.ALL"], "$.writeFailure")],
            next: OUTCOME_STATES.storedOrderFound,
        }),
        // Two steps: a comparison on a path that is not there would fail the execution (States.Runtime).
        [OUTCOME_STATES.storedOrderFound]: choice([{
            And: [{ Variable: `${stored}.customerId.S`, IsPresent: true }, { Variable: `${stored}.fingerprint.S`, IsPresent: true }],
            Next: OUTCOME_STATES.isSameOrder,
        }], OUTCOME_STATES.conflict),
        [OUTCOME_STATES.isSameOrder]: choice([{
            And: [
                { Variable: `${stored}.customerId.S`, StringEqualsPath: `${root}.customerId` },
                { Variable: `${stored}.fingerprint.S`, StringEqualsPath: `${root}.fingerprint` },
            ],
            Next: OUTCOME_STATES.alreadyFinal,
        }], OUTCOME_STATES.conflict),
        [OUTCOME_STATES.alreadyFinal]: succeed("A duplicate delivery: the order already has its final status, which its stored change announced."),
        [OUTCOME_STATES.conflict]: fail(ORDER_CONFLICT_ERROR,
            "This OrderPlaced names an existing order with another customer or other lines; nothing was written or announced."),
        [OUTCOME_STATES.unrecorded]: fail(ORDER_NOT_RECORDED_ERROR, "$.writeFailure.Cause",
            "The order's final status could not be written after every retry: it stays PLACED and nothing is announced."),
    };
}
