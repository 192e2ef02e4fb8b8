import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ANNOUNCED_EVENTS, AnnouncedEvent, OUTBOX_STREAM_PARAMETERS, outboxFilterPatterns } from "../contracts/outbox";
import { HANDLERS } from "../functions/handlers";
import { DEAD_LETTER_QUEUE_DEFAULTS, deadLetterQueue, deadLetterRetentionProblems } from "./deadLetterQueue";
import type { EventBus } from "./eventBus";
import { HandlerFunction } from "./handlerFunction";
import { deadLetterKey, OutboxPipe, outboxPipes, StreamSource } from "./outboxPipes";
import { functionSettingsProblems, logRetentionProblems, resolveFunctionSettings, resolveLogRetentionDays, SharedSettings } from "./settings";
import { transform, Transform } from "./transform";

export type { StreamSource } from "./outboxPipes";

/**
 * How records travel from the stream to the bus.
 * - `function`: a Lambda event source mapping on the stream, whose function publishes. Lambda's reads of a stream
 *   are free, so an idle outbox costs nothing.
 * - `pipes`: one EventBridge pipe per event, with the function as its enrichment. A pipe's reads are billed as
 *   Streams read requests, 4 a second per shard whether or not an order arrives (pricing/hourlyBilled.ts lists it):
 *   for stacks that accept that price.
 */
export const OUTBOX_TRANSPORTS = ["function", "pipes"] as const;
export type OutboxTransport = (typeof OUTBOX_TRANSPORTS)[number];

export interface OrderOutboxArgs extends SharedSettings {
    /** The orders table, with its stream enabled (OrderTables does this). */
    readonly ordersTable: StreamSource;
    /** The bus the announcements go to. */
    readonly eventBus: Pick<EventBus, "arn" | "name" | "grantPublish">;
    /** See {@link OUTBOX_TRANSPORTS}. @default "function" (nothing billed while idle) */
    readonly transport?: OutboxTransport;
    /** How long a DLQ keeps what could not be announced, 60 to 1209600 seconds. @default 1209600 */
    readonly dlqRetentionSeconds?: number;
    /** Changes to the children's args (a pipe's children apply to both pipes). @default none */
    readonly transform?: {
        readonly mapping?: Transform<aws.lambda.EventSourceMappingArgs>;
        readonly pipe?: Transform<aws.pipes.PipeArgs>;
        readonly role?: Transform<aws.iam.RoleArgs>;
        readonly logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
        readonly deadLetterQueue?: Transform<aws.sqs.QueueArgs>;
    };
}

export const ORDER_OUTBOX_DEFAULTS = { transport: "function" } as const;
/** The function's timeout: ten records mapped (and, for `function`, published one call each). */
export const OUTBOX_FUNCTION_TIMEOUT_SECONDS = 10;

/** Thrown when an OrderOutbox's arguments are invalid; the message names every bad argument and what is allowed. */
export class OrderOutboxArgsError extends Error {
    constructor(readonly outbox: string, readonly problems: string[]) {
        super(`OrderOutbox ${outbox}: ${problems.join("; ")}`);
        this.name = "OrderOutboxArgsError";
    }
}

/** Checks the arguments before anything is created. */
export function validateOrderOutboxArgs(name: string, args: OrderOutboxArgs): void {
    const problems = [
        ...functionSettingsProblems(resolveFunctionSettings(args.functions)),
        ...logRetentionProblems(resolveLogRetentionDays(args.logRetentionDays)),
        ...deadLetterRetentionProblems(args.dlqRetentionSeconds ?? DEAD_LETTER_QUEUE_DEFAULTS.retentionSeconds, "dlqRetentionSeconds"),
    ];
    const transport = args.transport ?? ORDER_OUTBOX_DEFAULTS.transport;
    if (!(OUTBOX_TRANSPORTS as readonly unknown[]).includes(transport)) {
        problems.push(`transport must be ${OUTBOX_TRANSPORTS.join(" or ")}, but ${String(transport)} was provided`);
    }
    if (!args.ordersTable) problems.push("ordersTable is required: the table whose stream holds the orders' status changes");
    if (!args.eventBus) problems.push("eventBus is required: the bus the announcements go to");
    if (problems.length > 0) throw new OrderOutboxArgsError(name, problems);
}

/**
 * The transactional outbox of the orders table: the stored status change is the source of the announcement. The
 * stream's records whose status became PROCESSED or FAILED (contracts/outbox.ts: the filters, the mapping and the
 * stream settings) become OrderProcessed or OrderFailed on the bus, built from the stored image and validated
 * against the contract, at least once: a record that cannot be announced is retried a bounded number of times,
 * with the batch halved, and then described in a DLQ. Nothing else publishes these two events.
 */
