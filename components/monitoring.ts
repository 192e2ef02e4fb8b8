import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as cloudwatch from "@pulumi/awsx/classic/cloudwatch";
import { metrics as lambdaMetrics } from "@pulumi/awsx/classic/lambda";
import { metrics as sqsMetrics } from "@pulumi/awsx/classic/sqs";
import { collectMonitored, Watchable } from "./monitored";
import { EMAIL_ADDRESS } from "../constants/patterns";
import { EmailSubscriptions } from "./emailSubscriptions";
export type { Monitored, Watchable } from "./monitored";
import { denyInsecureTransport, policyJson } from "./iam";

/** The kinds of alarm this component creates; each has one entry in {@link MONITORING_DEFAULTS}. */
export type AlarmKind =
    | "deadLetterQueueDepth" | "queueAge"
    | "lambdaErrors" | "lambdaThrottles"
    | "executionsFailed" | "executionsTimedOut"
    | "ruleFailedInvocations" | "ruleDeadLetterFailures"
    | "api5xx";

export interface AlarmSettings {
    /** Statistic over one period: Sum counts events, Maximum sees a single message. */
    readonly statistic: "Sum" | "Maximum" | "Average";
    /** The alarm fires when the statistic is greater than this, 0 or more. */
    readonly threshold: number;
    /** Seconds per period: 60 or a multiple of 60 (standard resolution, the price of {@link MONITORING_DEFAULTS}). */
    readonly periodSeconds: number;
    /** Consecutive breaching periods before the alarm fires, 1 to 10. */
    readonly evaluationPeriods: number;
}

/**
 * Thresholds and periods of every alarm. One order lost to a DLQ, one failed execution or one 5xx is an
 * incident, so most thresholds are "more than 0 in 5 minutes". Missing data (an idle hour emits nothing)
 * is never breaching.
 */
export const MONITORING_DEFAULTS: { readonly alarms: Readonly<Record<AlarmKind, AlarmSettings>>; readonly dashboardPeriodSeconds: number } = {
    alarms: {
        /** Any message in a DLQ is an event that missed its target after every retry. */
        deadLetterQueueDepth: { statistic: "Maximum", threshold: 0, periodSeconds: 300, evaluationPeriods: 1 },
        /** A work queue whose oldest message waits more than 15 minutes has a stuck or throttled consumer. */
        queueAge: { statistic: "Maximum", threshold: 900, periodSeconds: 300, evaluationPeriods: 1 },
        lambdaErrors: { statistic: "Sum", threshold: 0, periodSeconds: 300, evaluationPeriods: 1 },
        /** Throttles mean the concurrency bounds are too tight for the load. */
        lambdaThrottles: { statistic: "Sum", threshold: 0, periodSeconds: 300, evaluationPeriods: 1 },
        executionsFailed: { statistic: "Sum", threshold: 0, periodSeconds: 300, evaluationPeriods: 1 },
        executionsTimedOut: { statistic: "Sum", threshold: 0, periodSeconds: 300, evaluationPeriods: 1 },
        /** Deliveries that failed after every retry (they went to the DLQ). */
        ruleFailedInvocations: { statistic: "Sum", threshold: 0, periodSeconds: 300, evaluationPeriods: 1 },
        /** Deliveries that could not even reach the DLQ: the only path on which an event is lost. */
        ruleDeadLetterFailures: { statistic: "Sum", threshold: 0, periodSeconds: 300, evaluationPeriods: 1 },
        api5xx: { statistic: "Sum", threshold: 0, periodSeconds: 300, evaluationPeriods: 1 },
    },
    dashboardPeriodSeconds: 300,
};

