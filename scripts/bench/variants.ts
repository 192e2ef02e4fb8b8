/**
 * The builds of one handler the benchmark compares. "bundled" is the platform's own bundle (components/bundle.ts,
 * byte for byte what HandlerFunction uploads) and "runtime" the same handler with `@aws-sdk/*` left to the runtime.
 * The steps in between take the platform's options back one at a time, to show what each one is worth.
 */
import * as esbuild from "esbuild";
import { buildBundle, bundleHandler, bundleOptions, rewritesThrough, SdkRewrite } from "../../components/bundle";
import type { HandlerDescriptor } from "../../functions/handlers";

export type VariantName =
    "bundled" | "runtime" | "sdk-inside" | "static-imports" | "environment-credentials" | "literal-schema-keys" | "static-event-streams"
    | "event-streams-when-streamed" | "environment-settings";
type Descriptor = Pick<HandlerDescriptor, "module" | "exportName">;

export interface Variant {
    readonly name: VariantName;
    readonly label: string;
    /** Whether the package carries its own SDK (then nothing but Node's built-ins may be resolvable next to it). */
    readonly sdkInside: boolean;
    /** The package's code. */
    build(descriptor: Descriptor): string;
}

const without = <K extends keyof esbuild.BuildOptions>(options: esbuild.BuildOptions & { write: false }, ...keys: K[]) => {
    const copy = { ...options };
    for (const key of keys) delete copy[key];
    return copy;
};
/** A build of the platform's options less `keys`, with the SDK's files as they ship. */
const stepBefore = (...keys: (keyof esbuild.BuildOptions)[]) => (d: Descriptor) =>
    buildBundle(d, without(bundleOptions(d), ...keys), { rewrites: [] }).code;
/** The step that takes the SDK rewrites up to `last` (the platform's options otherwise). */
const rewriteStep = (name: VariantName, label: string, last: SdkRewrite): Variant => ({
    name, label, sdkInside: true, build: (d) => buildBundle(d, bundleOptions(d), { rewrites: rewritesThrough(last) }).code,
});

export const VARIANTS: Readonly<Record<VariantName, Variant>> = {
    runtime: {
        name: "runtime", label: "SDK external (the runtime's)", sdkInside: false,
        build: (d) => buildBundle(d, bundleOptions(d, "runtime")).code,
    },
    "sdk-inside": { name: "sdk-inside", label: "step 1: SDK inside, tree-shaken, minified", sdkInside: true, build: stepBefore("supported", "alias") },
    "static-imports": { name: "static-imports", label: "step 2: + dynamic-import: false", sdkInside: true, build: stepBefore("alias") },
    "environment-credentials": {
        name: "environment-credentials", label: "step 3: + credentials from the environment only", sdkInside: true, build: stepBefore(),
    },
    "literal-schema-keys": rewriteStep("literal-schema-keys", "step 4: + literal schema keys", "literalSchemaKeys"),
    "static-event-streams": rewriteStep("static-event-streams", "step 5: + event-stream support imported statically", "staticEventStreams"),
    "event-streams-when-streamed": rewriteStep(
        "event-streams-when-streamed", "step 6: + event-stream support only with a client that streams events", "eventStreamsOnlyWhenStreamed",
    ),
    "environment-settings": rewriteStep("environment-settings", "step 7: + settings from the environment only", "environmentOnlySettings"),
    // Exactly what HandlerFunction uploads.
    bundled: {
        name: "bundled", label: "step 8: + neither web streams nor Web Crypto loaded (the platform's bundle)", sdkInside: true,
        build: (d) => bundleHandler(d).code,
    },
};

/** The steps in the order they were taken, from the runtime's SDK to the platform's bundle. */
export const STEPS: readonly VariantName[] = [
    "runtime", "sdk-inside", "static-imports", "environment-credentials", "literal-schema-keys", "static-event-streams",
    "event-streams-when-streamed", "environment-settings", "bundled",
];
