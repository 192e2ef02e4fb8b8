import { CUSTOMERS_KEY } from "../contracts/records";
import {
    catchTo, checkDefinition, choice, ChoiceCondition, fail, RESOURCES, SERVICE_ERRORS, StateMachineDefinition, succeed, task,
} from "./asl";
import { failedFields, finalWrite, OUTCOME_STATES, outcomeStates } from "./orderOutcome";
import { envelope, putEvent, S, SERVICE_CALL_TIMEOUT_SECONDS, WORKFLOW_TIMEOUT_SECONDS } from "./templates";

/** Everything a customer-router definition refers to. */
export interface CustomerRouterRefs {
    readonly customersTableName: string;
    /** Where a failure to route an order is recorded (the same single-assignment write process-order uses). */
    readonly ordersTableName: string;
    readonly busName: string;
    readonly processOrderArn: string;
    /** The queue that keeps OrderPlaced events too malformed to handle (URL, as SQS SendMessage takes it). */
    readonly quarantineQueueUrl: string;
}

/**
 * The OrderPlaced detail fields any state of either machine reads, each a string. Checked before any state reads a
 * path: a missing path fails an execution with States.Runtime, which no Catch catches. `items` is checked present
 * (process-order stores it as JSON and the pricing function validates it with the rest of the contract).
 */
export const ORDER_PLACED_STRING_FIELDS = ["orderId", "customerId", "correlationId", "occurredAt", "fingerprint", "currency", "customer.email"] as const;
export const ORDER_PLACED_PRESENT_FIELDS = [...ORDER_PLACED_STRING_FIELDS, "items"] as const;
/**
 * The shapes of the two keys (the orders and the customers table's): a key DynamoDB refuses (an empty string) could
 * not even record the order's failure. The rest of the contract is the pricing function's to check.
 */
export const ORDER_PLACED_KEY_SHAPES = { orderId: "ord_*", customerId: "*-*-*-*-*" } as const;

const detailPath = (field: string) => `$.detail.${field}`;

/** The error an execution ends with when its OrderPlaced could not be read; the event is in the quarantine queue. */
export const MALFORMED_ORDER_PLACED_ERROR = "MalformedOrderPlaced";

/**
 * customer-router. Input: the whole OrderPlaced event as EventBridge delivers it (so every path reads
 * `$.detail`, and the event's own id stays in the execution input for tracing). Checks the detail holds what the
 * states read (else quarantines it), registers a new customer (conditional put + CustomerRegistered), then starts
 * process-order named by the orderId. A failure it cannot retry away is recorded as the order's FAILED status with
 * process-order's single-assignment write, whose stored change is the one announcement of the failure.
 */
