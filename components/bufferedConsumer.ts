import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { EventName } from "../contracts";
import { SQS_MAPPING_MAX_CONCURRENCY, SQS_RETENTION_SECONDS, SQS_VISIBILITY_FACTOR, SQS_VISIBILITY_TIMEOUT_SECONDS } from "../constants/aws";
import { deadLetterQueue, deadLetterRetentionProblems, DEAD_LETTER_QUEUE_DEFAULTS, queueEncryption } from "./deadLetterQueue";
import { EventBus } from "./eventBus";
import { EventSubscription, EventSubscriptionTransform, RetryPolicy, validateRetryPolicy } from "./eventSubscription";
import { FUNCTION_DEFAULTS, HandlerFunction, HandlerFunctionArgs } from "./handlerFunction";
import { PolicyStatement, policyJson } from "./iam";
import { SharedSettings } from "./settings";
import { transform, Transform } from "./transform";

export interface BufferedConsumerArgs extends SharedSettings {
    /** The bus whose contract events are consumed. */
    readonly eventBus: EventBus;
    /** Contract events routed into the queue (at least one). The rule pattern is derived from the contracts. */
    readonly events: EventName[];
    /**
     * The consumer function to create. Its handler receives SQS batches; its `functions` settings and key default to
     * this component's. Exactly one of `functionArgs` or `existingFunction`.
     */
    readonly functionArgs?: HandlerFunctionArgs;
    /** An existing consumer function. Exactly one of `functionArgs` or `existingFunction`. */
    readonly existingFunction?: HandlerFunction;
    /** Records per invocation, 1 to 10000 (above 10 needs a batching window of at least 1 s). @default 10 */
    readonly batchSize?: number;
    /** Seconds the mapping waits to fill a batch, 0 to 300. @default 0 */
    readonly maximumBatchingWindowInSeconds?: number;
    /** Receives before a message moves to the DLQ, 1 to 1000. @default 5 */
    readonly maxReceiveCount?: number;
    /** Upper bound of concurrent invocations of this mapping, 2 to 1000. @default 2 */
    readonly maximumConcurrency?: number;
    /** Visibility timeout of the queue, in seconds, up to 43200; at least 6× the function timeout. @default 6× the function timeout */
    readonly visibilityTimeoutSeconds?: number;
    /** Retention of the queue, 60 to 1209600 seconds. @default 345600 (4 days) */
    readonly queueRetentionSeconds?: number;
    /** Retention of the DLQ, 60 to 1209600 seconds; must exceed the queue's. @default 1209600 (14 days) */
    readonly dlqRetentionSeconds?: number;
    /** CloudWatch alarms on DLQ depth and on the age of the oldest message (billed, so prod only). @default false */
    readonly alarms?: boolean;
    /** SNS topic the alarms notify (alarm and OK). @default no actions */
    readonly alarmTopicArn?: pulumi.Input<string>;
    /** Threshold of the oldest-message-age alarm, 60 seconds up to the queue retention. @default 900 */
    readonly oldestMessageAlarmSeconds?: number;
    /** Retry policy of the rule → queue delivery. @default the bus's default */
    readonly retry?: RetryPolicy;
    /** Changes to the queues, the mapping and the rule's children. @default none */
    readonly transform?: {
        readonly queue?: Transform<aws.sqs.QueueArgs>;
        readonly deadLetterQueue?: Transform<aws.sqs.QueueArgs>;
        readonly eventSourceMapping?: Transform<aws.lambda.EventSourceMappingArgs>;
        readonly subscription?: EventSubscriptionTransform;
    };
}

