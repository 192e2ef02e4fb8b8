/**
 * EventBridge, locally: buses ("default" always exists), rules whose `eventPattern` is matched by the same matcher
 * the routing tests use, and targets with their retry policy, dead-letter queue and input settings, configured
 * from the `aws.cloudwatch.EventBus` / `EventRule` / `EventTarget` inputs (`roleArn` is accepted and ignored).
 *
 * PutEvents builds the envelope (`version, id, detail-type, source, account, time, region, resources, detail`)
 * and answers per entry (FailedEntryCount; InvalidArgument, MalformedDetail, NotAuthorizedForSourceException,
 * ResourceNotFoundException), then delivers asynchronously, as EventBridge does. A failed delivery is retried with
 * exponential backoff and jitter within `maximumRetryAttempts` and `maximumEventAgeInSeconds` (scaled); then the
 * event goes to the target's DLQ with the attributes EventBridge adds (RULE_ARN, TARGET_ARN, ERROR_CODE,
 * ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS). A missing target resource or an input that is not
 * JSON for a JSON-only target goes to the DLQ without retries.
 *
 * Not modelled: archives and replay, schedules (refused), bus policies, API destinations, partner sources.
 */
import { randomUUID } from "crypto";
import { accountOf, buildArn, LocalAccount, parseArn } from "./arn";
import { EventPattern, matches, parsePattern } from "./eventPattern";
import { compileTargetInput, TargetInputConfig } from "./inputTransformer";
import { correlationIdOf, reporter, RuntimeLog, silentLog } from "./log";
import { backoffSeconds, classifyFailure, Deliver, EventTargetServices, PermanentDeliveryError, targetDelivery } from "./eventTargets";
import { describeWait, scaledMs, sleep, timeScaleOf } from "./timeScale";
import { PutEventsEntry, PutEventsResult, validateEntries } from "./putEvents";

export type { EventTargetServices } from "./eventTargets";
export type { PutEventsEntry, PutEventsResult } from "./putEvents";

export interface EventBusConfig {
    readonly name: string;
    readonly arn?: string;
}

export interface RuleConfig {
    readonly name: string;
    /** A bus name or ARN. @default "default" */
    readonly eventBusName?: string;
    /** JSON text (as EventRule takes it) or an object. */
    readonly eventPattern?: string | EventPattern;
    /** Scheduled rules are refused. */
    readonly scheduleExpression?: string;
    /** "DISABLED" keeps the rule from matching. @default "ENABLED" */
    readonly state?: string;
    readonly arn?: string;
}

export interface TargetConfig extends TargetInputConfig {
    /** The rule's name. */
    readonly rule: string;
    /** @default "default" */
    readonly eventBusName?: string;
    readonly arn: string;
    readonly targetId?: string;
    readonly deadLetterConfig?: { readonly arn?: string };
    readonly retryPolicy?: { readonly maximumRetryAttempts?: number; readonly maximumEventAgeInSeconds?: number };
    /** Ignored: local delivery needs no role. */
    readonly roleArn?: string;
}

export interface EventBusEngineOptions extends LocalAccount {
    /** The services targets are delivered to (and `sqs` the DLQs). Functions may be passed to wire lazily. */
    readonly services: EventTargetServices;
    readonly log?: RuntimeLog;
    /** Multiplies retry backoffs and the maximum event age. @default 1 (real time) */
    readonly timeScale?: number;
}

export class EventBusConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ResourceNotFoundException";
    }
}

interface LocalTarget {
    readonly id: string;
    readonly arn: string;
    readonly label: string;
    readonly deliver: Deliver;
    readonly input: ReturnType<typeof compileTargetInput>;
    readonly dlqArn?: string;
    readonly attempts: number;
    readonly maxAgeSeconds: number;
}

interface LocalRule {
    readonly name: string;
    readonly arn: string;
    readonly pattern: EventPattern;
    readonly enabled: boolean;
    readonly targets: LocalTarget[];
}

interface LocalBus {
    readonly name: string;
    readonly arn: string;
    readonly rules: Map<string, LocalRule>;
}

