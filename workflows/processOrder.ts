import { ORDERS_KEY, ORDERS_TTL_ATTRIBUTE } from "../contracts/records";
import {
    catchTo, checkDefinition, fail, lambdaTask, PayloadTemplate, RESOURCES, SERVICE_ERRORS, StateMachineDefinition, succeed, task,
} from "./asl";
import { envelope, N, orderFailed, putEvent, S, SERVICE_CALL_TIMEOUT_SECONDS, WORKFLOW_TIMEOUT_SECONDS } from "./templates";

/** Everything a process-order definition refers to. */
export interface ProcessOrderRefs {
    readonly pricingFunctionArn: string;
    readonly ordersTableName: string;
    readonly busName: string;
}

/** The pricing function's timeout; its Task waits a little longer so a Lambda timeout surfaces as the Lambda's error. */
export const PRICING_FUNCTION_TIMEOUT_SECONDS = 10;

/** The order's status may only leave PLACED once: this is what makes a duplicate execution harmless. */
const ONLY_FROM_PLACED = {
    ConditionExpression: `attribute_not_exists(${ORDERS_KEY}) OR #status = :placed`,
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":placed": { S: "PLACED" } },
};

/** Publishing OrderProcessed after the order is stored: up to 6 retries, backoff capped at 20 s (about 1.5 minutes in all). */
const ANNOUNCE_RETRY = { IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 20, JitterStrategy: "FULL" } as const;

/** The order record either outcome writes: the order as placed (read from the input), its final status and that status's fields. */
function orderRecord(status: "PROCESSED" | "FAILED", fields: PayloadTemplate): PayloadTemplate {
    return {
        [ORDERS_KEY]: S("$.orderId"),
        customerId: S("$.customerId"),
        correlationId: S("$.correlationId"),
        status: { S: status },
        currency: S("$.currency"),
        items: { "S.$": "States.JsonToString($.items)" },
        placedAt: S("$.occurredAt"),
        ...fields,
    };
}

/**
 * process-order. Input: an OrderPlaced detail. Prices it (Lambda), stores it as PROCESSED with a write that only
 * succeeds while the order is absent or PLACED, then emits OrderProcessed. A duplicate execution finds the
 * status already final and stops without emitting. Any other failure records FAILED and emits OrderFailed.
 */
export function processOrderDefinition(refs: ProcessOrderRefs): StateMachineDefinition {
    const { ordersTableName: table, busName } = refs;
    return checkDefinition("process-order", {
        Comment: "Prices, stores and announces one order. Input: the OrderPlaced detail.",
        StartAt: "PriceOrder",
        TimeoutSeconds: WORKFLOW_TIMEOUT_SECONDS,
        States: {
            PriceOrder: lambdaTask(refs.pricingFunctionArn, {
                comment: "Validates the order against its contract and prices it from the catalogue.",
                resultSelector: {
                    "totalCents.$": "$.Payload.totalCents",
                    "itemCount.$": "$.Payload.itemCount",
                    "expiresAt.$": "$.Payload.expiresAt",
                },
                resultPath: "$.pricing",
                timeoutSeconds: PRICING_FUNCTION_TIMEOUT_SECONDS + 5,
                nonRetryable: ["PricingError", "ContractViolationError"],
                catch: [catchTo("RecordFailure")],
                next: "SaveOrder",
            }),
            SaveOrder: task(RESOURCES.dynamoPutItem, {
                comment: "Stores the order as PROCESSED, only if no execution has given it a final status yet.",
                parameters: {
                    TableName: table,
                    Item: orderRecord("PROCESSED", {
                        totalCents: N("$.pricing.totalCents"),
                        itemCount: N("$.pricing.itemCount"),
                        processedAt: S("$$.State.EnteredTime"),
                        [ORDERS_TTL_ATTRIBUTE]: N("$.pricing.expiresAt"),
                    }),
                    ...ONLY_FROM_PLACED,
                },
                resultPath: null,
                timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
                nonRetryable: [SERVICE_ERRORS.conditionalCheckFailed],
                catch: [catchTo("AlreadyProcessed", [SERVICE_ERRORS.conditionalCheckFailed], "$.duplicate"), catchTo("RecordFailure")],
                next: "EmitOrderProcessed",
            }),
            EmitOrderProcessed: task(RESOURCES.eventsPutEvents, {
                parameters: putEvent(busName, "OrderProcessed", {
                    ...envelope("$"),
                    "currency.$": "$.currency",
                    "totalCents.$": "$.pricing.totalCents",
                    "itemCount.$": "$.pricing.itemCount",
                }),
                resultPath: null,
                timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
                // The order is already stored as PROCESSED: announcing it is worth more patience than other calls,
                // and if it still fails it must not be announced as failed (the customer might order again).
                patience: ANNOUNCE_RETRY,
                catch: [catchTo("AnnouncementFailed")],
                // Ends here rather than in a Succeed state: on STANDARD every state entered is a billed transition.
            }),
            AnnouncementFailed: fail("OrderProcessedNotEmitted",
                "The order is stored as PROCESSED but OrderProcessed could not be published after every retry; " +
                "the failed-executions alarm reports it, and the event must be re-published from the order record."),
            AlreadyProcessed: succeed("A duplicate delivery: the order already had its final status, whose event the first execution emitted."),
            RecordFailure: task(RESOURCES.dynamoPutItem, {
                comment: "Stores the order as FAILED, with the same single-assignment condition as SaveOrder.",
                parameters: {
                    TableName: table,
                    Item: orderRecord("FAILED", {
                        failedAt: S("$$.State.EnteredTime"),
                        error: S("$.error.Error"),
                        cause: S("$.error.Cause"),
                    }),
                    ...ONLY_FROM_PLACED,
                },
                resultPath: null,
                timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
                nonRetryable: [SERVICE_ERRORS.conditionalCheckFailed],
                catch: [
                    catchTo("AlreadyFailed", [SERVICE_ERRORS.conditionalCheckFailed], "$.recordFailure"),
                    // The record is a convenience; the event is what the customer and operators wait for.
                    catchTo("EmitOrderFailed", ["States.ALL"], "$.recordFailure"),
                ],
                next: "EmitOrderFailed",
            }),
            AlreadyFailed: succeed("A duplicate delivery: the order already had its final status, which the first execution announced."),
            EmitOrderFailed: task(RESOURCES.eventsPutEvents, {
                parameters: orderFailed(busName, "$"),
                resultPath: null,
                timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
                catch: [catchTo("Failed", ["States.ALL"], "$.emitFailure")],
                next: "Failed",
            }),
            Failed: fail("$.error.Error", "$.error.Cause"),
        },
    });
}