export const BUFFERED_CONSUMER_DEFAULTS = {
    batchSize: 10,
    maximumBatchingWindowInSeconds: 0,
    maxReceiveCount: 5,
    maximumConcurrency: 2,
    visibilityTimeoutFactor: SQS_VISIBILITY_FACTOR,
    queueRetentionSeconds: 345_600,
    dlqRetentionSeconds: DEAD_LETTER_QUEUE_DEFAULTS.retentionSeconds,
    alarms: false,
    oldestMessageAlarmSeconds: 900,
} as const;

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** Checks the arguments before anything is created; throws naming every wrong argument and its value. */
export function validateBufferedConsumerArgs(name: string, args: BufferedConsumerArgs): void {
    const d = BUFFERED_CONSUMER_DEFAULTS;
    const problems: string[] = [];
    if ((args.functionArgs === undefined) === (args.existingFunction === undefined)) {
        problems.push("exactly one of `functionArgs` or `existingFunction` must be provided");
    }
    if (args.events.length === 0) problems.push("events must name at least one contract event");
    const batchSize = args.batchSize ?? d.batchSize;
    const window = args.maximumBatchingWindowInSeconds ?? d.maximumBatchingWindowInSeconds;
    if (!isInt(batchSize, 1, 10_000)) problems.push(`batchSize must be an integer from 1 to 10000, but ${batchSize} was provided`);
    if (!isInt(window, 0, 300)) problems.push(`maximumBatchingWindowInSeconds must be an integer from 0 to 300, but ${window} was provided`);
    else if (batchSize > 10 && window < 1) {
        problems.push(`batchSize (${batchSize}) above 10 needs maximumBatchingWindowInSeconds of at least 1, but ${window} was provided`);
    }
    const receives = args.maxReceiveCount ?? d.maxReceiveCount;
    if (!isInt(receives, 1, 1000)) problems.push(`maxReceiveCount must be an integer from 1 to 1000, but ${receives} was provided`);
    const concurrency = args.maximumConcurrency ?? d.maximumConcurrency;
    if (!isInt(concurrency, SQS_MAPPING_MAX_CONCURRENCY.min, SQS_MAPPING_MAX_CONCURRENCY.max)) {
        problems.push(`maximumConcurrency must be an integer from ${SQS_MAPPING_MAX_CONCURRENCY.min} to ${SQS_MAPPING_MAX_CONCURRENCY.max}, but ${concurrency} was provided`);
    }

    const timeout = args.existingFunction?.timeout ?? args.functionArgs?.timeout ?? FUNCTION_DEFAULTS.timeout;
    const minimum = d.visibilityTimeoutFactor * timeout;
    const visibility = args.visibilityTimeoutSeconds ?? minimum;
    if (!isInt(visibility, SQS_VISIBILITY_TIMEOUT_SECONDS.min, SQS_VISIBILITY_TIMEOUT_SECONDS.max)) {
        problems.push(`visibilityTimeoutSeconds must be an integer from ${SQS_VISIBILITY_TIMEOUT_SECONDS.min} to ${SQS_VISIBILITY_TIMEOUT_SECONDS.max}, but ${visibility} was provided`);
    } else if (visibility < minimum) {
        problems.push(`visibilityTimeoutSeconds (${visibility}) must be at least ${d.visibilityTimeoutFactor}× the function timeout (${timeout} s = ${minimum})`);
    }
    const queueRetention = args.queueRetentionSeconds ?? d.queueRetentionSeconds;
    const dlqRetention = args.dlqRetentionSeconds ?? d.dlqRetentionSeconds;
    if (!isInt(queueRetention, SQS_RETENTION_SECONDS.min, SQS_RETENTION_SECONDS.max)) {
        problems.push(`queueRetentionSeconds must be an integer from ${SQS_RETENTION_SECONDS.min} to ${SQS_RETENTION_SECONDS.max}, but ${queueRetention} was provided`);
    }
    const dlqProblems = deadLetterRetentionProblems(dlqRetention, "dlqRetentionSeconds");
    if (dlqProblems.length > 0) problems.push(...dlqProblems);
    else if (dlqRetention <= queueRetention) {
        // A message keeps its original enqueue time in the DLQ, so a shorter DLQ retention would silently expire it.
        problems.push(`dlqRetentionSeconds (${dlqRetention}) must be greater than queueRetentionSeconds (${queueRetention})`);
    }
    const ageThreshold = args.oldestMessageAlarmSeconds ?? d.oldestMessageAlarmSeconds;
    if (!Number.isInteger(ageThreshold) || ageThreshold < 60 || ageThreshold >= queueRetention) {
        problems.push(`oldestMessageAlarmSeconds must be an integer from 60 to below queueRetentionSeconds (${queueRetention}), but ${ageThreshold} was provided`);
    }
    if (args.retry) problems.push(...validateRetryPolicy(args.retry));
    if (problems.length > 0) throw new Error(`BufferedConsumer ${name}: ${problems.join("; ")}`);
}

/**
 * Contract events → EventBridge rule → SQS queue (SSE, DLQ, policy admitting only the rule) → Lambda, through an
 * event source mapping with ReportBatchItemFailures and a concurrency bound. Binding the mapping grants the
 * consume permissions in the same step. Optional alarms on DLQ depth and on the oldest message's age.
 */
export class BufferedConsumer extends pulumi.ComponentResource {
    readonly queue: aws.sqs.Queue;
    readonly deadLetterQueue: aws.sqs.Queue;
    readonly subscription: EventSubscription;
    readonly function: HandlerFunction;
    readonly consumePolicy: aws.iam.RolePolicy;
    readonly eventSourceMapping: aws.lambda.EventSourceMapping;
    readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
    readonly queueArn: pulumi.Output<string>;
    readonly deadLetterQueueArn: pulumi.Output<string>;
    /** What monitoring watches: the function, the rule with its DLQ, the redrive DLQ and the work queue's age. */
    readonly monitoring: { functions: HandlerFunction[]; subscriptions: EventSubscription[]; deadLetterQueues: aws.sqs.Queue[]; workQueues: aws.sqs.Queue[] };

