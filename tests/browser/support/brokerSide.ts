/**
 * The live connection as the runtime's broker sees it, read from the runtime's log: which MQTT clients a customer
 * connected, and whether the broker still delivers to one of them. The broker logs one `deliver` line per
 * message it forwards to a client; a client that has disconnected gets none.
 */
import type { CollectingLog } from "../../../local/log";
import type { IotBroker } from "../../../local/iotBroker";

/** The `sub` claim of the ID token the page put in its WebSocket URL (the custom authorizer reads it there). */
export function subOfSocketUrl(url: string): string {
    const token = new URL(url).searchParams.get("token");
    if (token === null) throw new Error(`the live connection's URL ${url} carries no token parameter`);
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { sub?: unknown };
    if (typeof claims.sub !== "string") throw new Error(`the token in ${url} has no sub claim`);
    return claims.sub;
}

/** Every client id the broker accepted for this customer (`<sub>.<suffix>`; one per connection the tab opened). */
export function acceptedClients(log: CollectingLog, sub: string): string[] {
    const ids = log.entries
        .map((e) => /^connect accepted client=(\S+)/.exec(e.message)?.[1])
        .filter((id): id is string => id !== undefined && id.startsWith(`${sub}.`));
    return [...new Set(ids)];
}

/**
 * Publishes one message on `topic` as the platform does (a payload the storefront ignores) and returns the clients
 * the broker forwarded it to. The broker has decided every delivery by the time the publish completes.
 */
export async function deliveredTo(broker: IotBroker, log: CollectingLog, topic: string): Promise<string[]> {
    const mark = log.entries.length;
    await broker.publish({ topic, payload: Buffer.from(JSON.stringify({ type: "BrowserTestProbe" })), qos: 0 });
    return log.entries.slice(mark)
        .map((e) => new RegExp(`^deliver topic=${topic.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} client=(\\S+)`).exec(e.message)?.[1])
        .filter((id): id is string => id !== undefined);
}

/** Asks until `done` says yes (a disconnect reaches the broker a moment after the page closes its socket). */
export async function eventually(what: string, done: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}