export interface OrderMonitoringArgs {
    /** The components (or anything else with a `monitoring` property) to watch; each resource is watched once. */
    readonly watch: Watchable[];
    /** Email addresses subscribed to the ops topic (each must confirm once). @default none */
    readonly alarmEmails?: string[];
    /** Customer-managed key for the ops topic. CloudWatch cannot publish to a topic under the AWS-managed SNS key, so without it the topic is not SSE-encrypted. @default not encrypted */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Name of the dashboard, unique in the account and region. @default `<name>-<stack>` */
    readonly dashboardName?: string;
    /** Overrides of {@link MONITORING_DEFAULTS} per alarm kind. @default MONITORING_DEFAULTS.alarms */
    readonly alarms?: { readonly [K in AlarmKind]?: Partial<AlarmSettings> };
}

const MAX_ALARMS_PER_WIDGET = 100;
const MAX_LOG_GROUPS_PER_QUERY = 50;

function settingsFor(args: OrderMonitoringArgs, kind: AlarmKind): AlarmSettings {
    return { ...MONITORING_DEFAULTS.alarms[kind], ...args.alarms?.[kind] };
}

/** Checks the arguments before anything is created; throws naming the argument and what is allowed. */
export function validateOrderMonitoringArgs(name: string, args: OrderMonitoringArgs): void {
    const problems: string[] = [];
    const watched = collectMonitored(args.watch ?? []);
    if (Object.values(watched).every((list) => list.length === 0)) {
        problems.push("nothing to watch: pass components whose `monitoring` lists functions, stateMachines, subscriptions, deadLetterQueues, workQueues or apis");
    }
    for (const email of args.alarmEmails ?? []) {
        if (!EMAIL_ADDRESS.test(email)) problems.push(`alarmEmails must hold email addresses, but "${email}" was provided`);
    }
    for (const kind of Object.keys(args.alarms ?? {})) {
        if (!(kind in MONITORING_DEFAULTS.alarms)) {
            problems.push(`alarms.${kind} is not an alarm kind (${Object.keys(MONITORING_DEFAULTS.alarms).join(", ")})`);
            continue;
        }
        const s = settingsFor(args, kind as AlarmKind);
        if (!(s.threshold >= 0)) problems.push(`alarms.${kind}.threshold must be 0 or more, but ${s.threshold} was provided`);
        if (!Number.isInteger(s.periodSeconds) || s.periodSeconds < 60 || s.periodSeconds % 60 !== 0) {
            problems.push(`alarms.${kind}.periodSeconds must be a multiple of 60 (standard resolution), but ${s.periodSeconds} was provided`);
        }
        if (!Number.isInteger(s.evaluationPeriods) || s.evaluationPeriods < 1 || s.evaluationPeriods > 10) {
            problems.push(`alarms.${kind}.evaluationPeriods must be an integer from 1 to 10, but ${s.evaluationPeriods} was provided`);
        }
        if (!["Sum", "Maximum", "Average"].includes(s.statistic)) {
            problems.push(`alarms.${kind}.statistic must be one of Sum, Maximum, Average, but ${s.statistic} was provided`);
        }
    }
    if (problems.length > 0) throw new Error(`OrderMonitoring ${name}: ${problems.join("; ")}`);
}

/** The dimensions EventBridge publishes rule metrics under: RuleName, plus EventBusName on a custom bus. */
export function ruleDimensions(ruleName: string, eventBusName: string | undefined): Record<string, string> {
    const bus = eventBusName?.startsWith("arn:") ? eventBusName.split("event-bus/")[1] : eventBusName;
    return bus && bus !== "default" ? { EventBusName: bus, RuleName: ruleName } : { RuleName: ruleName };
}

/** awsx's LogWidget knows only the time-series view; a list of error lines reads better as CloudWatch's table view. */
class LogTableWidget extends cloudwatch.LogWidget {
    protected computeProperties(region: pulumi.Output<aws.Region>) {
        return { ...super.computeProperties(region), view: "table" as unknown as "timeSeries" };
    }
}