export class OrderOutbox extends pulumi.ComponentResource {
    readonly transport: OutboxTransport;
    /** `function`: the publisher the mapping invokes; `pipes`: the enrichment both pipes call. */
    readonly function: HandlerFunction;
    /** `function` only: the stream's event source mapping. */
    readonly mapping?: aws.lambda.EventSourceMapping;
    /** `pipes` only: one pipe per announced event. */
    readonly pipes?: Readonly<Record<AnnouncedEvent, OutboxPipe>>;
    /** Where what could not be announced is described (one per pipe, or the mapping's). */
    readonly deadLetterQueues: aws.sqs.Queue[];
    /** What monitoring watches: the function and the DLQs. */
    readonly monitoring: { readonly functions: HandlerFunction[]; readonly deadLetterQueues: aws.sqs.Queue[] };

    constructor(name: string, args: OrderOutboxArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:OrderOutbox", name, {}, opts);
        validateOrderOutboxArgs(name, args);
        this.transport = args.transport ?? ORDER_OUTBOX_DEFAULTS.transport;
        const logRetentionDays = resolveLogRetentionDays(args.logRetentionDays);
        const functionArgs = {
            timeout: OUTBOX_FUNCTION_TIMEOUT_SECONDS,
            functions: args.functions,
            logRetentionDays,
            kmsKeyArn: args.kmsKeyArn,
        };

        if (this.transport === "pipes") {
            this.function = new HandlerFunction(`${name}-announcer`, {
                ...functionArgs,
                handler: HANDLERS.outboxAnnouncer,
                description: "Maps the orders table's stream records to OrderProcessed and OrderFailed details (outbox pipes' enrichment)",
                environment: {},
            }, { parent: this });
            this.pipes = outboxPipes(name, {
                stream: args.ordersTable, eventBus: args.eventBus, enrichment: this.function, logRetentionDays,
                dlqRetentionSeconds: args.dlqRetentionSeconds, kmsKeyArn: args.kmsKeyArn, transform: args.transform,
            }, this);
            this.deadLetterQueues = ANNOUNCED_EVENTS.map((event) => this.pipes![event].deadLetterQueue);
        } else {
            // The mapping sends the description of a batch it gave up on through the function's role.
            const dlq = deadLetterQueue(`${name}-stream`, {
                retentionSeconds: args.dlqRetentionSeconds, kmsKeyArn: args.kmsKeyArn, transform: args.transform?.deadLetterQueue,
            }, this);
            this.function = new HandlerFunction(`${name}-publisher`, {
                ...functionArgs,
                handler: HANDLERS.outboxPublisher,
                description: "Publishes OrderProcessed and OrderFailed from the orders table's stream (transactional outbox)",
                environment: { EVENT_BUS_NAME: args.eventBus.name },
                permissions: [
                    ...args.ordersTable.grantStreamRead("ReadOrderChanges"),
                    ...args.eventBus.grantPublish([...ANNOUNCED_EVENTS], "Announce"),
                    { Sid: "DeadLetter", Action: ["sqs:SendMessage"], Resource: dlq.queue.arn },
                    ...deadLetterKey(args.kmsKeyArn),
                ],
            }, { parent: this });
            const stream = OUTBOX_STREAM_PARAMETERS;
            this.mapping = new aws.lambda.EventSourceMapping(...transform(args.transform?.mapping, `${name}-stream`, {
                eventSourceArn: args.ordersTable.streamArn,
                functionName: this.function.arn,
                startingPosition: stream.startingPosition,
                batchSize: stream.batchSize,
                maximumBatchingWindowInSeconds: stream.maximumBatchingWindowInSeconds,
                maximumRetryAttempts: stream.maximumRetryAttempts,
                maximumRecordAgeInSeconds: stream.maximumRecordAgeInSeconds,
                bisectBatchOnFunctionError: stream.onPartialBatchItemFailure === "AUTOMATIC_BISECT",
                functionResponseTypes: ["ReportBatchItemFailures"],
                // Filtered before the function runs: a record that is no announcement is neither invoked for nor billed.
                filterCriteria: { filters: ANNOUNCED_EVENTS.flatMap(outboxFilterPatterns).map((pattern) => ({ pattern: JSON.stringify(pattern) })) },
                destinationConfig: { onFailure: { destinationArn: dlq.queue.arn } },
            }, { parent: this, dependsOn: [this.function, dlq.policy] }));
            this.deadLetterQueues = [dlq.queue];
        }

        this.monitoring = { functions: [this.function], deadLetterQueues: this.deadLetterQueues };
        this.registerOutputs({ functionArn: this.function.arn });
    }
}
