import { execFileSync } from "child_process";
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
    /** What the code requires at run time, sorted: only Node built-ins when the SDK is inside. */
    readonly requires: readonly string[];
    /** The npm packages with code in the bundle, sorted (one parsed but shaken off entirely is not listed). */
    readonly packages: readonly string[];
}

/** Thrown when a descriptor names a module or export that does not exist. */
export class HandlerNotFoundError extends Error {
    constructor(readonly descriptor: Pick<HandlerDescriptor, "module" | "exportName">, reason: string) {
        super(`handler ${descriptor.module}#${descriptor.exportName}: ${reason}`);
        this.name = "HandlerNotFoundError";
    }
}

/** Thrown for a build option outside what `bundleOptions` accepts. */
export class BundleOptionError extends Error {
    constructor(option: string, value: unknown, allowed: string) {
        super(`bundle option ${option} is ${JSON.stringify(value)}; allowed: ${allowed}`);
        this.name = "BundleOptionError";
    }
}

/**
 * Where a bundle's `@aws-sdk/*` comes from. "bundled": inside the file, tree-shaken and minified (what every
 * function ships). "runtime": left to the nodejs22.x runtime's SDK, only to measure the bundled file against it.
 */
export type SdkSource = "bundled" | "runtime";
const SDK_SOURCES: readonly SdkSource[] = ["bundled", "runtime"];

/**
 * The functions' credentials come from the environment only: Lambda always passes the role's credentials as
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN. Every client's runtime config imports the SDK's
 * default chain statically, and with it the SSO, ini, process, web-identity and instance-metadata providers (and
 * the STS and SSO clients behind them), about 130 KB that would never run. The bundle takes the chain from the
 * module that creates the clients instead, whose `defaultProvider` reads the environment.
 */
export const CREDENTIAL_CHAIN_ALIAS: Readonly<Record<string, string>> = {
    "@aws-sdk/credential-provider-node": "./functions/awsClients.ts",
};

/** When a build was made: each input file with its modification time and size. */
type InputStamps = readonly (readonly [file: string, mtimeMs: number, size: number])[];

/**
 * Builds outlive this module instance: tests and tools evaluate the program many times in one process (each time
 * with fresh components/ modules), and bundling the SDK takes about half a second per function. A build is
 * reused only while every one of its input files is unchanged, so an edit is never served stale.
 */
const STORE_KEY = Symbol.for("order-platform:components/bundle");
const store: Map<string, { bundle: Bundle; inputs: InputStamps }> =
    ((globalThis as Record<symbol, unknown>)[STORE_KEY] as Map<string, { bundle: Bundle; inputs: InputStamps }> | undefined) ??
    ((globalThis as Record<symbol, unknown>)[STORE_KEY] = new Map());
/** The bundles this module instance handed out, e.g. all functions one program evaluation created. */
const handedOut = new Map<string, Bundle>();

/** Every bundle this module instance returned (and cached), e.g. all functions a program evaluation created. */
export function bundledHandlers(): Bundle[] {
    return [...handedOut.values()];
}

function stamp(files: readonly string[]): InputStamps {
    return files.map((file) => {
        const { mtimeMs, size } = fs.statSync(file);
        return [file, mtimeMs, size] as const;
    });
}

function unchanged(inputs: InputStamps): boolean {
    return inputs.every(([file, mtimeMs, size]) => {
        const now = fs.statSync(file, { throwIfNoEntry: false });
        return now !== undefined && now.mtimeMs === mtimeMs && now.size === size;
    });
}

function sourceFileOf(descriptor: Pick<HandlerDescriptor, "module" | "exportName">): string {
    const file = [".ts", ".js"].map((ext) => path.join(PROJECT_ROOT, `${descriptor.module}${ext}`)).find((f) => fs.existsSync(f));
    if (!file) throw new HandlerNotFoundError(descriptor, `no module ${descriptor.module}.ts under ${PROJECT_ROOT}`);
    return file;
}

/**
 * The esbuild options of a handler's bundle: one CommonJS file whose `handler` export is the factory's result.
 *   - `bundle`, `mainFields: module, main`: every dependency inside, as ESM where a package ships it, so
 *     tree-shaking keeps only what the handler reaches (the SDK ships ESM in `dist-es`).
 *   - `minify`, `legalComments: none`: less to read and compile at every cold start.
 *   - `supported: { "dynamic-import": false }`: an `import("node:http")` (the SDK's HTTP handler loads it lazily) becomes
 *     a `require`; a real dynamic import would start Node's ESM loader during the first invocation.
 *   - `alias`: CREDENTIAL_CHAIN_ALIAS (bundled SDK only).
 *   - no source maps, timestamps or absolute paths: an unchanged program gives byte-identical code, so
 *     `pulumi preview` shows no diff.
 */
