import type { EnvironmentOf, HandlerDescriptor } from "./handlers";

/** Thrown at cold start when the function's environment lacks variables its handler requires. */
export class MissingEnvironmentError extends Error {
    constructor(readonly handler: string, readonly missing: readonly string[]) {
        super(`${handler}: environment variable${missing.length === 1 ? "" : "s"} ${missing.join(", ")} ` +
            `${missing.length === 1 ? "is" : "are"} not set; the component that creates this function must set ${missing.length === 1 ? "it" : "them"}`);
        this.name = "MissingEnvironmentError";
    }
}

/**
 * The variables a handler reads, from `process.env`, as a typed record. Every required variable must be set and
 * non-empty; every missing one is named in one error. Optional variables are present only when set.
 */
export function readEnvironment<D extends HandlerDescriptor<string, string>>(descriptor: D, env: NodeJS.ProcessEnv = process.env): EnvironmentOf<D> {
    const values: Record<string, string> = {};
    const missing: string[] = [];
    for (const name of descriptor.environment) {
        const value = env[name];
        if (value) values[name] = value;
        else missing.push(name);
    }
    if (missing.length > 0) throw new MissingEnvironmentError(`${descriptor.module}#${descriptor.exportName}`, missing);
    for (const name of descriptor.optionalEnvironment) {
        const value = env[name];
        if (value) values[name] = value;
    }
    return values as EnvironmentOf<D>;
}
