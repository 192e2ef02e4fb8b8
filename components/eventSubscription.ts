import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { EVENTBRIDGE_RETRY } from "../constants/aws";
import { EventName, patternFor } from "../contracts";
import { deadLetterQueue, deadLetterRetentionProblems } from "./deadLetterQueue";
import { denyInsecureTransport, policyJson, serviceRole } from "./iam";
import { transform, Transform } from "./transform";

/** How EventBridge retries a failing target before it dead-letters the event. */
export interface RetryPolicy {
    /** 0 to 185. */
    readonly maximumRetryAttempts: number;
    /** 60 to 86400 seconds. */
    readonly maximumEventAgeInSeconds: number;
}

export function validateRetryPolicy(retry: RetryPolicy, argName = "retry"): string[] {
    const problems: string[] = [];
    const { maximumRetryAttempts: attempts, maximumEventAgeInSeconds: age } = retry;
    if (!Number.isInteger(attempts) || attempts < 0 || attempts > EVENTBRIDGE_RETRY.maxAttempts) {
        problems.push(`${argName}.maximumRetryAttempts must be an integer from 0 to ${EVENTBRIDGE_RETRY.maxAttempts}, but ${attempts} was provided`);
    }
    if (!Number.isInteger(age) || age < EVENTBRIDGE_RETRY.minEventAgeSeconds || age > EVENTBRIDGE_RETRY.maxEventAgeSeconds) {
        problems.push(`${argName}.maximumEventAgeInSeconds must be an integer from ${EVENTBRIDGE_RETRY.minEventAgeSeconds} to ` +
            `${EVENTBRIDGE_RETRY.maxEventAgeSeconds}, but ${age} was provided`);
    }
    return problems;
}

export interface InputTransformer {
    readonly inputPaths: Record<string, string>;
    readonly inputTemplate: string;
}

/** What a rule delivers to. Each kind gets the permission it needs, scoped to the rule. */
export type EventTarget = (
    | { readonly kind: "lambda"; readonly function: aws.lambda.Function }
    | { readonly kind: "stateMachine"; readonly stateMachine: aws.sfn.StateMachine }
    | { readonly kind: "eventBus"; readonly arn: pulumi.Input<string> }
    | { readonly kind: "sqs"; readonly queue: aws.sqs.Queue }
    | { readonly kind: "sns"; readonly topic: aws.sns.Topic }
) & { readonly inputTransformer?: InputTransformer };

/** Changes to the children of a subscription. */
export interface EventSubscriptionTransform {
    readonly rule?: Transform<aws.cloudwatch.EventRuleArgs>;
    readonly target?: Transform<aws.cloudwatch.EventTargetArgs>;
    readonly deadLetterQueue?: Transform<aws.sqs.QueueArgs>;
}

export interface EventSubscriptionArgs {
    /** The bus the rule listens on: a custom bus name, or "default" for AWS service events. */
    readonly eventBusName: pulumi.Input<string>;
    /** Contract events to match; the pattern is derived from the contracts. Exactly one of `events` or `awsEventPattern`. */
    readonly events?: EventName[];
    /** A pattern for AWS service events (e.g. S3 "Object Created"), which have no contract of ours. */
    readonly awsEventPattern?: pulumi.Input<Record<string, unknown>>;
    readonly target: EventTarget;
    readonly retry: RetryPolicy;
    readonly description?: string;
    /** Customer-managed key for the DLQ. @default SQS-managed encryption */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** DLQ retention, 60 to 1209600 seconds. @default 1209600 */
    readonly dlqRetentionSeconds?: number;
    /** Changes to the rule, the target or the DLQ. @default none */
    readonly transform?: EventSubscriptionTransform;
}

export function validateEventSubscriptionArgs(name: string, args: EventSubscriptionArgs): void {
    const problems = validateRetryPolicy(args.retry);
    if ((args.events === undefined) === (args.awsEventPattern === undefined)) {
        problems.push("exactly one of `events` or `awsEventPattern` must be provided");
    }
    if (args.events && args.events.length === 0) problems.push("events must name at least one contract event");
    if (args.dlqRetentionSeconds !== undefined) problems.push(...deadLetterRetentionProblems(args.dlqRetentionSeconds, "dlqRetentionSeconds"));
    if (problems.length > 0) throw new Error(`EventSubscription ${name}: ${problems.join("; ")}`);
}

/**
 * One rule and one target, made safe: a DLQ for events the target could not take, an explicit retry
 * policy, and the invoke permission or role the target kind needs, all scoped to this rule's ARN.
 */
export class EventSubscription extends pulumi.ComponentResource {
    readonly rule: aws.cloudwatch.EventRule;
    readonly target: aws.cloudwatch.EventTarget;
    readonly deadLetterQueue: aws.sqs.Queue;
    readonly deadLetterQueuePolicy: aws.sqs.QueuePolicy;
    /** The Lambda permission, target role, or queue/topic policy this target kind needs. */
    readonly grant: pulumi.CustomResource;
    readonly role?: aws.iam.Role;
    readonly events?: EventName[];
    /** What monitoring watches: this rule's delivery failures and its DLQ. */
    readonly monitoring: { readonly subscriptions: EventSubscription[] };

