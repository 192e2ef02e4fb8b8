import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { denyInsecureTransport, PolicyStatement, policyJson } from "./iam";
import { transform, Transform } from "./transform";

export interface PrivateBucketArgs {
    /** Let `pulumi destroy` delete the bucket while it still holds objects. @default false */
    readonly forceDestroy?: boolean;
    /** Pulumi `protect` on the bucket. @default false */
    readonly protect?: boolean;
    /** SSE-KMS with a bucket key under this key. @default SSE-S3 (AES256) */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Lifecycle rules (expiry, aborting multipart uploads); at least one, so nothing is kept forever by accident. */
    readonly lifecycleRules: aws.types.input.s3.BucketLifecycleConfigurationRule[];
    /**
     * Statements the bucket policy grants besides refusing plain HTTP (who may read or write, and on what), or
     * `"later"` when they name a resource that needs the bucket first (then call {@link bucketPolicy}).
     * @default none
     */
    readonly policyStatements?: ((bucket: { arn: pulumi.Output<string> }) => PolicyStatement[]) | "later";
    /** Resource names of the bucket and its policy. @default `<name>-bucket`, `<name>-policy` */
    readonly names?: { readonly bucket?: string; readonly policy?: string };
    /** Changes to the bucket's args. @default none */
    readonly transform?: Transform<aws.s3.BucketArgs>;
}

export interface PrivateBucket {
    readonly bucket: aws.s3.Bucket;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly ownershipControls: aws.s3.BucketOwnershipControls;
    /** Absent when the statements come later, through {@link bucketPolicy}. */
    readonly policy?: aws.s3.BucketPolicy;
    readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
}

/**
 * A bucket no one reaches from the internet: every public-access block on, ACLs disabled (bucket owner enforced),
 * a policy that refuses plain HTTP, encryption at rest and lifecycle rules. Every bucket of the platform is one of
 * these; its children are named `<name>-public-access`, `-ownership`, `-encryption`, `-lifecycle` under `parent`.
 */
export function privateBucket(name: string, args: PrivateBucketArgs, parent: pulumi.Resource): PrivateBucket {
    if (args.lifecycleRules.length === 0) throw new Error(`private bucket ${name}: lifecycleRules must hold at least one rule`);
    const bucket = new aws.s3.Bucket(...transform(args.transform, args.names?.bucket ?? `${name}-bucket`, {
        forceDestroy: args.forceDestroy ?? false,
    }, { parent, protect: args.protect ?? false }));
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }, { parent });
    const ownershipControls = new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
        bucket: bucket.id,
        rule: { objectOwnership: "BucketOwnerEnforced" },
    }, { parent });
    const statements = args.policyStatements;
    const policy = statements === "later" ? undefined : bucketPolicy(args.names?.policy ?? `${name}-policy`, { bucket, publicAccessBlock },
        statements?.({ arn: bucket.arn }) ?? [], parent);
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
        bucket: bucket.id,
        rules: [args.kmsKeyArn
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    }, { parent });
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket: bucket.id, rules: args.lifecycleRules }, { parent });
    return { bucket, publicAccessBlock, ownershipControls, policy, encryption, lifecycle };
}

/**
 * The policy of a private bucket: the given grants, and a refusal of every request not made over TLS. Created after
 * the public access block, so S3 never evaluates a grant while the bucket could still be public.
 */
export function bucketPolicy(
    name: string,
    target: { bucket: aws.s3.Bucket; publicAccessBlock: aws.s3.BucketPublicAccessBlock },
    statements: PolicyStatement[],
    parent: pulumi.Resource,
): aws.s3.BucketPolicy {
    const { bucket } = target;
    return new aws.s3.BucketPolicy(name, {
        bucket: bucket.id,
        policy: policyJson([...statements, denyInsecureTransport(["s3:*"], [bucket.arn, pulumi.interpolate`${bucket.arn}/*`])]),
    }, { parent, dependsOn: [target.publicAccessBlock] });
}

/**
 * A bucket for another bucket's server access logs: private, TLS-only, SSE-S3 (S3 log delivery cannot write to
 * SSE-KMS buckets), expiring after `retentionDays`. Only S3's logging service, and only for `source` in this
 * account, may write to it; the source's logging is switched on here too, under `prefix`.
 */
export function accessLogBucket(
    name: string,
    args: { source: aws.s3.Bucket; prefix: string; retentionDays: number; forceDestroy: boolean; protect: boolean },
    parent: pulumi.Resource,
): aws.s3.Bucket {
    const identity = aws.getCallerIdentityOutput({}, { parent });
    const logs = privateBucket(`${name}-access-logs`, {
        forceDestroy: args.forceDestroy,
        protect: args.protect,
        lifecycleRules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: args.retentionDays } }],
        policyStatements: (bucket) => [{
            Sid: "S3LogDeliveryForOneBucketOnly",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: ["s3:PutObject"],
            Resource: pulumi.interpolate`${bucket.arn}/*`,
            Condition: {
                ArnLike: { "aws:SourceArn": args.source.arn },
                StringEquals: { "aws:SourceAccount": identity.accountId },
            },
        }],
        names: { bucket: `${name}-access-logs` },
    }, parent);
    new aws.s3.BucketLogging(`${name}-access-logging`, {
        bucket: args.source.id,
        targetBucket: logs.bucket.id,
        targetPrefix: args.prefix,
    }, { parent, dependsOn: [logs.policy!] });
    return logs.bucket;
}
