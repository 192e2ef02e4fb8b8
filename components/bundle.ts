import * as fs from "fs";
import * as path from "path";
import * as esbuild from "esbuild";
import type { HandlerDescriptor } from "../functions/handlers";

export const PROJECT_ROOT = path.resolve(__dirname, "..");

export interface Bundle {
    /** The project file that exports the factory, relative to the project root, without extension. */
    readonly module: string;
    readonly exportName: string;
    /** The single minified CommonJS file the function runs, exporting `handler`. */
    readonly code: string;
}

/** Thrown when a descriptor names a module or export that does not exist. */
export class HandlerNotFoundError extends Error {
    constructor(readonly descriptor: Pick<HandlerDescriptor, "module" | "exportName">, reason: string) {
        super(`handler ${descriptor.module}#${descriptor.exportName}: ${reason}`);
        this.name = "HandlerNotFoundError";
    }
}

const cache = new Map<string, Bundle>();

/** Every bundle built (and cached) by this module instance, e.g. all functions a program evaluation created. */
export function bundledHandlers(): Bundle[] {
    return [...cache.values()];
}

/** Forgets cached bundles, so the next `bundleHandler` call builds again (tests prove the build is deterministic). */
export function clearBundleCache(): void {
    cache.clear();
}

function sourceFileOf(descriptor: Pick<HandlerDescriptor, "module" | "exportName">): string {
    const file = [".ts", ".js"].map((ext) => path.join(PROJECT_ROOT, `${descriptor.module}${ext}`)).find((f) => fs.existsSync(f));
    if (!file) throw new HandlerNotFoundError(descriptor, `no module ${descriptor.module}.ts under ${PROJECT_ROOT}`);
    return file;
}

/**
 * Bundles a handler factory and everything it imports into one minified file.
 * Tree-shaken ESM, `@aws-sdk/*` left to the nodejs22.x runtime, no timestamps or absolute paths,
 * so an unchanged program yields a byte-identical asset (and no diff on preview).
 */
export function bundleHandler(descriptor: Pick<HandlerDescriptor, "module" | "exportName">): Bundle {
    const { module, exportName } = descriptor;
    const key = `${module}#${exportName}`;
    const hit = cache.get(key);
    if (hit) return hit;
    sourceFileOf(descriptor);
    let result: esbuild.BuildResult & { outputFiles: esbuild.OutputFile[] };
    try {
        result = esbuild.buildSync({
            stdin: {
                contents: `import { ${exportName} as create } from "./${module}";\nexport const handler = create();\n`,
                resolveDir: PROJECT_ROOT,
                sourcefile: "handler-entry.ts",
                loader: "ts",
            },
            absWorkingDir: PROJECT_ROOT,
            bundle: true,
            platform: "node",
            target: "node22",
            format: "cjs",
            minify: true,
            treeShaking: true,
            legalComments: "none",
            mainFields: ["module", "main"],
            external: ["@aws-sdk/*"],
            write: false,
            logLevel: "silent",
        });
    } catch (error) {
        const messages = (error as { errors?: esbuild.Message[] }).errors ?? [];
        if (messages.some((m) => m.text.includes("No matching export"))) {
            throw new HandlerNotFoundError(descriptor, `${module} has no export named ${exportName}`);
        }
        throw error;
    }
    const bundle = { module, exportName, code: result.outputFiles[0].text };
    cache.set(key, bundle);
    return bundle;
}
