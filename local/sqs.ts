/**
 * SQS standard queues, in memory, configured from the `aws.sqs.Queue` inputs: visibility timeout, retention,
 * delivery delay, receive counts, and the redrive policy that moves a message received more than
 * `maxReceiveCount` times to its dead-letter queue (keeping its original enqueue time, as standard queues do).
 * Dead-lettered messages can be listed and moved back (`redrive`, SQS's StartMessageMoveTask).
 *
 * Not modelled: FIFO queues (refused), long-poll fairness across consumers, message groups, SSE and policies.
 */
import { createHash, randomUUID } from "crypto";
import { accountOf, buildArn, LocalAccount, parseArn, resourceName } from "./arn";
import { correlationIdOf, reporter, RuntimeLog, silentLog } from "./log";
import { describeWait, scaledMs, timeScaleOf } from "./timeScale";
import { InvalidQueueParameterError, LocalQueue, MessageAttributeValue, QueueConfig, ReceivedMessage, StoredMessage } from "./sqsQueue";

export { InvalidQueueParameterError, LocalQueue } from "./sqsQueue";
export type { MessageAttributeValue, QueueConfig, ReceivedMessage } from "./sqsQueue";

export interface SendOptions {
    /** 0 to 900 seconds. @default the queue's delaySeconds */
    readonly delaySeconds?: number;
    /** At most 10. */
    readonly messageAttributes?: Record<string, MessageAttributeValue>;
}

export interface ReceiveOptions {
    /** 1 to 10. @default 1 */
    readonly maxNumberOfMessages?: number;
    /** @default the queue's visibilityTimeoutSeconds */
    readonly visibilityTimeout?: number;
    /** Long polling, 0 to 20 seconds of AWS time (scaled). @default 0 */
    readonly waitTimeSeconds?: number;
    /** For a local consumer: a long poll in milliseconds of real time, instead of waitTimeSeconds. */
    readonly waitTimeMs?: number;
    /** Ends a long poll early (shutdown). */
    readonly signal?: AbortSignal;
    /**
     * For a local consumer (the event source mapping): the messages do not become visible again until released,
     * even if their (scaled) visibility timeout passes first, so a time scale cannot cause duplicates that real
     * timings would not. Only honoured when the time scale is not real time.
     */
    readonly holdUntilReleased?: boolean;
}

/** A message as `listMessages` shows it (for the runtime's DLQ command). */
export interface MessageView {
    readonly messageId: string;
    readonly body: string;
    readonly messageAttributes: Record<string, MessageAttributeValue>;
    readonly receiveCount: number;
    readonly sentTimestamp: number;
    readonly visible: boolean;
    /** The queue it was dead-lettered from, for a message in a DLQ. */
    readonly deadLetterQueueSourceArn?: string;
}

export class QueueDoesNotExistError extends Error {
    constructor(readonly queue: string, known: string[]) {
        super(`The specified queue does not exist: ${queue} (queues: ${known.join(", ") || "none"})`);
        this.name = "QueueDoesNotExist";
    }
}

export interface SqsEngineOptions extends LocalAccount {
    readonly log?: RuntimeLog;
    /** Multiplies visibility timeouts, delays and long-poll waits. @default 1 (real time) */
    readonly timeScale?: number;
}

const MAX_BODY_BYTES = 262_144;

export class SqsEngine {
    readonly timeScale: number;
    private readonly account: { region: string; accountId: string };
    private readonly log: RuntimeLog;
    private readonly queues = new Map<string, LocalQueue>();

    constructor(options: SqsEngineOptions = {}) {
        this.account = accountOf(options);
        this.timeScale = timeScaleOf("SqsEngine", options.timeScale);
        this.log = options.log ?? silentLog;
    }

    /** Adds a queue from its resource inputs; throws naming the queue and the input for anything SQS would refuse. */
    addQueue(config: QueueConfig): LocalQueue {
        const arn = config.arn ?? buildArn("sqs", this.account, config.name);
        const url = config.url ?? `https://sqs.${this.account.region}.amazonaws.com/${this.account.accountId}/${config.name}`;
        const queue = new LocalQueue(config, arn, url);
        if (this.queues.has(arn)) throw new InvalidQueueParameterError(`queue ${config.name}: a queue with ARN ${arn} was already added`);
        this.queues.set(arn, queue);
        return queue;
    }

    /** Fails naming every queue whose redrive policy points at a queue that was not added. */
    checkRedriveTargets(): void {
        const problems = [...this.queues.values()]
            .filter((q) => q.redrive && !this.queues.has(q.redrive.deadLetterTargetArn))
            .map((q) => `queue ${q.name}: redrivePolicy.deadLetterTargetArn ${q.redrive!.deadLetterTargetArn} is not a queue of this runtime`);
        if (problems.length > 0) throw new InvalidQueueParameterError(problems.join("; "));
    }

