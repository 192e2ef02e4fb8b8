import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { SQS_RETENTION_SECONDS } from "../constants/aws";
import { denyInsecureTransport, PolicyStatement, policyJson } from "./iam";
import { transform, Transform } from "./transform";

export interface DeadLetterQueueArgs {
    /** How long a dead-lettered message is kept, 60 to 1209600 seconds. @default 1209600 (14 days, the maximum) */
    readonly retentionSeconds?: number;
    /** Customer-managed key. @default SQS-managed encryption */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /**
     * The AWS service that sends failed messages here, and the one resource it sends for (a rule, a topic). Only
     * that resource may send. @default no sender (a queue's redrive needs no grant within the account)
     */
    readonly sender?: { readonly service: string; readonly sourceArn: pulumi.Input<string>; readonly sid: string };
    /** Changes to the queue's args. @default none */
    readonly transform?: Transform<aws.sqs.QueueArgs>;
}

export const DEAD_LETTER_QUEUE_DEFAULTS = { retentionSeconds: SQS_RETENTION_SECONDS.max } as const;

/** Problems with the retention, for the argument named `arg`. */
export function deadLetterRetentionProblems(seconds: number, arg: string): string[] {
    return Number.isInteger(seconds) && seconds >= SQS_RETENTION_SECONDS.min && seconds <= SQS_RETENTION_SECONDS.max
        ? []
        : [`${arg} must be an integer from ${SQS_RETENTION_SECONDS.min} to ${SQS_RETENTION_SECONDS.max}, but ${seconds} was provided`];
}

/** Server-side encryption of a queue: the stack's key when there is one, else SQS-managed keys. */
export function queueEncryption(kmsKeyArn?: pulumi.Input<string>): Pick<aws.sqs.QueueArgs, "kmsMasterKeyId" | "kmsDataKeyReusePeriodSeconds" | "sqsManagedSseEnabled"> {
    return kmsKeyArn ? { kmsMasterKeyId: kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 } : { sqsManagedSseEnabled: true };
}

/**
 * A dead-letter queue: encrypted, kept as long as SQS allows, refusing plain HTTP, and admitting only its one
 * sender. Every DLQ of the platform is one of these. Its children are named `<name>-dlq` and `<name>-dlq-policy`
 * under the caller's parent.
 */
export function deadLetterQueue(name: string, args: DeadLetterQueueArgs, parent: pulumi.Resource): { queue: aws.sqs.Queue; policy: aws.sqs.QueuePolicy } {
    const retention = args.retentionSeconds ?? DEAD_LETTER_QUEUE_DEFAULTS.retentionSeconds;
    const problems = deadLetterRetentionProblems(retention, "retentionSeconds");
    if (problems.length > 0) throw new Error(`dead-letter queue ${name}: ${problems.join("; ")}`);
    const queue = new aws.sqs.Queue(...transform(args.transform, `${name}-dlq`, {
        messageRetentionSeconds: retention,
        ...queueEncryption(args.kmsKeyArn),
    }, { parent }));
    const statements: PolicyStatement[] = [];
    if (args.sender) {
        statements.push({
            Sid: args.sender.sid,
            Principal: { Service: args.sender.service },
            Action: ["sqs:SendMessage"],
            Resource: queue.arn,
            Condition: { ArnEquals: { "aws:SourceArn": args.sender.sourceArn } },
        });
    }
    statements.push(denyInsecureTransport(["sqs:*"], queue.arn));
    const policy = new aws.sqs.QueuePolicy(`${name}-dlq-policy`, { queueUrl: queue.url, policy: policyJson(statements) }, { parent });
    return { queue, policy };
}