export function customerRouterDefinition(refs: CustomerRouterRefs): StateMachineDefinition {
    const { customersTableName: table, busName } = refs;
    const present: ChoiceCondition[] = ORDER_PLACED_PRESENT_FIELDS.map((f) => ({ Variable: detailPath(f), IsPresent: true }));
    const strings: ChoiceCondition[] = ORDER_PLACED_STRING_FIELDS.map((f) => ({ Variable: detailPath(f), IsString: true }));
    const keys: ChoiceCondition[] = Object.entries(ORDER_PLACED_KEY_SHAPES).map(([f, shape]) => ({ Variable: detailPath(f), StringMatches: shape }));
    return checkDefinition("customer-router", {
        Comment: "Registers new customers and starts process-order once per order. Input: the OrderPlaced event.",
        StartAt: "CheckOrderPlaced",
        TimeoutSeconds: WORKFLOW_TIMEOUT_SECONDS,
        States: {
            // Two steps: a type test on a path that is not there would itself fail with States.Runtime.
            CheckOrderPlaced: choice([{ And: present, Next: "CheckOrderPlacedTypes" }], "QuarantineOrderPlaced",
                "Every path a later state reads must exist."),
            CheckOrderPlacedTypes: choice([{ And: strings, Next: "CheckOrderPlacedKeys" }], "QuarantineOrderPlaced",
                "Every field a later state writes as a DynamoDB string must be one."),
            CheckOrderPlacedKeys: choice([{ And: keys, Next: "GetCustomer" }], "QuarantineOrderPlaced",
                "The order and customer ids are the tables' keys: they must be usable as keys."),
            QuarantineOrderPlaced: task(RESOURCES.sqsSendMessage, {
                comment: "Keeps the event for operators: no order can be recorded or announced from a detail without these fields.",
                parameters: { QueueUrl: refs.quarantineQueueUrl, "MessageBody.$": "$" },
                resultPath: null,
                timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
                catch: [catchTo("Malformed", ["States.ALL"], "$.quarantineFailure")],
                next: "Malformed",
            }),
            Malformed: fail(MALFORMED_ORDER_PLACED_ERROR,
                "The OrderPlaced detail lacks a field the workflow reads, or holds one of the wrong type; the event is in the quarantine queue."),
            GetCustomer: task(RESOURCES.dynamoGetItem, {
                parameters: {
                    TableName: table,
                    Key: { [CUSTOMERS_KEY]: S("$.detail.customerId") },
                    // Only existence matters; keep personal data out of the execution history.
                    ProjectionExpression: CUSTOMERS_KEY,
                    ConsistentRead: true,
                },
                resultPath: "$.customer",
                timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
                catch: [catchTo("RecordRouteFailure")],
                next: "IsKnownCustomer",
            }),
            IsKnownCustomer: choice(
                [{ Variable: "$.customer.Item", IsPresent: true, Next: "StartProcessOrder" }],
                "RegisterCustomer",
            ),
            RegisterCustomer: task(RESOURCES.dynamoPutItem, {
                parameters: {
                    TableName: table,
                    // The email is the one the identity provider verified (the API takes it from the token).
                    Item: {
                        [CUSTOMERS_KEY]: S("$.detail.customerId"),
                        email: S("$.detail.customer.email"),
                        firstOrderId: S("$.detail.orderId"),
                        createdAt: S("$$.State.EnteredTime"),
                    },
                    ConditionExpression: `attribute_not_exists(${CUSTOMERS_KEY})`,
                },
                resultPath: null,
                timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
                nonRetryable: [SERVICE_ERRORS.conditionalCheckFailed],
                catch: [
                    // A concurrent first order registered the customer (and announced it): continue as existing.
                    catchTo("StartProcessOrder", [SERVICE_ERRORS.conditionalCheckFailed], "$.concurrentRegistration"),
                    catchTo("RecordRouteFailure"),
                ],
                next: "EmitCustomerRegistered",
            }),
            EmitCustomerRegistered: task(RESOURCES.eventsPutEvents, {
                parameters: putEvent(busName, "CustomerRegistered", {
                    ...envelope("$.detail"),
                    "email.$": "$.detail.customer.email",
                }),
                resultPath: null,
                timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
                catch: [catchTo("RecordRouteFailure")],
                next: "StartProcessOrder",
            }),
            StartProcessOrder: task(RESOURCES.startExecution, {
                comment: "Fire and forget (request-response, not .sync, which Express cannot use). Named by orderId.",
                parameters: {
                    StateMachineArn: refs.processOrderArn,
                    "Name.$": "States.Format('{}', $.detail.orderId)",
                    "Input.$": "$.detail",
                },
                resultSelector: { "executionArn.$": "$.ExecutionArn" },
                resultPath: "$.processOrder",
                timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
                nonRetryable: [SERVICE_ERRORS.executionAlreadyExists],
                catch: [
                    catchTo("AlreadyStarted", [SERVICE_ERRORS.executionAlreadyExists], "$.duplicate"),
                    catchTo("RecordRouteFailure"),
                ],
                next: "Routed",
            }),
            Routed: succeed(),
            AlreadyStarted: succeed("A duplicate OrderPlaced: process-order already ran (or runs) under this orderId."),
            RecordRouteFailure: finalWrite({
                comment: "Stores the order as FAILED with the router's error, with process-order's single-assignment condition.",
                table: refs.ordersTableName, root: "$.detail", status: "FAILED", fields: failedFields(),
                next: "Failed",
                onError: OUTCOME_STATES.unrecorded,
            }),
            Failed: fail("$.error.Error", "$.error.Cause", "The order is stored FAILED; the outbox announces OrderFailed."),
            ...outcomeStates(refs.ordersTableName, "$.detail"),
        },
    });
}
