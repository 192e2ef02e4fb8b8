import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ANNOUNCED_EVENTS, AnnouncedEvent, OUTBOX_STREAM_PARAMETERS, outboxFilterPatterns, outboxTargetParameters } from "../contracts/outbox";
import { deadLetterQueue } from "./deadLetterQueue";
import type { EventBus } from "./eventBus";
import type { HandlerFunction } from "./handlerFunction";
import { PolicyStatement, serviceRole } from "./iam";
import { transform, Transform } from "./transform";

/** What an outbox reads: a table's stream (new and old images) and the grant to read it. DynamoTable is one. */
export interface StreamSource {
    readonly streamArn: pulumi.Input<string>;
    grantStreamRead(sid?: string): PolicyStatement[];
}

/** The level a pipe logs at: failed enrichments and target calls, never the records themselves. */
export const OUTBOX_PIPE_LOG_LEVEL = "ERROR";

/** One pipe and what it alone uses. */
export interface OutboxPipe {
    readonly pipe: aws.pipes.Pipe;
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy;
    readonly deadLetterQueue: aws.sqs.Queue;
    readonly logGroup: aws.cloudwatch.LogGroup;
}

export interface OutboxPipesArgs {
    readonly stream: StreamSource;
    readonly eventBus: Pick<EventBus, "arn" | "grantPublish">;
    /** The enrichment: stream records in, contract details out (functions/outboxAnnouncer.ts). */
    readonly enrichment: HandlerFunction;
    readonly logRetentionDays: number;
    readonly dlqRetentionSeconds?: number;
    readonly kmsKeyArn?: pulumi.Input<string>;
    readonly transform?: {
        readonly pipe?: Transform<aws.pipes.PipeArgs>;
        readonly role?: Transform<aws.iam.RoleArgs>;
        readonly logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
        readonly deadLetterQueue?: Transform<aws.sqs.QueueArgs>;
    };
}

/** `OrderProcessed` → `order-processed`, for child names. */
export const outboxSlug = (event: AnnouncedEvent): string => event.replace(/[A-Z]/g, (c, i: number) => `${i === 0 ? "" : "-"}${c.toLowerCase()}`);

/**
 * One EventBridge pipe per announced event, children of `parent`: it reads the stream, lets through only records
 * whose status became the event's status, has the enrichment map them to contract details and puts those on the
 * bus with the contract's source and detail-type. A record it cannot announce is retried a bounded number of times
 * (the batch halved until the record is alone) and then goes to the pipe's DLQ. Each pipe has its own role: the
 * stream's read actions on its ARN, invoking the enrichment, events:PutEvents of exactly its event (the bus's own
 * grant), sending to its DLQ and writing its log group (ERROR level, without the records' data).
 */
export function outboxPipes(name: string, args: OutboxPipesArgs, parent: pulumi.Resource): Record<AnnouncedEvent, OutboxPipe> {
    const identity = aws.getCallerIdentityOutput({}, { parent });
    const region = aws.getRegionOutput({}, { parent });
    const partition = aws.getPartitionOutput({}, { parent });
    const pipes = {} as Record<AnnouncedEvent, OutboxPipe>;
    for (const event of ANNOUNCED_EVENTS) {
        const child = `${name}-${outboxSlug(event)}`;
        const dlq = deadLetterQueue(child, { retentionSeconds: args.dlqRetentionSeconds, kmsKeyArn: args.kmsKeyArn, transform: args.transform?.deadLetterQueue }, parent);
        // The /aws/vendedlogs/ prefix keeps the log-delivery resource policy from growing per group.
        const logGroup = new aws.cloudwatch.LogGroup(...transform(args.transform?.logGroup, `${child}-logs`, {
            namePrefix: `/aws/vendedlogs/pipes/${child}-`,
            retentionInDays: args.logRetentionDays,
            kmsKeyId: args.kmsKeyArn,
        }, { parent }));

        const statements: PolicyStatement[] = [
            ...args.stream.grantStreamRead("ReadOrderChanges"),
            { Sid: "Enrich", Action: ["lambda:InvokeFunction"], Resource: args.enrichment.arn },
            ...args.eventBus.grantPublish([event], "Announce"),
            { Sid: "DeadLetter", Action: ["sqs:SendMessage"], Resource: dlq.queue.arn },
            ...deadLetterKey(args.kmsKeyArn),
            { Sid: "WriteOwnLogs", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logGroup.arn}:*` },
        ];
        // Confused-deputy guard: only this pipe (whose generated name starts with its resource name) may assume the
        // role; its own ARN would be a cycle, since the pipe needs the role first.
        const thisPipe = pulumi.interpolate`arn:${partition.partition}:pipes:${region.region}:${identity.accountId}:pipe/${child}*`;
        const { role, policy } = serviceRole(`${child}-role`, "pipes.amazonaws.com", statements, { parent }, thisPipe, args.transform?.role);

        const pipe = new aws.pipes.Pipe(...transform(args.transform?.pipe, child, {
            description: `Announces ${event} from the orders table's stream (transactional outbox)`,
            roleArn: role.arn,
            source: args.stream.streamArn,
            sourceParameters: {
                dynamodbStreamParameters: { ...OUTBOX_STREAM_PARAMETERS, deadLetterConfig: { arn: dlq.queue.arn } },
                filterCriteria: { filters: outboxFilterPatterns(event).map((pattern) => ({ pattern: JSON.stringify(pattern) })) },
            },
            enrichment: args.enrichment.arn,
            target: args.eventBus.arn,
            targetParameters: { eventbridgeEventBusParameters: outboxTargetParameters(event) },
            logConfiguration: { level: OUTBOX_PIPE_LOG_LEVEL, cloudwatchLogsLogDestination: { logGroupArn: logGroup.arn } },
        }, { parent, dependsOn: [policy, dlq.policy] }));
        pipes[event] = { pipe, role, policy, deadLetterQueue: dlq.queue, logGroup };
    }
    return pipes;
}

/** Sending to an encrypted DLQ: the data key, only through SQS. Empty with SQS-managed encryption. */
export function deadLetterKey(kmsKeyArn: pulumi.Input<string> | undefined, sid = "DeadLetterKey"): PolicyStatement[] {
    return kmsKeyArn ? [{
        Sid: sid,
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: kmsKeyArn,
        Condition: { StringLike: { "kms:ViaService": "sqs.*.amazonaws.com" } },
    }] : [];
}
