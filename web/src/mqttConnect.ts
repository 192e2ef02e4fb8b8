/** The browser build of mqtt.js behind the ConnectFn the live connection expects; loaded only once signed in. */
import mqtt from "mqtt";
import { workerIntervals } from "./keepaliveTimer";
import type { ConnectFn } from "./realtime";

// One worker for every client this tab opens (one at a time, a new one per reconnect).
const keepalive = workerIntervals(
    () => new Worker(new URL("./intervalWorker.ts", import.meta.url), { type: "module", name: "mqtt-keepalive" }),
    { setInterval: (callback, ms) => window.setInterval(callback, ms), clearInterval: (handle) => window.clearInterval(handle as number) },
);

export const connect: ConnectFn = (url, options) => mqtt.connect(url, { ...options, timerVariant: keepalive });