export function bundleOptions(
    descriptor: Pick<HandlerDescriptor, "module" | "exportName">, sdk: SdkSource = "bundled",
): esbuild.BuildOptions & { write: false } {
    if (!SDK_SOURCES.includes(sdk)) throw new BundleOptionError("sdk", sdk, SDK_SOURCES.join(", "));
    const { module, exportName } = descriptor;
    return {
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
        supported: { "dynamic-import": false },
        ...(sdk === "bundled" ? { alias: { ...CREDENTIAL_CHAIN_ALIAS } } : { external: ["@aws-sdk/*"] }),
        write: false,
        logLevel: "silent",
    };
}

/**
 * The SDK's generated schema tables key their trait objects by constants (`{ [_h]: ["PUT", "/{Key+}", 200] }` with
 * `const _h = "http"`). esbuild cannot prove such a computed key free of side effects, so it keeps every operation's
 * schema of a client it bundles: 66 KB of S3's for the one or two commands a function sends (aws/aws-sdk-js-v3#7607;
 * fixed in the SDK's code generator by smithy-lang/smithy-typescript#1889). Writing each key as the literal it names
 * is the same program, and lets tree-shaking drop the unused schemas. Applied to the generated layout only: top-level
 * `const _x = "...";` strings and parameterless thunks; a file with any other function or class is left as it is.
 */
export function inlineSchemaKeys(source: string): string {
    const code = source.replace(/"(?:[^"\\\n]|\\.)*"/g, "\"\"").replace(/\(\)\s*=>/g, "");
    if (/=>|\bfunction\b|\bclass\b/.test(code)) return source;
    const literals = new Map<string, string>();
    for (const m of source.matchAll(/^const (_[\w$]*) = ("(?:[^"\\\n]|\\.)*");$/gm)) literals.set(m[1], m[2]);
    return source.replace(/\[(_[\w$]*)\]:/g, (key, name: string) => (literals.has(name) ? `${literals.get(name)}:` : key));
}

/** The SDK clients' schema tables, which `inlineSchemaKeys` rewrites. */
export const SCHEMA_TABLES = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

/** Thrown when esbuild cannot build a bundle; the message holds esbuild's own. */
export class BundleBuildError extends Error {
    constructor(descriptor: Pick<HandlerDescriptor, "module" | "exportName">, readonly errors: esbuild.Message[]) {
        super(`bundle of ${descriptor.module}#${descriptor.exportName} failed:\n${esbuild.formatMessagesSync(errors, { kind: "error" }).join("\n")}`);
        this.name = "BundleBuildError";
    }
}

interface Built {
    readonly code: string;
    readonly imports: esbuild.Metafile["outputs"][string]["imports"];
    /** Every input file, and the bytes it contributes to the output. */
    readonly inputs: Record<string, number>;
    readonly errors?: esbuild.Message[];
}

/**
 * esbuild's plugins (onLoad rewrites the schema tables) exist only in its asynchronous API, and components build
 * synchronously, so the build runs in a child node process, which prints the result as JSON.
 */
const BUILD_IN_CHILD = `
const fs = require("fs");
const { esbuildPath, builds, rewrite } = JSON.parse(fs.readFileSync(0, "utf8"));
const inlineSchemaKeys = (${inlineSchemaKeys.toString()});
const plugins = rewrite ? [{ name: "literal-schema-keys", setup(build) {
    build.onLoad({ filter: new RegExp(rewrite) }, (args) => ({ contents: inlineSchemaKeys(fs.readFileSync(args.path, "utf8")), loader: "js" }));
} }] : [];
const esbuild = require(esbuildPath);
// Several builds run at once: esbuild spreads them over the machine's cores.
Promise.all(builds.map((options) => esbuild.build({ ...options, metafile: true, plugins }).then((result) => {
    const output = Object.values(result.metafile.outputs)[0];
    const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, output.inputs[file]?.bytesInOutput ?? 0]));
    return { code: result.outputFiles[0].text, imports: output.imports, inputs };
}, (error) => ({ errors: error.errors ?? [{ text: String(error) }] })))).then((results) => process.stdout.write(JSON.stringify(results)));
`;

function runEsbuild(builds: readonly (esbuild.BuildOptions & { write: false })[], literalSchemaKeys: boolean): Built[] {
    const stdout = execFileSync(process.execPath, ["-e", BUILD_IN_CHILD], {
        cwd: PROJECT_ROOT,
        input: JSON.stringify({ esbuildPath: require.resolve("esbuild"), builds, rewrite: literalSchemaKeys ? SCHEMA_TABLES.source : undefined }),
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        stdio: ["pipe", "pipe", "pipe"],
    });
    return JSON.parse(stdout) as Built[];
}

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/;

type Descriptor = Pick<HandlerDescriptor, "module" | "exportName">;

function build(descriptor: Descriptor, options: esbuild.BuildOptions & { write: false }, literalSchemaKeys: boolean): { bundle: Bundle; inputs: string[] } {
    sourceFileOf(descriptor);
    return result(descriptor, options, runEsbuild([options], literalSchemaKeys)[0]);
}

