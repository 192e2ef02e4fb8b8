import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export interface EncryptionKeyArgs {
    /** Days KMS waits before deleting the key once scheduled, 7 to 30. @default 30 */
    readonly deletionWindowInDays?: number;
}

/** Where the key lives: its policy names this account's principals and resources in this region. */
export interface KeyPolicyScope {
    readonly partition: string;
    readonly region: string;
    readonly account: string;
}

type Statement = Record<string, unknown>;

/**
 * The key policy. IAM decides for this account's principals; the AWS services that write encrypted data on the
 * platform's behalf may use the key, each only for this account's resources, as tightly as each service allows:
 *
 * - CloudWatch Logs, for this account's log groups (its encryption context names the log group);
 * - EventBridge publishing to encrypted SNS topics. SNS asks KMS for the data key on the publisher's behalf, so the
 *   request carries no `aws:SourceAccount` or `aws:SourceArn`: SNS's guide gives AWS event sources a statement
 *   without them, and one with them would send every OrderFailed email to the DLQ. What does scope it is the data
 *   key's encryption context, which names the topic: only this account's topics;
 * - EventBridge dead-lettering into, and delivering to, encrypted SQS queues; CloudWatch alarms publishing to the
 *   encrypted ops topic; SNS redriving undeliverable mail into its encrypted DLQ. The queue or topic calls KMS the
 *   same way, so each is scoped the same way: by the encryption context naming this account's queues or topics.
 */
export function encryptionKeyPolicy({ partition, region, account }: KeyPolicyScope): { Version: string; Statement: Statement[] } {
    const topics = `arn:${partition}:sns:${region}:${account}:*`;
    const queues = `arn:${partition}:sqs:${region}:${account}:*`;
    const dataKeyUse = ["kms:GenerateDataKey*", "kms:Decrypt"];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersThroughIam",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${account}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
                Effect: "Allow",
                Principal: { Service: `logs.${region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${account}:log-group:*` } },
            },
            {
                Sid: "EventBridgePublishesToThisAccountsEncryptedTopics",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: dataKeyUse,
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:sns:topicArn": topics } },
            },
            {
                Sid: "EventBridgeSendsToThisAccountsEncryptedQueues",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: dataKeyUse,
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:sqs:arn": queues } },
            },
            {
                Sid: "AlarmsPublishToThisAccountsEncryptedTopics",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: dataKeyUse,
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:sns:topicArn": topics } },
            },
            {
                Sid: "SnsRedrivesIntoThisAccountsEncryptedQueues",
                Effect: "Allow",
                Principal: { Service: "sns.amazonaws.com" },
                Action: dataKeyUse,
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:sqs:arn": queues } },
            },
        ],
    };
}

/**
 * The stack's customer-managed KMS key, with yearly automatic rotation and the policy of {@link encryptionKeyPolicy}.
 *
 * `arn` resolves only once the key policy has been written by its own KeyPolicy resource, so every resource given
 * the ARN (log groups, queues, topics, tables) is created after KMS has confirmed the policy that lets its service
 * use the key: a log group created first would be refused, because CloudWatch Logs checks the key policy for its
 * principal (with the log group's encryption context) when the group is created.
 */
export class EncryptionKey extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly policy: aws.kms.KeyPolicy;
    readonly alias: aws.kms.Alias;
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: EncryptionKeyArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:EncryptionKey", name, {}, opts);
        const window = args.deletionWindowInDays ?? 30;
        if (!Number.isInteger(window) || window < 7 || window > 30) {
            throw new Error(`EncryptionKey ${name}: deletionWindowInDays must be an integer from 7 to 30, but ${window} was provided`);
        }
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const region = aws.getRegionOutput({}, { parent: this });
        const partition = aws.getPartitionOutput({}, { parent: this });
        const document = pulumi.all([partition.partition, region.region, identity.accountId])
            .apply(([p, r, account]) => JSON.stringify(encryptionKeyPolicy({ partition: p, region: r, account })));

        this.key = new aws.kms.Key(`${name}-key`, {
            description: `Order platform data key (${pulumi.getStack()})`,
            enableKeyRotation: true,
            deletionWindowInDays: window,
            // Declared on the key as well, so it is in force from the first moment and reviewers see it here; the
            // KeyPolicy below writes the same document and is what every user of the key waits for.
            policy: document,
        }, { parent: this });
        this.policy = new aws.kms.KeyPolicy(`${name}-key-policy`, {
            keyId: this.key.keyId,
            policy: document,
        }, { parent: this });
        this.alias = new aws.kms.Alias(`${name}-alias`, {
            name: `alias/order-platform-${pulumi.getStack()}`,
            targetKeyId: this.key.keyId,
        }, { parent: this });
        // The ARN as an output of the policy write: a dependency on the policy, not only on the key.
        this.arn = pulumi.all([this.key.arn, this.policy.id]).apply(([arn]) => arn);
        this.registerOutputs({ arn: this.arn });
    }
}