/**
 * Production observability of the order flow: an ops SNS topic (encrypted with the stack's key, with the
 * operators' email subscriptions), an alarm with alarm and OK actions to it for every failure signal of
 * the flow, and one CloudWatch dashboard that follows an order from the API to the consumers.
 *
 * Alarms and dashboards are billed per month, so a stack creates this only when `monitoring` is on.
 * Metrics, alarms and widgets are awsx `Metric`s, so each alarm and its graph share one definition.
 */
export class OrderMonitoring extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    readonly topicPolicy: aws.sns.TopicPolicy;
    readonly emailSubscriptions: EmailSubscriptions;
    /** Every alarm, by kind. */
    readonly alarms: { readonly kind: AlarmKind; readonly watched: string; readonly alarm: aws.cloudwatch.MetricAlarm }[] = [];
    readonly dashboard: cloudwatch.Dashboard;
    /** The ops topic: other components may send their own alarms here. */
    readonly alarmTopicArn: pulumi.Output<string>;
    readonly dashboardName: pulumi.Output<string>;
    readonly dashboardUrl: pulumi.Output<string>;

    constructor(name: string, args: OrderMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:OrderMonitoring", name, {}, opts);
        validateOrderMonitoringArgs(name, args);
        const watched = collectMonitored(args.watch);
        const functions = watched.functions.map((f) => f.function);
        const { stateMachines, subscriptions, workQueues } = watched;
        const deadLetterQueues = [...subscriptions.map((s) => s.deadLetterQueue), ...watched.deadLetterQueues];
        const period = MONITORING_DEFAULTS.dashboardPeriodSeconds;

        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const region = aws.getRegionOutput({}, { parent: this });

        this.topic = new aws.sns.Topic(`${name}-alarms`, {
            displayName: "Order platform alarms",
            kmsMasterKeyId: args.kmsKeyArn,
        }, { parent: this });
        this.alarmTopicArn = this.topic.arn;
        this.topicPolicy = new aws.sns.TopicPolicy(`${name}-alarms-policy`, {
            arn: this.topic.arn,
            policy: policyJson([
                {
                    Sid: "OnlyThisAccountsAlarmsPublish",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: ["sns:Publish"],
                    Resource: this.topic.arn,
                    Condition: {
                        ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:cloudwatch:${region.region}:${identity.accountId}:alarm:*` },
                        StringEquals: { "aws:SourceAccount": identity.accountId },
                    },
                },
                denyInsecureTransport(["sns:Publish"], this.topic.arn),
            ]),
        }, { parent: this });
        // The alarm mails themselves must not vanish: undeliverable ones go to a DLQ, which is watched like every other.
        this.emailSubscriptions = new EmailSubscriptions(`${name}-alarm-emails`, {
            topic: this.topic, emails: args.alarmEmails ?? [], kmsKeyArn: args.kmsKeyArn,
        }, { parent: this });
        deadLetterQueues.push(...this.emailSubscriptions.monitoring.deadLetterQueues);

        const alarm = (kind: AlarmKind, watched: string, metric: cloudwatch.Metric, description: string) => {
            const s = settingsFor(args, kind);
            const created = metric.withPeriod(s.periodSeconds).withStatistic(s.statistic).createAlarm(`${name}-${watched}-${kind}`, {
                alarmDescription: `${description} Threshold: ${s.statistic} > ${s.threshold} over ${s.evaluationPeriods} x ${s.periodSeconds} s. ` +
                    "Runbook: docs/operations.md.",
                comparisonOperator: "GreaterThanThreshold",
                threshold: s.threshold,
                evaluationPeriods: s.evaluationPeriods,
                treatMissingData: "notBreaching",
                alarmActions: [this.topic.arn],
                okActions: [this.topic.arn],
            }, { parent: this });
            this.alarms.push({ kind, watched, alarm: created });
            return created;
        };

        // Metric definitions, shared by the alarms and the dashboard.
        const named = <T extends pulumi.Resource>(resources: T[]) => resources.map((resource) => ({ resource, label: pulumi.resourceName(resource) }));
        const dlqDepth = named(deadLetterQueues).map(({ resource, label }) => ({ label, metric: sqsMetrics.approximateNumberOfMessagesVisible({ queue: resource, label }) }));
        const workDepth = named(workQueues).map(({ resource, label }) => ({ label, metric: sqsMetrics.approximateNumberOfMessagesVisible({ queue: resource, label }) }));
        const workAge = named(workQueues).map(({ resource, label }) => ({ label, metric: sqsMetrics.approximateAgeOfOldestMessage({ queue: resource, label }) }));
        const fnErrors = named(functions).map(({ resource, label }) => ({ label, metric: lambdaMetrics.errors({ function: resource, label }) }));
        const fnThrottles = named(functions).map(({ resource, label }) => ({ label, metric: lambdaMetrics.throttles({ function: resource, label }) }));
        const fnDuration = named(functions).map(({ resource, label }) => lambdaMetrics.duration({ function: resource, label, extendedStatistic: 99 }));
        const states = (metricName: string) => named(stateMachines).map(({ resource, label }) => ({
            label,
            metric: new cloudwatch.Metric({ namespace: "AWS/States", name: metricName, dimensions: { StateMachineArn: resource.arn }, label: `${label} ${metricName}` }),
        }));
        const rules = (metricName: string) => subscriptions.map((subscription) => {
            const label = pulumi.resourceName(subscription);
            const dimensions = pulumi.all([subscription.rule.name, subscription.rule.eventBusName]).apply(([rule, bus]) => ruleDimensions(rule, bus));
            return { label, metric: new cloudwatch.Metric({ namespace: "AWS/Events", name: metricName, dimensions, label: `${label} ${metricName}` }) };
        });
        // One HTTP API per stack today; the first stage reported is the one alarmed and graphed.
        const apiStage = watched.apis.at(0);
        const api = (metricName: string, change: { statistic?: "Sum"; extendedStatistic?: number } = { statistic: "Sum" }) => apiStage
            ? new cloudwatch.Metric({
                namespace: "AWS/ApiGateway", name: metricName, label: `API ${metricName}`, ...change,
                dimensions: { ApiId: apiStage.apiId, Stage: apiStage.stageName },
            })
            : undefined;

        for (const { label, metric } of dlqDepth) alarm("deadLetterQueueDepth", label, metric, `Messages waiting in the dead-letter queue ${label}: events that missed their target after every retry. Inspect them, fix the cause, then redrive.`);
        for (const { label, metric } of workAge) alarm("queueAge", label, metric, `The oldest message in ${label} is getting old: its consumer is failing, throttled or stopped.`);
        for (const { label, metric } of fnErrors) alarm("lambdaErrors", label, metric, `Function ${label} returned errors. Search its log group by correlationId.`);
        for (const { label, metric } of fnThrottles) alarm("lambdaThrottles", label, metric, `Function ${label} was throttled: its concurrency bound is too tight for the load.`);
        for (const { label, metric } of states("ExecutionsFailed")) alarm("executionsFailed", label, metric, `Executions of ${label} failed: a recorded failure (OrderFailed follows from the outbox), a conflicting or malformed OrderPlaced, or an outcome that could not be stored. The execution's error names which.`);
        for (const { label, metric } of states("ExecutionsTimedOut")) alarm("executionsTimedOut", label, metric, `Executions of ${label} timed out.`);
        for (const { label, metric } of rules("FailedInvocations")) alarm("ruleFailedInvocations", label, metric, `Rule ${label} could not deliver events to its target after every retry; they are in its DLQ.`);
        for (const { label, metric } of rules("InvocationsFailedToBeSentToDlq")) alarm("ruleDeadLetterFailures", label, metric, `Rule ${label} could not even dead-letter events: they are lost. Check the DLQ's policy and key.`);
        const api5xx = api("5xx");
        if (api5xx) alarm("api5xx", "api", api5xx, "The HTTP API answered 5xx: clients saw their order rejected by a fault of ours.");

        this.dashboardName = pulumi.output(args.dashboardName ?? `${name}-${pulumi.getStack()}`);
        const graph = (title: string, metrics: (cloudwatch.Metric | undefined)[], width = 12) => {
            const present = metrics.filter((m): m is cloudwatch.Metric => m !== undefined);
            return present.length > 0 ? [new cloudwatch.LineGraphMetricWidget({ title, metrics: present, width, height: 6, period })] : [];
        };
        const row = (...widgets: cloudwatch.Widget[]) => (widgets.length > 0 ? [new cloudwatch.RowWidget(...widgets)] : []);
        const alarmArns = this.alarms.map((a) => a.alarm.arn);
        const alarmWidgets: cloudwatch.Widget[] = [];
        for (let i = 0; i < alarmArns.length; i += MAX_ALARMS_PER_WIDGET) {
            alarmWidgets.push(new cloudwatch.AlarmWidget({ title: "Alarms", alarms: alarmArns.slice(i, i + MAX_ALARMS_PER_WIDGET), width: 24, height: 3 }));
        }
        const logGroups = watched.functions.map((f) => f.logGroup.name).slice(0, MAX_LOG_GROUPS_PER_QUERY);
        const errorQuery = pulumi.all(logGroups).apply((names) =>
            `${names.map((n) => `SOURCE '${n}'`).join(" | ")} | fields @timestamp, service, correlationId, orderId, message, error.message ` +
            "| filter level = \"ERROR\" | sort @timestamp desc | limit 50");

        this.dashboard = new cloudwatch.Dashboard(`${name}-dashboard`, {
            name: this.dashboardName,
            widgets: [
                ...row(new cloudwatch.TextWidget({
                    markdown: `# Order flow (${pulumi.getStack()})\n` +
                        "POST /orders → OrderPlaced on the orders bus → customer-router → process-order → OrderProcessed → receipts consumer and frontend notifier. " +
                        "Every alarm notifies the ops topic; every log line carries the order's `correlationId`.",
                    width: 24, height: 2,
                })),
                ...row(...alarmWidgets),
                ...row(...graph("API requests and errors", [api("Count"), api("4xx"), api("5xx")]), ...graph("API latency p99 (ms)", [api("Latency", { extendedStatistic: 99 })])),
                ...row(...graph("Events delivered per rule", rules("Invocations").map((r) => r.metric)),
                    ...graph("Events failed per rule", [...rules("FailedInvocations"), ...rules("InvocationsFailedToBeSentToDlq")].map((r) => r.metric))),
                ...row(...graph("Workflow executions started / succeeded", [...states("ExecutionsStarted"), ...states("ExecutionsSucceeded")].map((s) => s.metric)),
                    ...graph("Workflow executions failed / timed out", [...states("ExecutionsFailed"), ...states("ExecutionsTimedOut")].map((s) => s.metric))),
                ...row(...graph("Queue depth (work queues and DLQs)", [...workDepth, ...dlqDepth].map((q) => q.metric)),
                    ...graph("Age of oldest message (s)", workAge.map((q) => q.metric))),
                ...row(...graph("Lambda errors", fnErrors.map((f) => f.metric), 8), ...graph("Lambda throttles", fnThrottles.map((f) => f.metric), 8),
                    ...graph("Lambda duration p99 (ms)", fnDuration, 8)),
                ...(logGroups.length > 0
                    ? row(new LogTableWidget({ title: "Latest errors, by correlation id", query: errorQuery, width: 24, height: 6 }))
                    : []),
            ],
        }, { parent: this });
        this.dashboardUrl = this.dashboard.url;

        this.registerOutputs({ alarmTopicArn: this.alarmTopicArn, dashboardName: this.dashboardName, dashboardUrl: this.dashboardUrl });
    }
}
