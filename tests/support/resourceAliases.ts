/**
 * Mocks do not see resource options, so this records what the engine would be told about aliases while a
 * component is constructed: the alias specs each resource was given and the URNs the SDK computed from them.
 */
import * as pulumi from "@pulumi/pulumi";
import { promiseOf } from "../harness";

type RegisterResource = (res: unknown, parent: { __pulumiType?: string } | undefined, t: string, name: string, ...rest: unknown[]) => unknown;

interface Seen {
    readonly resource: pulumi.Resource;
    readonly parentType?: string;
    readonly specs: unknown[];
}

export interface AliasRecording {
    /** The `aliases` option the resource `type` named `name` was created with (empty if none). */
    specs(type: string, name: string): unknown[];
    /** The alias URNs the SDK sends for it. */
    urns(type: string, name: string): Promise<string[]>;
    /** The type token of its parent. */
    parentType(type: string, name: string): string | undefined;
    /** The resource itself, to compute URNs against. */
    resource(type: string, name: string): pulumi.Resource;
    /** Restores the SDK's registerResource. */
    stop(): void;
}

/** Starts recording; call `stop()` once the resources under test are created. */
export function recordAliases(): AliasRecording {
    // The SDK calls registerResource through this module object, after it has turned `aliases` into URNs.
    const runtime = require("@pulumi/pulumi/runtime/resource") as { registerResource: RegisterResource };
    const original = runtime.registerResource;
    const seen = new Map<string, Seen>();
    runtime.registerResource = (res, parent, t, name, ...rest) => {
        const opts = (rest[4] ?? {}) as { aliases?: unknown[] };
        seen.set(`${t}::${name}`, { resource: res as pulumi.Resource, parentType: parent?.__pulumiType, specs: opts.aliases ?? [] });
        return original(res, parent, t, name, ...rest);
    };
    const get = (type: string, name: string): Seen => {
        const found = seen.get(`${type}::${name}`);
        if (!found) throw new Error(`no registration recorded for ${type} ${name}`);
        return found;
    };
    return {
        specs: (type, name) => get(type, name).specs,
        async urns(type, name) {
            // Not part of the typed API: the URNs the SDK computed from the alias specs, as it sends them to the engine.
            const computed = (get(type, name).resource as unknown as { __aliases?: pulumi.Input<string>[] }).__aliases ?? [];
            return Promise.all(computed.map((urn) => promiseOf(urn)));
        },
        parentType: (type, name) => get(type, name).parentType,
        resource: (type, name) => get(type, name).resource,
        stop: () => { runtime.registerResource = original; },
    };
}
