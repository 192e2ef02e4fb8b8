import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { WorkflowType } from "../constants/aws";
import { malformedPatternFor } from "../contracts/events";
import { HANDLERS } from "../functions/handlers";
import type { StateMachineDefinition } from "../workflows/asl";
import { workflowTypeArgProblems, workflowTypeProblems } from "../workflows/composition";
import { customerRouterDefinition } from "../workflows/customerRouter";
import { PRICING_FUNCTION_TIMEOUT_SECONDS, processOrderDefinition } from "../workflows/processOrder";
import { queueEncryption } from "./deadLetterQueue";
import type { DynamoTable } from "./dynamoTable";
import type { EventBus } from "./eventBus";
import type { EventSubscription } from "./eventSubscription";
import { HandlerFunction } from "./handlerFunction";
import type { PolicyStatement } from "./iam";
import {
    FunctionSettings, functionSettingsProblems, logRetentionProblems, resolveFunctionSettings, resolveLogRetentionDays,
    resolveStateMachineSettings, SharedSettings, StateMachineSettings, stateMachineSettingsProblems,
} from "./settings";
import { StateMachine } from "./stateMachine";

export interface OrderWorkflowArgs extends SharedSettings {
    /**
     * The orders bus: the customer-router is subscribed to `OrderPlaced` on it (malformed ones go to the quarantine),
     * and announces `CustomerRegistered` there. OrderProcessed and OrderFailed are the outbox's to announce.
     */
    readonly eventBus: EventBus;
    /** Customers table (partition key `customerId`), read and conditionally written by the customer-router. */
    readonly customersTable: DynamoTable;
    /** Orders table (partition key `orderId`): both machines give an order its final status there (conditionally). */
    readonly ordersTable: DynamoTable;
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
}

export const ORDER_WORKFLOW_DEFAULTS = { workflowType: "EXPRESS", routerWorkflowType: "EXPRESS" } as const;

/**
 * How long the quarantine keeps a malformed OrderPlaced (7 days), shorter than the DLQ it redrives to (14 days), so
 * an event read again and again by operators moves there instead of expiring first.
 */
export const QUARANTINE_RETENTION_SECONDS = 7 * 24 * 60 * 60;
/** Receives of one quarantined event (each look in the console is one) before it moves to the quarantine's DLQ. */
export const QUARANTINE_MAX_RECEIVES = 10;

/** The arguments with every default applied: what validation checks and construction uses. */
export interface ResolvedOrderWorkflowArgs {
    readonly workflowType: WorkflowType;
    readonly routerWorkflowType: WorkflowType;
    readonly functions: Required<FunctionSettings>;
    readonly stateMachines: Required<StateMachineSettings>;
    readonly logRetentionDays: number;
}

export function resolveOrderWorkflowArgs(args: Omit<OrderWorkflowArgs, "eventBus" | "customersTable" | "ordersTable">): ResolvedOrderWorkflowArgs {
    return {
        workflowType: args.workflowType ?? ORDER_WORKFLOW_DEFAULTS.workflowType,
        routerWorkflowType: args.routerWorkflowType ?? ORDER_WORKFLOW_DEFAULTS.routerWorkflowType,
        functions: resolveFunctionSettings(args.functions),
        stateMachines: resolveStateMachineSettings(args.stateMachines),
        logRetentionDays: resolveLogRetentionDays(args.logRetentionDays),
    };
}

/** Thrown when an OrderWorkflow's arguments are invalid; the message names every bad argument and what is allowed. */
export class OrderWorkflowArgsError extends Error {
    constructor(readonly workflow: string, readonly problems: string[]) {
        super(`OrderWorkflow ${workflow}: ${problems.join("; ")}`);
        this.name = "OrderWorkflowArgsError";
    }
}