    /** A queue by ARN, URL or name. */
    queue(ref: string): LocalQueue {
        const direct = this.queues.get(ref);
        if (direct) return direct;
        const name = parseArn(ref) ? resourceName(parseArn(ref)!) : ref.includes("/") ? ref.slice(ref.lastIndexOf("/") + 1) : ref;
        for (const queue of this.queues.values()) if (queue.name === name || queue.url === ref) return queue;
        throw new QueueDoesNotExistError(ref, [...this.queues.values()].map((q) => q.name));
    }

    has(ref: string): boolean {
        try {
            this.queue(ref);
            return true;
        } catch {
            return false;
        }
    }

    list(): LocalQueue[] {
        return [...this.queues.values()];
    }

    sendMessage(ref: string, body: string, options: SendOptions = {}): { messageId: string; md5OfBody: string } {
        const queue = this.queue(ref);
        if (typeof body !== "string" || body.length === 0) throw new InvalidQueueParameterError(`queue ${queue.name}: the message body must be a non-empty string`);
        if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw new InvalidQueueParameterError(`queue ${queue.name}: the message body must be at most ${MAX_BODY_BYTES} bytes`);
        const attributes = options.messageAttributes ?? {};
        if (Object.keys(attributes).length > 10) throw new InvalidQueueParameterError(`queue ${queue.name}: at most 10 message attributes, got ${Object.keys(attributes).length}`);
        const delay = options.delaySeconds ?? queue.delaySeconds;
        if (!Number.isInteger(delay) || delay < 0 || delay > 900) throw new InvalidQueueParameterError(`queue ${queue.name}: delaySeconds must be an integer from 0 to 900, but ${delay} was provided`);
        const now = Date.now();
        const message: StoredMessage = {
            messageId: randomUUID(),
            body,
            md5OfBody: createHash("md5").update(body).digest("hex"),
            messageAttributes: attributes,
            sentTimestamp: now,
            visibleAt: now + scaledMs(delay, this.timeScale),
            receiveCount: 0,
            held: false,
        };
        queue.enqueue(message);
        return { messageId: message.messageId, md5OfBody: message.md5OfBody };
    }

    /** ReceiveMessage: visible messages, oldest first; a message over its maxReceiveCount moves to the DLQ instead. */
    async receiveMessages(ref: string, options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
        const queue = this.queue(ref);
        const max = options.maxNumberOfMessages ?? 1;
        if (!Number.isInteger(max) || max < 1 || max > 10) throw new InvalidQueueParameterError(`queue ${queue.name}: maxNumberOfMessages must be an integer from 1 to 10, but ${max} was provided`);
        const visibility = options.visibilityTimeout ?? queue.visibilityTimeoutSeconds;
        const wait = options.waitTimeSeconds ?? 0;
        if (!Number.isInteger(wait) || wait < 0 || wait > 20) throw new InvalidQueueParameterError(`queue ${queue.name}: waitTimeSeconds must be an integer from 0 to 20, but ${wait} was provided`);
        const deadline = Date.now() + (options.waitTimeMs ?? scaledMs(wait, this.timeScale));
        const hold = options.holdUntilReleased === true && this.timeScale !== 1;
        for (;;) {
            if (options.signal?.aborted) return [];
            const taken = queue.take(max, scaledMs(visibility, this.timeScale), hold, (message) => this.deadLetter(queue, message));
            if (taken.length > 0 || Date.now() >= deadline || options.signal?.aborted) return taken;
            await queue.changed(deadline - Date.now(), options.signal);
        }
    }

    deleteMessage(ref: string, receiptHandle: string): boolean {
        return this.queue(ref).delete(receiptHandle);
    }

    changeMessageVisibility(ref: string, receiptHandle: string, visibilityTimeout: number): void {
        const queue = this.queue(ref);
        if (!Number.isInteger(visibilityTimeout) || visibilityTimeout < 0 || visibilityTimeout > 43_200) {
            throw new InvalidQueueParameterError(`queue ${queue.name}: visibilityTimeout must be an integer from 0 to 43200, but ${visibilityTimeout} was provided`);
        }
        queue.changeVisibility(receiptHandle, scaledMs(visibilityTimeout, this.timeScale));
    }

    /** Ends the hold `holdUntilReleased` put on received messages; their visibility timeout then applies as usual. */
    release(ref: string, receiptHandles: readonly string[]): void {
        this.queue(ref).release(receiptHandles);
    }

