import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { EMAIL_ADDRESS } from "../constants/patterns";
import { deadLetterQueue } from "./deadLetterQueue";

export interface EmailSubscriptionsArgs {
    /** The topic whose messages are mailed. */
    readonly topic: aws.sns.Topic;
    /** Recipients; each gets a confirmation mail from SNS first. @default none (nothing is created) */
    readonly emails: string[];
    /** Customer-managed key for the dead-letter queue. @default SQS-managed encryption */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

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
    /** What monitoring watches: the DLQ of undeliverable mail, when there are recipients. */
    readonly monitoring: { readonly deadLetterQueues: aws.sqs.Queue[] };

    constructor(name: string, args: EmailSubscriptionsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:EmailSubscriptions", name, {}, opts);
        validateEmailSubscriptionsArgs(name, args);
        if (args.emails.length > 0) {
            const dlq = deadLetterQueue(name, {
                kmsKeyArn: args.kmsKeyArn,
                sender: { service: "sns.amazonaws.com", sourceArn: args.topic.arn, sid: "OnlyThisTopicDeadLetters" },
            }, this);
            this.deadLetterQueue = dlq.queue;
            args.emails.forEach((email, i) => {
                this.subscriptions.push(new aws.sns.TopicSubscription(`${name}-${i}`, {
                    topic: args.topic.arn,
                    protocol: "email",
                    endpoint: email,
                    redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: dlq.queue.arn }),
                }, { parent: this, dependsOn: [dlq.policy] }));
            });
        }
        this.monitoring = { deadLetterQueues: this.deadLetterQueue ? [this.deadLetterQueue] : [] };
        this.registerOutputs({});
    }
}
