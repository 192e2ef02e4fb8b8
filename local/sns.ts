/**
 * SNS topics and subscriptions (`aws.sns.Topic` / `aws.sns.TopicSubscription` inputs). Publish fans out to every
 * subscription: an email (or email-json) subscription is a person, so its message becomes one log line; an SQS
 * subscription receives SNS's notification JSON (or the raw message with `rawMessageDelivery`); a Lambda one is
 * invoked asynchronously with SNS's event. A delivery that fails goes to the subscription's redrive DLQ.
 *
 * Not modelled: subscription confirmation (subscriptions are confirmed), filter policies (refused), FIFO topics
 * (refused), delivery retry policies, HTTP/SMS/mobile endpoints (refused).
 */
import { randomUUID } from "crypto";
import { accountOf, buildArn, LocalAccount, parseArn, resourceName } from "./arn";
import { correlationIdOf, reporter, RuntimeLog, silentLog } from "./log";

export interface TopicConfig {
    readonly name: string;
    readonly arn?: string;
    readonly fifoTopic?: boolean;
}

export interface SubscriptionConfig {
    /** The topic's ARN. */
    readonly topic: string;
    readonly protocol: string;
    readonly endpoint: string;
    readonly rawMessageDelivery?: boolean;
    /** JSON text `{ deadLetterTargetArn }`. */
    readonly redrivePolicy?: string;
    readonly filterPolicy?: string;
}

export interface SnsServices {
    readonly sqs?: { sendMessage(queueArn: string, body: string): unknown };
    readonly lambda?: { invokeAsync(functionArn: string, payload: unknown): Promise<unknown> };
}

export class SnsConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InvalidParameterException";
    }
}

export class TopicNotFoundError extends Error {
    constructor(arn: string) {
        super(`Topic does not exist: ${arn}`);
        this.name = "NotFoundException";
    }
}

const PROTOCOLS = ["email", "email-json", "sqs", "lambda"];

interface Subscription {
    readonly arn: string;
    readonly protocol: string;
    readonly endpoint: string;
    readonly raw: boolean;
    readonly dlqArn?: string;
}

export class SnsEngine {
    private readonly account: { region: string; accountId: string };
    private readonly log: RuntimeLog;
    private readonly topics = new Map<string, { name: string; subscriptions: Subscription[] }>();

    constructor(private readonly options: LocalAccount & { readonly services?: SnsServices; readonly log?: RuntimeLog } = {}) {
        this.account = accountOf(options);
        this.log = options.log ?? silentLog;
    }

    addTopic(config: TopicConfig): string {
        if (config.fifoTopic || config.name.endsWith(".fifo")) throw new SnsConfigError(`topic ${config.name}: FIFO topics are not supported by the local runtime`);
        const arn = config.arn ?? buildArn("sns", this.account, config.name);
        this.topics.set(arn, { name: config.name, subscriptions: [] });
        return arn;
    }

    subscribe(config: SubscriptionConfig): string {
        const topic = this.topics.get(config.topic);
        const where = `subscription of ${config.topic} (${config.protocol}:${config.endpoint})`;
        if (!topic) throw new SnsConfigError(`${where}: the topic was not added`);
        if (!PROTOCOLS.includes(config.protocol)) throw new SnsConfigError(`${where}: protocol ${config.protocol} is not served locally; supported: ${PROTOCOLS.join(", ")}`);
        if (config.filterPolicy) throw new SnsConfigError(`${where}: filter policies are not applied by the local runtime, so it refuses them rather than deliver what a filter would drop`);
        if ((config.protocol === "sqs" || config.protocol === "lambda") && !this.options.services?.[config.protocol]) {
            throw new SnsConfigError(`${where}: needs the local ${config.protocol} engine, which was not given to SNS`);
        }
        let dlqArn: string | undefined;
        if (config.redrivePolicy) {
            try {
                dlqArn = (JSON.parse(config.redrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
            } catch {
                throw new SnsConfigError(`${where}: redrivePolicy must be JSON with deadLetterTargetArn, but ${config.redrivePolicy} was provided`);
            }
        }
        const arn = `${config.topic}:${randomUUID()}`;
        topic.subscriptions.push({ arn, protocol: config.protocol, endpoint: config.endpoint, raw: config.rawMessageDelivery === true, dlqArn });
        return arn;
    }

    async publish(topicArn: string, message: string, options: { subject?: string } = {}): Promise<{ MessageId: string }> {
        const topic = this.topics.get(topicArn);
        if (!topic) throw new TopicNotFoundError(topicArn);
        const messageId = randomUUID();
        const notification = {
            Type: "Notification",
            MessageId: messageId,
            TopicArn: topicArn,
            ...(options.subject ? { Subject: options.subject } : {}),
            Message: message,
            Timestamp: new Date().toISOString(),
            SignatureVersion: "1",
            Signature: "local",
            SigningCertURL: "https://sns.local/cert.pem",
            UnsubscribeURL: "https://sns.local/unsubscribe",
        };
        const report = reporter(this.log, topic.name);
        const correlationId = correlationIdOf(message);
        await Promise.all(topic.subscriptions.map(async (subscription) => {
            try {
                await this.deliver(subscription, message, notification);
                if (subscription.protocol.startsWith("email")) {
                    report("notification", `email to ${subscription.endpoint}: ${subscription.protocol === "email" ? message : JSON.stringify(notification)}`, correlationId);
                } else {
                    const arn = parseArn(subscription.endpoint);
                    report("delivery", `→ ${subscription.protocol}:${arn ? resourceName(arn) : subscription.endpoint}`, correlationId);
                }
            } catch (error) {
                if (!subscription.dlqArn) {
                    report("dlq", `message ${messageId} to ${subscription.endpoint} dropped (${(error as Error).message}); the subscription has no DLQ`, correlationId);
                    return;
                }
                await this.options.services?.sqs?.sendMessage(subscription.dlqArn, JSON.stringify(notification));
                report("dlq", `message ${messageId} to ${subscription.endpoint} → DLQ ${parseArn(subscription.dlqArn)?.resource} (${(error as Error).message})`, correlationId);
            }
        }));
        return { MessageId: messageId };
    }

    private async deliver(subscription: Subscription, message: string, notification: Record<string, unknown>): Promise<void> {
        const services = this.options.services ?? {};
        if (subscription.protocol === "sqs") {
            await services.sqs!.sendMessage(subscription.endpoint, subscription.raw ? message : JSON.stringify(notification));
        } else if (subscription.protocol === "lambda") {
            await services.lambda!.invokeAsync(subscription.endpoint, {
                Records: [{ EventSource: "aws:sns", EventVersion: "1.0", EventSubscriptionArn: subscription.arn, Sns: { ...notification, MessageAttributes: {} } }],
            });
        }
    }
}
