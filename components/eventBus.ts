import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CONTRACTS, EVENT_NAMES, EventName, registrySchema } from "../contracts";
import { ACCOUNT_ID } from "../constants/patterns";
import { ARCHIVE_RETENTION_DAYS } from "../constants/aws";
import { deadLetterRetentionProblems, DEAD_LETTER_QUEUE_DEFAULTS } from "./deadLetterQueue";
import { PolicyStatement } from "./iam";
import { EventSubscription, EventSubscriptionTransform, EventTarget, RetryPolicy, validateRetryPolicy } from "./eventSubscription";

export interface EventBusArgs {
    /** Days the archive keeps every event for replay, 1 to 3650. @default 7 */
    readonly archiveRetentionDays?: number;
    /** Other AWS accounts (12-digit ids) allowed to put events on the bus; this account always may. @default none (no bus policy) */
    readonly producerAccountIds?: string[];
    /** Contract events to forward to buses in other accounts or regions. @default no forwarding */
    readonly forwarding?: { readonly events: EventName[]; readonly busArns: pulumi.Input<string>[] };
    /** Retry policy of every subscription that does not set its own. @default 8 attempts within 1 hour */
    readonly defaultRetry?: RetryPolicy;
    /** Customer-managed key for the dead-letter queues. @default SQS-managed encryption */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Retention of the dead-letter queues in seconds, 60 to 1209600. @default 1209600 (14 days, the maximum) */
    readonly dlqRetentionSeconds?: number;
}

/** Every contract event's source starts with this; only the platform's own producers may use it. */
export const PLATFORM_SOURCE_PREFIX = "orders.";

export const EVENT_BUS_DEFAULTS = {
    archiveRetentionDays: 7,
    defaultRetry: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
    dlqRetentionSeconds: DEAD_LETTER_QUEUE_DEFAULTS.retentionSeconds,
} as const;

/** How one subscription differs from the bus's defaults. */
export interface SubscribeOptions {
    /** @default the bus's `defaultRetry` */
    readonly retry?: RetryPolicy;
    readonly description?: string;
    /** Changes to the subscription's rule, target or DLQ. @default none */
    readonly transform?: EventSubscriptionTransform;
    /** Earlier names or parents of the subscription, so a moved subscription is not replaced. @default none */
    readonly aliases?: pulumi.Input<pulumi.Alias | string>[];
}

/** Checks the arguments before anything is created; throws naming the argument and what is allowed. */
export function validateEventBusArgs(name: string, args: EventBusArgs): void {
    const problems: string[] = [];
    const days = args.archiveRetentionDays ?? EVENT_BUS_DEFAULTS.archiveRetentionDays;
    if (!Number.isInteger(days) || days < ARCHIVE_RETENTION_DAYS.min || days > ARCHIVE_RETENTION_DAYS.max) {
        problems.push(`archiveRetentionDays must be an integer from ${ARCHIVE_RETENTION_DAYS.min} to ${ARCHIVE_RETENTION_DAYS.max} (a finite archive), but ${days} was provided`);
    }
    for (const id of args.producerAccountIds ?? []) {
        if (!ACCOUNT_ID.test(id)) problems.push(`producerAccountIds must hold 12-digit account ids, but "${id}" was provided`);
    }
    if (args.forwarding) {
        if (args.forwarding.events.length === 0) problems.push("forwarding.events must name at least one event");
        if (args.forwarding.busArns.length === 0) problems.push("forwarding.busArns must name at least one bus");
        for (const event of args.forwarding.events) {
            if (!EVENT_NAMES.includes(event)) problems.push(`forwarding.events: "${event}" is not a contract event (${EVENT_NAMES.join(", ")})`);
        }
    }
    problems.push(...deadLetterRetentionProblems(args.dlqRetentionSeconds ?? EVENT_BUS_DEFAULTS.dlqRetentionSeconds, "dlqRetentionSeconds"));
    if (args.defaultRetry) problems.push(...validateRetryPolicy(args.defaultRetry, "defaultRetry"));
    if (problems.length > 0) throw new Error(`EventBus ${name}: ${problems.join("; ")}`);
}

/**
 * The grant to publish exactly these contract events on a bus: events:PutEvents on its ARN, conditioned on the
 * events' sources and detail-types, so a producer cannot impersonate another (e.g. emit OrderPlaced).
 */
export function putEventsStatement(busArn: pulumi.Input<string>, events: EventName[], sid = "PublishContractEvents"): PolicyStatement {
    const sources = [...new Set(events.map((e) => CONTRACTS[e].source))];
    const detailTypes = [...new Set(events.map((e) => CONTRACTS[e].detailType))];
    return {
        Sid: sid,
        Action: ["events:PutEvents"],
        Resource: busArn,
        Condition: { StringEquals: { "events:source": sources, "events:detail-type": detailTypes } },
    };
}

/**
 * The custom EventBridge bus of a stack: archive, bus policy, schema registry of the contracts, forwarding,
 * and `subscribe()`, which wires a target to contract events with a DLQ, a retry policy and a scoped permission.
 */
