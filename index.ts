import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "./config";
import { EventBus } from "./components/eventBus";

// Validated once, before any resource exists: a bad key stops the preview here with every problem listed.
const config = loadStackConfig();

const eventBus = new EventBus("orders", {
    archiveRetentionDays: config.archiveRetentionDays,
    producerAccountIds: config.producerAccountIds,
    forwarding: config.forwardBusArns.length > 0
        ? { events: config.forwardEventTypes, busArns: config.forwardBusArns }
        : undefined,
});

export const busName: pulumi.Output<string> = eventBus.name;
export const busArn: pulumi.Output<string> = eventBus.arn;