/** Checks the arguments (and the machines' composition for the workflow types) before anything is created. */
export function validateOrderWorkflowArgs(name: string, args: Omit<OrderWorkflowArgs, "eventBus" | "customersTable" | "ordersTable">): void {
    const resolved = resolveOrderWorkflowArgs(args);
    const problems = [
        ...workflowTypeArgProblems(resolved.workflowType, "workflowType"),
        ...workflowTypeArgProblems(resolved.routerWorkflowType, "routerWorkflowType"),
        ...stateMachineSettingsProblems(resolved.stateMachines),
        ...logRetentionProblems(resolved.logRetentionDays),
        ...functionSettingsProblems(resolved.functions),
    ];
    if (problems.length === 0) problems.push(...workflowTypeProblems(resolved.workflowType, resolved.routerWorkflowType));
    if (problems.length > 0) throw new OrderWorkflowArgsError(name, problems);
}

/**
 * The order orchestration: the customer-router state machine, started by `OrderPlaced` on the bus, and the
 * process-order state machine it starts once per order, with the pricing Lambda. The definitions live in
 * workflows/; each machine is a StateMachine (role derived from its Tasks, log group, logging, X-Ray). Both give
 * the order its final status in the orders table, which announces it (OrderOutbox); neither publishes it.
 *
 * An OrderPlaced whose detail lacks a field the machines read never starts them (the rule requires every field):
 * a second rule sends exactly those events to the quarantine queue, where the router also puts any it finds of the
 * wrong type, so a malformed event is kept and alarmed, never dropped in silence.
 */
export class OrderWorkflow extends pulumi.ComponentResource {
    readonly pricing: HandlerFunction;
    readonly machines: { readonly processOrder: StateMachine; readonly customerRouter: StateMachine };
    readonly processOrder: aws.sfn.StateMachine;
    readonly customerRouter: aws.sfn.StateMachine;
    readonly processOrderRole: aws.iam.Role;
    readonly customerRouterRole: aws.iam.Role;
    readonly processOrderLogGroup: aws.cloudwatch.LogGroup;
    readonly customerRouterLogGroup: aws.cloudwatch.LogGroup;
    readonly subscription: EventSubscription;
    /** Where malformed OrderPlaced events are kept: those the router's rule does not take, and those the router refuses. */
    readonly quarantine: aws.sqs.Queue;
    /** The rule that sends OrderPlaced events lacking a required field to the quarantine. */
    readonly quarantineSubscription: EventSubscription;
    readonly workflowType: WorkflowType;
    readonly routerWorkflowType: WorkflowType;
    /** The ASL of both machines as objects (for tests and policies); the deployed JSON is rendered from these. */
    readonly processOrderDefinition: pulumi.Output<StateMachineDefinition>;
    readonly customerRouterDefinition: pulumi.Output<StateMachineDefinition>;
    /** What monitoring watches: the pricing function, both machines, both subscriptions and the quarantine. */
    readonly monitoring: {
        readonly functions: HandlerFunction[];
        readonly stateMachines: aws.sfn.StateMachine[];
        readonly subscriptions: EventSubscription[];
        readonly deadLetterQueues: aws.sqs.Queue[];
    };

