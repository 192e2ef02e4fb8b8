import type { PolicyResource } from "@pulumi/policy";
import { asArray, asRecord, asString, deniesInsecureTransport, get, PackPolicy, Stack, stackPolicy, StackProblem, statements } from "./core";
import { T } from "./types";

export const BUCKETS = [T.bucket, T.bucketV2];
const PUBLIC_ACCESS_SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/** The configuration resources (public access block, policy, ...) of `types` that belong to `bucket`. */
export function attached(stack: Stack, bucket: PolicyResource, ...types: string[]): PolicyResource[] {
    return stack.ofType(...types).filter((r) => stack.find(BUCKETS, r.props.bucket).includes(bucket));
}

/**
 * Buckets that receive logs: another bucket's server access logs, or a CloudFront distribution's legacy logs
 * (`loggingConfig.bucket` is the bucket's domain name). Only the log delivery services write to them.
 */
export function logTargets(stack: Stack): Set<PolicyResource> {
    const cloudFront = stack.ofType(T.distribution).map((d) => (asString(get(d.props, "loggingConfig", "bucket")) ?? "").replace(/\.s3[.-].*$/, "")).filter((b) => b !== "");
    return new Set([
        ...stack.ofType(T.bucketLogging, T.bucketLoggingV2).flatMap((l) => stack.find(BUCKETS, l.props.targetBucket)),
        ...stack.ofType(...BUCKETS).flatMap((b) => stack.find(BUCKETS, get(b.props, "logging", "targetBucket"))),
        ...cloudFront.flatMap((name) => stack.find(BUCKETS, name)),
    ]);
}

/** The bucket's policy documents: its inline `policy` and those of aws.s3.BucketPolicy resources. */
export function bucketPolicies(stack: Stack, bucket: PolicyResource): unknown[] {
    return [bucket.props.policy, ...attached(stack, bucket, T.bucketPolicy).map((p) => p.props.policy)].filter((d) => d !== undefined);
}

/** The enabled lifecycle rules of a bucket: inline `lifecycleRules` (enabled) and those of lifecycle configuration resources (status Enabled). */
export function lifecycleRules(stack: Stack, bucket: PolicyResource): Record<string, unknown>[] {
    const inline = asArray(bucket.props.lifecycleRules).map(asRecord).filter((r): r is Record<string, unknown> => r !== undefined && r.enabled === true);
    const separate = attached(stack, bucket, T.bucketLifecycle, T.bucketLifecycleV2).flatMap((l) => asArray(l.props.rules))
        .map(asRecord).filter((r): r is Record<string, unknown> => r !== undefined && asString(r.status) === "Enabled");
    return [...inline, ...separate];
}

export function perBucket(check: (stack: Stack, bucket: PolicyResource) => Omit<StackProblem, "resource"> | undefined) {
    return (stack: Stack) => stack.ofType(...BUCKETS).flatMap((bucket): StackProblem[] => {
        const problem = check(stack, bucket);
        return problem ? [{ resource: bucket, ...problem }] : [];
    });
}

export const s3Policies: PackPolicy[] = [
    stackPolicy({
        name: "s3-public-access-block", pillar: "Security",
        sources: ["AwsSolutions-S2", "CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV_AWS_392"],
        description: "Every bucket, and every access point, has a public access block with all four settings on.",
        remediation: "Add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true (publicAccessBlockConfiguration for access points).",
    }, (stack) => [
        ...perBucket((s, bucket) => {
            const complete = attached(s, bucket, T.bucketPublicAccessBlock).some((b) => PUBLIC_ACCESS_SETTINGS.every((k) => b.props[k] === true));
            return complete ? undefined : {
                problem: "it has no public access block with all four settings on, so an ACL or policy can make objects public",
                fix: "add an aws.s3.BucketPublicAccessBlock for it with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets set to true",
            };
        })(stack),
        ...stack.ofType(T.accessPoint).filter((ap) => {
            // An access point blocks everything unless its configuration turns a setting off.
            const config = asRecord(ap.props.publicAccessBlockConfiguration);
            return config !== undefined && PUBLIC_ACCESS_SETTINGS.some((k) => config[k] === false);
        }).map((ap): StackProblem => ({
            resource: ap,
            problem: "its public access block turns a setting off, so a policy or ACL can expose the bucket through it",
            fix: "set publicAccessBlockConfiguration with all four settings true (or omit it: the default blocks everything)",
        })),
    ]),

    stackPolicy({
        name: "s3-tls-only", pillar: "Security",
        sources: ["AwsSolutions-S10", "CKV_AWS_379"],
        description: "Every bucket's policy denies requests that do not use TLS.",
        remediation: "Add an aws.s3.BucketPolicy with a Deny on s3:* when aws:SecureTransport is false.",
    }, perBucket((stack, bucket) => bucketPolicies(stack, bucket).some((doc) => statements(doc).some(deniesInsecureTransport)) ? undefined : {
        problem: "its policy does not deny requests made without TLS",
        fix: "add an aws.s3.BucketPolicy with { Effect: \"Deny\", Principal: \"*\", Action: \"s3:*\", Resource: [<bucket ARN>, <bucket ARN>/*], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }",
    })),

    stackPolicy({
        name: "s3-encryption", pillar: "Security",
        sources: ["event-driven", "CKV_AWS_19", "CKV_AWS_145"],
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
        sources: ["event-driven", "CKV2_AWS_61"],
        description: "Every bucket has an enabled lifecycle rule (expiry or transition), so objects do not accumulate and bill forever.",
        remediation: "Add an aws.s3.BucketLifecycleConfiguration with at least one Enabled rule.",
    }, perBucket((stack, bucket) => lifecycleRules(stack, bucket).length > 0 ? undefined : {
        problem: "it has no enabled lifecycle rule, so objects are kept (and billed) forever",
        fix: "add an aws.s3.BucketLifecycleConfiguration with an Enabled rule that expires or transitions objects (and aborts incomplete multipart uploads)",
    })),

    stackPolicy({
        name: "s3-server-access-logging", pillar: "Security",
        sources: ["AwsSolutions-S1", "CKV_AWS_18"],
        description: "Every bucket that is not itself a log target writes server access logs to a log bucket.",
        remediation: "Add an aws.s3.BucketLogging with targetBucket set to a log bucket (with its own lifecycle rule).",
    }, (stack) => {
        const targets = logTargets(stack);
        return perBucket((s, bucket) => targets.has(bucket) || asString(get(bucket.props, "logging", "targetBucket")) || attached(s, bucket, T.bucketLogging, T.bucketLoggingV2).length > 0 ? undefined : {
            problem: "it writes no server access logs, so reads and writes of its objects cannot be audited",
            fix: "add an aws.s3.BucketLogging with targetBucket set to a log bucket (expiring its logs with a lifecycle rule)",
        })(stack);
    }),
];
