/** The browser build of mqtt.js behind the ConnectFn the live connection expects; loaded only once signed in. */
import mqtt from "mqtt";
import type { ConnectFn } from "./realtime";

export const connect: ConnectFn = (url, options) => mqtt.connect(url, { ...options });
