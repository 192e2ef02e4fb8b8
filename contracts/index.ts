export * from "./events";
export * from "./publish";
export * from "./registry";
