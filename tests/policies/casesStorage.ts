/**
 * Fixture pairs for where data is kept: bucket access settings and versions, keys, log groups, alarms, secrets
 * and Firehose streams.
 */
import type { Case } from "./cases";
import { ARN, DENY_INSECURE, doc, logGroup, res, T } from "./fixtures";

const bucket = (name = "receipts", inputs: Record<string, unknown> = {}) => res(T.bucket, name, inputs, { bucket: `${name}-bucket`, arn: `arn:aws:s3:::${name}-bucket` });
const on = (type: string, name: string, inputs: Record<string, unknown>, bucketName = "receipts-bucket") => res(type, name, { bucket: bucketName, ...inputs });
const enforced = (bucketName = "receipts-bucket") => on(T.bucketOwnershipControls, `${bucketName}-ownership`, { rule: { objectOwnership: "BucketOwnerEnforced" } }, bucketName);
const versioned = on(T.bucketVersioning, "receipts-versioning", { versioningConfiguration: { status: "Enabled" } });
const lifecycle = (...rules: Record<string, unknown>[]) => on(T.bucketLifecycle, "receipts-lifecycle", { rules });
const EXPIRE_NONCURRENT = { id: "noncurrent", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 30 } };
const ABORT = { id: "abort", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } };
const policy = (...statement: Record<string, unknown>[]) => on(T.bucketPolicy, "receipts-policy", { policy: doc(...statement) });
const CLOUDFRONT_READ = { Sid: "CloudFrontReads", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::receipts-bucket/*", Condition: { StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E1" } } };
const key = (inputs: Record<string, unknown> = {}) => res(T.kmsKey, "orders-key", {
    enableKeyRotation: true, policy: doc({ Sid: "Account", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }), ...inputs,
});
const alarm = (inputs: Record<string, unknown> = {}) => res(T.metricAlarm, "dlq-depth", { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", alarmActions: [ARN.topic("ops")], ...inputs });
const secret = res(T.secret, "db-password", {}, { arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-AbCdEf" });
const rotation = (inputs: Record<string, unknown> = {}) => res(T.secretRotation, "db-password-rotation", { secretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-AbCdEf", rotationLambdaArn: ARN.fn("rotate"), rotationRules: { automaticallyAfterDays: 30 }, ...inputs });
const firehose = (inputs: Record<string, unknown> = {}) => res(T.firehose, "clicks", { destination: "extended_s3", serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" }, ...inputs });

export const STORAGE_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    // ---------------------------------------------------------------- S3 access
    "s3-no-public-acl": {
        pass: [{ resources: [bucket(), enforced()] }, { resources: [bucket(), on(T.bucketAcl, "receipts-acl", { acl: "private" })] }],
        fail: [
            { resources: [bucket(), on(T.bucketAclV2, "receipts-acl", { acl: "public-read" })], expect: /canned ACL public-read/ },
            { resources: [bucket(), on(T.bucketAcl, "receipts-acl", { accessControlPolicy: { owner: { id: "o" }, grants: [{ permission: "READ", grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" } }] } })], expect: /grant of READ to .*AllUsers/ },
            { resources: [bucket("receipts", { acl: "authenticated-read" })] },
        ],
    },
    "s3-object-ownership-enforced": {
        pass: [
            { resources: [bucket(), enforced()] },
            { resources: [bucket("cf-logs"), on(T.bucketOwnershipControls, "cf-logs-ownership", { rule: { objectOwnership: "BucketOwnerPreferred" } }, "cf-logs-bucket"), res(T.distribution, "site", { loggingConfig: { bucket: "cf-logs-bucket.s3.amazonaws.com" } })] },
        ],
        fail: [
            { resources: [bucket(), on(T.bucketOwnershipControls, "receipts-ownership", { rule: { objectOwnership: "ObjectWriter" } })], expect: /object ownership is ObjectWriter/ },
            { resources: [bucket()], expect: /not declared/ },
        ],
    },
    "s3-policy-not-public": {
        pass: [{ resources: [bucket(), policy(DENY_INSECURE, CLOUDFRONT_READ)] }],
        fail: [
            { resources: [bucket(), policy({ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::receipts-bucket/*" })], expect: /PublicRead lets anyone s3:GetObject/ },
            { resources: [bucket("receipts", { policy: doc({ Sid: "Open", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:PutObject", Resource: "*" }) })] },
        ],
    },
    "s3-policy-no-lockout": {
        pass: [{ resources: [bucket(), policy(DENY_INSECURE)] }],
        fail: [{ resources: [bucket(), policy({ Sid: "DenyAll", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::receipts-bucket" })], expect: /DenyAll denies everyone every action/ }],
    },
    "s3-no-website-hosting": {
        pass: [{ resources: [bucket()] }, { resources: [bucket(), on(T.bucketWebsite, "receipts-redirect", { redirectAllRequestsTo: { hostName: "shop.example.com", protocol: "https" } })] }],
        fail: [
            { resources: [bucket(), on(T.bucketWebsiteV2, "receipts-site", { indexDocument: { suffix: "index.html" } })], expect: /static website endpoint/ },
            { resources: [bucket("receipts", { website: { indexDocument: "index.html" } })] },
        ],
    },
    "s3-versioning": {
        pass: [
            { resources: [bucket(), versioned, lifecycle(EXPIRE_NONCURRENT)] },
            { resources: [bucket(), bucket("logs"), on(T.bucketLogging, "receipts-logging", { targetBucket: "logs-bucket" }), versioned, lifecycle(EXPIRE_NONCURRENT)] },
            { resources: [bucket()], config: { unversioned: ["receipts"] } },
        ],
        fail: [
            { resources: [bucket(), on(T.bucketVersioningV2, "receipts-versioning", { versioningConfiguration: { status: "Suspended" } })], expect: /versioning is Suspended/ },
            { resources: [bucket()], expect: /versioning is not configured/ },
            { resources: [bucket(), versioned, lifecycle(ABORT)], expect: /keeps every noncurrent version forever/ },
        ],
    },
    "s3-abort-incomplete-uploads": {
        pass: [{ resources: [bucket(), lifecycle(ABORT)] }, { resources: [bucket("receipts", { lifecycleRules: [{ enabled: true, abortIncompleteMultipartUploadDays: 1 }] })] }],
        fail: [{ resources: [bucket(), lifecycle({ ...ABORT, status: "Disabled" })], expect: /aborts incomplete multipart uploads/ }],
    },
    // ---------------------------------------------------------------- KMS
    "kms-key-enabled": {
        pass: [{ resources: [key()] }, { resources: [key({ isEnabled: true })] }],
        fail: [{ resources: [key({ isEnabled: false })], expect: /disabled/ }],
    },
    "kms-key-policy-defined": {
        pass: [{ resources: [key()] }],
        fail: [{ resources: [key({ policy: undefined })], expect: /not declared/ }, { resources: [key({ bypassPolicyLockoutSafetyCheck: true })], expect: /lockout safety check/ }],
    },
    // ---------------------------------------------------------------- CloudWatch
    "logs-cmk-encryption": {
        pass: [{ resources: [res(T.logGroup, "g", { retentionInDays: 90, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" })] }],
        fail: [{ resources: [logGroup("g", 7)], expect: /CloudWatch-owned key/ }],
    },
    "cloudwatch-alarm-actions": {
        pass: [{ resources: [alarm()] }],
        fail: [{ resources: [alarm({ alarmActions: [] })], expect: /no alarm action/ }, { resources: [alarm({ actionsEnabled: false })], expect: /actions are disabled/ }],
    },
    // ---------------------------------------------------------------- Secrets Manager, Firehose
    "secretsmanager-rotation": {
        pass: [{ resources: [secret, rotation()] }],
        fail: [
            { resources: [secret], expect: /never rotates/ },
            { resources: [secret, rotation({ rotationRules: { automaticallyAfterDays: 365 } })], expect: /every 365 days/ },
            { resources: [secret, rotation({ rotationEnabled: false })], expect: /never rotates/ },
        ],
    },
    "firehose-encryption": {
        pass: [{ resources: [firehose()] }, { resources: [firehose({ serverSideEncryption: undefined, kinesisSourceConfiguration: { kinesisStreamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/s", roleArn: "r" } })] }],
        fail: [{ resources: [firehose({ serverSideEncryption: { enabled: false } })], expect: /disabled/ }, { resources: [firehose({ serverSideEncryption: undefined })], expect: /not set/ }],
    },
};