    constructor(name: string, args: EventSubscriptionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:EventSubscription", name, {}, opts);
        validateEventSubscriptionArgs(name, args);
        this.events = args.events;
        const pattern = args.events ? patternFor(args.events) : args.awsEventPattern!;

        this.rule = new aws.cloudwatch.EventRule(...transform(args.transform?.rule, `${name}-rule`, {
            eventBusName: args.eventBusName,
            eventPattern: pulumi.jsonStringify(pattern),
            description: args.description ?? (args.events ? `Routes ${args.events.join(", ")}` : "Routes AWS service events"),
        }, { parent: this }));

        const dlq = deadLetterQueue(name, {
            retentionSeconds: args.dlqRetentionSeconds,
            kmsKeyArn: args.kmsKeyArn,
            sender: { service: "events.amazonaws.com", sourceArn: this.rule.arn, sid: "OnlyThisRuleDeadLetters" },
            transform: args.transform?.deadLetterQueue,
        }, this);
        this.deadLetterQueue = dlq.queue;
        this.deadLetterQueuePolicy = dlq.policy;

        const { arn, grant, role } = this.grantTarget(name, args.target, args.kmsKeyArn);
        this.grant = grant;
        this.role = role;

        this.target = new aws.cloudwatch.EventTarget(...transform(args.transform?.target, `${name}-target`, {
            rule: this.rule.name,
            eventBusName: args.eventBusName,
            arn,
            roleArn: role?.arn,
            deadLetterConfig: { arn: this.deadLetterQueue.arn },
            retryPolicy: {
                maximumRetryAttempts: args.retry.maximumRetryAttempts,
                maximumEventAgeInSeconds: args.retry.maximumEventAgeInSeconds,
            },
            inputTransformer: args.target.inputTransformer,
        }, { parent: this, dependsOn: [grant, this.deadLetterQueuePolicy] }));

        this.monitoring = { subscriptions: [this] };
        this.registerOutputs({ ruleArn: this.rule.arn, deadLetterQueueArn: this.deadLetterQueue.arn });
    }

    private grantTarget(name: string, target: EventTarget, kmsKeyArn?: pulumi.Input<string>): { arn: pulumi.Input<string>; grant: pulumi.CustomResource; role?: aws.iam.Role } {
        const fromThisRule = { ArnEquals: { "aws:SourceArn": this.rule.arn } };
        switch (target.kind) {
            case "lambda": {
                this.deadLetterFunctionFailures(name, target.function, kmsKeyArn);
                return {
                    arn: target.function.arn,
                    grant: new aws.lambda.Permission(`${name}-invoke`, {
                        action: "lambda:InvokeFunction",
                        function: target.function.name,
                        principal: "events.amazonaws.com",
                        sourceArn: this.rule.arn,
                    }, { parent: this }),
                };
            }
            case "stateMachine": {
                const { role, policy } = serviceRole(`${name}-target-role`, "events.amazonaws.com", [
                    { Action: ["states:StartExecution"], Resource: target.stateMachine.arn },
                ], { parent: this }, this.rule.arn);
                return { arn: target.stateMachine.arn, grant: policy, role };
            }
            case "eventBus": {
                const { role, policy } = serviceRole(`${name}-target-role`, "events.amazonaws.com", [
                    { Action: ["events:PutEvents"], Resource: target.arn },
                ], { parent: this }, this.rule.arn);
                return { arn: target.arn, grant: policy, role };
            }
            case "sqs":
                return {
                    arn: target.queue.arn,
                    grant: new aws.sqs.QueuePolicy(`${name}-queue-policy`, {
                        queueUrl: target.queue.url,
                        policy: policyJson([{
                            Sid: "OnlyThisRuleSends",
                            Principal: { Service: "events.amazonaws.com" },
                            Action: ["sqs:SendMessage"],
                            Resource: target.queue.arn,
                            Condition: fromThisRule,
                        }, denyInsecureTransport(["sqs:*"], target.queue.arn)]),
                    }, { parent: this }),
                };
            case "sns":
                // The topic policy judges EventBridge's own Publish call, which carries the rule as aws:SourceArn, so
                // it can admit this rule only. (The key of an encrypted topic cannot: SNS, not EventBridge, calls KMS,
                // with no source in the request; EncryptionKey scopes that by the topic instead.)
                return {
                    arn: target.topic.arn,
                    grant: new aws.sns.TopicPolicy(`${name}-topic-policy`, {
                        arn: target.topic.arn,
                        policy: policyJson([{
                            Sid: "OnlyThisRulePublishes",
                            Principal: { Service: "events.amazonaws.com" },
                            Action: ["sns:Publish"],
                            Resource: target.topic.arn,
                            Condition: fromThisRule,
                        }, denyInsecureTransport(["sns:Publish"], target.topic.arn)]),
                    }, { parent: this }),
                };
        }
    }

    /**
     * EventBridge invokes Lambda asynchronously: its DLQ only catches events it could not *deliver*. An event the
     * function fails on is retried by Lambda and then discarded, unless the function has an on-failure destination.
     * Send those to this subscription's DLQ too, so a failing consumer never drops an event.
     */
    private deadLetterFunctionFailures(name: string, fn: aws.lambda.Function, kmsKeyArn?: pulumi.Input<string>): void {
        const roleName = fn.role.apply((arn) => arn.split("/").pop()!);
        const destinationPolicy = new aws.iam.RolePolicy(`${name}-on-failure`, {
            role: roleName,
            policy: policyJson([
                { Sid: "SendFailedEventsToDeadLetterQueue", Action: ["sqs:SendMessage"], Resource: this.deadLetterQueue.arn },
                ...(kmsKeyArn ? [{ Sid: "EncryptForDeadLetterQueue", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: kmsKeyArn }] : []),
            ]),
        }, { parent: this });
        new aws.lambda.FunctionEventInvokeConfig(`${name}-async`, {
            functionName: fn.name,
            maximumRetryAttempts: 2,
            maximumEventAgeInSeconds: 3600,
            destinationConfig: { onFailure: { destination: this.deadLetterQueue.arn } },
        }, { parent: this, dependsOn: [destinationPolicy] });
    }
}