    constructor(name: string, args: BufferedConsumerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:BufferedConsumer", name, {}, opts);
        validateBufferedConsumerArgs(name, args);
        const d = BUFFERED_CONSUMER_DEFAULTS;
        const batchSize = args.batchSize ?? d.batchSize;
        const window = args.maximumBatchingWindowInSeconds ?? d.maximumBatchingWindowInSeconds;
        const queueRetention = args.queueRetentionSeconds ?? d.queueRetentionSeconds;

        this.function = args.existingFunction ?? new HandlerFunction(`${name}-fn`, {
            functions: args.functions,
            logRetentionDays: args.logRetentionDays,
            kmsKeyArn: args.kmsKeyArn,
            ...args.functionArgs!,
        }, { parent: this });

        // Redrive needs no grant (same account), so the DLQ admits no sender.
        this.deadLetterQueue = deadLetterQueue(name, {
            retentionSeconds: args.dlqRetentionSeconds ?? d.dlqRetentionSeconds,
            kmsKeyArn: args.kmsKeyArn,
            transform: args.transform?.deadLetterQueue,
        }, this).queue;

        this.queue = new aws.sqs.Queue(...transform(args.transform?.queue, `${name}-queue`, {
            visibilityTimeoutSeconds: args.visibilityTimeoutSeconds ?? d.visibilityTimeoutFactor * this.function.timeout,
            messageRetentionSeconds: queueRetention,
            redrivePolicy: pulumi.jsonStringify({
                deadLetterTargetArn: this.deadLetterQueue.arn,
                maxReceiveCount: args.maxReceiveCount ?? d.maxReceiveCount,
            }),
            ...queueEncryption(args.kmsKeyArn),
        }, { parent: this }));
        this.queueArn = this.queue.arn;
        this.deadLetterQueueArn = this.deadLetterQueue.arn;

        // The bus creates the rule, its own delivery DLQ and retry, and the queue policy scoped to the rule's ARN.
        this.subscription = args.eventBus.subscribe(name, args.events, { kind: "sqs", queue: this.queue }, {
            retry: args.retry,
            description: `Buffers ${args.events.join(", ")} for ${name}`,
            transform: args.transform?.subscription,
        });

        const { policy, mapping } = this.bindQueue(name, {
            batchSize,
            maximumBatchingWindowInSeconds: window,
            maximumConcurrency: args.maximumConcurrency ?? d.maximumConcurrency,
            kmsKeyArn: args.kmsKeyArn,
        }, args.transform?.eventSourceMapping);
        this.consumePolicy = policy;
        this.eventSourceMapping = mapping;

        if (args.alarms ?? d.alarms) {
            const actions = args.alarmTopicArn ? [args.alarmTopicArn] : [];
            this.alarms.push(new aws.cloudwatch.MetricAlarm(`${name}-dlq-depth`, {
                alarmDescription: `${name}: messages in the dead-letter queue (records that failed ${args.maxReceiveCount ?? d.maxReceiveCount} times). Inspect and redrive.`,
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: this.deadLetterQueue.name },
                statistic: "Maximum",
                period: 60,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                alarmActions: actions,
                okActions: actions,
            }, { parent: this }));
            this.alarms.push(new aws.cloudwatch.MetricAlarm(`${name}-oldest-message`, {
                alarmDescription: `${name}: the oldest message has waited over ${args.oldestMessageAlarmSeconds ?? d.oldestMessageAlarmSeconds} s; the consumer is failing or too slow for its concurrency bound.`,
                namespace: "AWS/SQS",
                metricName: "ApproximateAgeOfOldestMessage",
                dimensions: { QueueName: this.queue.name },
                statistic: "Maximum",
                period: 60,
                evaluationPeriods: 5,
                threshold: args.oldestMessageAlarmSeconds ?? d.oldestMessageAlarmSeconds,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                alarmActions: actions,
                okActions: actions,
            }, { parent: this }));
        }

        this.monitoring = { functions: [this.function], subscriptions: [this.subscription], deadLetterQueues: [this.deadLetterQueue], workQueues: [this.queue] };
        this.registerOutputs({ queueArn: this.queueArn, deadLetterQueueArn: this.deadLetterQueueArn });
    }

    /** Creates the event source mapping and, in the same step, the exact permissions it needs to consume the queue. */
    private bindQueue(
        name: string,
        o: { batchSize: number; maximumBatchingWindowInSeconds: number; maximumConcurrency: number; kmsKeyArn?: pulumi.Input<string> },
        change?: Transform<aws.lambda.EventSourceMappingArgs>,
    ) {
        const statements: PolicyStatement[] = [
            { Sid: "ConsumeQueue", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: this.queue.arn },
        ];
        if (o.kmsKeyArn) statements.push({ Sid: "DecryptQueue", Action: ["kms:Decrypt"], Resource: o.kmsKeyArn });
        const policy = new aws.iam.RolePolicy(`${name}-consume`, {
            role: this.function.role.id,
            policy: policyJson(statements),
        }, { parent: this });
        const mapping = new aws.lambda.EventSourceMapping(...transform(change, `${name}-mapping`, {
            eventSourceArn: this.queue.arn,
            functionName: this.function.arn,
            batchSize: o.batchSize,
            maximumBatchingWindowInSeconds: o.maximumBatchingWindowInSeconds,
            functionResponseTypes: ["ReportBatchItemFailures"],
            scalingConfig: { maximumConcurrency: o.maximumConcurrency },
        }, { parent: this, dependsOn: [policy] }));
        return { policy, mapping };
    }
}
