import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "./config";
import { EncryptionKey } from "./components/encryptionKey";
import { EventBus } from "./components/eventBus";

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

// === order workflow ===

// === frontend notifier, receipts consumer and bucket ===

// === monitoring (alarms, dashboard) ===

export const busName: pulumi.Output<string> = eventBus.name;
export const busArn: pulumi.Output<string> = eventBus.arn;
