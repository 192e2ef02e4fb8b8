import { asArray, asNumber, asRecord, asString, get, PackPolicy, parseJson, Problem, resourcePolicy, stackPolicy, StackProblem, statements } from "./core";
import { T } from "./types";

/** Condition keys that narrow a `*` principal down to known accounts or an organisation. */
const NARROWING_KEYS = ["aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:SourceAccount", "aws:PrincipalOrgPaths", "aws:SourceOrgID"];

function conditionNarrows(condition: Record<string, unknown> | undefined): boolean {
    return Object.values(condition ?? {}).some((block) => Object.keys(asRecord(block) ?? {}).some((key) => NARROWING_KEYS.includes(key)));
}

/** A pattern is specific when it names a source or detail-type, or every branch of its `$or` does. */
export function isSpecific(pattern: Record<string, unknown>): boolean {
    if (asArray(pattern.source).length > 0 || asArray(pattern["detail-type"]).length > 0) return true;
    const branches = asArray(pattern.$or).map(asRecord);
    return branches.length > 0 && branches.every((b) => b !== undefined && isSpecific(b));
}

/** The delivery settings of a rule target, or of an EventBridge Scheduler schedule's target. */
function delivery(props: Record<string, unknown>, type: string): Record<string, unknown> {
    return type === T.schedule ? asRecord(props.target) ?? {} : props;
}

export const eventBridgePolicies: PackPolicy[] = [
    resourcePolicy({
        name: "eventbridge-target-dlq", type: [T.eventTarget, T.schedule], pillar: "Reliability",
        sources: ["Serverless-EventBusDLQ"],
        description: "Every EventBridge target (rule target or Scheduler schedule) has a dead-letter queue, so an event the target cannot take after the retries is kept for redrive instead of dropped.",
        remediation: "Set deadLetterConfig.arn (target.deadLetterConfig.arn for a schedule) to an SQS queue whose policy admits this rule (EventSubscription does this).",
    }, (props, _config, args) => asString(get(delivery(props, args.type), "deadLetterConfig", "arn")) ? [] :
        [["events that cannot be delivered after the retries are dropped silently", "set deadLetterConfig: { arn } to an SQS queue whose policy lets events.amazonaws.com send with aws:SourceArn = this rule (use EventSubscription)"]]),

    resourcePolicy({
        name: "eventbridge-target-retry-policy", type: [T.eventTarget, T.schedule], pillar: "Reliability",
        sources: ["event-driven"],
        description: "Every EventBridge target (rule target or Scheduler schedule) sets its retry policy explicitly (attempts and maximum event age), instead of the implicit 185 attempts over 24 hours.",
        remediation: "Set retryPolicy: { maximumRetryAttempts, maximumEventAgeInSeconds } (target.retryPolicy for a schedule).",
    }, (props, _config, args) => {
        const attempts = asNumber(get(delivery(props, args.type), "retryPolicy", "maximumRetryAttempts"));
        const age = asNumber(get(delivery(props, args.type), "retryPolicy", "maximumEventAgeInSeconds"));
        return attempts !== undefined && age !== undefined ? [] :
            [["the retry policy is implicit (185 attempts over 24 hours), so a broken target is hammered for a day before anyone sees a dead letter", "set retryPolicy: { maximumRetryAttempts, maximumEventAgeInSeconds } to what the target can bear"]];
    }),

    resourcePolicy({
        name: "eventbridge-bus-policy-not-open", type: [T.eventBusPolicy, T.eventPermission], pillar: "Security",
        sources: ["AwsSolutions-EVB1", "event-driven"],
        description: "An event bus policy admits named accounts or an organisation, never `*` without a narrowing condition.",
        remediation: "List the producer accounts as principals (producerAccountIds) or add an aws:PrincipalOrgID condition.",
    }, (props, _config, args) => {
        if (args.type === T.eventPermission) {
            const open = asString(props.principal) === "*" && !asString(get(props, "condition", "value"));
            return open ? [["it lets every AWS account put events on the bus", "set principal to a producer account id, or add a condition on aws:PrincipalOrgID"]] : [];
        }
        return statements(props.policy)
            .filter((s) => s.effect === "Allow" && s.principals.includes("*") && !conditionNarrows(s.condition))
            .map((s): Problem => [`statement ${s.sid ?? "(no Sid)"} lets every AWS account (Principal "*") ${s.actions.join(", ")} on the bus`, "name the producer accounts as principals (producerAccountIds) or add a Condition on aws:PrincipalOrgID"]);
    }),

    resourcePolicy({
        name: "eventbridge-archive-finite-retention", type: T.eventArchive, pillar: "Cost Optimization",
        sources: ["event-driven"],
        description: "An event archive keeps events for a finite number of days (0 or unset means forever, billed per GB-month).",
        remediation: "Set retentionDays (archiveRetentionDays in the stack config).",
    }, (props) => (asNumber(props.retentionDays) ?? 0) > 0 ? [] :
        [["it keeps every event forever, so archive storage grows without bound", "set retentionDays to the replay window you need (archiveRetentionDays)"]]),

    stackPolicy({
        name: "eventbridge-bus-archive", pillar: "Reliability",
        sources: ["event-driven"],
        description: "Every custom event bus has an archive, so events can be replayed after a consumer is fixed.",
        remediation: "Add an aws.cloudwatch.EventArchive with eventSourceArn set to the bus ARN (EventBus does this).",
    }, (stack) => stack.ofType(T.eventBus).flatMap((bus): StackProblem[] =>
        stack.ofType(T.eventArchive).some((a) => stack.find(T.eventBus, a.props.eventSourceArn).includes(bus)) ? [] :
            [{ resource: bus, problem: "it has no archive, so events lost by a faulty consumer cannot be replayed", fix: "add an aws.cloudwatch.EventArchive with eventSourceArn = the bus ARN and a finite retentionDays" }])),

    stackPolicy({
        name: "eventbridge-rule-has-target", pillar: "Reliability",
        sources: ["event-driven"],
        description: "Every EventBridge rule has at least one target; a rule without one matches events and silently discards them.",
        remediation: "Add an aws.cloudwatch.EventTarget for the rule, or delete the rule.",
    }, (stack) => stack.ofType(T.eventRule).flatMap((rule): StackProblem[] => {
        const name = asString(rule.props.name) ?? rule.name;
        const targeted = stack.ofType(T.eventTarget).some((t) => asString(t.props.rule) === name || (t.props.rule !== undefined && t.props.rule === rule.props.arn));
        return targeted ? [] : [{ resource: rule, problem: "it has no target, so every event it matches goes nowhere", fix: "add an aws.cloudwatch.EventTarget (through EventSubscription) or remove the rule" }];
    })),

    resourcePolicy({
        name: "eventbridge-rule-pattern-specific", type: T.eventRule, pillar: "Reliability",
        sources: ["event-driven"],
        description: "An EventBridge rule's pattern names a `source` or `detail-type`, so it cannot match every event on the bus (and loop through a bus target or flood its target).",
        remediation: "Build the pattern from the contracts (patternFor) or name the AWS service source.",
    }, (props, _config, args) => {
        if (!props.eventPattern) args.notApplicable("scheduled rules have no event pattern");
        const pattern = asRecord(parseJson(props.eventPattern));
        if (!pattern) return [["its eventPattern is not a JSON object", "give it a JSON pattern built with patternFor(...)"]];
        return isSpecific(pattern) ? [] :
            [["its pattern names neither source nor detail-type, so it matches almost every event on the bus", "add source and detail-type (patternFor builds them from the contracts)"]];
    }),
];
