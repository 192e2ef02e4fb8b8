import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { denyInsecureTransport, policyJson } from "./iam";

export interface EmailSubscriptionsArgs {
    /** The topic whose messages are mailed. */
    readonly topic: aws.sns.Topic;
    /** Recipients; each gets a confirmation mail from SNS first. @default none (nothing is created) */
    readonly emails: string[];
    /** Customer-managed key for the dead-letter queue. @default SQS-managed encryption */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

/** What the platform accepts as an email address (stack config and every component that mails). */
export const EMAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function validateEmailSubscriptionsArgs(name: string, args: EmailSubscriptionsArgs): void {
    const bad = args.emails.filter((email) => !EMAIL_ADDRESS.test(email));
    if (bad.length > 0) throw new Error(`EmailSubscriptions ${name}: emails must hold email addresses, but ${JSON.stringify(bad)} was provided`);
}

/**
 * Email subscriptions to a topic, with a redrive policy: a message SNS cannot deliver (a bouncing or unconfirmed
 * address, throttling) goes to a dead-letter queue instead of being discarded.
 */
export class EmailSubscriptions extends pulumi.ComponentResource {
    readonly subscriptions: aws.sns.TopicSubscription[] = [];
    readonly deadLetterQueue?: aws.sqs.Queue;

    constructor(name: string, args: EmailSubscriptionsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:EmailSubscriptions", name, {}, opts);
        validateEmailSubscriptionsArgs(name, args);
        if (args.emails.length > 0) {
            const dlq = new aws.sqs.Queue(`${name}-dlq`, {
                messageRetentionSeconds: 1_209_600,
                sqsManagedSseEnabled: args.kmsKeyArn ? undefined : true,
                kmsMasterKeyId: args.kmsKeyArn,
            }, { parent: this });
            const dlqPolicy = new aws.sqs.QueuePolicy(`${name}-dlq-policy`, {
                queueUrl: dlq.url,
                policy: policyJson([{
                    Sid: "OnlyThisTopicDeadLetters",
                    Principal: { Service: "sns.amazonaws.com" },
                    Action: ["sqs:SendMessage"],
                    Resource: dlq.arn,
                    Condition: { ArnEquals: { "aws:SourceArn": args.topic.arn } },
                }, denyInsecureTransport(["sqs:*"], dlq.arn)]),
            }, { parent: this });
            this.deadLetterQueue = dlq;
            args.emails.forEach((email, i) => {
                this.subscriptions.push(new aws.sns.TopicSubscription(`${name}-${i}`, {
                    topic: args.topic.arn,
                    protocol: "email",
                    endpoint: email,
                    redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: dlq.arn }),
                }, { parent: this, dependsOn: [dlqPolicy] }));
            });
        }
        this.registerOutputs({});
    }
}
