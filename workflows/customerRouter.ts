import { CUSTOMERS_KEY } from "../contracts/records";
import { catchTo, checkDefinition, choice, fail, RESOURCES, SERVICE_ERRORS, StateMachineDefinition, succeed, task } from "./asl";
import { envelope, orderFailed, putEvent, S, SERVICE_CALL_TIMEOUT_SECONDS, WORKFLOW_TIMEOUT_SECONDS } from "./templates";

/** Everything a customer-router definition refers to. */
export interface CustomerRouterRefs {
    readonly customersTableName: string;
    readonly busName: string;
    readonly processOrderArn: string;
}

/**
 * customer-router. Input: the whole OrderPlaced event as EventBridge delivers it (so every path reads
 * `$.detail`, and the event's own id stays in the execution input for tracing). Registers a new customer
 * (conditional put + CustomerRegistered), then starts process-order named by the orderId.
 */
export function customerRouterDefinition(refs: CustomerRouterRefs): StateMachineDefinition {
    const { customersTableName: table, busName } = refs;
    return checkDefinition("customer-router", {
        Comment: "Registers new customers and starts process-order once per order. Input: the OrderPlaced event.",
        StartAt: "GetCustomer",
        TimeoutSeconds: WORKFLOW_TIMEOUT_SECONDS,
        States: {
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
                catch: [catchTo("RouteFailed")],
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
                    catchTo("RouteFailed"),
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
                catch: [catchTo("RouteFailed")],
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
                    catchTo("RouteFailed"),
                ],
                next: "Routed",
            }),
            Routed: succeed(),
            AlreadyStarted: succeed("A duplicate OrderPlaced: process-order already ran (or runs) under this orderId."),
            RouteFailed: task(RESOURCES.eventsPutEvents, {
                parameters: orderFailed(busName, "$.detail"),
                resultPath: null,
                timeoutSeconds: SERVICE_CALL_TIMEOUT_SECONDS,
                catch: [catchTo("Failed", ["States.ALL"], "$.emitFailure")],
                next: "Failed",
            }),
            Failed: fail("$.error.Error", "$.error.Cause"),
        },
    });
}
