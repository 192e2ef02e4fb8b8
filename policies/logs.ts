import { asNumber, asString, PackPolicy, Problem, resourcePolicy } from "./core";
import { T } from "./types";

export const logsPolicies: PackPolicy[] = [
    resourcePolicy<{ maximumDays?: number; minimumDays?: number }>({
        name: "logs-retention", type: T.logGroup, pillar: "Cost Optimization",
        sources: ["Serverless-CloudWatchLogGroupRetentionPeriod", "CKV_AWS_66", "CKV_AWS_338"],
        description: "Every log group has a retention period (unset means forever, billed per GB-month), at most `maximumDays` and at least `minimumDays` if configured (Checkov CKV_AWS_338 asks for 365).",
        remediation: "Set retentionInDays (logRetentionDays in the stack config).",
        configSchema: { properties: { maximumDays: { type: "integer", minimum: 1 }, minimumDays: { type: "integer", minimum: 1 } } },
    }, (props, config) => {
        const days = asNumber(props.retentionInDays) ?? 0;
        if (days <= 0) return [["it keeps logs forever", "set retentionInDays (logRetentionDays in the stack config)"]];
        const problems: Problem[] = [];
        if (config.maximumDays !== undefined && days > config.maximumDays) problems.push([`it keeps logs ${days} days, more than this stack allows (${config.maximumDays})`, `set retentionInDays to ${config.maximumDays} or less`]);
        if (config.minimumDays !== undefined && days < config.minimumDays) problems.push([`it keeps logs ${days} days, less than this stack requires (${config.minimumDays})`, `set retentionInDays to ${config.minimumDays} or more`]);
        return problems;
    }),

    resourcePolicy({
        name: "logs-cmk-encryption", type: T.logGroup, pillar: "Security",
        sources: ["CKV_AWS_158"],
        description: "Log groups are encrypted with the stack's customer-managed key (kmsKeyId), so reading the logs, which carry order and customer ids, can be audited and revoked through the key.",
        remediation: "Set kmsKeyId to the stack's key (customerManagedKey in the stack config) and let logs.<region>.amazonaws.com use it in the key policy.",
    }, (props) => asString(props.kmsKeyId) ? [] :
        [["it is encrypted with a CloudWatch-owned key, which the account cannot audit or revoke", "set kmsKeyId to the stack's customer-managed key (customerManagedKey: true) and allow logs.<region>.amazonaws.com in its key policy"]]),
];
