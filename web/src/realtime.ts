/**
 * The live connection: MQTT over WebSockets to the IoT endpoint, authorised by the custom authorizer from the
 * ID token in the URL. One connection at a time; every (re)connect is a new client built with the current token,
 * because the token travels in the URL and a renewed token needs a new handshake. Reconnects back off with jitter.
 * The MQTT library and the timers are parameters, so the logic runs in unit tests without a broker.
 */
import type { RealtimeConfig } from "./config";
import { decodeMessage, type FrontendMessage } from "./messages";
import { backoffDelay, RECONNECT_BACKOFF, type BackoffPolicy } from "./retry";

/** What the customer's sub must look like to be used in a topic (the customerId contract: no `/`, `+` or `#`). */
const TOPIC_SAFE_SUB = /^[A-Za-z0-9_-]{1,64}$/;

/** The live connection cannot be used for this customer (not a network problem: retrying will not help). */
export class RealtimeError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RealtimeError";
    }
}

/** The WebSocket URL with the authorizer name and the token as query parameters (the custom authorizer reads them there). */
export function realtimeUrl(base: string, authorizerName: string, token: string): string {
    const url = new URL(base);
    url.searchParams.set("x-amz-customauthorizer-name", authorizerName);
    url.searchParams.set("token", token);
    return url.toString();
}

/** The authorizer allows only client ids that start with the caller's sub and a dot. */
export function clientIdFor(sub: string, suffix: string): string {
    return `${sub}.${suffix}`;
}

export function topicFor(topicPrefix: string, sub: string): string {
    if (!TOPIC_SAFE_SUB.test(sub)) throw new RealtimeError(`the account id ${JSON.stringify(sub)} cannot be used in a topic: 1-64 letters, digits, _ or - are allowed`);
    return `${topicPrefix}/${sub}`;
}

/** The part of an mqtt.js client used here. */
export interface MqttClientLike {
    on(event: "connect", listener: () => void): unknown;
    on(event: "message", listener: (topic: string, payload: Uint8Array) => void): unknown;
    on(event: "close", listener: () => void): unknown;
    on(event: "error", listener: (error: Error) => void): unknown;
    subscribe(topic: string, options: { qos: 1 }, callback: (error: Error | null | undefined, granted?: readonly { qos: number }[]) => void): unknown;
    end(force?: boolean): unknown;
}

export interface ConnectOptions {
    readonly clientId: string;
    readonly clean: true;
    /** 0: the library must not reconnect on its own, with the old token in the old URL. */
    readonly reconnectPeriod: 0;
    readonly connectTimeout: number;
    readonly keepalive: number;
    readonly protocolVersion: 4;
}

export type ConnectFn = (url: string, options: ConnectOptions) => MqttClientLike;

export interface Timers {
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

export type LiveState =
    | { readonly kind: "connecting" }
    | { readonly kind: "live" }
    | { readonly kind: "reconnecting"; readonly attempt: number; readonly delayMs: number }
    | { readonly kind: "stopped" };

export interface LiveUpdatesOptions {
    readonly realtime: RealtimeConfig;
    readonly connect: ConnectFn;
    readonly timers: Timers;
    readonly random: () => number;
    /** The tab's client id suffix; stable for the page's life, so a reconnect replaces its own earlier session. */
    readonly clientSuffix: string;
    readonly onMessage: (message: FrontendMessage) => void;
    readonly onState: (state: LiveState) => void;
    /** After each successful subscription; `first` is false after a reconnect (messages may have been missed). */
    readonly onSubscribed: (first: boolean) => void;
    readonly backoff?: BackoffPolicy;
}

export class LiveUpdates {
    private client: MqttClientLike | undefined;
    private timer: unknown;
    /** Bumped whenever a client is replaced, so events of a discarded client are ignored. */
    private generation = 0;
    private failures = 0;
    private subscriptions = 0;
    private identity: { sub: string; idToken: string } | undefined;

    constructor(private readonly options: LiveUpdatesOptions) {}

    /** Connects for this customer (or reconnects now, with a renewed token). */
    start(identity: { sub: string; idToken: string }): void {
        topicFor(this.options.realtime.topicPrefix, identity.sub);
        this.identity = identity;
        this.failures = 0;
        this.open();
    }

    /** Ends the connection for good: no reconnect, no further callbacks but the "stopped" state. */
    stop(): void {
        this.identity = undefined;
        this.discard();
        this.options.onState({ kind: "stopped" });
    }

    private discard(): void {
        this.generation++;
        if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
        this.timer = undefined;
        const client = this.client;
        this.client = undefined;
        client?.end(true);
    }

    private open(): void {
        const identity = this.identity;
        if (identity === undefined) return;
        this.discard();
        const generation = this.generation;
        const { realtime } = this.options;
        const topic = topicFor(realtime.topicPrefix, identity.sub);
        const current = () => generation === this.generation;
        // A retry stays "reconnecting" (reported when it was scheduled) until it is live again.
        if (this.failures === 0) this.options.onState({ kind: "connecting" });
        const client = this.options.connect(realtimeUrl(realtime.url, realtime.authorizerName, identity.idToken), {
            clientId: clientIdFor(identity.sub, this.options.clientSuffix),
            clean: true,
            reconnectPeriod: 0,
            connectTimeout: 10_000,
            keepalive: 60,
            protocolVersion: 4,
        });
        this.client = client;
        client.on("connect", () => {
            if (!current()) return;
            client.subscribe(topic, { qos: 1 }, (error, granted) => {
                if (!current()) return;
                // 128 is the SUBACK failure code: the policy did not allow the topic.
                if (error || !granted || granted.length === 0 || granted.some((g) => g.qos === 128)) return this.failed(generation);
                this.failures = 0;
                this.options.onState({ kind: "live" });
                this.options.onSubscribed(this.subscriptions++ === 0);
            });
        });
        client.on("message", (t, payload) => {
            if (!current() || t !== topic) return;
            const message = decodeMessage(payload);
            if (message !== undefined) this.options.onMessage(message);
        });
        client.on("close", () => this.failed(generation));
        client.on("error", () => this.failed(generation));
    }

    /** The client of `generation` is gone or refused: schedule one reconnect (close and error may both report it). */
    private failed(generation: number): void {
        if (generation !== this.generation || this.identity === undefined) return;
        this.discard();
        const delayMs = backoffDelay(this.failures, this.options.backoff ?? RECONNECT_BACKOFF, this.options.random);
        this.failures++;
        this.options.onState({ kind: "reconnecting", attempt: this.failures, delayMs });
        const scheduled = this.generation;
        this.timer = this.options.timers.setTimeout(() => {
            if (scheduled !== this.generation) return;
            this.timer = undefined;
            this.open();
        }, delayMs);
    }
}
