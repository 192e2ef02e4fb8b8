import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "./config";
import { BufferedConsumer } from "./components/bufferedConsumer";
import { CustomerIdentity } from "./components/customerIdentity";
import { EncryptionKey } from "./components/encryptionKey";
import { EventBus } from "./components/eventBus";
import { FrontendNotifier } from "./components/frontendNotifier";
import { OrderApi } from "./components/orderApi";
import { OrderOutbox } from "./components/orderOutbox";
import { OrderMonitoring } from "./components/monitoring";
import { OrderTables } from "./components/orderTables";
import { OrderWorkflow } from "./components/orderWorkflow";
import { ReceiptsBucket } from "./components/receiptsBucket";
import { SharedSettings } from "./components/settings";
import { StaticSite } from "./components/staticSite";
import { iotWebSocketUrl, storefrontConfig } from "./contracts/storefrontConfig";
import { HANDLERS } from "./functions/handlers";
import { builtStorefront } from "./tools/storefront";

// Validated once, before any resource exists: a bad key stops the preview here with every problem listed.
const config = loadStackConfig();

// Billed monthly, so only where the stack asks for it (prod); dev uses AWS-owned and AWS-managed keys.
const encryptionKey = config.customerManagedKey ? new EncryptionKey("orders", {}, { protect: config.protectData }) : undefined;

// The settings every component shares, passed the same way to each.
const shared: SharedSettings = {
    functions: { memoryMb: config.functionMemoryMb, logLevel: config.functionLogLevel },
    stateMachines: { logLevel: config.workflowLogLevel },
    logRetentionDays: config.logRetentionDays,
    kmsKeyArn: encryptionKey?.arn,
};

const eventBus = new EventBus("orders", {
    archiveRetentionDays: config.archiveRetentionDays,
    producerAccountIds: config.producerAccountIds,
    forwarding: config.forwardBusArns.length > 0
        ? { events: config.forwardEventTypes, busArns: config.forwardBusArns }
        : undefined,
    kmsKeyArn: shared.kmsKeyArn,
});

// === the storefront: served by CloudFront from a private bucket ===
// Created first: its domain is one of the API's CORS origins and one of the sign-in's redirect URLs.
const site = new StaticSite("storefront", {
    directory: builtStorefront(),
    logRetentionDays: shared.logRetentionDays,
    kmsKeyArn: shared.kmsKeyArn,
});

// === customers: who may place and watch orders ===
const identity = new CustomerIdentity("customers", {
    redirectUrls: [...config.authRedirectUrls, site.url],
    threatProtection: config.customerThreatProtection,
    deletionProtection: config.protectData,
    protect: config.protectData,
});

// === order intake: tables and API ===
// PITR, deletion protection and `protect` only where the stack asks for them (prod); on-demand billing everywhere.
const tables = new OrderTables("orders", {
    pointInTimeRecovery: config.pointInTimeRecovery,
    deletionProtection: config.protectData,
    protect: config.protectData,
    kmsKeyArn: shared.kmsKeyArn,
});

const api = new OrderApi("orders", {
    ...shared,
    ordersTable: tables.orders,
    idempotencyTable: tables.idempotency,
    eventBus,
    tokenIssuer: identity.tokenIssuer,
    corsAllowOrigins: [...config.corsAllowOrigins, site.origin],
    throttlingBurstLimit: config.apiThrottleBurst,
    throttlingRateLimit: config.apiThrottleRate,
});

// === order workflow ===
// customer-router (started by OrderPlaced) and process-order, each EXPRESS or STANDARD per stack config.
const workflow = new OrderWorkflow("orders", {
    ...shared,
    eventBus,
    customersTable: tables.customers,
    ordersTable: tables.orders,
    workflowType: config.workflowType,
    routerWorkflowType: config.routerWorkflowType,
});

// === announcements: each order's final status, as stored, becomes OrderProcessed or OrderFailed on the bus ===
// The workflows only write the status; the table's stream and the outbox's pipes announce it (at least once).
const outbox = new OrderOutbox("orders-outbox", { ...shared, ordersTable: tables.orders, eventBus });