    /** Every message of a queue, visible or in flight, without receiving it. */
    listMessages(ref: string): MessageView[] {
        const now = Date.now();
        return this.queue(ref).snapshot().map((m) => ({
            messageId: m.messageId,
            body: m.body,
            messageAttributes: m.messageAttributes,
            receiveCount: m.receiveCount,
            sentTimestamp: m.sentTimestamp,
            visible: !m.held && m.visibleAt <= now,
            ...(m.deadLetterQueueSourceArn ? { deadLetterQueueSourceArn: m.deadLetterQueueSourceArn } : {}),
        }));
    }

    /** Removes one message by id, wherever it is in its life (an operator's action on a DLQ, not an SQS API). */
    removeMessage(ref: string, messageId: string): boolean {
        const queue = this.queue(ref);
        const message = queue.snapshot().find((m) => m.messageId === messageId);
        if (message) queue.remove(message);
        return message !== undefined;
    }

    /** The queues whose redrive policy dead-letters into this one. */
    deadLetterSourcesOf(ref: string): LocalQueue[] {
        const dlq = this.queue(ref);
        return [...this.queues.values()].filter((q) => q.redrive?.deadLetterTargetArn === dlq.arn);
    }

    /**
     * Moves the visible messages of a dead-letter queue back (StartMessageMoveTask): each to the queue it was
     * dead-lettered from, or all to `destination`. A moved message starts over: receive count 0, enqueued now.
     * Messages that reached the DLQ some other way (an EventBridge or Lambda destination) have no source queue
     * and need a `destination`; without one they stay, and the error names them. `messageIds` limits the move.
     */
    redrive(ref: string, options: { destination?: string; messageIds?: readonly string[] } = {}): { moved: number; destinations: string[] } {
        const dlq = this.queue(ref);
        const destination = options.destination ? this.queue(options.destination) : undefined;
        const visible = dlq.snapshot().filter((m) => !m.held && m.visibleAt <= Date.now() && (!options.messageIds || options.messageIds.includes(m.messageId)));
        const orphans = visible.filter((m) => !destination && !(m.deadLetterQueueSourceArn && this.queues.has(m.deadLetterQueueSourceArn)));
        if (orphans.length > 0) {
            throw new InvalidQueueParameterError(`queue ${dlq.name}: message(s) ${orphans.map((m) => m.messageId).join(", ")} were not dead-lettered ` +
                "by a queue's redrive policy, so they have no source queue to return to; pass a destination queue");
        }
        const destinations = new Set<string>();
        for (const message of visible) {
            const target = destination ?? this.queues.get(message.deadLetterQueueSourceArn!)!;
            dlq.remove(message);
            const { deadLetterQueueSourceArn: _source, receiptHandle: _handle, firstReceiveTimestamp: _first, ...rest } = message;
            target.enqueue({ ...rest, receiveCount: 0, sentTimestamp: Date.now(), visibleAt: Date.now(), held: false });
            destinations.add(target.name);
            reporter(this.log, dlq.name)("redrive", `message ${message.messageId} → ${target.name}`, correlationIdOf(message.body));
        }
        return { moved: visible.length, destinations: [...destinations] };
    }

    /** ApproximateNumberOfMessages / …NotVisible / …Delayed. */
    attributes(ref: string): { ApproximateNumberOfMessages: number; ApproximateNumberOfMessagesNotVisible: number; ApproximateNumberOfMessagesDelayed: number } {
        const now = Date.now();
        const messages = this.queue(ref).snapshot();
        const visible = messages.filter((m) => !m.held && m.visibleAt <= now).length;
        const delayed = messages.filter((m) => m.receiveCount === 0 && m.visibleAt > now).length;
        return { ApproximateNumberOfMessages: visible, ApproximateNumberOfMessagesNotVisible: messages.length - visible - delayed, ApproximateNumberOfMessagesDelayed: delayed };
    }

    /** Stops every queue's timers; pending long polls return empty. */
    stop(): void {
        for (const queue of this.queues.values()) queue.stop();
    }

    private deadLetter(source: LocalQueue, message: StoredMessage): boolean {
        const target = this.queues.get(source.redrive!.deadLetterTargetArn);
        if (!target) {
            reporter(this.log, source.name)("error", `cannot dead-letter message ${message.messageId}: ${source.redrive!.deadLetterTargetArn} is not a queue here`);
            return false;
        }
        const { receiptHandle: _handle, ...rest } = message;
        // Standard queues keep the original enqueue time, so the DLQ's retention counts from the first send.
        target.enqueue({ ...rest, visibleAt: Date.now(), held: false, deadLetterQueueSourceArn: source.arn });
        reporter(this.log, target.name)("dlq", `← message ${message.messageId} from ${source.name} after ${message.receiveCount} receives ` +
            `(maxReceiveCount ${source.redrive!.maxReceiveCount}, visibility ${describeWait(source.visibilityTimeoutSeconds, this.timeScale)})`,
        correlationIdOf(message.body));
        return true;
    }
}
