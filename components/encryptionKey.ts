import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export interface EncryptionKeyArgs {
    /** Days KMS waits before deleting the key once scheduled, 7 to 30. @default 30 */
    readonly deletionWindowInDays?: number;
}

/**
 * The stack's customer-managed KMS key, with yearly automatic rotation. Its key policy lets IAM decide
 * for this account's principals, and lets the AWS services that write encrypted data on the
 * platform's behalf (CloudWatch Logs, EventBridge into DLQs and topics, CloudWatch alarms into the ops topic)
 * use it, each only from this account.
 */
export class EncryptionKey extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
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
        const thisAccount = { StringEquals: { "aws:SourceAccount": identity.accountId } };

        this.key = new aws.kms.Key(`${name}-key`, {
            description: `Order platform data key (${pulumi.getStack()})`,
            enableKeyRotation: true,
            deletionWindowInDays: window,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AccountAdministersThroughIam",
                        Effect: "Allow",
                        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${identity.accountId}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
                        Effect: "Allow",
                        Principal: { Service: pulumi.interpolate`logs.${region.region}.amazonaws.com` },
                        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                        Resource: "*",
                        Condition: {
                            ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${region.region}:${identity.accountId}:log-group:*` },
                        },
                    },
                    {
                        Sid: "ServicesDeliverIntoEncryptedQueuesAndTopics",
                        Effect: "Allow",
                        Principal: { Service: ["events.amazonaws.com", "cloudwatch.amazonaws.com", "sns.amazonaws.com"] },
                        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                        Resource: "*",
                        Condition: thisAccount,
                    },
                ],
            }),
        }, { parent: this });
        this.alias = new aws.kms.Alias(`${name}-alias`, {
            name: `alias/order-platform-${pulumi.getStack()}`,
            targetKeyId: this.key.keyId,
        }, { parent: this });
        this.arn = this.key.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
