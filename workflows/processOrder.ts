import { catchTo, checkDefinition, fail, lambdaTask, StateMachineDefinition } from "./asl";
import { failedFields, finalWrite, OUTCOME_STATES, outcomeStates, processedFields } from "./orderOutcome";
import { WORKFLOW_TIMEOUT_SECONDS } from "./templates";

/** Everything a process-order definition refers to. */
export interface ProcessOrderRefs {
    readonly pricingFunctionArn: string;
    readonly ordersTableName: string;
}

/** The pricing function's timeout; its Task waits a little longer so a Lambda timeout surfaces as the Lambda's error. */
export const PRICING_FUNCTION_TIMEOUT_SECONDS = 10;

/** Pricing errors retrying cannot fix: the order as sent is wrong (or is not the order that was placed). */
export const PRICING_REJECTIONS = ["PricingError", "ContractViolationError", "FingerprintMismatchError"] as const;

/**
 * process-order. Input: an OrderPlaced detail. Prices it (Lambda, which validates the detail and its fingerprint),
 * then gives the order its final status with the single-assignment write of workflows/orderOutcome.ts: PROCESSED,
 * or FAILED with the error. The stored change is the announcement (the outbox puts OrderProcessed or OrderFailed on
 * the bus); a duplicate finds the status already final and stops; an OrderPlaced whose lines do not match its
 * fingerprint, or whose customer or fingerprint differ from the stored order, changes nothing and ends in OrderConflict.
 */
export function processOrderDefinition(refs: ProcessOrderRefs): StateMachineDefinition {
    const { ordersTableName: table } = refs;
    return checkDefinition("process-order", {
        Comment: "Prices one order and stores its final status, which the outbox announces. Input: the OrderPlaced detail.",
        StartAt: "PriceOrder",
        TimeoutSeconds: WORKFLOW_TIMEOUT_SECONDS,
        States: {
            PriceOrder: lambdaTask(refs.pricingFunctionArn, {
                comment: "Validates the order against its contract and its fingerprint, and prices it from the catalogue.",
                resultSelector: {
                    "totalCents.$": "$.Payload.totalCents",
                    "itemCount.$": "$.Payload.itemCount",
                    "expiresAt.$": "$.Payload.expiresAt",
                },
                resultPath: "$.pricing",
                timeoutSeconds: PRICING_FUNCTION_TIMEOUT_SECONDS + 5,
                nonRetryable: [...PRICING_REJECTIONS],
                catch: [
                    // Not the lines the order was placed with: failing the stored order would be as wrong as pricing these.
                    catchTo(OUTCOME_STATES.conflict, ["FingerprintMismatchError"]),
                    catchTo("RecordFailure"),
                ],
                next: "SaveOrder",
            }),
            SaveOrder: finalWrite({
                comment: "Stores the order as PROCESSED, only while it is absent or PLACED for this customer and fingerprint.",
                table, root: "$", status: "PROCESSED", fields: processedFields(),
                // Ends here rather than in a Succeed state: on STANDARD every state entered is a billed transition.
                onError: "RecordFailure",
                errorPath: "$.error",
            }),
            RecordFailure: finalWrite({
                comment: "Stores the order as FAILED with the error, under the same single-assignment condition as SaveOrder.",
                table, root: "$", status: "FAILED", fields: failedFields(),
                next: "Failed",
                onError: OUTCOME_STATES.unrecorded,
            }),
            Failed: fail("$.error.Error", "$.error.Cause", "The order is stored FAILED; the outbox announces OrderFailed."),
            ...outcomeStates(table, "$"),
        },
    });
}