export class EventBusEngine {
    readonly timeScale: number;
    private readonly account: { region: string; accountId: string };
    private readonly log: RuntimeLog;
    private readonly buses = new Map<string, LocalBus>();
    private readonly pending = new Set<Promise<void>>();
    private readonly abort = new AbortController();

    constructor(private readonly options: EventBusEngineOptions) {
        this.account = accountOf(options);
        this.timeScale = timeScaleOf("EventBusEngine", options.timeScale);
        this.log = options.log ?? silentLog;
        this.addBus({ name: "default" });
    }

    addBus(config: EventBusConfig): void {
        if (!/^[A-Za-z0-9._/-]{1,256}$/.test(config.name)) throw new EventBusConfigError(`event bus name must be 1 to 256 of A-Z a-z 0-9 . _ - /, but ${JSON.stringify(config.name)} was provided`);
        if (this.buses.has(config.name)) {
            if (config.name === "default") return;
            throw new EventBusConfigError(`event bus ${config.name} was already added`);
        }
        this.buses.set(config.name, { name: config.name, arn: config.arn ?? buildArn("events", this.account, `event-bus/${config.name}`), rules: new Map() });
    }

    addRule(config: RuleConfig): void {
        const bus = this.bus(config.eventBusName ?? "default", `rule ${config.name}`);
        if (config.scheduleExpression) throw new EventBusConfigError(`rule ${config.name}: scheduled rules (${config.scheduleExpression}) are not run by the local runtime; only event pattern rules are`);
        if (config.eventPattern === undefined) throw new EventBusConfigError(`rule ${config.name}: an eventPattern is required`);
        if (bus.rules.has(config.name)) throw new EventBusConfigError(`rule ${config.name} was already added to bus ${bus.name}`);
        let pattern: EventPattern;
        try {
            pattern = parsePattern(config.eventPattern);
        } catch (error) {
            throw new EventBusConfigError(`rule ${config.name} on bus ${bus.name}: ${(error as Error).message}`);
        }
        const arn = config.arn ?? buildArn("events", this.account, `rule/${bus.name === "default" ? "" : `${bus.name}/`}${config.name}`);
        bus.rules.set(config.name, { name: config.name, arn, pattern, enabled: (config.state ?? "ENABLED") !== "DISABLED", targets: [] });
    }