    constructor(name: string, args: OrderWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:OrderWorkflow", name, {}, opts);
        validateOrderWorkflowArgs(name, args);
        const settings = resolveOrderWorkflowArgs(args);
        this.workflowType = settings.workflowType;
        this.routerWorkflowType = settings.routerWorkflowType;
        const { eventBus, customersTable, ordersTable, kmsKeyArn } = args;

        this.pricing = new HandlerFunction(`${name}-price-order`, {
            handler: HANDLERS.priceOrder,
            description: "Validates an OrderPlaced detail and prices it from the catalogue (process-order workflow)",
            environment: {},
            timeout: PRICING_FUNCTION_TIMEOUT_SECONDS,
            functions: settings.functions,
            logRetentionDays: settings.logRetentionDays,
            kmsKeyArn,
        }, { parent: this });

        // The machines' children were created directly under this component before StateMachine existed.
        const processOrder = new StateMachine(`${name}-process-order`, {
            definition: pulumi.all([this.pricing.arn, ordersTable.name])
                .apply(([pricingFunctionArn, ordersTableName]) => processOrderDefinition({ pricingFunctionArn, ordersTableName })),
            type: settings.workflowType,
            stateMachines: settings.stateMachines,
            logRetentionDays: settings.logRetentionDays,
            kmsKeyArn,
            permissions: ordersTable.grantEncryption("readWrite"),
            movedFrom: this,
        }, { parent: this });

        this.quarantine = new aws.sqs.Queue(`${name}-quarantine`, {
            messageRetentionSeconds: QUARANTINE_RETENTION_SECONDS,
            ...queueEncryption(kmsKeyArn),
        }, { parent: this });
        const quarantineKey: PolicyStatement[] = kmsKeyArn ? [{
            Sid: "EncryptQuarantinedEvents",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: kmsKeyArn,
            Condition: { StringLike: { "kms:ViaService": "sqs.*.amazonaws.com" } },
        }] : [];

        const customerRouter = new StateMachine(`${name}-customer-router`, {
            definition: pulumi.all([customersTable.name, ordersTable.name, eventBus.name, processOrder.arn, this.quarantine.url])
                .apply(([customersTableName, ordersTableName, busName, processOrderArn, quarantineQueueUrl]) =>
                    customerRouterDefinition({ customersTableName, ordersTableName, busName, processOrderArn, quarantineQueueUrl })),
            type: settings.routerWorkflowType,
            stateMachines: settings.stateMachines,
            logRetentionDays: settings.logRetentionDays,
            kmsKeyArn,
            permissions: [
                ...customersTable.grantEncryption("readWrite", "UseCustomersKey"),
                ...ordersTable.grantEncryption("readWrite", "UseOrdersKey"),
                ...quarantineKey,
            ],
            movedFrom: this,
        }, { parent: this });

        this.machines = { processOrder, customerRouter };
        this.processOrder = processOrder.stateMachine;
        this.customerRouter = customerRouter.stateMachine;
        this.processOrderRole = processOrder.role;
        this.customerRouterRole = customerRouter.role;
        this.processOrderLogGroup = processOrder.logGroup;
        this.customerRouterLogGroup = customerRouter.logGroup;
        this.processOrderDefinition = processOrder.definition;
        this.customerRouterDefinition = customerRouter.definition;

        // EventBridge delivers the whole event as the execution input; the router reads `$.detail`.
        // One OrderWorkflow per bus: the subscription is named after its role on the bus, not after this component.
        // Its pattern admits only details holding every field the contract requires (patternFor, OrderPlaced is guarded).
        this.subscription = eventBus.subscribe("customer-router", ["OrderPlaced"], { kind: "stateMachine", stateMachine: this.customerRouter }, {
            description: "Starts the customer-router for every well-formed OrderPlaced",
        });
        // Exactly the OrderPlaced events the rule above leaves out.
        this.quarantineSubscription = eventBus.subscribePattern("order-placed-quarantine", malformedPatternFor("OrderPlaced"), {
            kind: "sqs", queue: this.quarantine,
        }, { description: "Keeps OrderPlaced events that lack a field the order workflow reads" });
        // The quarantine is read by operators, never consumed: a message received too often moves on to the DLQ.
        new aws.sqs.RedrivePolicy(`${name}-quarantine-redrive`, {
            queueUrl: this.quarantine.url,
            redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: this.quarantineSubscription.deadLetterQueue.arn, maxReceiveCount: QUARANTINE_MAX_RECEIVES }),
        }, { parent: this });

        this.monitoring = {
            functions: [this.pricing],
            stateMachines: [this.customerRouter, this.processOrder],
            subscriptions: [this.subscription, this.quarantineSubscription],
            deadLetterQueues: [this.quarantine],
        };
        this.registerOutputs({
            processOrderArn: this.processOrder.arn,
            customerRouterArn: this.customerRouter.arn,
            pricingFunctionArn: this.pricing.arn,
            quarantineQueueUrl: this.quarantine.url,
        });
    }

    /** Both definitions, as the machines are deployed with them. */
    definitions(): pulumi.Output<{ processOrder: StateMachineDefinition; customerRouter: StateMachineDefinition }> {
        return pulumi.all([this.processOrderDefinition, this.customerRouterDefinition])
            .apply(([processOrder, customerRouter]) => ({ processOrder, customerRouter }));
    }
}
