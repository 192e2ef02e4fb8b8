import type { PolicyResource } from "@pulumi/policy";
import { allowsEveryone, asNumber, asRecord, asString, deniesInsecureTransport, get, PackPolicy, parseJson, physicalName, Problem, resourcePolicy, Stack, stackPolicy, StackProblem, statements } from "./core";
import { T } from "./types";

const DEFAULT_VISIBILITY_TIMEOUT = 30;
const DEFAULT_RETENTION = 345_600;
const DEFAULT_FUNCTION_TIMEOUT = 3;

export function redriveTarget(value: unknown): string | undefined {
    return asString(asRecord(parseJson(value))?.deadLetterTargetArn);
}

/** Queues that receive what another resource could not process, with what sends to them. */
export function deadLetterQueues(stack: Stack): Map<PolicyResource, string[]> {
    const dlqs = new Map<PolicyResource, string[]>();
    const add = (ref: unknown, from: PolicyResource) => {
        for (const queue of stack.find(T.queue, ref)) dlqs.set(queue, [...(dlqs.get(queue) ?? []), from.name]);
    };
    for (const r of stack.resources) {
        switch (r.type) {
            case T.queue: add(redriveTarget(r.props.redrivePolicy), r); break;
            case T.queueRedrivePolicy: add(redriveTarget(r.props.redrivePolicy), r); break;
            case T.eventTarget: add(get(r.props, "deadLetterConfig", "arn"), r); break;
            case T.function: add(get(r.props, "deadLetterConfig", "targetArn"), r); break;
            case T.eventInvokeConfig: add(get(r.props, "destinationConfig", "onFailure", "destination"), r); break;
            case T.eventSourceMapping: add(get(r.props, "destinationConfig", "onFailure", "destinationArn"), r); break;
            case T.topicSubscription: add(redriveTarget(r.props.redrivePolicy), r); break;
        }
    }
    return dlqs;
}

/** The queue a queue redrives to (inline redrivePolicy or an aws.sqs.RedrivePolicy resource). */
function redriveOf(stack: Stack, queue: PolicyResource): string | undefined {
    return redriveTarget(queue.props.redrivePolicy) ??
        stack.ofType(T.queueRedrivePolicy).filter((r) => stack.find(T.queue, r.props.queueUrl).includes(queue)).map((r) => redriveTarget(r.props.redrivePolicy))[0];
}

function alarmWatches(alarm: PolicyResource, queueName: string): boolean {
    const direct = asString(get(alarm.props, "dimensions", "QueueName"));
    const queries = Array.isArray(alarm.props.metricQueries) ? alarm.props.metricQueries : [];
    return direct === queueName || queries.some((q: unknown) => asString(get(q, "metric", "dimensions", "QueueName")) === queueName);
}