    addTarget(config: TargetConfig): void {
        const bus = this.bus(config.eventBusName ?? "default", `target ${config.arn}`);
        const rule = bus.rules.get(config.rule);
        if (!rule) throw new EventBusConfigError(`target ${config.arn}: rule ${config.rule} is not on bus ${bus.name} (rules: ${[...bus.rules.keys()].join(", ") || "none"})`);
        const where = `rule ${rule.name} target ${config.targetId ?? config.arn}`;
        const attempts = config.retryPolicy?.maximumRetryAttempts ?? 185;
        const maxAgeSeconds = config.retryPolicy?.maximumEventAgeInSeconds ?? 86_400;
        const problems: string[] = [];
        if (!Number.isInteger(attempts) || attempts < 0 || attempts > 185) problems.push(`retryPolicy.maximumRetryAttempts must be an integer from 0 to 185, but ${attempts} was provided`);
        if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 60 || maxAgeSeconds > 86_400) problems.push(`retryPolicy.maximumEventAgeInSeconds must be an integer from 60 to 86400, but ${maxAgeSeconds} was provided`);
        const dlqArn = config.deadLetterConfig?.arn;
        if (dlqArn !== undefined && parseArn(dlqArn)?.service !== "sqs") problems.push(`deadLetterConfig.arn must be an SQS queue ARN, but ${dlqArn} was provided`);
        if (dlqArn !== undefined && !this.options.services.sqs) problems.push(`deadLetterConfig.arn ${dlqArn} needs the SQS engine, which was not given to the event bus`);
        if (problems.length > 0) throw new EventBusConfigError(`${where}: ${problems.join("; ")}`);
        const { kind, label, deliver } = targetDelivery(where, config.arn, this.options.services, (name, event) => this.deliverToBus(name, event));
        const input = compileTargetInput(config, where);
        if (kind === "events" && input(EMPTY_EVENT, { ruleArn: "", ruleName: "", ingestionTime: "" }) !== undefined) {
            throw new EventBusConfigError(`${where}: an event bus target receives the event itself; input, inputPath and inputTransformer are not allowed`);
        }
        rule.targets.push({ id: config.targetId ?? randomUUID(), arn: config.arn, label, deliver, input, dlqArn, attempts, maxAgeSeconds });
    }

    /** PutEvents: validates each entry, accepts the valid ones and routes them (delivery happens after the answer). */
    async putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsResult> {
        const checked = validateEntries(entries, (name) => this.findBus(name));
        const results = checked.map((entry) => {
            if ("ErrorCode" in entry) return entry;
            const event = {
                version: "0",
                id: randomUUID(),
                "detail-type": entry.detailType,
                source: entry.source,
                account: this.account.accountId,
                time: entry.time,
                region: this.account.region,
                resources: entry.resources,
                detail: entry.detail,
            };
            this.accept(entry.bus, event);
            return { EventId: event.id };
        });
        return { FailedEntryCount: results.filter((r) => "ErrorCode" in r).length, Entries: results };
    }

    /** An event from an AWS service (e.g. S3's Object Created), already in its envelope, on a bus ("default"). */
    async emit(event: Record<string, unknown>, busName = "default"): Promise<void> {
        const bus = this.bus(busName, `event ${String(event.id)}`);
        this.accept(bus, event);
    }

    /**
     * Delivers a dead-lettered event again to the target it failed for (named by the DLQ message's RULE_ARN and
     * TARGET_ARN attributes), with that target's input settings and retry policy, as if the rule had just matched.
     */
    redeliver(ruleArn: string, targetArn: string, event: Record<string, unknown>): void {
        for (const bus of this.buses.values()) {
            for (const rule of bus.rules.values()) {
                const target = rule.arn === ruleArn ? rule.targets.find((t) => t.arn === targetArn) : undefined;
                if (!target) continue;
                this.track(this.deliver(rule, target, event, new Date().toISOString()), rule, target, correlationIdOf(event));
                return;
            }
        }
        throw new EventBusConfigError(`no rule ${ruleArn} with target ${targetArn} here, so the event cannot be delivered again`);
    }

    /** Resolves when every accepted event has been delivered, dead-lettered or dropped (retries included). */
    async idle(): Promise<void> {
        while (this.pending.size > 0) await Promise.all([...this.pending]);
    }

    /** Ends pending backoffs; deliveries not yet made are abandoned. */
    stop(): void {
        this.abort.abort();
    }

    private accept(bus: LocalBus, event: Record<string, unknown>): void {
        const correlationId = correlationIdOf(event);
        reporter(this.log, bus.name)("event", `${String(event.source)}/${String(event["detail-type"])} ${String(event.id)}`, correlationId);
        const ingestionTime = new Date().toISOString();
        for (const rule of bus.rules.values()) {
            if (!rule.enabled || !matches(rule.pattern, event)) continue;
            reporter(this.log, bus.name)("match", `rule ${rule.name} ← ${String(event["detail-type"])} ${String(event.id)}`, correlationId);
            for (const target of rule.targets) this.track(this.deliver(rule, target, event, ingestionTime), rule, target, correlationId);
        }
    }

    private track(delivery: Promise<void>, rule: LocalRule, target: LocalTarget, correlationId: string | undefined): void {
        const task = delivery.catch((error: Error) => {
            reporter(this.log, rule.name)("error", `delivery to ${target.label} was abandoned: ${error.message}`, correlationId);
        });
        this.pending.add(task);
        void task.finally(() => this.pending.delete(task));
    }

    private async deliver(rule: LocalRule, target: LocalTarget, event: Record<string, unknown>, ingestionTime: string): Promise<void> {
        const report = reporter(this.log, rule.name);
        const correlationId = correlationIdOf(event);
        const started = Date.now();
        let retries = 0;
        let input: string;
        try {
            input = target.input(event, { ruleArn: rule.arn, ruleName: rule.name, ingestionTime }) ?? JSON.stringify(event);
        } catch (error) {
            return this.deadLetter(rule, target, event, { code: "INVALID_PARAMETER", message: (error as Error).message, retries });
        }
        for (;;) {
            try {
                await target.deliver(input, event);
                report("delivery", `→ ${target.label}${retries > 0 ? ` (after ${retries} retries)` : ""}`, correlationId);
                return;
            } catch (error) {
                const failure = classifyFailure(error as Error);
                if (failure.permanent) return this.deadLetter(rule, target, event, { ...failure, retries });
                if (retries >= target.attempts) return this.deadLetter(rule, target, event, { ...failure, retries, exhausted: "MaximumRetryAttempts" });
                const wait = backoffSeconds(retries + 1);
                if (Date.now() + scaledMs(wait, this.timeScale) - started >= scaledMs(target.maxAgeSeconds, this.timeScale)) {
                    return this.deadLetter(rule, target, event, { ...failure, retries, exhausted: "MaximumEventAgeInSeconds" });
                }
                retries += 1;
                report("retry", `→ ${target.label} failed (${failure.code}: ${failure.message}); retry ${retries} of ${target.attempts} in ${describeWait(wait, this.timeScale)}`, correlationId);
                await sleep(scaledMs(wait, this.timeScale), this.abort.signal);
                if (this.abort.signal.aborted) return;
            }
        }
    }

    private async deadLetter(rule: LocalRule, target: LocalTarget, event: Record<string, unknown>,
        failure: { code: string; message: string; retries: number; exhausted?: string }): Promise<void> {
        const report = reporter(this.log, rule.name);
        const correlationId = correlationIdOf(event);
        const why = `${failure.code}: ${failure.message}`;
        if (!target.dlqArn) {
            report("dlq", `${String(event["detail-type"])} ${String(event.id)} for ${target.label} dropped (${why}); the target has no DLQ`, correlationId);
            return;
        }
        const attribute = (value: string) => ({ DataType: "String", StringValue: value });
        await this.options.services.sqs!.sendMessage(target.dlqArn, JSON.stringify(event), {
            messageAttributes: {
                RULE_ARN: attribute(rule.arn),
                TARGET_ARN: attribute(target.arn),
                ERROR_CODE: attribute(failure.code),
                ERROR_MESSAGE: attribute(failure.message.slice(0, 1000)),
                ...(failure.exhausted ? { EXHAUSTED_RETRY_CONDITION: attribute(failure.exhausted) } : {}),
                RETRY_ATTEMPTS: attribute(String(failure.retries)),
            },
        });
        report("dlq", `${String(event["detail-type"])} ${String(event.id)} for ${target.label} → DLQ ${parseArn(target.dlqArn)?.resource} (${why}${failure.exhausted ? `, ${failure.exhausted} exhausted` : ""})`, correlationId);
    }

    private async deliverToBus(name: string, event: Record<string, unknown>): Promise<void> {
        const bus = this.findBus(name);
        if (!bus) throw new PermanentDeliveryError("NO_RESOURCE", `event bus ${name} does not exist here`);
        this.accept(bus, event);
    }

    private findBus(nameOrArn: string): LocalBus | undefined {
        const arn = parseArn(nameOrArn);
        if (arn && arn.account !== this.account.accountId) return undefined;
        return this.buses.get(arn ? arn.resource.replace(/^event-bus\//, "") : nameOrArn);
    }

    private bus(nameOrArn: string, what: string): LocalBus {
        const bus = this.findBus(nameOrArn);
        if (!bus) throw new EventBusConfigError(`${what}: event bus ${nameOrArn} does not exist (buses: ${[...this.buses.keys()].join(", ")})`);
        return bus;
    }
}

const EMPTY_EVENT: Record<string, unknown> = {};
