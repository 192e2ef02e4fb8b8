import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { createReceiptStoredHandler } from "../functions/receiptStored";
import { RECEIPTS_PREFIX } from "../functions/receiptWriter";
import { EventBus, EVENT_BUS_DEFAULTS, putEventsStatement } from "./eventBus";
import { EventSubscription, RetryPolicy, validateRetryPolicy } from "./eventSubscription";
import { HandlerFunction } from "./handlerFunction";
import { denyInsecureTransport, PolicyStatement, policyJson } from "./iam";

export interface ReceiptsBucketArgs {
    /** The orders bus: S3's events are forwarded to it, and ReceiptStored is published on it. */
    readonly ordersBus: EventBus;
    /** Days after which a receipt expires, 1 to 3650. @default 365 */
    readonly expireAfterDays?: number;
    /** Days the server access logs are kept, 1 to 3650. @default 90 */
    readonly accessLogRetentionDays?: number;
    /** Days after which an unfinished multipart upload is aborted, 1 to 30. @default 1 */
    readonly abortIncompleteUploadsAfterDays?: number;
    /** Customer-managed key: SSE-KMS with a bucket key. @default SSE-S3 (AES256) */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Let `pulumi destroy` delete a bucket that still holds receipts. @default false */
    readonly forceDestroy?: boolean;
    /** Pulumi `protect` on the bucket itself. @default false */
    readonly protectBucket?: boolean;
    /** Retry policy of both rules (default bus → orders bus, orders bus → publisher). @default the bus default (8 attempts, 1 hour) */
    readonly retry?: RetryPolicy;
    /** Log retention of the ReceiptStored publisher, a CloudWatch retention value. */
    readonly logRetentionDays: number;
    /** Log level of the publisher. @default "INFO" */
    readonly logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR";
    /** Memory of the publisher in MB. @default 256 */
    readonly memorySize?: number;
}

export const RECEIPTS_BUCKET_DEFAULTS = {
    expireAfterDays: 365,
    abortIncompleteUploadsAfterDays: 1,
    accessLogRetentionDays: 90,
    forceDestroy: false,
    protectBucket: false,
} as const;

/** Checks the arguments before anything is created; throws naming every wrong argument and its value. */
export function validateReceiptsBucketArgs(name: string, args: ReceiptsBucketArgs): void {
    const problems: string[] = [];
    const expire = args.expireAfterDays ?? RECEIPTS_BUCKET_DEFAULTS.expireAfterDays;
    if (!Number.isInteger(expire) || expire < 1 || expire > 3650) {
        problems.push(`expireAfterDays must be an integer from 1 to 3650, but ${expire} was provided`);
    }
    const abort = args.abortIncompleteUploadsAfterDays ?? RECEIPTS_BUCKET_DEFAULTS.abortIncompleteUploadsAfterDays;
    if (!Number.isInteger(abort) || abort < 1 || abort > 30) {
        problems.push(`abortIncompleteUploadsAfterDays must be an integer from 1 to 30, but ${abort} was provided`);
    }
    const logDays = args.accessLogRetentionDays ?? RECEIPTS_BUCKET_DEFAULTS.accessLogRetentionDays;
    if (!Number.isInteger(logDays) || logDays < 1 || logDays > 3650) {
        problems.push(`accessLogRetentionDays must be an integer from 1 to 3650, but ${logDays} was provided`);
    }
    if (args.retry) problems.push(...validateRetryPolicy(args.retry));
    if (problems.length > 0) throw new Error(`ReceiptsBucket ${name}: ${problems.join("; ")}`);
}

/**
 * The EventBridge pattern of S3's "Object Created" events for receipts in one bucket. The same pattern selects them
 * on the default bus (where S3 delivers) and on the orders bus (where they are forwarded), so the two cannot drift.
 */
export function receiptCreatedPattern(bucketName: pulumi.Input<string>): pulumi.Output<Record<string, unknown>> {
    return pulumi.output(bucketName).apply((bucket): Record<string, unknown> => ({
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: { bucket: { name: [bucket] }, object: { key: [{ prefix: RECEIPTS_PREFIX }] } },
    }));
}

