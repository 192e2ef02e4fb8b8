/** Test doubles shared by the unit tests: tokens, timers, storage, an MQTT client and a fetch that records. */
import { EventEmitter } from "node:events";
import type { ConnectOptions, MqttClientLike, Timers } from "../src/realtime";
import type { KeyValueStore } from "../src/storage";

/** An unsigned JWT with these claims (the page never verifies signatures, so none is needed). */
export function jwt(claims: Record<string, unknown>): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
}

export const SUB = "7f6d1c2e-4b1a-4a7e-9c1d-0a1b2c3d4e5f";
export const OTHER_SUB = "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b";
export const orderId = (n: number): string => `ord_${n.toString(16).padStart(32, "0")}`;

/**
 * Timers that run only when the test says so, in due order, on a virtual clock that jumps to each timer's due time:
 * no test waits on a real clock.
 */
export class ManualTimers implements Timers {
    private next = 1;
    readonly pending: { id: number; callback: () => void; ms: number; due: number }[] = [];

    constructor(public clock = 0) {}

    setTimeout(callback: () => void, ms: number): unknown {
        const id = this.next++;
        this.pending.push({ id, callback, ms, due: this.clock + ms });
        return id;
    }

    clearTimeout(handle: unknown): void {
        const index = this.pending.findIndex((t) => t.id === handle);
        if (index !== -1) this.pending.splice(index, 1);
    }

    /** Runs the timer due first (moving the clock to its due time); returns the delay it was set with. */
    runNext(): number {
        if (this.pending.length === 0) throw new Error("no timer is pending");
        const first = this.pending.reduce((a, b) => (b.due < a.due ? b : a));
        this.clearTimeout(first.id);
        this.clock = Math.max(this.clock, first.due);
        first.callback();
        return first.ms;
    }
}

export function mapStore(initial: Record<string, string> = {}): KeyValueStore & { readonly map: Map<string, string> } {
    const map = new Map(Object.entries(initial));
    return {
        map,
        getItem: (key) => map.get(key) ?? null,
        setItem: (key, value) => void map.set(key, value),
        removeItem: (key) => void map.delete(key),
    };
}

/** An mqtt.js client stand-in: the test plays the broker by emitting its events. */
export class FakeMqttClient extends EventEmitter implements MqttClientLike {
    readonly subscriptions: { topic: string; qos: number }[] = [];
    ended = false;
    private subscribeCallback: ((error: Error | null | undefined, granted?: readonly { qos: number }[]) => void) | undefined;

    constructor(readonly url: string, readonly options: ConnectOptions) {
        super();
    }

    subscribe(topic: string, options: { qos: 1 }, callback: (error: Error | null | undefined, granted?: readonly { qos: number }[]) => void): this {
        this.subscriptions.push({ topic, qos: options.qos });
        this.subscribeCallback = callback;
        return this;
    }

    end(): this {
        this.ended = true;
        // mqtt.js reports the close of a client it was told to end; the owner must ignore it.
        this.emit("close");
        return this;
    }

    /** The broker accepts the connection and grants the subscription with `qos`. */
    accept(qos = 1): void {
        this.emit("connect");
        this.subscribeCallback?.(null, [{ qos }]);
    }

    deliver(topic: string, message: unknown): void {
        this.emit("message", topic, new TextEncoder().encode(JSON.stringify(message)));
    }

    get token(): string | null {
        return new URL(this.url).searchParams.get("token");
    }
}

export function fakeBroker(): { connect: (url: string, options: ConnectOptions) => FakeMqttClient; clients: FakeMqttClient[]; latest: () => FakeMqttClient } {
    const clients: FakeMqttClient[] = [];
    return {
        clients,
        connect: (url, options) => {
            const client = new FakeMqttClient(url, options);
            clients.push(client);
            return client;
        },
        latest: () => {
            const client = clients.at(-1);
            if (client === undefined) throw new Error("no client was created");
            return client;
        },
    };
}

export interface RecordedRequest {
    readonly method: string;
    readonly url: string;
    readonly headers: Record<string, string>;
    readonly body: unknown;
}

type Answer = Response | Error | ((request: RecordedRequest) => Response | Error);

/** A fetch that answers from a queue per "METHOD path" and records every request. */
export function fakeFetch(): {
    fetch: (input: string, init: RequestInit) => Promise<Response>;
    requests: RecordedRequest[];
    answer: (route: string, ...answers: Answer[]) => void;
} {
    const queues = new Map<string, Answer[]>();
    const requests: RecordedRequest[] = [];
    return {
        requests,
        answer: (route, ...answers) => queues.set(route, [...(queues.get(route) ?? []), ...answers]),
        fetch: async (input, init) => {
            const method = init.method ?? "GET";
            const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
            const request: RecordedRequest = { method, url: input, headers, body: typeof init.body === "string" ? JSON.parse(init.body) : undefined };
            requests.push(request);
            const route = `${method} ${new URL(input).pathname}`;
            const queue = queues.get(route) ?? [];
            const next = queue.length > 1 ? queue.shift() : queue[0];
            if (next === undefined) throw new Error(`no answer for ${route}`);
            const answer = typeof next === "function" ? next(request) : next;
            if (answer instanceof Error) throw answer;
            return answer.clone();
        },
    };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}
