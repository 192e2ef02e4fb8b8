/**
 * One SQS standard queue's messages and their visibility. The engine (sqs.ts) owns the queues and moves
 * messages between them; this file only keeps one queue's state consistent.
 */
import { randomBytes } from "crypto";
import { Wakeups } from "./wakeups";

export class InvalidQueueParameterError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InvalidParameterValue";
    }
}

export interface MessageAttributeValue {
    readonly DataType: string;
    readonly StringValue?: string;
    readonly BinaryValue?: Uint8Array;
}

/** The `aws.sqs.Queue` inputs the engine reads (other inputs, such as SSE, are accepted and ignored). */
export interface QueueConfig {
    readonly name: string;
    /** @default arn:aws:sqs:<region>:<account>:<name> */
    readonly arn?: string;
    readonly url?: string;
    /** 0 to 43200 seconds. @default 30 */
    readonly visibilityTimeoutSeconds?: number;
    /** 60 to 1209600 seconds. @default 345600 (4 days) */
    readonly messageRetentionSeconds?: number;
    /** 0 to 900 seconds. @default 0 */
    readonly delaySeconds?: number;
    /** JSON text (as the resource takes it) or object: `{ deadLetterTargetArn, maxReceiveCount }`. @default no DLQ */
    readonly redrivePolicy?: string | { readonly deadLetterTargetArn: string; readonly maxReceiveCount: number };
    /** FIFO queues are refused. */
    readonly fifoQueue?: boolean;
}

export interface StoredMessage {
    readonly messageId: string;
    readonly body: string;
    readonly md5OfBody: string;
    readonly messageAttributes: Record<string, MessageAttributeValue>;
    /** When it was first sent (kept when dead-lettered). */
    readonly sentTimestamp: number;
    visibleAt: number;
    receiveCount: number;
    firstReceiveTimestamp?: number;
    receiptHandle?: string;
    /** Held by a local consumer until released (see ReceiveOptions.holdUntilReleased). */
    held: boolean;
    readonly deadLetterQueueSourceArn?: string;
}

/** A received message, with the attributes a ReceiveMessage with `AttributeNames: ["All"]` returns. */
export interface ReceivedMessage {
    readonly messageId: string;
    readonly receiptHandle: string;
    readonly body: string;
    readonly md5OfBody: string;
    readonly attributes: Record<string, string>;
    readonly messageAttributes: Record<string, MessageAttributeValue>;
}

const int = (value: unknown, min: number, max: number) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

function parseRedrive(name: string, policy: QueueConfig["redrivePolicy"]): { deadLetterTargetArn: string; maxReceiveCount: number } | undefined {
    if (policy === undefined || policy === "") return undefined;
    let parsed: unknown = policy;
    if (typeof policy === "string") {
        try {
            parsed = JSON.parse(policy);
        } catch {
            throw new InvalidQueueParameterError(`queue ${name}: redrivePolicy must be JSON, but ${JSON.stringify(policy)} was provided`);
        }
    }
    const { deadLetterTargetArn, maxReceiveCount } = (parsed ?? {}) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    const count = typeof maxReceiveCount === "string" ? Number(maxReceiveCount) : maxReceiveCount;
    if (typeof deadLetterTargetArn !== "string" || !int(count, 1, 1000)) {
        throw new InvalidQueueParameterError(`queue ${name}: redrivePolicy needs deadLetterTargetArn (a queue ARN) and maxReceiveCount (1 to 1000), ` +
            `but ${JSON.stringify(parsed)} was provided`);
    }
    return { deadLetterTargetArn, maxReceiveCount: count as number };
}

export class LocalQueue {
    readonly name: string;
    readonly visibilityTimeoutSeconds: number;
    readonly messageRetentionSeconds: number;
    readonly delaySeconds: number;
    readonly redrive?: { readonly deadLetterTargetArn: string; readonly maxReceiveCount: number };
    private messages: StoredMessage[] = [];
    private readonly wakeups = new Wakeups();
    private stopped = false;