/**
 * The receipts bucket and S3 as an event producer. The bucket blocks public access, refuses plain HTTP, is encrypted,
 * expires receipts and sends its events to EventBridge. A rule on the account's default bus forwards "Object Created"
 * for `receipts/` to the orders bus; there a small function reads the receipt and publishes the `ReceiptStored`
 * contract event (S3's event lacks customerId and correlationId, which the contract requires).
 */
export class ReceiptsBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly ownershipControls: aws.s3.BucketOwnershipControls;
    readonly policy: aws.s3.BucketPolicy;
    readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
    readonly notification: aws.s3.BucketNotification;
    /** Server access logs of the receipts bucket (who read or wrote which receipt), kept `accessLogRetentionDays`. */
    readonly accessLogs: aws.s3.Bucket;
    /** Default bus → orders bus, for this bucket's receipts. */
    readonly forward: EventSubscription;
    /** Orders bus (the forwarded S3 event) → the ReceiptStored publisher. */
    readonly publish: EventSubscription;
    readonly publisher: HandlerFunction;
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    private readonly kmsKeyArn?: pulumi.Input<string>;

    constructor(name: string, args: ReceiptsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:ReceiptsBucket", name, {}, opts);
        validateReceiptsBucketArgs(name, args);
        const d = RECEIPTS_BUCKET_DEFAULTS;
        const retry = args.retry ?? EVENT_BUS_DEFAULTS.defaultRetry;
        this.kmsKeyArn = args.kmsKeyArn;

        this.bucket = new aws.s3.Bucket(`${name}-bucket`, {
            forceDestroy: args.forceDestroy ?? d.forceDestroy,
        }, { parent: this, protect: args.protectBucket ?? d.protectBucket });
        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;

        this.publicAccessBlock = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
            bucket: this.bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, { parent: this });

        this.ownershipControls = new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
            bucket: this.bucket.id,
            rule: { objectOwnership: "BucketOwnerEnforced" },
        }, { parent: this });

        this.policy = new aws.s3.BucketPolicy(`${name}-tls-only`, {
            bucket: this.bucket.id,
            policy: policyJson([denyInsecureTransport(["s3:*"], [this.bucket.arn, pulumi.interpolate`${this.bucket.arn}/*`])]),
        }, { parent: this, dependsOn: [this.publicAccessBlock] });

        this.encryption = new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: this.bucket.id,
            rules: [args.kmsKeyArn
                ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }
                : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }, { parent: this });

        this.lifecycle = new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            bucket: this.bucket.id,
            rules: [
                {
                    id: "expire-receipts",
                    status: "Enabled",
                    filter: { prefix: RECEIPTS_PREFIX },
                    expiration: { days: args.expireAfterDays ?? d.expireAfterDays },
                },
                {
                    id: "abort-incomplete-uploads",
                    status: "Enabled",
                    filter: {},
                    abortIncompleteMultipartUpload: { daysAfterInitiation: args.abortIncompleteUploadsAfterDays ?? d.abortIncompleteUploadsAfterDays },
                },
            ],
        }, { parent: this });

        this.accessLogs = this.accessLogBucket(name, args.accessLogRetentionDays ?? d.accessLogRetentionDays, args.forceDestroy ?? d.forceDestroy,
            args.protectBucket ?? d.protectBucket);

        this.notification = new aws.s3.BucketNotification(`${name}-to-eventbridge`, {
            bucket: this.bucket.id,
            eventbridge: true,
        }, { parent: this });

        const pattern = receiptCreatedPattern(this.bucket.bucket);

        // S3 delivers only to the default bus; forward this bucket's receipts to the orders bus (role scoped to the rule).
        this.forward = new EventSubscription(`${name}-forward`, {
            eventBusName: "default",
            awsEventPattern: pattern,
            target: { kind: "eventBus", arn: args.ordersBus.arn },
            retry,
            description: "Forwards the receipts bucket's Object Created events to the orders bus",
            kmsKeyArn: args.kmsKeyArn,
        }, { parent: this });

        const kms = args.kmsKeyArn ? [{ Sid: "DecryptReceipts", Action: ["kms:Decrypt"], Resource: args.kmsKeyArn }] : [];
        this.publisher = new HandlerFunction(`${name}-stored`, {
            handler: createReceiptStoredHandler,
            description: "Reads a new receipt and publishes the ReceiptStored contract event",
            environment: { EVENT_BUS_NAME: args.ordersBus.name },
            permissions: [
                { Sid: "ReadReceipts", Action: ["s3:GetObject"], Resource: pulumi.interpolate`${this.bucket.arn}/${RECEIPTS_PREFIX}*` },
                putEventsStatement(args.ordersBus.arn, ["ReceiptStored"], "PublishReceiptStored"),
                ...kms,
            ],
            memorySize: args.memorySize,
            logRetentionDays: args.logRetentionDays,
            logLevel: args.logLevel,
            kmsKeyArn: args.kmsKeyArn,
        }, { parent: this });

        this.publish = new EventSubscription(`${name}-publish`, {
            eventBusName: args.ordersBus.name,
            awsEventPattern: pattern,
            target: { kind: "lambda", function: this.publisher.function },
            retry,
            description: "Turns forwarded receipt Object Created events into ReceiptStored",
            kmsKeyArn: args.kmsKeyArn,
        }, { parent: this });

        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }

    /**
     * The target of the receipts bucket's server access logs: private, TLS-only, SSE-S3 (S3 log delivery cannot use
     * SSE-KMS), expiring. Only S3's logging service, and only for the receipts bucket of this account, may write to it.
     */
    private accessLogBucket(name: string, retentionDays: number, forceDestroy: boolean, protect: boolean): aws.s3.Bucket {
        const logs = new aws.s3.Bucket(`${name}-access-logs`, { forceDestroy }, { parent: this, protect });
        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-access-logs-public-access`, {
            bucket: logs.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
        }, { parent: this });
        new aws.s3.BucketOwnershipControls(`${name}-access-logs-ownership`, {
            bucket: logs.id, rule: { objectOwnership: "BucketOwnerEnforced" },
        }, { parent: this });
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-access-logs-encryption`, {
            bucket: logs.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }, { parent: this });
        new aws.s3.BucketLifecycleConfiguration(`${name}-access-logs-lifecycle`, {
            bucket: logs.id,
            rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: retentionDays } }],
        }, { parent: this });
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const policy = new aws.s3.BucketPolicy(`${name}-access-logs-policy`, {
            bucket: logs.id,
            policy: policyJson([
                {
                    Sid: "S3LogDeliveryForReceiptsOnly",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: ["s3:PutObject"],
                    Resource: pulumi.interpolate`${logs.arn}/*`,
                    Condition: {
                        ArnLike: { "aws:SourceArn": this.bucket.arn },
                        StringEquals: { "aws:SourceAccount": identity.accountId },
                    },
                },
                denyInsecureTransport(["s3:*"], [logs.arn, pulumi.interpolate`${logs.arn}/*`]),
            ]),
        }, { parent: this, dependsOn: [publicAccess] });
        new aws.s3.BucketLogging(`${name}-access-logging`, {
            bucket: this.bucket.id,
            targetBucket: logs.id,
            targetPrefix: "receipts-bucket/",
        }, { parent: this, dependsOn: [policy] });
        return logs;
    }

    /** What a receipt writer needs, exactly: PutObject under `receipts/`, and the data key when the bucket uses SSE-KMS. */
    grantWriteReceipts(): PolicyStatement[] {
        return [
            { Sid: "WriteReceipts", Action: ["s3:PutObject"], Resource: pulumi.interpolate`${this.bucket.arn}/${RECEIPTS_PREFIX}*` },
            ...(this.kmsKeyArn ? [{ Sid: "EncryptReceipts", Action: ["kms:GenerateDataKey"], Resource: this.kmsKeyArn }] : []),
        ];
    }
}
