// The publisher (./publish) is deliberately not re-exported: it loads the EventBridge client, which only producers need.
export * from "./events";
export * from "./registry";
