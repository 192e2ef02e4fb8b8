/**
 * Runs in a dedicated worker and ticks the intervals the page asks for. A hidden tab's own timers are throttled to
 * about one run a minute, which would let the MQTT keepalive miss its 1.5 × keepalive deadline; a worker's are not.
 * It is a file of the site (not a blob: URL, which the page's Content-Security-Policy does not allow).
 */
import type { IntervalRequest } from "./keepaliveTimer";

const running = new Map<number, ReturnType<typeof setInterval>>();

self.addEventListener("message", (event: MessageEvent<IntervalRequest>) => {
    const request = event.data;
    if (request.kind === "set") {
        running.set(request.id, setInterval(() => self.postMessage(request.id), request.ms));
    } else {
        clearInterval(running.get(request.id));
        running.delete(request.id);
    }
});