// === frontend notifier, receipts bucket and consumer ===
// OrderProcessed, OrderFailed and ReceiptStored → the customer's IoT topic; OrderFailed → readable email.
const frontendNotifier = new FrontendNotifier("frontend", {
    ...shared,
    eventBus,
    tokenIssuer: identity.tokenIssuer,
    notificationEmails: config.notificationEmails,
});

// S3 as a producer: Object Created (default bus) → orders bus → ReceiptStored.
const receiptsBucket = new ReceiptsBucket("receipts", {
    ...shared,
    eventBus,
    forceDestroy: !config.protectData,
    protect: config.protectData,
});

// OrderProcessed → queue → receipt writer (idempotent, partial batch failures).
const receiptWriter = new BufferedConsumer("receipt-writer", {
    ...shared,
    eventBus,
    events: ["OrderProcessed"],
    functionArgs: {
        handler: HANDLERS.receiptWriter,
        description: "Writes receipts/<orderId>.json once per processed order",
        environment: { RECEIPTS_BUCKET: receiptsBucket.bucketName },
        permissions: receiptsBucket.grantWriteReceipts(),
    },
    maximumConcurrency: config.consumerMaxConcurrency,
    // Its DLQ and queue-age alarms come from OrderMonitoring, like every other alarm of the flow.
    alarms: false,
});

// What the page reads at start, and the only origins it may connect to.
const realtimeUrl = frontendNotifier.iotDataEndpoint.apply(iotWebSocketUrl);
site.publish({
    config: pulumi.all([api.url, identity.tokenIssuer.issuer, identity.clientId, site.url, realtimeUrl, frontendNotifier.authorizerName])
        .apply(([apiUrl, issuer, clientId, siteUrl, url, authorizerName]) => ({
            ...storefrontConfig({ apiUrl, issuer, clientId, siteUrl, realtimeUrl: url, authorizerName, topicPrefix: frontendNotifier.topicPrefix }),
        })),
    connectTo: [api.url, identity.tokenIssuer.issuer, identity.loginUrl, realtimeUrl],
});

// === monitoring (alarms, dashboard) ===
// Billed per month, so only where the stack asks for it (prod). Each component says what it wants watched.
const monitoring = config.monitoring
    ? new OrderMonitoring("orders", {
        watch: [eventBus, api, workflow, outbox, frontendNotifier, receiptsBucket, receiptWriter],
        alarmEmails: config.alarmEmails,
        kmsKeyArn: shared.kmsKeyArn,
        dashboardName: `order-flow-${pulumi.getStack()}`,
    })
    : undefined;

export const storefrontUrl: pulumi.Output<string> = site.url;
export const apiUrl: pulumi.Output<string> = api.url;
export const customerRouterArn: pulumi.Output<string> = workflow.customerRouter.arn;
export const processOrderArn: pulumi.Output<string> = workflow.processOrder.arn;
export const userPoolId: pulumi.Output<string> = identity.userPoolId;
export const userPoolClientId: pulumi.Output<string> = identity.clientId;
export const tokenIssuer: pulumi.Output<string> = identity.tokenIssuer.issuer;
export const loginUrl: pulumi.Output<string> = identity.loginUrl;
export const receiptsBucketName: pulumi.Output<string> = receiptsBucket.bucketName;
export const iotDataEndpoint: pulumi.Output<string> = frontendNotifier.iotDataEndpoint;
export const iotAuthorizerName: pulumi.Output<string> = frontendNotifier.authorizerName;
export const iotTopicPrefix: string = frontendNotifier.topicPrefix;
export const notificationTopicArn: pulumi.Output<string> = frontendNotifier.topicArn;
export const receiptQueueArn: pulumi.Output<string> = receiptWriter.queueArn;
export const alarmTopicArn: pulumi.Output<string> | undefined = monitoring?.alarmTopicArn;
export const dashboardUrl: pulumi.Output<string> | undefined = monitoring?.dashboardUrl;
export const busName: pulumi.Output<string> = eventBus.name;
export const busArn: pulumi.Output<string> = eventBus.arn;
