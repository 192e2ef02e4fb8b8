import type { MockResource } from "../../tools/mockProgram";
import { T, shortType } from "./resources";

export interface ResourceRow {
    readonly type: string;
    readonly name: string;
    /** The settings that decide cost, safety and behaviour for this type, e.g. "nodejs22.x arm64 512 MB". */
    readonly settings: string;
}

const join = (...parts: (string | false | undefined)[]): string => parts.filter(Boolean).join(", ");

/** The key settings of one resource, by type; empty for types without a setting worth a column. */
export function keySettings(r: MockResource): string {
    const i = r.inputs;
    switch (r.type) {
        case T.function:
            return join(`${i.runtime} ${(i.architectures ?? ["x86_64"]).join("/")} ${i.memorySize ?? 128} MB`, `timeout ${i.timeout ?? 3} s`,
                i.tracingConfig?.mode === "Active" && "X-Ray", i.loggingConfig?.applicationLogLevel && `log ${i.loggingConfig.applicationLogLevel}`);
        case T.stateMachine:
            return join(String(i.type ?? "STANDARD"), `log ${i.loggingConfiguration?.level ?? "OFF"}`, i.tracingConfiguration?.enabled && "X-Ray");
        case T.table:
            return join(String(i.billingMode ?? "PROVISIONED"), i.pointInTimeRecovery?.enabled && "PITR", i.deletionProtectionEnabled && "deletion protection",
                i.serverSideEncryption?.kmsKeyArn ? "CMK" : i.serverSideEncryption?.enabled ? "AWS-managed key" : "AWS-owned key", i.ttl?.enabled && `TTL ${i.ttl.attributeName}`);
        case T.logGroup:
            return join(i.retentionInDays ? `retention ${i.retentionInDays} d` : "retention never expires", i.kmsKeyId && "CMK");
        case T.queue:
            return join(i.visibilityTimeoutSeconds !== undefined && `visibility ${i.visibilityTimeoutSeconds} s`,
                i.messageRetentionSeconds !== undefined && `retention ${Math.round(i.messageRetentionSeconds / 86400)} d`,
                i.kmsMasterKeyId ? "CMK" : i.sqsManagedSseEnabled ? "SSE-SQS" : undefined,
                typeof i.redrivePolicy === "string" && `DLQ after ${JSON.parse(i.redrivePolicy).maxReceiveCount}`);
        case T.mapping:
            return join(`batch ${i.batchSize ?? 10}`, i.maximumBatchingWindowInSeconds && `window ${i.maximumBatchingWindowInSeconds} s`,
                i.scalingConfig?.maximumConcurrency && `max concurrency ${i.scalingConfig.maximumConcurrency}`, (i.functionResponseTypes ?? []).join(" "));
        case T.target:
            return join(i.retryPolicy && `retry ${i.retryPolicy.maximumRetryAttempts}× within ${i.retryPolicy.maximumEventAgeInSeconds} s`,
                i.deadLetterConfig?.arn ? "DLQ" : "no DLQ", i.inputTransformer && "input transformer");
        case T.rule: {
            try {
                const pattern = JSON.parse(String(i.eventPattern));
                const alts = Array.isArray(pattern.$or) ? pattern.$or : [pattern];
                return `on ${i.eventBusName ?? "default"}: ${alts.flatMap((a: any) => a["detail-type"] ?? a.source ?? []).join(" | ")}`;
            } catch {
                return `on ${i.eventBusName ?? "default"}`;
            }
        }
        case T.archive: return `retention ${i.retentionDays ?? "∞"} d`;
        case T.stage: return join(i.defaultRouteSettings && `throttle ${i.defaultRouteSettings.throttlingRateLimit}/s burst ${i.defaultRouteSettings.throttlingBurstLimit}`, i.accessLogSettings && "access logs");
        case T.route: return String(i.routeKey);
        case "aws:kms/key:Key": return join(i.enableKeyRotation && "rotation", i.deletionWindowInDays && `deletion window ${i.deletionWindowInDays} d`);
        case "aws:cloudwatch/metricAlarm:MetricAlarm": return join(`${i.namespace ?? "math"} ${i.metricName ?? ""}`.trim(), `${i.comparisonOperator ?? ""} ${i.threshold ?? ""}`.trim());
        case T.subscription: return String(i.protocol);
        default: return "";
    }
}

/** One row per resource, sorted by type then name. */
export function resourceRows(resources: MockResource[]): ResourceRow[] {
    return resources
        .map((r) => ({ type: shortType(r.type), name: r.name, settings: keySettings(r) }))
        .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
}

/** A plain-text table with padded columns. */
export function table(header: string[], rows: string[][]): string {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? "").length)));
    const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join("  ").trimEnd();
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
