import type { MockResource } from "../../tools/mockProgram";
import { bundleHandler } from "../../components/bundle";
import { HANDLERS, HandlerName } from "../../functions/handlers";
import type { HandlerMeasurement } from "../../pricing/measured";
import { T } from "./resources";

/** What the plan knows of a function's uploaded code. */
export interface FunctionCode {
    /** The descriptor whose bundle the function uploads, when one matches. */
    readonly handler?: HandlerName;
    /** The bundle requires `@aws-sdk/*` instead of carrying it (the runtime's copy loads at init). */
    readonly runtimeSdk: boolean;
}

/** Variables every function has that no descriptor names (set by HandlerFunction itself). */
const COMPONENT_VARIABLES = new Set(["POWERTOOLS_SERVICE_NAME"]);

/** Descriptors that accept a function's environment: all their required variables, and no variable they do not name. */
export function candidateHandlers(fn: MockResource): HandlerName[] {
    const keys = Object.keys(fn.inputs.environment?.variables ?? {}).filter((k) => !COMPONENT_VARIABLES.has(k));
    return (Object.keys(HANDLERS) as HandlerName[]).filter((name) => {
        const { environment, optionalEnvironment } = HANDLERS[name] as { environment: readonly string[]; optionalEnvironment: readonly string[] };
        return environment.every((k) => keys.includes(k)) && keys.every((k) => environment.includes(k) || optionalEnvironment.includes(k));
    });
}

async function codeOf(fn: MockResource): Promise<string | undefined> {
    const assets = await Promise.resolve(fn.inputs.code?.assets);
    const code = await Promise.resolve(assets?.["index.js"]?.text);
    return typeof code === "string" ? code : undefined;
}

/**
 * Every function's handler and SDK source, from its uploaded code: among the descriptors its environment fits, the
 * one whose bundle is byte-identical (bundles are deterministic), else the only candidate.
 */
export async function resolveFunctions(resources: MockResource[]): Promise<Map<MockResource, FunctionCode>> {
    const out = new Map<MockResource, FunctionCode>();
    for (const fn of resources.filter((r) => r.type === T.function)) {
        const code = await codeOf(fn);
        const candidates = candidateHandlers(fn);
        const identical = code === undefined ? undefined : candidates.find((name) => bundleHandler(HANDLERS[name]).code === code);
        out.set(fn, {
            handler: identical ?? (candidates.length === 1 ? candidates[0] : undefined),
            // A client it requires comes from the runtime; the optional CRT and SigV4a signers are required lazily even when bundled.
            runtimeSdk: code !== undefined && /require\(["']@aws-sdk\/(client|lib)-/.test(code),
        });
    }
    return out;
}

/** The measurement of a handler, or of the costliest measured handler when there is none (noted). */
export function measurementOf(fn: MockResource, handler: HandlerName | undefined, measurements: Readonly<Record<string, HandlerMeasurement>>,
    note: (text: string) => void): HandlerMeasurement {
    const measured = handler ? measurements[handler] : undefined;
    if (measured) return measured;
    note(`${fn.name}: ${handler ? `handler ${handler} has no measurement in pricing/measured.ts` : "its handler cannot be told from its code"}; priced as the costliest measured handler (rerun scripts/measureHandlers.ts --write)`);
    return Object.values(measurements).reduce((worst, m) => (m.cpuMs + m.logBytes.DEBUG > worst.cpuMs + worst.logBytes.DEBUG ? m : worst));
}
