import { describe, expect, it } from "vitest";
import type { FrontendMessage } from "../src/messages";
import { clientIdFor, LiveUpdates, RealtimeError, realtimeUrl, topicFor, type LiveState } from "../src/realtime";
import { fakeBroker, ManualTimers, orderId, SUB } from "./support";

const REALTIME = { url: "wss://a1b2-ats.iot.eu-west-1.amazonaws.com/mqtt", authorizerName: "orders-dev-browser", topicPrefix: "orders/dev" };
const TOPIC = `orders/dev/${SUB}`;
const processed = { type: "OrderProcessed", orderId: orderId(1), correlationId: "corr-12345678", occurredAt: "2026-12-01T10:00:00.000Z", currency: "EUR", totalCents: 2598, itemCount: 2 };

function live() {
    const broker = fakeBroker();
    const timers = new ManualTimers();
    const messages: FrontendMessage[] = [];
    const states: LiveState[] = [];
    const subscribed: boolean[] = [];
    const updates = new LiveUpdates({
        realtime: REALTIME, connect: broker.connect, timers, random: () => 0, clientSuffix: "tab1",
        onMessage: (m) => messages.push(m), onState: (s) => states.push(s), onSubscribed: (first) => subscribed.push(first),
    });
    return { broker, timers, messages, states, subscribed, updates };
}

describe("connection parameters", () => {
    it("GIVEN the realtime config and a token THEN the URL carries the authorizer name and the token", () => {
        const url = new URL(realtimeUrl("ws://localhost:3000/mqtt", "orders-local-authorizer", "a.b.c"));
        expect(url.origin + url.pathname).toBe("ws://localhost:3000/mqtt");
        expect(Object.fromEntries(url.searchParams)).toEqual({ "x-amz-customauthorizer-name": "orders-local-authorizer", token: "a.b.c" });
    });

    it("GIVEN a sub THEN the client id starts with it and a dot, and the topic ends with it", () => {
        expect(clientIdFor(SUB, "tab1")).toBe(`${SUB}.tab1`);
        expect(topicFor("orders/dev", SUB)).toBe(TOPIC);
    });

    it("GIVEN a sub that could widen the topic THEN it is refused", () => {
        for (const sub of ["a/b", "#", "+", ""]) expect(() => topicFor("orders/dev", sub)).toThrow(RealtimeError);
    });
});

describe("LiveUpdates", () => {
    it("GIVEN a start WHEN the broker accepts THEN it subscribes to the customer's topic at QoS 1 and reports live", () => {
        const { broker, states, subscribed, updates } = live();
        updates.start({ sub: SUB, idToken: "token-1" });
        const client = broker.latest();
        expect(client.token).toBe("token-1");
        expect(client.options).toMatchObject({ clientId: `${SUB}.tab1`, clean: true, reconnectPeriod: 0, protocolVersion: 4 });
        client.accept();
        expect(client.subscriptions).toEqual([{ topic: TOPIC, qos: 1 }]);
        expect(states.map((s) => s.kind)).toEqual(["connecting", "live"]);
        expect(subscribed).toEqual([true]);
    });

    it("GIVEN messages WHEN they arrive THEN only valid ones on the customer's own topic are passed on", () => {
        const { broker, messages, updates } = live();
        updates.start({ sub: SUB, idToken: "token-1" });
        const client = broker.latest();
        client.accept();
        client.deliver(TOPIC, processed);
        client.deliver("orders/dev/someone-else", processed);
        client.deliver(TOPIC, { type: "Nonsense" });
        expect(messages).toEqual([processed]);
    });

    it("GIVEN a dropped connection THEN it reconnects after a backoff with a new client, and reports the reconnect", () => {
        const { broker, timers, states, subscribed, updates } = live();
        updates.start({ sub: SUB, idToken: "token-1" });
        broker.latest().accept();
        broker.latest().emit("close");
        expect(states.at(-1)).toEqual({ kind: "reconnecting", attempt: 1, delayMs: 500 });
        expect(broker.clients).toHaveLength(1);
        expect(timers.runNext()).toBe(500);
        expect(broker.clients).toHaveLength(2);
        broker.latest().accept();
        expect(states.at(-1)).toEqual({ kind: "live" });
        expect(subscribed).toEqual([true, false]);
    });

    it("GIVEN repeated failures THEN the delays grow, and one success resets them", () => {
        const { broker, timers, updates } = live();
        updates.start({ sub: SUB, idToken: "token-1" });
        const delays: number[] = [];
        for (let i = 0; i < 4; i++) {
            broker.latest().emit("error", new Error("refused"));
            broker.latest().emit("close");
            delays.push(timers.runNext());
        }
        expect(delays).toEqual([500, 1000, 2000, 4000]);
        broker.latest().accept();
        broker.latest().emit("close");
        expect(timers.runNext()).toBe(500);
    });

    it("GIVEN a refused subscription (SUBACK 128) THEN it counts as a failure and reconnects", () => {
        const { broker, timers, states, updates } = live();
        updates.start({ sub: SUB, idToken: "token-1" });
        broker.latest().accept(128);
        expect(states.at(-1)?.kind).toBe("reconnecting");
        expect(broker.clients[0].ended).toBe(true);
        expect(timers.pending).toHaveLength(1);
    });

    it("GIVEN a renewed token WHEN started again THEN the old client ends and a new one connects with the new token", () => {
        const { broker, timers, messages, updates } = live();
        updates.start({ sub: SUB, idToken: "token-1" });
        const old = broker.latest();
        old.accept();
        updates.start({ sub: SUB, idToken: "token-2" });
        expect(old.ended).toBe(true);
        expect(broker.latest().token).toBe("token-2");
        expect(timers.pending).toHaveLength(0);
        old.deliver(TOPIC, processed);
        expect(messages).toEqual([]);
    });

    it("GIVEN a stop THEN the client ends and nothing reconnects", () => {
        const { broker, timers, states, updates } = live();
        updates.start({ sub: SUB, idToken: "token-1" });
        broker.latest().accept();
        updates.stop();
        expect(broker.latest().ended).toBe(true);
        expect(timers.pending).toHaveLength(0);
        expect(states.at(-1)).toEqual({ kind: "stopped" });
    });

    it("GIVEN a stop while a reconnect is scheduled THEN the reconnect never happens", () => {
        const { broker, timers, updates } = live();
        updates.start({ sub: SUB, idToken: "token-1" });
        broker.latest().emit("close");
        updates.stop();
        expect(timers.pending).toHaveLength(0);
        expect(broker.clients).toHaveLength(1);
    });
});
