import * as path from "path";
import * as esbuild from "esbuild";

/** A handler factory: runs once per cold start (clients are created there), returns the handler. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HandlerFactory = () => (event: any, context?: any) => Promise<any>;

export const PROJECT_ROOT = path.resolve(__dirname, "..");

export interface Bundle {
    /** The project file that exports the factory, relative to the project root. */
    readonly module: string;
    readonly exportName: string;
    /** The single minified CommonJS file the function runs, exporting `handler`. */
    readonly code: string;
}

/** Finds the project module and export name of a factory the component code referenced. */
export function locateFactory(factory: HandlerFactory): { module: string; exportName: string } {
    for (const [file, mod] of Object.entries(require.cache)) {
        if (!mod || !file.startsWith(PROJECT_ROOT) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
        for (const [exportName, value] of Object.entries(mod.exports ?? {})) {
            if (value === factory) return { module: path.relative(PROJECT_ROOT, file).split(path.sep).join("/"), exportName };
        }
    }
    throw new Error(`The handler factory ${factory.name || "(anonymous)"} must be a named export of a module under functions/, ` +
        "so that it can be bundled; export it and pass the imported reference.");
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

/**
 * Bundles a handler factory and everything it imports into one minified file.
 * Tree-shaken ESM, `@aws-sdk/*` left to the nodejs22.x runtime, no timestamps or absolute paths,
 * so an unchanged program yields a byte-identical asset (and no diff on preview).
 */
export function bundleHandler(factory: HandlerFactory): Bundle {
    const { module, exportName } = locateFactory(factory);
    const key = `${module}#${exportName}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const result = esbuild.buildSync({
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
    const bundle = { module, exportName, code: result.outputFiles[0].text };
    cache.set(key, bundle);
    return bundle;
}
