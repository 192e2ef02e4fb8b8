import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { HANDLERS } from "../functions/handlers";
import { RECEIPTS_PREFIX } from "../contracts/records";
import { EventBus } from "./eventBus";
import { EventSubscription, RetryPolicy, validateRetryPolicy } from "./eventSubscription";
import { HandlerFunction } from "./handlerFunction";
import { PolicyStatement } from "./iam";
import { accessLogBucket, privateBucket } from "./privateBucket";
import { SharedSettings } from "./settings";
import { Transform } from "./transform";

export interface ReceiptsBucketArgs extends SharedSettings {
    /** The orders bus: S3's events are forwarded to it, and ReceiptStored is published on it. */
    readonly eventBus: EventBus;
    /** Days after which a receipt expires, 1 to 3650. @default 365 */
    readonly expireAfterDays?: number;
    /** Days the server access logs are kept, 1 to 3650. @default 90 */
    readonly accessLogRetentionDays?: number;
    /** Days after which an unfinished multipart upload is aborted, 1 to 30. @default 1 */
    readonly abortIncompleteUploadsAfterDays?: number;
    /** Let `pulumi destroy` delete a bucket that still holds receipts. @default false */
    readonly forceDestroy?: boolean;
    /** Pulumi `protect` on both buckets. @default false */
    readonly protect?: boolean;
    /** Retry policy of both rules (default bus → orders bus, orders bus → publisher). @default the bus default */
    readonly retry?: RetryPolicy;
    /** Changes to the receipts bucket's args. @default none */
    readonly transform?: { readonly bucket?: Transform<aws.s3.BucketArgs> };
}

export const RECEIPTS_BUCKET_DEFAULTS = {
    expireAfterDays: 365,
    abortIncompleteUploadsAfterDays: 1,
    accessLogRetentionDays: 90,
    forceDestroy: false,
    protect: false,
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
 * contract event (S3's event lacks customerId and correlationId, which the contract requires). Both rules are the
 * bus's subscriptions, with its retry policy and a DLQ each.
 */
export class ReceiptsBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly ownershipControls: aws.s3.BucketOwnershipControls;
    readonly policy: aws.s3.BucketPolicy;
    readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
    readonly notification: aws.s3.BucketNotification;
    /** The bucket that receives the receipts bucket's server access logs. */
    readonly accessLogs: aws.s3.Bucket;
    /** Default bus → orders bus, for this bucket's receipts. */
    readonly forward: EventSubscription;
    /** Orders bus (the forwarded S3 event) → the ReceiptStored publisher. */
    readonly publish: EventSubscription;
    readonly publisher: HandlerFunction;
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    /** What monitoring watches: the publisher and both rules. */
    readonly monitoring: { readonly functions: HandlerFunction[]; readonly subscriptions: EventSubscription[] };
    private readonly kmsKeyArn?: pulumi.Input<string>;

    constructor(name: string, args: ReceiptsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:ReceiptsBucket", name, {}, opts);
        validateReceiptsBucketArgs(name, args);
        const d = RECEIPTS_BUCKET_DEFAULTS;
        const forceDestroy = args.forceDestroy ?? d.forceDestroy;
        const protect = args.protect ?? d.protect;
        this.kmsKeyArn = args.kmsKeyArn;

        const receipts = privateBucket(name, {
            forceDestroy,
            protect,
            kmsKeyArn: args.kmsKeyArn,
            lifecycleRules: [
                { id: "expire-receipts", status: "Enabled", filter: { prefix: RECEIPTS_PREFIX }, expiration: { days: args.expireAfterDays ?? d.expireAfterDays } },
                {
                    id: "abort-incomplete-uploads",
                    status: "Enabled",
                    filter: {},
                    abortIncompleteMultipartUpload: { daysAfterInitiation: args.abortIncompleteUploadsAfterDays ?? d.abortIncompleteUploadsAfterDays },
                },
            ],
            names: { policy: `${name}-tls-only` },
            transform: args.transform?.bucket,
        }, this);
        ({ bucket: this.bucket, publicAccessBlock: this.publicAccessBlock, ownershipControls: this.ownershipControls,
            encryption: this.encryption, lifecycle: this.lifecycle } = receipts);
        this.policy = receipts.policy!;
        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;

        this.accessLogs = accessLogBucket(name, {
            source: this.bucket, prefix: "receipts-bucket/", retentionDays: args.accessLogRetentionDays ?? d.accessLogRetentionDays, forceDestroy, protect,
        }, this);

        this.notification = new aws.s3.BucketNotification(`${name}-to-eventbridge`, {
            bucket: this.bucket.id,
            eventbridge: true,
        }, { parent: this });

        const pattern = receiptCreatedPattern(this.bucket.bucket);
        // These rules were this component's children before they became the bus's; the aliases keep them in place.
        const movedFrom = (role: string) => [{ name: `${name}-${role}`, parent: this }];

        // S3 delivers only to the default bus; forward this bucket's receipts to the orders bus (role scoped to the rule).
        this.forward = args.eventBus.routeFromDefaultBus(`${name}-forward`, pattern, {
            retry: args.retry,
            description: "Forwards the receipts bucket's Object Created events to the orders bus",
            aliases: movedFrom("forward"),
        });

        this.publisher = new HandlerFunction(`${name}-stored`, {
            handler: HANDLERS.receiptStored,
            description: "Reads a new receipt and publishes the ReceiptStored contract event",
            environment: { EVENT_BUS_NAME: args.eventBus.name },
            permissions: [...this.grantReadReceipts(), ...args.eventBus.grantPublish(["ReceiptStored"], "PublishReceiptStored")],
            functions: args.functions,
            logRetentionDays: args.logRetentionDays,
            kmsKeyArn: args.kmsKeyArn,
        }, { parent: this });

        this.publish = args.eventBus.subscribePattern(`${name}-publish`, pattern, { kind: "lambda", function: this.publisher.function }, {
            retry: args.retry,
            description: "Turns forwarded receipt Object Created events into ReceiptStored",
            aliases: movedFrom("publish"),
        });

        this.monitoring = { functions: [this.publisher], subscriptions: [this.forward, this.publish] };
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }

    /** What a receipt writer needs, exactly: PutObject under `receipts/`, and the data key when the bucket uses SSE-KMS. */
    grantWriteReceipts(): PolicyStatement[] {
        return [
            { Sid: "WriteReceipts", Action: ["s3:PutObject"], Resource: pulumi.interpolate`${this.bucket.arn}/${RECEIPTS_PREFIX}*` },
            ...(this.kmsKeyArn ? [{ Sid: "EncryptReceipts", Action: ["kms:GenerateDataKey"], Resource: this.kmsKeyArn }] : []),
        ];
    }

    /** What a receipt reader needs, exactly: GetObject under `receipts/`, and kms:Decrypt when the bucket uses SSE-KMS. */
    grantReadReceipts(): PolicyStatement[] {
        return [
            { Sid: "ReadReceipts", Action: ["s3:GetObject"], Resource: pulumi.interpolate`${this.bucket.arn}/${RECEIPTS_PREFIX}*` },
            ...(this.kmsKeyArn ? [{ Sid: "DecryptReceipts", Action: ["kms:Decrypt"], Resource: this.kmsKeyArn }] : []),
        ];
    }
}
