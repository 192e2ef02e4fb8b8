import type { PolicyResource } from "@pulumi/policy";
import { allowsEveryone, asArray, asRecord, asString, get, PackPolicy, physicalName, Stack, stackPolicy, Statement, statements } from "./core";
import { attached, bucketPolicies, BUCKETS, lifecycleRules, logTargets, perBucket } from "./s3";
import { T } from "./types";

/**
 * Who can reach a bucket's objects (ACLs, ownership, bucket policies, website hosting) and how long objects and
 * their versions are kept. The bucket's own hardening (public access block, TLS, encryption, logging) is in s3.ts.
 */

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEES = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

/** The public grants of a bucket: its inline acl/grants and those of BucketAcl resources. */
function publicGrants(stack: Stack, bucket: PolicyResource): string[] {
    const found: string[] = [];
    const canned = (acl: unknown) => { if (PUBLIC_CANNED_ACLS.includes(asString(acl) ?? "")) found.push(`canned ACL ${asString(acl)}`); };
    canned(bucket.props.acl);
    for (const grant of asArray(bucket.props.grants)) {
        if (PUBLIC_GRANTEES.test(asString(get(grant, "uri")) ?? "")) found.push(`a grant of ${asArray(get(grant, "permissions")).join(", ")} to ${asString(get(grant, "uri"))}`);
    }
    for (const acl of attached(stack, bucket, T.bucketAcl, T.bucketAclV2)) {
        canned(acl.props.acl);
        for (const grant of asArray(get(acl.props, "accessControlPolicy", "grants"))) {
            const uri = asString(get(grant, "grantee", "uri")) ?? "";
            if (PUBLIC_GRANTEES.test(uri)) found.push(`a grant of ${asString(get(grant, "permission")) ?? "?"} to ${uri}`);
        }
    }
    return found;
}

/** A Deny for everyone on every action with no condition: it locks out the account itself, root included for most actions. */
function locksOut(s: Statement): boolean {
    return s.effect === "Deny" && !s.notActions && s.principals.includes("*") && s.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*") && s.condition === undefined;
}

function versioningStatus(stack: Stack, bucket: PolicyResource): string {
    if (get(bucket.props, "versioning", "enabled") === true) return "Enabled";
    const separate = attached(stack, bucket, T.bucketVersioning, T.bucketVersioningV2).map((v) => asString(get(v.props, "versioningConfiguration", "status")));
    return separate.find((s) => s !== undefined) ?? (get(bucket.props, "versioning", "enabled") === false ? "Disabled" : "not configured");
}

function named(bucket: PolicyResource, names: readonly string[]): boolean {
    return names.includes(bucket.name) || names.includes(physicalName(bucket));
}