/** A child's build result as a bundle and its input files; throws naming the handler when esbuild could not build it. */
function result(descriptor: Descriptor, options: esbuild.BuildOptions & { write: false }, built: Built): { bundle: Bundle; inputs: string[] } {
    if (built.errors) {
        if (built.errors.some((m) => m.text.includes("No matching export") && m.location?.file === options.stdin?.sourcefile)) {
            throw new HandlerNotFoundError(descriptor, `${descriptor.module} has no export named ${descriptor.exportName}`);
        }
        throw new BundleBuildError(descriptor, built.errors);
    }
    // The generated entry (stdin) is no file; every other input is one, relative to the project root.
    const inputs = Object.keys(built.inputs).filter((file) => file !== options.stdin?.sourcefile && !file.startsWith("<"));
    const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
    return {
        bundle: {
            module: descriptor.module,
            exportName: descriptor.exportName,
            code: built.code,
            requires: sorted(built.imports.filter((i) => i.external).map((i) => i.path)),
            packages: sorted(inputs.filter((file) => built.inputs[file] > 0).flatMap((file) => PACKAGE.exec(file)?.[1] ?? [])),
        },
        inputs: inputs.map((file) => path.resolve(PROJECT_ROOT, file)),
    };
}

/**
 * Builds with `options` (from `bundleOptions`, possibly altered to measure a variant) and, unless told otherwise,
 * the schema tables rewritten by `inlineSchemaKeys`; never cached.
 */
export function buildBundle(
    descriptor: Pick<HandlerDescriptor, "module" | "exportName">,
    options: esbuild.BuildOptions & { write: false } = bundleOptions(descriptor),
    { literalSchemaKeys = true }: { readonly literalSchemaKeys?: boolean } = {},
): Bundle {
    return build(descriptor, options, literalSchemaKeys).bundle;
}

/** Builds every handler again, side by side, with the options `bundleHandler` uses; never cached (proves the build is deterministic). */
export function buildBundles(descriptors: readonly Descriptor[]): Bundle[] {
    return buildSideBySide(descriptors).map((built) => built.bundle);
}

function buildSideBySide(descriptors: readonly Descriptor[]): { bundle: Bundle; inputs: string[] }[] {
    descriptors.forEach(sourceFileOf);
    const options = descriptors.map((d) => bundleOptions(d));
    return runEsbuild(options, true).map((built, i) => result(descriptors[i], options[i], built));
}

/**
 * Where builds are kept between processes (the local runtime's start, the CLI's preview, child processes of the
 * tests): a file per handler, used only while every input file has the modification time and size it was built from.
 */
export const DISK_CACHE = path.join(PROJECT_ROOT, "node_modules", ".cache", "order-platform-bundles");

const keyOf = (descriptor: Descriptor) => `${descriptor.module}#${descriptor.exportName}`;
const cacheFile = (key: string) => path.join(DISK_CACHE, `${key.replace(/[^A-Za-z0-9]+/g, "-")}.json`);

/** A build this process or an earlier one made, if its inputs are unchanged. */
function cached(descriptor: Descriptor): Bundle | undefined {
    const key = keyOf(descriptor);
    const stored = store.get(key) ?? readDiskCache(key);
    if (!stored || !unchanged(stored.inputs)) return undefined;
    store.set(key, stored);
    return stored.bundle;
}

function readDiskCache(key: string): { bundle: Bundle; inputs: InputStamps } | undefined {
    try {
        const entry = JSON.parse(fs.readFileSync(cacheFile(key), "utf8")) as { key: string; bundle: Bundle; inputs: InputStamps };
        return entry.key === key ? entry : undefined;
    } catch {
        return undefined;
    }
}

function remember(key: string, built: { bundle: Bundle; inputs: string[] }): Bundle {
    const entry = { bundle: built.bundle, inputs: stamp(built.inputs) };
    store.set(key, entry);
    try {
        fs.mkdirSync(DISK_CACHE, { recursive: true });
        fs.writeFileSync(cacheFile(key), JSON.stringify({ key, ...entry }));
    } catch {
        // The cache only saves time: a read-only node_modules builds again next time.
    }
    return built.bundle;
}

/**
 * Bundles a handler factory and everything it imports, the AWS SDK included, into one minified file that needs
 * nothing at run time but Node's built-ins (see `bundleOptions`). Cached per factory.
 */
export function bundleHandler(descriptor: Descriptor): Bundle {
    const key = keyOf(descriptor);
    const mine = handedOut.get(key);
    if (mine) return mine;
    const bundle = cached(descriptor) ?? remember(key, build(descriptor, bundleOptions(descriptor), true));
    handedOut.set(key, bundle);
    return bundle;
}

/**
 * Builds every handler not built yet in one go, so their builds run side by side (a program evaluation asks for them
 * one at a time, as it constructs each function). Later `bundleHandler` calls find them built.
 */
export function prebuildHandlers(descriptors: readonly Descriptor[]): void {
    const missing = [...new Map(descriptors.map((d) => [keyOf(d), d])).values()].filter((d) => !handedOut.has(keyOf(d)) && !cached(d));
    if (missing.length === 0) return;
    buildSideBySide(missing).forEach((built, i) => remember(keyOf(missing[i]), built));
}
