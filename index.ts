import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "./config";
import { BufferedConsumer } from "./components/bufferedConsumer";
import { EncryptionKey } from "./components/encryptionKey";
import { EventBus } from "./components/eventBus";
import { FrontendNotifier } from "./components/frontendNotifier";
import { OrderApi } from "./components/orderApi";
import { OrderMonitoring } from "./components/monitoring";
import { OrderTables } from "./components/orderTables";
import { OrderWorkflow } from "./components/orderWorkflow";
import { ReceiptsBucket } from "./components/receiptsBucket";
import { createReceiptWriterHandler } from "./functions/receiptWriter";

// Validated once, before any resource exists: a bad key stops the preview here with every problem listed.
const config = loadStackConfig();

// Billed monthly, so only where the stack asks for it (prod); dev uses AWS-owned and AWS-managed keys.
const encryptionKey = config.customerManagedKey ? new EncryptionKey("orders", {}, { protect: config.protectData }) : undefined;
const kmsKeyArn = encryptionKey?.arn;

const eventBus = new EventBus("orders", {
    archiveRetentionDays: config.archiveRetentionDays,
    producerAccountIds: config.producerAccountIds,
    forwarding: config.forwardBusArns.length > 0
        ? { events: config.forwardEventTypes, busArns: config.forwardBusArns }
        : undefined,
    kmsKeyArn,
});

// === order intake: tables and API ===
// PITR, deletion protection and `protect` only where the stack asks for them (prod); on-demand billing everywhere.
const tables = new OrderTables("orders", {
    pointInTimeRecovery: config.pointInTimeRecovery,
    deletionProtection: config.protectData,
    protect: config.protectData,
    kmsKeyArn,
});

const api = new OrderApi("orders", {
    ordersTable: tables.orders,
    idempotencyTable: tables.idempotency,
    eventBus: { name: eventBus.name, arn: eventBus.arn },
    corsAllowOrigins: config.corsAllowOrigins,
    throttlingBurstLimit: config.apiThrottleBurst,
    throttlingRateLimit: config.apiThrottleRate,
    logRetentionDays: config.logRetentionDays,
    functionLogLevel: config.functionLogLevel,
    memorySize: config.functionMemoryMb,
    kmsKeyArn,
});

export const apiUrl: pulumi.Output<string> = api.url;

// === order workflow ===
// customer-router (started by OrderPlaced) and process-order, each EXPRESS or STANDARD per stack config.
const workflow = new OrderWorkflow("orders", {
    eventBus,
    customersTable: tables.customers,
    ordersTable: tables.orders,
    workflowType: config.workflowType,
    routerWorkflowType: config.routerWorkflowType,
    logLevel: config.workflowLogLevel,
    logRetentionDays: config.logRetentionDays,
    functionMemoryMb: config.functionMemoryMb,
    functionLogLevel: config.functionLogLevel,
    kmsKeyArn,
});

export const customerRouterArn: pulumi.Output<string> = workflow.customerRouter.arn;
export const processOrderArn: pulumi.Output<string> = workflow.processOrder.arn;

// === frontend notifier, receipts consumer and bucket ===
const functionSettings = {
    logRetentionDays: config.logRetentionDays,
    logLevel: config.functionLogLevel,
    memorySize: config.functionMemoryMb,
    kmsKeyArn,
};

// OrderProcessed, OrderFailed and ReceiptStored → the customer's IoT topic; OrderFailed → readable email.
const frontendNotifier = new FrontendNotifier("frontend", {
    eventBus,
    notificationEmails: config.notificationEmails,
    ...functionSettings,
});

// S3 as a producer: Object Created (default bus) → orders bus → ReceiptStored.
const receiptsBucket = new ReceiptsBucket("receipts", {
    ordersBus: eventBus,
    kmsKeyArn,
    forceDestroy: !config.protectData,
    protectBucket: config.protectData,
    logRetentionDays: config.logRetentionDays,
    logLevel: config.functionLogLevel,
    memorySize: config.functionMemoryMb,
});

// OrderProcessed → queue → receipt writer (idempotent, partial batch failures).
const receiptWriter = new BufferedConsumer("receipt-writer", {
    eventBus,
    events: ["OrderProcessed"],
    functionArgs: {
        handler: createReceiptWriterHandler,
        description: "Writes receipts/<orderId>.json once per processed order",
        environment: { RECEIPTS_BUCKET: receiptsBucket.bucketName },
        permissions: receiptsBucket.grantWriteReceipts(),
        ...functionSettings,
    },
    maximumConcurrency: config.consumerMaxConcurrency,
    kmsKeyArn,
    // Its DLQ and queue-age alarms live in the monitoring block, next to every other alarm of the flow.
    alarms: false,
});

export const receiptsBucketName: pulumi.Output<string> = receiptsBucket.bucketName;
export const iotDataEndpoint: pulumi.Output<string> = frontendNotifier.iotDataEndpoint;
export const iotAuthorizerName: pulumi.Output<string> = frontendNotifier.authorizerName;
export const iotTopicPrefix: string = frontendNotifier.topicPrefix;
export const iotTokenSecretParameter: pulumi.Output<string> = frontendNotifier.tokenSecretParameter.name;
export const notificationTopicArn: pulumi.Output<string> = frontendNotifier.topicArn;
export const receiptQueueArn: pulumi.Output<string> = receiptWriter.queueArn;

// === monitoring (alarms, dashboard) ===
// Alarms and the dashboard are billed per month, so only where the stack asks for them (prod). This block stays
// last: `eventBus.subscriptions` then holds every rule made through the bus, each with its DLQ. The receipts
// bucket's two rules are made directly (one is on the default bus), so they are added by hand.
const monitoring = config.monitoring
    ? new OrderMonitoring("orders", {
        functions: [
            api.placeOrder, api.getOrder, workflow.pricing, frontendNotifier.notifier, frontendNotifier.authorizerFunction,
            receiptsBucket.publisher, receiptWriter.function,
        ],
        stateMachines: [workflow.customerRouter, workflow.processOrder],
        subscriptions: [...eventBus.subscriptions, receiptsBucket.forward, receiptsBucket.publish],
        queues: [receiptWriter.deadLetterQueue, ...optional(frontendNotifier.emailSubscriptions.deadLetterQueue)],
        workQueues: [receiptWriter.queue],
        api: { apiId: api.api.id, stageName: api.stage.name },
        alarmEmails: config.alarmEmails,
        kmsKeyArn,
        dashboardName: `order-flow-${pulumi.getStack()}`,
    })
    : undefined;

function optional<T>(value: T | undefined): T[] {
    return value === undefined ? [] : [value];
}

export const alarmTopicArn: pulumi.Output<string> | undefined = monitoring?.alarmTopicArn;
export const dashboardUrl: pulumi.Output<string> | undefined = monitoring?.dashboardUrl;

export const busName: pulumi.Output<string> = eventBus.name;
export const busArn: pulumi.Output<string> = eventBus.arn;
