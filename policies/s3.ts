import type { PolicyResource } from "@pulumi/policy";
import { asArray, asRecord, asString, deniesInsecureTransport, get, PackPolicy, Stack, stackPolicy, StackProblem, statements } from "./core";
import { T } from "./types";

const BUCKETS = [T.bucket, T.bucketV2];

/** The configuration resources (public access block, policy, ...) of `types` that belong to `bucket`. */
function attached(stack: Stack, bucket: PolicyResource, ...types: string[]): PolicyResource[] {
    return stack.ofType(...types).filter((r) => stack.find(BUCKETS, r.props.bucket).includes(bucket));
}

/** Buckets that receive another bucket's server access logs (they cannot usefully log to themselves). */
function logTargets(stack: Stack): Set<PolicyResource> {
    return new Set(stack.ofType(T.bucketLogging, T.bucketLoggingV2).flatMap((l) => stack.find(BUCKETS, l.props.targetBucket)));
}

function perBucket(check: (stack: Stack, bucket: PolicyResource) => Omit<StackProblem, "resource"> | undefined) {
    return (stack: Stack) => stack.ofType(...BUCKETS).flatMap((bucket): StackProblem[] => {
        const problem = check(stack, bucket);
        return problem ? [{ resource: bucket, ...problem }] : [];
    });
}

export const s3Policies: PackPolicy[] = [
    stackPolicy({
        name: "s3-public-access-block", pillar: "Security",
        sources: ["AwsSolutions-S2"],
        description: "Every bucket has a public access block with all four settings on.",
        remediation: "Add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    }, perBucket((stack, bucket) => {
        const complete = attached(stack, bucket, T.bucketPublicAccessBlock).some((b) =>
            ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((k) => b.props[k] === true));
        return complete ? undefined : {
            problem: "it has no public access block with all four settings on, so an ACL or policy can make objects public",
            fix: "add an aws.s3.BucketPublicAccessBlock for it with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets set to true",
        };
    })),

    stackPolicy({
        name: "s3-tls-only", pillar: "Security",
        sources: ["AwsSolutions-S10"],
        description: "Every bucket's policy denies requests that do not use TLS.",
        remediation: "Add an aws.s3.BucketPolicy with a Deny on s3:* when aws:SecureTransport is false.",
    }, perBucket((stack, bucket) => attached(stack, bucket, T.bucketPolicy).some((p) => statements(p.props.policy).some(deniesInsecureTransport)) ? undefined : {
        problem: "its policy does not deny requests made without TLS",
        fix: "add an aws.s3.BucketPolicy with { Effect: \"Deny\", Principal: \"*\", Action: \"s3:*\", Resource: [<bucket ARN>, <bucket ARN>/*], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }",
    })),

    stackPolicy({
        name: "s3-encryption", pillar: "Security",
        sources: ["event-driven"],
        description: "Every bucket declares its default encryption (SSE-S3, or SSE-KMS with the stack's key and a bucket key).",
        remediation: "Add an aws.s3.BucketServerSideEncryptionConfiguration with an applyServerSideEncryptionByDefault rule.",
    }, perBucket((stack, bucket) => {
        const inline = asArray(get(bucket.props, "serverSideEncryptionConfiguration", "rule")).length > 0 || asRecord(get(bucket.props, "serverSideEncryptionConfiguration", "rule")) !== undefined;
        const separate = attached(stack, bucket, T.bucketEncryption, T.bucketEncryptionV2).some((e) =>
            asArray(e.props.rules).some((r) => asString(get(r, "applyServerSideEncryptionByDefault", "sseAlgorithm"))));
        return inline || separate ? undefined : {
            problem: "its default encryption is not declared by the stack",
            fix: "add an aws.s3.BucketServerSideEncryptionConfiguration with rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: \"aws:kms\", kmsMasterKeyId }, bucketKeyEnabled: true }] (or \"AES256\" without a key)",
        };
    })),

    stackPolicy({
        name: "s3-lifecycle", pillar: "Cost Optimization",
        sources: ["event-driven"],
        description: "Every bucket has an enabled lifecycle rule (expiry or transition), so objects do not accumulate and bill forever.",
        remediation: "Add an aws.s3.BucketLifecycleConfiguration with at least one Enabled rule.",
    }, perBucket((stack, bucket) => attached(stack, bucket, T.bucketLifecycle, T.bucketLifecycleV2).some((l) =>
        asArray(l.props.rules).some((r) => asString(get(r, "status")) === "Enabled")) ? undefined : {
        problem: "it has no enabled lifecycle rule, so objects are kept (and billed) forever",
        fix: "add an aws.s3.BucketLifecycleConfiguration with an Enabled rule that expires or transitions objects (and aborts incomplete multipart uploads)",
    })),

    stackPolicy({
        name: "s3-server-access-logging", pillar: "Security",
        sources: ["AwsSolutions-S1"],
        description: "Every bucket that is not itself a log target writes server access logs to a log bucket.",
        remediation: "Add an aws.s3.BucketLogging with targetBucket set to a log bucket (with its own lifecycle rule).",
    }, (stack) => {
        const targets = logTargets(stack);
        return perBucket((s, bucket) => targets.has(bucket) || attached(s, bucket, T.bucketLogging, T.bucketLoggingV2).length > 0 ? undefined : {
            problem: "it writes no server access logs, so reads and writes of its objects cannot be audited",
            fix: "add an aws.s3.BucketLogging with targetBucket set to a log bucket (expiring its logs with a lifecycle rule)",
        })(stack);
    }),
];
