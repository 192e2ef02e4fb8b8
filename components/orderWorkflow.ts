import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CONTRACTS } from "../contracts";
import { CUSTOMERS_KEY, ORDERS_KEY, ORDERS_TTL_ATTRIBUTE } from "../contracts/records";
import { LOG_RETENTION_DAYS } from "../config";
import { createPriceOrderHandler } from "../functions/priceOrder";
import {
    catchTo, checkDefinition, choice, fail, lambdaTask, PayloadTemplate, RESOURCES, SERVICE_ERRORS,
    StateMachineDefinition, succeed, task, tasksOf,
} from "./asl";
import { EventBus, putEventsStatement } from "./eventBus";
import { tableKeyStatement } from "./orderTables";
import { EventSubscription } from "./eventSubscription";
import { HandlerFunction } from "./handlerFunction";
import { PolicyStatement, serviceRole } from "./iam";

export type WorkflowType = "STANDARD" | "EXPRESS";
export type WorkflowLogLevel = "ALL" | "ERROR" | "FATAL";

export interface OrderWorkflowArgs {
    /** The orders bus: the customer-router is subscribed to `OrderPlaced` on it, and both machines emit on it. */
    readonly eventBus: EventBus;
    /** Customers table (partition key `customerId`), read and conditionally written by the customer-router. */
    readonly customersTable: aws.dynamodb.Table;
    /** Orders table (partition key `orderId`), conditionally written by process-order. */
    readonly ordersTable: aws.dynamodb.Table;
    /**
     * Step Functions type of process-order. EXPRESS is cheaper and at-least-once (idempotency then rests on the
     * conditional writes); STANDARD is exactly-once per execution name and keeps 90 days of history. Changing it
     * replaces the machine. @default "EXPRESS"
     */
    readonly workflowType?: WorkflowType;
    /**
     * Step Functions type of the customer-router. It is short and its effects are idempotent (a conditional customer
     * write and a child execution named by orderId), so EXPRESS is the natural choice even where process-order is
     * STANDARD. @default "EXPRESS"
     */
    readonly routerWorkflowType?: WorkflowType;
    /** Execution log level: ALL, ERROR or FATAL. OFF is not offered: an Express execution keeps no history elsewhere. @default "ERROR" */
    readonly logLevel?: WorkflowLogLevel;
    /** Retention of the state machines' and the pricing function's log groups; a CloudWatch retention value. @default 7 */
    readonly logRetentionDays?: number;
    /** Memory of the pricing function in MB, 128 to 10240. @default 256 */
    readonly functionMemoryMb?: number;
    /** Application log level of the pricing function. @default "INFO" */
    readonly functionLogLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR";
    /**
     * Customer-managed key that encrypts the tables and log groups: the machines' roles get kms:Decrypt and
     * kms:GenerateDataKey on exactly this key. @default AWS-owned / AWS-managed keys
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

export const ORDER_WORKFLOW_DEFAULTS = {
    workflowType: "EXPRESS",
    routerWorkflowType: "EXPRESS",
    logLevel: "ERROR",
    logRetentionDays: 7,
    functionMemoryMb: 256,
    functionLogLevel: "INFO",
} as const;

/** Upper bound of one execution of either machine: below the 300 s at which Express stops an execution. */
export const WORKFLOW_TIMEOUT_SECONDS = 280;
/** Express workflows run for at most five minutes. */
export const EXPRESS_MAX_SECONDS = 300;
/** Seconds a direct service call (DynamoDB, EventBridge, Step Functions) may take before the task times out. */
const SERVICE_CALL_TIMEOUT_SECONDS = 10;
/** The pricing function's timeout; its Task waits a little longer so a Lambda timeout surfaces as the Lambda's error. */
const PRICING_TIMEOUT_SECONDS = 10;

/** Everything a process-order definition refers to. */
export interface ProcessOrderRefs {
    readonly pricingFunctionArn: string;
    readonly ordersTableName: string;
    readonly busName: string;
}

/** Everything a customer-router definition refers to. */
export interface CustomerRouterRefs {
    readonly customersTableName: string;
    readonly busName: string;
    readonly processOrderArn: string;
}

const S = (path: string) => ({ "S.$": path });
const N = (path: string) => ({ "N.$": `States.Format('{}', ${path})` });
/** The order's status may only leave PLACED once: this is what makes a duplicate execution harmless. */
const ONLY_FROM_PLACED = {
    ConditionExpression: `attribute_not_exists(${ORDERS_KEY}) OR #status = :placed`,
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":placed": { S: "PLACED" } },
};

