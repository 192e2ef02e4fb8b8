/**
 * The builds of one handler the benchmark compares. "bundled" is the platform's own bundle (components/bundle.ts,
 * byte for byte what HandlerFunction uploads) and "runtime" the same handler with `@aws-sdk/*` left to the runtime.
 * The two steps in between take the platform's options back one at a time, to show what each one is worth.
 */
import * as esbuild from "esbuild";
import { bundleOptions } from "../../components/bundle";
import type { HandlerDescriptor } from "../../functions/handlers";

export type VariantName = "bundled" | "runtime" | "sdk-inside" | "static-imports";

export interface Variant {
    readonly name: VariantName;
    readonly label: string;
    /** Whether the package carries its own SDK (then nothing but Node's built-ins may be resolvable next to it). */
    readonly sdkInside: boolean;
    options(descriptor: Pick<HandlerDescriptor, "module" | "exportName">): esbuild.BuildOptions & { write: false };
}

const without = <K extends keyof esbuild.BuildOptions>(options: esbuild.BuildOptions & { write: false }, ...keys: K[]) => {
    const copy = { ...options };
    for (const key of keys) delete copy[key];
    return copy;
};

export const VARIANTS: Readonly<Record<VariantName, Variant>> = {
    runtime: {
        name: "runtime", label: "SDK external (the runtime's)", sdkInside: false,
        options: (d) => bundleOptions(d, "runtime"),
    },
    "sdk-inside": {
        name: "sdk-inside", label: "step 1: SDK inside, tree-shaken, minified", sdkInside: true,
        options: (d) => without(bundleOptions(d), "supported", "alias"),
    },
    "static-imports": {
        name: "static-imports", label: "step 2: + dynamic-import: false", sdkInside: true,
        options: (d) => without(bundleOptions(d), "alias"),
    },
    bundled: {
        name: "bundled", label: "step 3: + credentials from the environment only (the platform's bundle)", sdkInside: true,
        options: (d) => bundleOptions(d),
    },
};

/** The steps in the order they were taken, from the runtime's SDK to the platform's bundle. */
export const STEPS: readonly VariantName[] = ["runtime", "sdk-inside", "static-imports", "bundled"];
