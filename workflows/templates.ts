/**
 * What the platform's two definitions share: the payload templates that build DynamoDB attributes and contract
 * events from a state's input, and the timeouts every Task and execution is bounded by.
 */
// The events module only: the contracts index also re-exports the publisher, which pulls in the EventBridge client.
import { CONTRACTS } from "../contracts/events";
import type { PayloadTemplate } from "./asl";

/** Upper bound of one execution of either machine: below the 300 s at which Express stops an execution. */
export const WORKFLOW_TIMEOUT_SECONDS = 280;
/** Seconds a direct service call (DynamoDB, EventBridge, Step Functions) may take before the task times out. */
export const SERVICE_CALL_TIMEOUT_SECONDS = 10;

/** A DynamoDB string attribute read from `path`. */
export const S = (path: string): PayloadTemplate => ({ "S.$": path });
/** A DynamoDB number attribute read from `path` (DynamoDB takes numbers as strings). */
export const N = (path: string): PayloadTemplate => ({ "N.$": `States.Format('{}', ${path})` });

/**
 * The contract events the workflows emit themselves. OrderProcessed and OrderFailed are not among them: the
 * outbox announces them from the order's stored status change (contracts/outbox.ts).
 */
export type WorkflowEvent = "CustomerRegistered";

/** A PutEvents call with one contract event, its detail given as a payload template over the state's input. */
export function putEvent(busName: string, event: WorkflowEvent, detail: PayloadTemplate): PayloadTemplate {
    const { source, detailType } = CONTRACTS[event];
    return { Entries: [{ EventBusName: busName, Source: source, DetailType: detailType, Detail: detail }] };
}

/** The envelope every detail carries, read from an OrderPlaced detail at `root` (`$` or `$.detail`). */
export function envelope(root: string): PayloadTemplate {
    return {
        "orderId.$": `${root}.orderId`,
        "customerId.$": `${root}.customerId`,
        "correlationId.$": `${root}.correlationId`,
        "occurredAt.$": "$$.State.EnteredTime",
    };
}