export const s3AccessPolicies: PackPolicy[] = [
    stackPolicy({
        name: "s3-no-public-acl", pillar: "Security",
        sources: ["CKV_AWS_20", "CKV_AWS_57", "CKV_AWS_375", "CKV2_AWS_43"],
        description: "No bucket ACL grants access to everyone (AllUsers) or every AWS account (AuthenticatedUsers), by canned ACL or by grant.",
        remediation: "Remove public-read / public-read-write / authenticated-read and AllUsers / AuthenticatedUsers grants; serve public content through CloudFront with OAC.",
    }, perBucket((stack, bucket) => {
        const grants = publicGrants(stack, bucket);
        return grants.length === 0 ? undefined : {
            problem: `its ACL makes objects public: ${grants.join("; ")}`,
            fix: "remove the public ACL and grants (keep objectOwnership BucketOwnerEnforced) and serve public content through CloudFront with an origin access control",
        };
    })),

    stackPolicy({
        name: "s3-object-ownership-enforced", pillar: "Security",
        sources: ["CKV2_AWS_65"],
        description: "Every bucket declares object ownership BucketOwnerEnforced, which turns ACLs off so only policies grant access. A CloudFront legacy log bucket (which needs ACLs) is the one exception.",
        remediation: "Add an aws.s3.BucketOwnershipControls with rule.objectOwnership \"BucketOwnerEnforced\".",
    }, (stack) => {
        const cloudFrontLogBuckets = new Set(stack.ofType(T.distribution).flatMap((d) =>
            stack.find(BUCKETS, (asString(get(d.props, "loggingConfig", "bucket")) ?? "").replace(/\.s3[.-].*$/, ""))));
        return perBucket((s, bucket) => {
            if (cloudFrontLogBuckets.has(bucket)) return undefined;
            const ownership = attached(s, bucket, T.bucketOwnershipControls).map((o) => asString(get(o.props, "rule", "objectOwnership")));
            return ownership.includes("BucketOwnerEnforced") ? undefined : {
                problem: ownership.length === 0 ? "its object ownership is not declared by the stack" : `object ownership is ${ownership.join(", ")}, so ACLs still grant access beside the bucket policy`,
                fix: "add an aws.s3.BucketOwnershipControls with rule: { objectOwnership: \"BucketOwnerEnforced\" }",
            };
        })(stack);
    }),

    stackPolicy({
        name: "s3-policy-not-public", pillar: "Security",
        sources: ["CKV_AWS_70", "AwsSolutions-S5"],
        description: "No bucket policy allows every principal (`*`) without a condition that narrows it (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce, ...).",
        remediation: "Name the principals (e.g. Service cloudfront.amazonaws.com) and add a condition such as AWS:SourceArn = the distribution ARN.",
    }, perBucket((stack, bucket) => {
        const open = bucketPolicies(stack, bucket).flatMap((doc) => statements(doc)).filter(allowsEveryone);
        return open.length === 0 ? undefined : {
            problem: `statement ${open.map((s) => s.sid ?? "(no Sid)").join(", ")} lets anyone ${open.flatMap((s) => s.actions).join(", ")}`,
            fix: "name the principal (e.g. { Service: \"cloudfront.amazonaws.com\" }) and add a Condition (e.g. StringEquals AWS:SourceArn = the distribution ARN)",
        };
    })),

    stackPolicy({
        name: "s3-policy-no-lockout", pillar: "Reliability",
        sources: ["CKV_AWS_93"],
        description: "No bucket policy denies every principal every action without a condition: that locks out the account, and only the root user can delete the policy.",
        remediation: "Add a condition to the Deny (e.g. aws:SecureTransport false) or narrow its actions.",
    }, perBucket((stack, bucket) => {
        const lockouts = bucketPolicies(stack, bucket).flatMap((doc) => statements(doc)).filter(locksOut);
        return lockouts.length === 0 ? undefined : {
            problem: `statement ${lockouts.map((s) => s.sid ?? "(no Sid)").join(", ")} denies everyone every action, so the account locks itself out of the bucket`,
            fix: "give the Deny a condition (e.g. Bool aws:SecureTransport \"false\") or list only the actions to deny",
        };
    })),

    stackPolicy({
        name: "s3-no-website-hosting", pillar: "Security",
        sources: ["AwsSolutions-S5"],
        description: "No bucket serves a static website endpoint (it is HTTP only and works only for public buckets); a site is served by CloudFront with an origin access control from the private bucket. Redirect-only website buckets are fine.",
        remediation: "Remove the website configuration; put CloudFront with OAC in front of the bucket's REST endpoint, with defaultRootObject and customErrorResponses for SPA fallback.",
    }, perBucket((stack, bucket) => {
        const configs = [asRecord(bucket.props.website), ...attached(stack, bucket, T.bucketWebsite, T.bucketWebsiteV2).map((w) => w.props)].filter((c): c is Record<string, unknown> => c !== undefined);
        const serving = configs.filter((c) => c.redirectAllRequestsTo === undefined);
        return serving.length === 0 ? undefined : {
            problem: "it serves a static website endpoint, which speaks plain HTTP and requires the bucket to be public",
            fix: "remove the website configuration and serve the bucket through CloudFront with an origin access control (defaultRootObject, customErrorResponses for SPA fallback)",
        };
    })),

    stackPolicy<{ unversioned?: string[] }>({
        name: "s3-versioning", pillar: "Reliability",
        sources: ["CKV_AWS_21"],
        description: "Buckets that hold data keep versions (versioning Enabled, never Suspended) and expire noncurrent versions with a lifecycle rule, so an overwrite or delete can be undone without paying for every old copy forever. Log buckets and buckets listed in `unversioned` (with the reason in the docs) are exempt.",
        remediation: "Add an aws.s3.BucketVersioning with status Enabled and a lifecycle rule with noncurrentVersionExpiration, or list the bucket in unversioned with the reason.",
        configSchema: { properties: { unversioned: { type: "array", items: { type: "string" } } } },
    }, (stack, config) => {
        const logs = logTargets(stack);
        return perBucket((s, bucket) => {
            if (logs.has(bucket) || named(bucket, config.unversioned ?? [])) return undefined;
            const status = versioningStatus(s, bucket);
            if (status !== "Enabled") {
                return { problem: `versioning is ${status}, so an overwritten or deleted object cannot be recovered`, fix: "add an aws.s3.BucketVersioning with versioningConfiguration: { status: \"Enabled\" } and a lifecycle rule with noncurrentVersionExpiration (or list the bucket in the policy's unversioned config with the reason)" };
            }
            return lifecycleRules(s, bucket).some((r) => r.noncurrentVersionExpiration !== undefined) ? undefined : {
                problem: "it keeps every noncurrent version forever, so each overwrite adds to the bill",
                fix: "add a lifecycle rule with noncurrentVersionExpiration: { noncurrentDays: 30 }",
            };
        })(stack);
    }),

    stackPolicy({
        name: "s3-abort-incomplete-uploads", pillar: "Cost Optimization",
        sources: ["CKV_AWS_300"],
        description: "Every bucket that applications write to has a lifecycle rule that aborts incomplete multipart uploads, whose invisible parts are otherwise billed forever. Log buckets (written only by log delivery) are exempt.",
        remediation: "Add a lifecycle rule with abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } and an empty filter.",
    }, (stack) => {
        const logs = logTargets(stack);
        return perBucket((s, bucket) => logs.has(bucket) || lifecycleRules(s, bucket).some((r) => r.abortIncompleteMultipartUpload !== undefined || r.abortIncompleteMultipartUploadDays !== undefined) ? undefined : {
            problem: "no lifecycle rule aborts incomplete multipart uploads, so their parts are stored and billed forever without showing in listings",
            fix: "add a lifecycle rule { id: \"abort-incomplete-uploads\", status: \"Enabled\", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } }",
        })(stack);
    }),
];
