/**
 * The findings a dev stack is allowed to have, each with the reason the dev stack accepts it. The conformance test
 * fails on any dev finding not matched here, and on any entry here that no longer matches a finding.
 * The prod stack accepts none. docs/policy-pack.md renders this table.
 */
export interface AcceptedFinding {
    readonly policy: string;
    /** Matches the Pulumi name of the resource the finding names. */
    readonly resource: RegExp;
    readonly reason: string;
}

export const DEV_ACCEPTED_FINDINGS: readonly AcceptedFinding[] = [
    {
        policy: "dynamodb-pitr", resource: /.*/,
        reason: "SPEC section 3: dev tables have no point-in-time recovery (billed per GB-month; dev data is disposable). Prod turns it on (pointInTimeRecovery: true).",
    },
    {
        policy: "dynamodb-deletion-protection", resource: /.*/,
        reason: "SPEC section 3: dev stacks are torn down and recreated freely. Prod sets deletion protection and Pulumi protect (protectData: true).",
    },
    {
        policy: "dynamodb-cmk-encryption", resource: /.*/,
        reason: "SPEC section 3: dev uses AWS-owned keys, because a customer-managed key costs $1/month and dev must cost $0 when idle. Prod uses the stack's CMK.",
    },
    {
        policy: "logs-cmk-encryption", resource: /.*/,
        reason: "SPEC section 3: dev has no customer-managed key ($1/month each, and dev must cost $0 when idle), so its log groups use CloudWatch's own encryption. Prod log groups use the stack's CMK.",
    },
    {
        policy: "cognito-threat-protection", resource: /.*/,
        reason: "Dev's user pool is on the Essentials tier (customerThreatProtection: false): its first 10,000 monthly active users are free, while Plus bills every developer who signs in. Threat protection scores real sign-in traffic, which dev does not have. Prod enforces it (Plus, ENFORCED).",
    },
    {
        policy: "sns-encryption", resource: /.*/,
        reason: "Dev has no customer-managed key ($0 idle), and EventBridge and CloudWatch cannot publish to a topic encrypted with the AWS-managed alias/aws/sns key. Prod topics use the stack's CMK.",
    },
];

export function isAccepted(policy: string, resourceName: string, accepted: readonly AcceptedFinding[] = DEV_ACCEPTED_FINDINGS): AcceptedFinding | undefined {
    return accepted.find((a) => a.policy === policy && a.resource.test(resourceName));
}
