import { asNumber, asRecord, asString, get, PackPolicy, Problem, resourcePolicy } from "./core";
import { T } from "./types";

/**
 * EventBridge Pipes (aws:pipes/pipe:Pipe), e.g. the outbox DynamoDB stream → pipe → event bus. A pipe reading a
 * stream retries a failing batch forever by default and blocks its shard; an SQS source dead-letters through its
 * queue's redrive policy instead (`sqs-dlq`).
 */

const STREAM_PARAMETERS = ["dynamodbStreamParameters", "kinesisStreamParameters"];

function streamParameters(props: Record<string, unknown>): Record<string, unknown> | undefined {
    return STREAM_PARAMETERS.map((k) => asRecord(get(props, "sourceParameters", k))).find((p) => p !== undefined);
}

export const pipesPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "pipes-stream-failure-handling", type: T.pipe, pillar: "Reliability",
        sources: ["event-driven"],
        description: "A pipe reading a DynamoDB or Kinesis stream bounds its retries (maximumRetryAttempts 0 to 185) and sends what still fails to a dead-letter queue, so one bad record neither blocks its shard nor vanishes.",
        remediation: "Set sourceParameters.dynamodbStreamParameters (or kinesisStreamParameters): { maximumRetryAttempts, deadLetterConfig: { arn }, onPartialBatchItemFailure: \"AUTOMATIC_BISECT\" }.",
    }, (props, _config, args) => {
        const stream = streamParameters(props);
        if (!stream && !/:(dynamodb|kinesis):/.test(asString(props.source) ?? "")) args.notApplicable("only stream sources retry a batch until it expires");
        const parameters = stream ?? {};
        const problems: Problem[] = [];
        if ((asNumber(parameters.maximumRetryAttempts) ?? -1) < 0) problems.push(["it retries a failing batch until its records expire (maximumRetryAttempts -1, the default), holding up every later change of the shard", "set maximumRetryAttempts to a small number (e.g. 10)"]);
        if (!asString(get(parameters, "deadLetterConfig", "arn"))) problems.push(["records that still fail are dropped", "set deadLetterConfig: { arn } to an SQS queue (the pipe role needs sqs:SendMessage on it)"]);
        return problems;
    }),

    resourcePolicy({
        name: "pipes-logging", type: T.pipe, pillar: "Operational Excellence",
        sources: ["event-driven"],
        description: "A pipe logs at ERROR or more to a destination (CloudWatch Logs, Firehose or S3), so failed enrichments and target invocations are visible.",
        remediation: "Set logConfiguration: { level: \"ERROR\", cloudwatchLogsLogDestination: { logGroupArn } }.",
    }, (props) => {
        const level = asString(get(props, "logConfiguration", "level")) ?? "OFF";
        if (level === "OFF") return [["its logging is OFF, so failed target invocations and enrichments leave no trace", "set logConfiguration: { level: \"ERROR\", cloudwatchLogsLogDestination: { logGroupArn: <log group with retention> } }"]];
        const destination = ["cloudwatchLogsLogDestination", "firehoseLogDestination", "s3LogDestination"].some((k) => get(props, "logConfiguration", k) !== undefined);
        return destination ? [] : [["logging has no destination", "set logConfiguration.cloudwatchLogsLogDestination.logGroupArn to a log group with retention"]];
    }),
];