/** A PutEvents call with one contract event, its detail given as a payload template over the state's input. */
function putEvent(busName: string, event: "CustomerRegistered" | "OrderProcessed" | "OrderFailed", detail: PayloadTemplate): PayloadTemplate {
    const { source, detailType } = CONTRACTS[event];
    return { Entries: [{ EventBusName: busName, Source: source, DetailType: detailType, Detail: detail }] };
}

/** The envelope every detail carries, read from an OrderPlaced detail at `root` (`$` or `$.detail`). */
function envelope(root: string): PayloadTemplate {
    return {
        "orderId.$": `${root}.orderId`,
        "customerId.$": `${root}.customerId`,
        "correlationId.$": `${root}.correlationId`,
        "occurredAt.$": "$$.State.EnteredTime",
    };
}

/** OrderFailed from the error a Catch put at `$.error`, for the order at `root`. */
function orderFailed(busName: string, root: string): PayloadTemplate {
    return putEvent(busName, "OrderFailed", { ...envelope(root), "error.$": "$.error.Error", "cause.$": "$.error.Cause" });
}

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
                timeoutSeconds: PRICING_TIMEOUT_SECONDS + 5,
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
                    Item: {
                        [CUSTOMERS_KEY]: S("$.detail.customerId"),
                        name: S("$.detail.customer.name"),
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
                    "name.$": "$.detail.customer.name",
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

/**
 * Rejects definitions that the chosen workflow type cannot run, or that would lose their idempotency on it.
 * Throws one error listing every problem, each saying why.
 */
export function validateWorkflowComposition(types: WorkflowType | Record<string, WorkflowType>, definitions: Record<string, StateMachineDefinition>): void {
    const problems: string[] = [];
    for (const [machine, definition] of Object.entries(definitions)) {
        const type = typeof types === "string" ? types : types[machine];
        for (const [state, t] of tasksOf(definition)) {
            if (type === "EXPRESS" && /\.(sync(:\d+)?|waitForTaskToken)$/.test(t.Resource)) {
                problems.push(`${machine}.${state} uses ${t.Resource}, but EXPRESS workflows support only request-response ` +
                    "integrations (.sync and .waitForTaskToken need a STANDARD parent); use STANDARD or start the child without .sync");
            }
            if (type === "EXPRESS" && t.Resource === RESOURCES.dynamoPutItem && typeof t.Parameters?.ConditionExpression !== "string") {
                problems.push(`${machine}.${state} writes without a ConditionExpression, but EXPRESS workflows do not dedupe execution ` +
                    "names (only STANDARD keeps them, for 90 days), so a duplicate event runs the machine again and only a conditional " +
                    "write keeps it from being applied twice; add a condition or use STANDARD");
            }
        }
        const timeout = definition.TimeoutSeconds;
        if (type === "EXPRESS" && (timeout === undefined || timeout > EXPRESS_MAX_SECONDS)) {
            problems.push(`${machine} has TimeoutSeconds ${timeout ?? "unset"}, but EXPRESS executions are stopped after ` +
                `${EXPRESS_MAX_SECONDS} s without running any Catch; set it to at most ${EXPRESS_MAX_SECONDS}`);
        }
    }
    if (problems.length > 0) throw new Error(`workflow types ${JSON.stringify(types)}: ${problems.join("; ")}`);
}

const PLACEHOLDER_PROCESS_ORDER: ProcessOrderRefs = { pricingFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:price", ordersTableName: "orders", busName: "orders" };
const PLACEHOLDER_ROUTER: CustomerRouterRefs = { customersTableName: "customers", busName: "orders", processOrderArn: "arn:aws:states:us-east-1:123456789012:stateMachine:process-order" };

/**
 * Whether the platform's two machines can run as `type`: an empty list, or the reasons they cannot. The structure
 * does not depend on the ARNs, so placeholders suffice, and stack config validation can call this too.
 */
export function workflowTypeProblems(processOrder: WorkflowType, customerRouter: WorkflowType = processOrder): string[] {
    try {
        validateWorkflowComposition({ "process-order": processOrder, "customer-router": customerRouter }, {
            "process-order": processOrderDefinition(PLACEHOLDER_PROCESS_ORDER),
            "customer-router": customerRouterDefinition(PLACEHOLDER_ROUTER),
        });
        return [];
    } catch (e) {
        return [(e as Error).message];
    }
}

/** Checks the arguments (and the machines' composition for the workflow type) before anything is created. */
export function validateOrderWorkflowArgs(name: string, args: OrderWorkflowArgs): void {
    const problems: string[] = [];
    const type = args.workflowType ?? ORDER_WORKFLOW_DEFAULTS.workflowType;
    const routerType = args.routerWorkflowType ?? ORDER_WORKFLOW_DEFAULTS.routerWorkflowType;
    if (type !== "STANDARD" && type !== "EXPRESS") problems.push(`workflowType must be STANDARD or EXPRESS, but ${type} was provided`);
    if (routerType !== "STANDARD" && routerType !== "EXPRESS") problems.push(`routerWorkflowType must be STANDARD or EXPRESS, but ${routerType} was provided`);
    const level = args.logLevel ?? ORDER_WORKFLOW_DEFAULTS.logLevel;
    if (!["ALL", "ERROR", "FATAL"].includes(level)) problems.push(`logLevel must be ALL, ERROR or FATAL, but ${level} was provided`);
    const retention = args.logRetentionDays ?? ORDER_WORKFLOW_DEFAULTS.logRetentionDays;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
        problems.push(`logRetentionDays must be a CloudWatch retention value (${LOG_RETENTION_DAYS.join(", ")}), but ${retention} was provided`);
    }
    const memory = args.functionMemoryMb ?? ORDER_WORKFLOW_DEFAULTS.functionMemoryMb;
    if (!Number.isInteger(memory) || memory < 128 || memory > 10240) {
        problems.push(`functionMemoryMb must be an integer from 128 to 10240, but ${memory} was provided`);
    }
    if (problems.length === 0) problems.push(...workflowTypeProblems(type, routerType));
    if (problems.length > 0) throw new Error(`OrderWorkflow ${name}: ${problems.join("; ")}`);
}

/**
 * The order orchestration: the customer-router state machine, started by `OrderPlaced` on the bus, and the
 * process-order state machine it starts once per order, with the pricing Lambda, least-privilege roles,
 * log groups with retention and X-Ray.
 */
export class OrderWorkflow extends pulumi.ComponentResource {
    readonly pricing: HandlerFunction;
    readonly processOrder: aws.sfn.StateMachine;
    readonly customerRouter: aws.sfn.StateMachine;
    readonly processOrderRole: aws.iam.Role;
    readonly customerRouterRole: aws.iam.Role;
    readonly processOrderLogGroup: aws.cloudwatch.LogGroup;
    readonly customerRouterLogGroup: aws.cloudwatch.LogGroup;
    readonly subscription: EventSubscription;
    readonly workflowType: WorkflowType;
    readonly routerWorkflowType: WorkflowType;
    /** The ASL of both machines as objects (for tests and policies); the deployed JSON is rendered from these. */
    readonly processOrderDefinition: pulumi.Output<StateMachineDefinition>;
    readonly customerRouterDefinition: pulumi.Output<StateMachineDefinition>;

    constructor(name: string, args: OrderWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:OrderWorkflow", name, {}, opts);
        validateOrderWorkflowArgs(name, args);
        const type = args.workflowType ?? ORDER_WORKFLOW_DEFAULTS.workflowType;
        const routerType = args.routerWorkflowType ?? ORDER_WORKFLOW_DEFAULTS.routerWorkflowType;
        const logLevel = args.logLevel ?? ORDER_WORKFLOW_DEFAULTS.logLevel;
        const logRetentionDays = args.logRetentionDays ?? ORDER_WORKFLOW_DEFAULTS.logRetentionDays;
        this.workflowType = type;
        this.routerWorkflowType = routerType;

        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const region = aws.getRegionOutput({}, { parent: this });
        const partition = aws.getPartitionOutput({}, { parent: this });
        // Confused-deputy guard on the roles: only state machines of this account and region may assume them.
        const thisAccountsStateMachines = pulumi.interpolate`arn:${partition.partition}:states:${region.region}:${identity.accountId}:stateMachine:*`;

        this.pricing = new HandlerFunction(`${name}-price-order`, {
            handler: createPriceOrderHandler,
            description: "Validates an OrderPlaced detail and prices it from the catalogue (process-order workflow)",
            memorySize: args.functionMemoryMb ?? ORDER_WORKFLOW_DEFAULTS.functionMemoryMb,
            timeout: PRICING_TIMEOUT_SECONDS,
            logRetentionDays,
            logLevel: args.functionLogLevel ?? ORDER_WORKFLOW_DEFAULTS.functionLogLevel,
            kmsKeyArn: args.kmsKeyArn,
        }, { parent: this });

        const kms: PolicyStatement[] = args.kmsKeyArn
            ? [tableKeyStatement(args.kmsKeyArn, "readWrite")]
            : [];

        // process-order
        this.processOrderLogGroup = this.logGroup(`${name}-process-order`, logRetentionDays, args.kmsKeyArn);
        const processOrderRole = serviceRole(`${name}-process-order-role`, "states.amazonaws.com", [
            { Sid: "InvokePricing", Action: ["lambda:InvokeFunction"], Resource: this.pricing.arn },
            { Sid: "WriteOrders", Action: ["dynamodb:PutItem"], Resource: args.ordersTable.arn },
            putEventsStatement(args.eventBus.arn, ["OrderProcessed", "OrderFailed"], "EmitOutcome"),
            ...kms,
            ...observabilityStatements(),
        ], { parent: this }, thisAccountsStateMachines);
        this.processOrderRole = processOrderRole.role;
        this.processOrderDefinition = pulumi.all([this.pricing.arn, args.ordersTable.name, args.eventBus.name])
            .apply(([pricingFunctionArn, ordersTableName, busName]) => processOrderDefinition({ pricingFunctionArn, ordersTableName, busName }));
        this.processOrder = this.stateMachine(`${name}-process-order`, type, this.processOrderDefinition, processOrderRole, this.processOrderLogGroup, logLevel);

        // customer-router
        this.customerRouterLogGroup = this.logGroup(`${name}-customer-router`, logRetentionDays, args.kmsKeyArn);
        const routerRole = serviceRole(`${name}-customer-router-role`, "states.amazonaws.com", [
            { Sid: "ReadAndRegisterCustomers", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: args.customersTable.arn },
            putEventsStatement(args.eventBus.arn, ["CustomerRegistered", "OrderFailed"], "EmitRegistrationAndFailure"),
            { Sid: "StartProcessOrder", Action: ["states:StartExecution"], Resource: this.processOrder.arn },
            ...kms,
            ...observabilityStatements(),
        ], { parent: this }, thisAccountsStateMachines);
        this.customerRouterRole = routerRole.role;
        this.customerRouterDefinition = pulumi.all([args.customersTable.name, args.eventBus.name, this.processOrder.arn])
            .apply(([customersTableName, busName, processOrderArn]) => customerRouterDefinition({ customersTableName, busName, processOrderArn }));
        this.customerRouter = this.stateMachine(`${name}-customer-router`, routerType, this.customerRouterDefinition, routerRole, this.customerRouterLogGroup, logLevel);

        // EventBridge delivers the whole event as the execution input; the router reads `$.detail`.
        // One OrderWorkflow per bus: the subscription is named after its role on the bus, not after this component.
        this.subscription = args.eventBus.subscribe("customer-router", ["OrderPlaced"], { kind: "stateMachine", stateMachine: this.customerRouter }, {
            description: "Starts the customer-router for every OrderPlaced",
        });

        this.registerOutputs({
            processOrderArn: this.processOrder.arn,
            customerRouterArn: this.customerRouter.arn,
            pricingFunctionArn: this.pricing.arn,
        });
    }

    /** Both definitions, as the machines are deployed with them. */
    definitions(): pulumi.Output<{ processOrder: StateMachineDefinition; customerRouter: StateMachineDefinition }> {
        return pulumi.all([this.processOrderDefinition, this.customerRouterDefinition])
            .apply(([processOrder, customerRouter]) => ({ processOrder, customerRouter }));
    }

    private logGroup(name: string, retentionInDays: number, kmsKeyArn?: pulumi.Input<string>): aws.cloudwatch.LogGroup {
        // The /aws/vendedlogs/ prefix keeps the log-delivery resource policy from growing per group.
        return new aws.cloudwatch.LogGroup(`${name}-logs`, {
            namePrefix: `/aws/vendedlogs/states/${name}-`,
            retentionInDays,
            kmsKeyId: kmsKeyArn,
        }, { parent: this });
    }

    private stateMachine(
        name: string,
        type: WorkflowType,
        definition: pulumi.Output<StateMachineDefinition>,
        role: { role: aws.iam.Role; policy: aws.iam.RolePolicy },
        logGroup: aws.cloudwatch.LogGroup,
        level: WorkflowLogLevel,
    ): aws.sfn.StateMachine {
        return new aws.sfn.StateMachine(name, {
            type,
            roleArn: role.role.arn,
            definition: definition.apply((d) => JSON.stringify(d, null, 2)),
            loggingConfiguration: {
                logDestination: pulumi.interpolate`${logGroup.arn}:*`,
                includeExecutionData: true,
                level,
            },
            tracingConfiguration: { enabled: true },
        }, { parent: this, dependsOn: [role.policy] });
    }
}

/** Log delivery and X-Ray, which every state machine role needs for logging and tracing. */
function observabilityStatements(): PolicyStatement[] {
    return [
        {
            Sid: "DeliverExecutionLogs",
            // CloudWatch Logs' vended-log delivery APIs support no resource-level permissions: "*" is the only
            // resource they accept (Step Functions documents exactly this policy for logging).
            Action: [
                "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
            ],
            Resource: "*",
        },
        {
            Sid: "Tracing",
            // X-Ray's trace and sampling APIs accept no resource-level permissions, so "*" is the only valid resource.
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            Resource: "*",
        },
    ];
}