export class EventBus extends pulumi.ComponentResource {
    readonly bus: aws.cloudwatch.EventBus;
    readonly archive: aws.cloudwatch.EventArchive;
    readonly policy?: aws.cloudwatch.EventBusPolicy;
    readonly registry: aws.schemas.Registry;
    readonly schemas: Record<EventName, aws.schemas.Schema>;
    readonly forwards: EventSubscription[];
    /** What monitoring watches of the bus itself: its forwarding rules (each subscriber reports its own). */
    readonly monitoring: { readonly subscriptions: EventSubscription[] };
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    private readonly resourceName: string;
    private readonly defaults: { retry: RetryPolicy; kmsKeyArn?: pulumi.Input<string>; dlqRetentionSeconds: number };

    constructor(name: string, args: EventBusArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:EventBus", name, {}, opts);
        validateEventBusArgs(name, args);
        this.resourceName = name;
        this.defaults = {
            retry: args.defaultRetry ?? EVENT_BUS_DEFAULTS.defaultRetry,
            kmsKeyArn: args.kmsKeyArn,
            dlqRetentionSeconds: args.dlqRetentionSeconds ?? EVENT_BUS_DEFAULTS.dlqRetentionSeconds,
        };

        this.bus = new aws.cloudwatch.EventBus(`${name}-bus`, {}, { parent: this });
        this.name = this.bus.name;
        this.arn = this.bus.arn;

        this.archive = new aws.cloudwatch.EventArchive(`${name}-archive`, {
            eventSourceArn: this.bus.arn,
            retentionDays: args.archiveRetentionDays ?? EVENT_BUS_DEFAULTS.archiveRetentionDays,
            description: "Every event on the orders bus, for replay after a consumer fix",
        }, { parent: this });

        const producers = args.producerAccountIds ?? [];
        if (producers.length > 0) {
            this.policy = new aws.cloudwatch.EventBusPolicy(`${name}-policy`, {
                eventBusName: this.bus.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [{
                        Sid: "AllowListedProducerAccounts",
                        Effect: "Allow",
                        Principal: { AWS: producers.map((id) => `arn:aws:iam::${id}:root`) },
                        Action: "events:PutEvents",
                        Resource: this.bus.arn,
                        // Other accounts bring their own events; they may never speak as this platform (orders.*),
                        // which would start workflows or notify any customer.
                        Condition: { StringNotLike: { "events:source": [`${PLATFORM_SOURCE_PREFIX}*`] } },
                    }],
                }),
            }, { parent: this });
        }

        this.registry = new aws.schemas.Registry(`${name}-schemas`, {
            description: "Event contracts of the order platform, generated from contracts/events.ts",
        }, { parent: this });
        this.schemas = {} as Record<EventName, aws.schemas.Schema>;
        for (const event of EVENT_NAMES) {
            this.schemas[event] = new aws.schemas.Schema(`${name}-${event}`, {
                name: event,
                registryName: this.registry.name,
                type: "JSONSchemaDraft4",
                description: `The ${event} event`,
                content: JSON.stringify(registrySchema(event)),
            }, { parent: this });
        }

        this.forwards = (args.forwarding?.busArns ?? []).map((busArn, i) =>
            this.subscribe(`forward-${i}`, args.forwarding!.events, { kind: "eventBus", arn: busArn }));
        this.monitoring = { subscriptions: this.forwards };

        this.registerOutputs({ name: this.name, arn: this.arn });
    }

    /**
     * The grant to publish exactly these contract events on this bus (events:PutEvents on its ARN, conditioned on
     * the events' sources and detail-types, so a producer cannot impersonate another).
     */
    grantPublish(events: EventName[], sid = "PublishContractEvents"): PolicyStatement[] {
        return [putEventsStatement(this.arn, events, sid)];
    }

    /**
     * Routes the given contract events to a target. The rule's pattern is derived from the contracts.
     * Creates the rule, the target, its DLQ (encrypted, admitting only this rule), the retry policy and
     * the permission the target kind needs. The subscription is the caller's to watch (its `monitoring`).
     */
    subscribe(name: string, events: EventName[], target: EventTarget, options: SubscribeOptions = {}): EventSubscription {
        return this.subscription(name, { eventBusName: this.bus.name, events }, target, options);
    }

    /** Routes AWS service events on this bus (e.g. ones forwarded from the default bus) that match `pattern`. */
    subscribePattern(name: string, pattern: pulumi.Input<Record<string, unknown>>, target: EventTarget, options: SubscribeOptions = {}): EventSubscription {
        return this.subscription(name, { eventBusName: this.bus.name, awsEventPattern: pattern }, target, options);
    }

    /**
     * Forwards AWS service events matching `pattern` from the account's default bus (where services such as S3
     * deliver) to this bus, with a role that may only put events here.
     */
    routeFromDefaultBus(name: string, pattern: pulumi.Input<Record<string, unknown>>, options: SubscribeOptions = {}): EventSubscription {
        return this.subscription(name, { eventBusName: "default", awsEventPattern: pattern }, { kind: "eventBus", arn: this.arn }, options);
    }

    private subscription(
        name: string,
        source: { eventBusName: pulumi.Input<string>; events?: EventName[]; awsEventPattern?: pulumi.Input<Record<string, unknown>> },
        target: EventTarget,
        options: SubscribeOptions,
    ): EventSubscription {
        return new EventSubscription(`${this.resourceName}-${name}`, {
            ...source,
            target,
            retry: options.retry ?? this.defaults.retry,
            description: options.description,
            kmsKeyArn: this.defaults.kmsKeyArn,
            dlqRetentionSeconds: this.defaults.dlqRetentionSeconds,
            transform: options.transform,
        }, { parent: this, aliases: options.aliases });
    }
}