export const sqsPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "sqs-encryption", type: T.queue, pillar: "Security",
        sources: ["AwsSolutions-SQS2", "CKV_AWS_27"],
        description: "SQS queues are encrypted at rest: SQS-managed SSE, or the stack's customer-managed key where one exists.",
        remediation: "Set sqsManagedSseEnabled: true, or kmsMasterKeyId to the stack's key.",
    }, (props) => props.sqsManagedSseEnabled === true || !!asString(props.kmsMasterKeyId) ? [] :
        [["messages are not encrypted at rest by a setting the stack controls", "set sqsManagedSseEnabled: true, or kmsMasterKeyId to the stack's customer-managed key"]]),

    stackPolicy({
        name: "sqs-tls-only", pillar: "Security",
        sources: ["AwsSolutions-SQS4"],
        description: "Every SQS queue's policy denies requests that do not use TLS (aws:SecureTransport = false).",
        remediation: "Add to the queue policy: { Effect: Deny, Principal: \"*\", Action: \"sqs:*\", Resource: queue ARN, Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }.",
    }, (stack) => stack.ofType(T.queue).flatMap((queue): StackProblem[] => {
        const policies = [queue.props.policy, ...stack.ofType(T.queuePolicy).filter((p) => stack.find(T.queue, p.props.queueUrl).includes(queue)).map((p) => p.props.policy)];
        return policies.some((doc) => statements(doc).some(deniesInsecureTransport)) ? [] : [{
            resource: queue,
            problem: "its policy does not deny requests made without TLS",
            fix: "add a statement { Sid: \"DenyInsecureTransport\", Effect: \"Deny\", Principal: \"*\", Action: \"sqs:*\", Resource: <queue ARN>, Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } } to its queue policy",
        }];
    })),

    stackPolicy({
        name: "sqs-dlq", pillar: "Reliability",
        sources: ["Serverless-SQSRedrivePolicy", "AwsSolutions-SQS3"],
        description: "Every SQS queue either has a dead-letter queue (redrive policy) or is itself a dead-letter queue.",
        remediation: "Set redrivePolicy: { deadLetterTargetArn, maxReceiveCount } on the queue.",
    }, (stack) => {
        const dlqs = deadLetterQueues(stack);
        return stack.ofType(T.queue).filter((q) => !dlqs.has(q) && !redriveOf(stack, q)).map((queue): StackProblem => ({
            resource: queue,
            problem: "it has no dead-letter queue and is not one, so a message that always fails is retried until it expires and is lost",
            fix: "set redrivePolicy: JSON.stringify({ deadLetterTargetArn: <DLQ ARN>, maxReceiveCount: 5 })",
        }));
    }),

    stackPolicy<{ multiplier?: number }>({
        name: "sqs-visibility-timeout", pillar: "Reliability",
        sources: ["event-driven", "cdk-nag:LambdaEventSourceSQSVisibilityTimeout"],
        description: "A queue consumed by a function has a visibility timeout of at least 6x the function's timeout (AWS guidance), so a message is not handed to a second invocation while the first still works on it.",
        remediation: "Set visibilityTimeoutSeconds >= 6 x the consuming function's timeout (BufferedConsumer derives it).",
        configSchema: { properties: { multiplier: { type: "number", minimum: 1, default: 6 } } },
    }, (stack, config) => stack.ofType(T.eventSourceMapping).flatMap((mapping): StackProblem[] => {
        const multiplier = config.multiplier ?? 6;
        const functions = stack.find(T.function, mapping.props.functionName);
        return stack.find(T.queue, mapping.props.eventSourceArn).flatMap((queue) => functions.flatMap((fn): StackProblem[] => {
            const visibility = asNumber(queue.props.visibilityTimeoutSeconds) ?? DEFAULT_VISIBILITY_TIMEOUT;
            const timeout = asNumber(fn.props.timeout) ?? DEFAULT_FUNCTION_TIMEOUT;
            return visibility >= multiplier * timeout ? [] : [{
                resource: queue,
                problem: `its visibility timeout (${visibility} s) is shorter than ${multiplier} x the timeout of consuming function ${physicalName(fn)} (${timeout} s), so messages reappear while still being processed and are handled twice`,
                fix: `set visibilityTimeoutSeconds to at least ${multiplier * timeout}`,
            }];
        }));
    })),

    stackPolicy({
        name: "sqs-dlq-retention", pillar: "Reliability",
        sources: ["event-driven"],
        description: "A dead-letter queue keeps messages longer than its source queue: a message's age counts from its first enqueue, so an equal or shorter retention deletes dead letters on arrival.",
        remediation: "Set the DLQ's messageRetentionSeconds above the source queue's (e.g. source 4 days, DLQ 14 days).",
    }, (stack) => stack.ofType(T.queue).flatMap((source): StackProblem[] =>
        stack.find(T.queue, redriveOf(stack, source)).flatMap((dlq): StackProblem[] => {
            const sourceRetention = asNumber(source.props.messageRetentionSeconds) ?? DEFAULT_RETENTION;
            const dlqRetention = asNumber(dlq.props.messageRetentionSeconds) ?? DEFAULT_RETENTION;
            return dlqRetention > sourceRetention ? [] : [{
                resource: dlq,
                problem: `it keeps messages ${dlqRetention} s, not longer than its source queue ${physicalName(source)} (${sourceRetention} s), so dead letters can expire as soon as they arrive`,
                fix: `set its messageRetentionSeconds above ${sourceRetention} (up to 1209600), or lower the source queue's`,
            }];
        }))),

    stackPolicy<{ stackClass?: string }>({
        name: "sqs-dlq-alarm", pillar: "Operational Excellence",
        sources: ["event-driven"],
        description: "In a production stack (stackClass prod), every dead-letter queue has a CloudWatch alarm on its depth, so a dead letter is seen, not discovered weeks later.",
        remediation: "Add an aws.cloudwatch.MetricAlarm on AWS/SQS ApproximateNumberOfMessagesVisible with dimensions { QueueName } > 0, to the ops topic.",
        configSchema: { properties: { stackClass: { type: "string", enum: ["dev", "prod"], default: "prod" } } },
    }, (stack, config, args) => {
        if ((config.stackClass ?? "prod") !== "prod") args.notApplicable("dead-letter alarms are required in production stacks only");
        const alarms = stack.ofType(T.metricAlarm);
        return [...deadLetterQueues(stack).entries()].filter(([dlq]) => !alarms.some((a) => alarmWatches(a, physicalName(dlq)))).map(([dlq, senders]): StackProblem => ({
            resource: dlq,
            problem: `it is the dead-letter queue of ${senders.join(", ")} and no alarm watches it, so failed events pile up unseen`,
            fix: `add an aws.cloudwatch.MetricAlarm (namespace AWS/SQS, metric ApproximateNumberOfMessagesVisible, dimensions { QueueName: "${physicalName(dlq)}" }, threshold > 0) that notifies the ops topic`,
        }));
    }),

    resourcePolicy({
        name: "sqs-policy-not-open", type: [T.queue, T.queuePolicy], pillar: "Security",
        sources: ["CKV_AWS_72", "CKV_AWS_168", "CKV_AWS_387"],
        description: "A queue policy never allows every principal (`*`) without a narrowing condition (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID), and never allows every SQS action (`sqs:*`).",
        remediation: "Name the sending service or account, add an aws:SourceArn condition, and list the exact actions (sqs:SendMessage).",
    }, (props) => statements(props.policy).filter((s) => s.effect === "Allow").flatMap((s): Problem[] => {
        const problems: Problem[] = [];
        if (allowsEveryone(s)) problems.push([`statement ${s.sid ?? "(no Sid)"} lets anyone ${s.actions.join(", ")} on the queue`, "name the principal (e.g. { Service: \"events.amazonaws.com\" }) and add a Condition ArnEquals aws:SourceArn = the sending rule or topic"]);
        const all = s.actions.filter((a) => a === "*" || a.toLowerCase() === "sqs:*");
        if (all.length > 0 || s.notActions) problems.push([`statement ${s.sid ?? "(no Sid)"} allows every SQS action (${s.notActions ? "NotAction" : all.join(", ")}), including purge and delete`, "list the exact actions the principal needs (e.g. sqs:SendMessage)"]);
        return problems;
    })),
];
