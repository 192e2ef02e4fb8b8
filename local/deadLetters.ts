/**
 * What the runtime's DLQ command needs: every dead-letter queue's messages with where each came from, and a redrive
 * that sends each one back the way it failed. A platform DLQ holds three kinds of message:
 *
 * - a message a queue's redrive policy moved (it carries DeadLetterQueueSourceArn): moved back to that queue;
 * - an event a rule could not deliver (EventBridge's RULE_ARN and TARGET_ARN attributes): delivered again to
 *   that target, with its retry policy;
 * - Lambda's record of an asynchronous invocation that failed (`requestContext.functionArn`, `requestPayload`):
 *   the payload is invoked asynchronously again, with the function's retries and destinations.
 *
 * A redriven message leaves the DLQ; if it fails again it comes back by the same path.
 */
import { correlationIdOf, reporter, RuntimeLog, silentLog } from "./log";
import type { EventBusEngine } from "./eventBus";
import type { LambdaEngine } from "./lambda";
import type { MessageView, SqsEngine } from "./sqs";

export type DeadLetterKind = "queue" | "rule-target" | "async-invocation" | "unknown";

export interface DeadLetter {
    readonly messageId: string;
    readonly kind: DeadLetterKind;
    /** Where it failed: the source queue, `rule → target`, or the function. */
    readonly origin: string;
    /** The failure as recorded (EventBridge's ERROR_CODE/ERROR_MESSAGE, Lambda's errorType/errorMessage). */
    readonly error?: string;
    readonly sentTimestamp: number;
    readonly correlationId?: string;
    readonly body: string;
}

interface LambdaRecord {
    requestContext?: { functionArn?: string; condition?: string };
    requestPayload?: unknown;
    responsePayload?: { errorType?: string; errorMessage?: string };
}

function lambdaRecord(body: string): LambdaRecord | undefined {
    try {
        const parsed = JSON.parse(body) as LambdaRecord;
        return typeof parsed?.requestContext?.functionArn === "string" && "requestPayload" in parsed ? parsed : undefined;
    } catch {
        return undefined;
    }
}

export class DeadLetters {
    private readonly log: RuntimeLog;

    constructor(private readonly engines: {
        readonly sqs: SqsEngine;
        readonly bus?: Pick<EventBusEngine, "redeliver">;
        readonly lambda?: Pick<LambdaEngine, "invokeAsync">;
        readonly log?: RuntimeLog;
    }) {
        this.log = engines.log ?? silentLog;
    }

    /** The messages of a DLQ, each classified. */
    list(queue: string): DeadLetter[] {
        return this.engines.sqs.listMessages(queue).map((m) => this.classify(m));
    }

    /** Sends every message of the DLQ back the way it failed; messages of unknown origin stay, and are counted. */
    async redrive(queue: string): Promise<{ redriven: number; left: number }> {
        const { sqs, bus, lambda } = this.engines;
        const report = reporter(this.log, sqs.queue(queue).name);
        let redriven = 0;
        let left = 0;
        // As SQS's move task, only messages that are not being received right now.
        for (const message of sqs.listMessages(queue).filter((m) => m.visible)) {
            const letter = this.classify(message);
            const event = () => JSON.parse(message.body) as Record<string, unknown>;
            if (letter.kind === "queue") {
                sqs.redrive(queue, { messageIds: [message.messageId] });
            } else if (letter.kind === "rule-target" && bus) {
                bus.redeliver(message.messageAttributes.RULE_ARN.StringValue!, message.messageAttributes.TARGET_ARN.StringValue!, event());
                sqs.removeMessage(queue, message.messageId);
            } else if (letter.kind === "async-invocation" && lambda) {
                const record = lambdaRecord(message.body)!;
                await lambda.invokeAsync(record.requestContext!.functionArn!, record.requestPayload);
                sqs.removeMessage(queue, message.messageId);
            } else {
                left += 1;
                report("redrive", `message ${message.messageId} stays: its origin (${letter.origin}) cannot be redriven here`, letter.correlationId);
                continue;
            }
            redriven += 1;
            // The SQS engine reports the moves it makes itself.
            if (letter.kind !== "queue") report("redrive", `message ${message.messageId} → ${letter.origin}`, letter.correlationId);
        }
        return { redriven, left };
    }

    private classify(m: MessageView): DeadLetter {
        const base = { messageId: m.messageId, sentTimestamp: m.sentTimestamp, body: m.body };
        const attribute = (name: string) => m.messageAttributes[name]?.StringValue;
        if (m.deadLetterQueueSourceArn) {
            return { ...base, kind: "queue", origin: m.deadLetterQueueSourceArn, correlationId: correlationIdOf(m.body) };
        }
        const rule = attribute("RULE_ARN");
        const target = attribute("TARGET_ARN");
        if (rule && target) {
            return { ...base, kind: "rule-target", origin: `${rule} → ${target}`, error: `${attribute("ERROR_CODE")}: ${attribute("ERROR_MESSAGE")}`, correlationId: correlationIdOf(m.body) };
        }
        const record = lambdaRecord(m.body);
        if (record) {
            const response = record.responsePayload;
            return {
                ...base,
                kind: "async-invocation",
                origin: record.requestContext!.functionArn!.replace(/:\$LATEST$/, ""),
                error: `${record.requestContext?.condition}${response?.errorType ? `: ${response.errorType}: ${response.errorMessage}` : ""}`,
                correlationId: correlationIdOf(record.requestPayload),
            };
        }
        return { ...base, kind: "unknown", origin: "unknown", correlationId: correlationIdOf(m.body) };
    }
}
