import { asNumber, PackPolicy, resourcePolicy } from "./core";
import { T } from "./types";

export const logsPolicies: PackPolicy[] = [
    resourcePolicy<{ maximumDays?: number }>({
        name: "logs-retention", type: T.logGroup, pillar: "Cost Optimization",
        sources: ["Serverless:CloudWatchLogGroupRetentionPeriod"],
        description: "Every log group has a retention period (unset means forever, billed per GB-month), at most `maximumDays` if configured.",
        remediation: "Set retentionInDays (logRetentionDays in the stack config).",
        configSchema: { properties: { maximumDays: { type: "integer", minimum: 1 } } },
    }, (props, config) => {
        const days = asNumber(props.retentionInDays) ?? 0;
        if (days <= 0) return [["it keeps logs forever", "set retentionInDays (logRetentionDays in the stack config)"]];
        return config.maximumDays !== undefined && days > config.maximumDays
            ? [[`it keeps logs ${days} days, more than this stack allows (${config.maximumDays})`, `set retentionInDays to ${config.maximumDays} or less`]] : [];
    }),
];