    constructor(config: QueueConfig, readonly arn: string, readonly url: string) {
        const name = config.name;
        if (config.fifoQueue || String(name).endsWith(".fifo")) throw new InvalidQueueParameterError(`queue ${name}: FIFO queues are not supported by the local runtime (standard queues only)`);
        if (typeof name !== "string" || !/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
            throw new InvalidQueueParameterError(`queue name must be 1 to 80 letters, digits, - or _, but ${JSON.stringify(name)} was provided`);
        }
        this.name = name;
        this.visibilityTimeoutSeconds = config.visibilityTimeoutSeconds ?? 30;
        this.messageRetentionSeconds = config.messageRetentionSeconds ?? 345_600;
        this.delaySeconds = config.delaySeconds ?? 0;
        const problems: string[] = [];
        if (!int(this.visibilityTimeoutSeconds, 0, 43_200)) problems.push(`visibilityTimeoutSeconds must be an integer from 0 to 43200, but ${this.visibilityTimeoutSeconds} was provided`);
        if (!int(this.messageRetentionSeconds, 60, 1_209_600)) problems.push(`messageRetentionSeconds must be an integer from 60 to 1209600, but ${this.messageRetentionSeconds} was provided`);
        if (!int(this.delaySeconds, 0, 900)) problems.push(`delaySeconds must be an integer from 0 to 900, but ${this.delaySeconds} was provided`);
        if (problems.length > 0) throw new InvalidQueueParameterError(`queue ${name}: ${problems.join("; ")}`);
        this.redrive = parseRedrive(name, config.redrivePolicy);
    }

    enqueue(message: StoredMessage): void {
        this.messages.push(message);
        this.notify();
    }

    /**
     * Takes up to `max` visible messages, making each invisible for `visibilityMs`. A message already received
     * maxReceiveCount times is handed to `deadLetter` instead (and leaves this queue if that succeeds).
     */
    take(max: number, visibilityMs: number, hold: boolean, deadLetter: (message: StoredMessage) => boolean): ReceivedMessage[] {
        const now = Date.now();
        this.expire(now);
        const taken: ReceivedMessage[] = [];
        for (const message of [...this.messages]) {
            if (taken.length >= max) break;
            if (message.held || message.visibleAt > now) continue;
            if (this.redrive && message.receiveCount >= this.redrive.maxReceiveCount) {
                if (deadLetter(message)) this.remove(message);
                continue;
            }
            message.receiveCount += 1;
            message.firstReceiveTimestamp ??= now;
            message.receiptHandle = randomBytes(24).toString("base64url");
            message.visibleAt = now + visibilityMs;
            message.held = hold;
            taken.push({
                messageId: message.messageId,
                receiptHandle: message.receiptHandle,
                body: message.body,
                md5OfBody: message.md5OfBody,
                attributes: {
                    ApproximateReceiveCount: String(message.receiveCount),
                    SentTimestamp: String(message.sentTimestamp),
                    SenderId: "AIDALOCALRUNTIME",
                    ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
                    ...(message.deadLetterQueueSourceArn ? { DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn } : {}),
                },
                messageAttributes: message.messageAttributes,
            });
        }
        return taken;
    }

    /** Resolves when something may have become visible, after `ms` at the latest, or when the signal aborts. */
    changed(ms: number, signal?: AbortSignal): Promise<void> {
        if (this.stopped || signal?.aborted) return Promise.resolve();
        const now = Date.now();
        const next = Math.min(...this.messages.filter((m) => !m.held && m.visibleAt > now).map((m) => m.visibleAt));
        const wait = Math.max(0, Math.min(ms, next - now));
        return this.wakeups.wait(wait, signal);
    }

    delete(receiptHandle: string): boolean {
        const message = this.messages.find((m) => m.receiptHandle === receiptHandle);
        if (!message) return false;
        this.remove(message);
        return true;
    }

    changeVisibility(receiptHandle: string, visibilityMs: number): void {
        const message = this.messages.find((m) => m.receiptHandle === receiptHandle);
        if (!message) throw new InvalidQueueParameterError(`queue ${this.name}: the receipt handle ${receiptHandle} is not of a message in flight`);
        message.visibleAt = Date.now() + visibilityMs;
        this.notify();
    }

    release(receiptHandles: readonly string[]): void {
        for (const message of this.messages) {
            if (message.receiptHandle && receiptHandles.includes(message.receiptHandle)) message.held = false;
        }
        this.notify();
    }

    remove(message: StoredMessage): void {
        this.messages = this.messages.filter((m) => m !== message);
    }

    snapshot(): StoredMessage[] {
        this.expire(Date.now());
        return [...this.messages];
    }

    stop(): void {
        this.stopped = true;
        this.notify();
    }

    /** Retention is never scaled: a scaled run must not lose messages a real one would keep. */
    private expire(now: number): void {
        const limit = this.messageRetentionSeconds * 1000;
        this.messages = this.messages.filter((m) => now - m.sentTimestamp < limit);
    }

    private notify(): void {
        this.wakeups.wakeAll();
    }
}
