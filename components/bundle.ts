import { execFileSync } from "child_process";
import { createHash } from "crypto";
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
/** A build kept for reuse: the bundle, its inputs as they were, and how it was made (`recipeOf`). */
interface StoredBuild {
    readonly bundle: Bundle;
    readonly inputs: InputStamps;
    readonly recipe: string;
}
const store: Map<string, StoredBuild> =
    ((globalThis as Record<symbol, unknown>)[STORE_KEY] as Map<string, StoredBuild> | undefined) ??
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

/**
 * The SDK's HTTP protocols load their event-stream support with `await import("@smithy/core/event-streams")`. Inside
 * one file that import cannot stay lazy: esbuild wraps the imported module, and every module it imports (all of
 * `@smithy/core`, about 180 KB), in functions that initialize each module on first use. V8 then parses those bodies
 * twice, once when it compiles the file and again when they first run, a few milliseconds of every cold start. The
 * same import written statically is the same program (the module has no side effects) with nothing wrapped. A file
 * without that exact import is left as it is.
 */
export function staticEventStreamImport(source: string): string {
    const lazy = 'await import("@smithy/core/event-streams")';
    if (!source.includes(lazy)) return source;
    return `import * as __eventStreams from "@smithy/core/event-streams";\n${source.split(lazy).join("__eventStreams")}`;
}

/** The file of the SDK's HTTP protocols, which `staticEventStreamImport` rewrites. */
export const HTTP_PROTOCOL = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]protocols[\\/]HttpProtocol\.js$/;
/** The files of `@smithy/core/event-streams`. */
export const EVENT_STREAMS = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]event-streams[\\/]/;

/**
 * Only a client with operations that stream events (S3's SelectObjectContent) configures an event-stream marshaller,
 * and its runtime config imports `@smithy/core/event-streams` for that. A bundle without such a client never reaches
 * the protocols' event-stream support, yet the static import puts all of it inside: 15 KB, and the zlib module its
 * checksums load. Such a bundle (one where nothing but the protocols imports the module) is built a second time with
 * this rewrite instead, which turns the import into an error that says why.
 */
export function leaveOutEventStreams(source: string): string {
    const lazy = 'await import("@smithy/core/event-streams")';
    if (!source.includes(lazy)) return source;
    const error = "this bundle has no event-stream support: none of its clients has an operation that streams events";
    return source.split(lazy).join(`await Promise.reject(new Error(${JSON.stringify(error)}))`);
}

/**
 * A setting found in no environment variable is looked up in the shared config files (~/.aws/config and
 * ~/.aws/credentials) before the SDK's default applies. A function has no such files: Lambda gives it everything in
 * its environment, as CREDENTIAL_CHAIN_ALIAS explains for credentials. Yet looking costs every cold start the
 * fs/promises module at load and two failed reads on the first call, about 5 ms. In a bundle the lookup finds nothing
 * at once, so a setting comes from the environment or the SDK's default, exactly as in Lambda. A file that does not
 * export `fromSharedConfigFiles` is left as it is.
 */
export function environmentOnlySettings(source: string): string {
    if (!/^export const fromSharedConfigFiles = /m.test(source)) return source;
    return [
        'import { CredentialsProviderError } from "../property-provider/CredentialsProviderError";',
        "export const fromSharedConfigFiles = (_configSelector, init = {}) => async () => {",
        '    throw new CredentialsProviderError("a bundled function reads its settings from the environment only, not from shared config files", { logger: init.logger });',
        "};",
        "",
    ].join("\n");
}

/** The SDK's provider of settings from the shared config files, which `environmentOnlySettings` replaces. */
export const SHARED_CONFIG_SETTINGS = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]config[\\/]node-config-provider[\\/]fromSharedConfigFiles\.js$/;

/**
 * Asking whether a stream is a web stream (`typeof ReadableStream`) makes Node load its web streams, two of its
 * largest modules, about 2 ms of the first call. The SDK asks it of every response body its HTTP handler gives, and
 * that is always a Node stream, which is never a web stream. The same check answering no for a Node stream first is
 * the same program without that load. A file without that exact check is left as it is.
 */
export function checkNodeStreamFirst(source: string): string {
    const check = 'export const isReadableStream = (stream) => typeof ReadableStream === "function" &&';
    if (!source.includes(check)) return source;
    const nodeFirst = 'export const isReadableStream = (stream) => !(stream instanceof __NodeReadable) && typeof ReadableStream === "function" &&';
    return `import { Readable as __NodeReadable } from "node:stream";\n${source.split(check).join(nodeFirst)}`;
}

/** The SDK's checks of a stream's kind, which `checkNodeStreamFirst` rewrites. */
export const STREAM_TYPE_CHECK = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]serde[\\/]util-stream[\\/]stream-type-check\.js$/;

/**
 * The SDK gives each request an id (the amz-sdk-invocation-id header) from the global `crypto.randomUUID`. Reaching
 * that global makes Node load Web Crypto, about 1.5 ms of the first call, only to call the `randomUUID` that
 * node:crypto exports itself. Taking it from node:crypto is the same program without that load. A file without that
 * exact definition is left as it is.
 */
export function randomUUIDFromNodeCrypto(source: string): string {
    const v4 = "export const v4 = bindV4(_getRandomValues);";
    if (!source.includes(v4)) return source;
    return `import { randomUUID as __randomUUID } from "node:crypto";\n${source.split(v4).join("export const v4 = () => __randomUUID();")}`;
}

/** The SDK's serialization helpers, where `randomUUIDFromNodeCrypto` defines request ids. */
export const SERDE_HELPERS = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]serde[\\/]index\.js$/;

/**
 * The rewrites of the SDK's own files a bundle applies. Two are the same program, written so that esbuild's output is
 * smaller or quicker to start; two leave out what a function never uses: event-stream support its clients cannot
 * need, and a source of settings Lambda never has; the last two are the same program without Node modules it would
 * load for nothing. Each function must stand alone: it runs in the build's child process from its source.
 */
export const SDK_REWRITES = {
    literalSchemaKeys: { files: SCHEMA_TABLES, rewrite: inlineSchemaKeys },
    staticEventStreams: { files: HTTP_PROTOCOL, rewrite: staticEventStreamImport },
    eventStreamsOnlyWhenStreamed: {
        files: HTTP_PROTOCOL, rewrite: leaveOutEventStreams, unused: { module: EVENT_STREAMS, insteadOf: "staticEventStreams" },
    },
    environmentOnlySettings: { files: SHARED_CONFIG_SETTINGS, rewrite: environmentOnlySettings },
    noWebStreamsForNodeStreams: { files: STREAM_TYPE_CHECK, rewrite: checkNodeStreamFirst },
    requestIdsWithoutWebCrypto: { files: SERDE_HELPERS, rewrite: randomUUIDFromNodeCrypto },
} as const satisfies Record<string, SourceRewrite>;
export type SdkRewrite = keyof typeof SDK_REWRITES;
const ALL_REWRITES = Object.keys(SDK_REWRITES) as SdkRewrite[];

/** Every rewrite but `left` (to build a bundle without them, and compare). */
export function rewritesWithout(...left: SdkRewrite[]): SdkRewrite[] {
    return ALL_REWRITES.filter((name) => !left.includes(name));
}

/** The rewrites up to and including `last`, in the order of SDK_REWRITES (the order they were taken). */
export function rewritesThrough(last: SdkRewrite): SdkRewrite[] {
    return ALL_REWRITES.slice(0, ALL_REWRITES.indexOf(last) + 1);
}

interface SourceRewrite {
    /** The files it applies to. */
    readonly files: RegExp;
    readonly rewrite: (source: string) => string;
    /**
     * Applied only in a second build, in place of the rewrite `insteadOf`, when the first build shows `module` unused:
     * no file but its own and `files` imports it.
     */
    readonly unused?: { readonly module: RegExp; readonly insteadOf: string };
}

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
 * esbuild's plugins (onLoad applies SDK_REWRITES) exist only in its asynchronous API, and components build
 * synchronously, so the build runs in a child node process, which prints the result as JSON.
 */
const BUILD_IN_CHILD = `
const fs = require("fs");
const { esbuildPath, builds, rewrites, fallbacks } = JSON.parse(fs.readFileSync(0, "utf8"));
const unused = (metafile, { module, files }) => {
    const [inModule, rewritten] = [new RegExp(module), new RegExp(files)];
    return !Object.entries(metafile.inputs).some(([file, input]) =>
        !inModule.test(file) && !rewritten.test(file) && input.imports.some((i) => inModule.test(i.path)));
};
const esbuild = require(esbuildPath);
// A build whose fallbacks apply is built again in the same context, with those in place of the rewrites they
// replace: esbuild parses again only the files whose contents changed.
const build = async (options) => {
    let applied = [];
    const plugins = rewrites.map((r) => ({ name: r.name, setup(b) {
        const own = (0, eval)("(" + r.rewrite + ")");
        const fallback = fallbacks.find((f) => f.insteadOf === r.name);
        const other = fallback && (0, eval)("(" + fallback.rewrite + ")");
        b.onLoad({ filter: new RegExp(r.files) }, (args) => {
            const apply = fallback && applied.includes(fallback) ? other : own;
            return { contents: apply(fs.readFileSync(args.path, "utf8")), loader: "js" };
        });
    } }));
    const context = await esbuild.context({ ...options, metafile: true, plugins });
    try {
        const first = await context.rebuild();
        applied = fallbacks.filter((f) => unused(first.metafile, f));
        return applied.length === 0 ? first : await context.rebuild();
    } finally {
        await context.dispose();
    }
};
// Several builds run at once: esbuild spreads them over the machine's cores.
Promise.all(builds.map((options) => build(options).then((result) => {
    const output = Object.values(result.metafile.outputs)[0];
    const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, output.inputs[file]?.bytesInOutput ?? 0]));
    return { code: result.outputFiles[0].text, imports: output.imports, inputs };
}, (error) => ({ errors: error.errors ?? [{ text: String(error) }] })))).then((results) => process.stdout.write(JSON.stringify(results)));
`;

/**
 * What the child needs to apply `rewrites`: each one's file pattern and its function's source; those applied only
 * when a module is unused (SourceRewrite.unused) apart, and only where the rewrite they replace is applied too.
 */
function rewritesFor(names: readonly SdkRewrite[]) {
    const sent = names.map((name) => {
        const { files, rewrite, unused } = SDK_REWRITES[name] as SourceRewrite;
        return { name, files: files.source, rewrite: rewrite.toString(), ...(unused ? { module: unused.module.source, insteadOf: unused.insteadOf } : {}) };
    });
    return {
        rewrites: sent.filter((r) => r.insteadOf === undefined),
        fallbacks: sent.filter((r) => r.insteadOf !== undefined && names.includes(r.insteadOf as SdkRewrite)),
    };
}

function runEsbuild(builds: readonly (esbuild.BuildOptions & { write: false })[], rewrites: readonly SdkRewrite[]): Built[] {
    const stdout = execFileSync(process.execPath, ["-e", BUILD_IN_CHILD], {
        cwd: PROJECT_ROOT,
        input: JSON.stringify({ esbuildPath: require.resolve("esbuild"), builds, ...rewritesFor(rewrites) }),
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        stdio: ["pipe", "pipe", "pipe"],
    });
    return JSON.parse(stdout) as Built[];
}

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/;

type Descriptor = Pick<HandlerDescriptor, "module" | "exportName">;

function build(descriptor: Descriptor, options: esbuild.BuildOptions & { write: false }, rewrites: readonly SdkRewrite[]): { bundle: Bundle; inputs: string[] } {
    sourceFileOf(descriptor);
    return result(descriptor, options, runEsbuild([options], rewrites)[0]);
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
 * every rewrite of SDK_REWRITES; never cached.
 */
export function buildBundle(
    descriptor: Pick<HandlerDescriptor, "module" | "exportName">,
    options: esbuild.BuildOptions & { write: false } = bundleOptions(descriptor),
    { rewrites = ALL_REWRITES }: { readonly rewrites?: readonly SdkRewrite[] } = {},
): Bundle {
    return build(descriptor, options, rewrites).bundle;
}

/** Builds every handler again, side by side, with the options `bundleHandler` uses; never cached (proves the build is deterministic). */
export function buildBundles(descriptors: readonly Descriptor[]): Bundle[] {
    return buildSideBySide(descriptors).map((built) => built.bundle);
}

function buildSideBySide(descriptors: readonly Descriptor[]): { bundle: Bundle; inputs: string[] }[] {
    descriptors.forEach(sourceFileOf);
    const options = descriptors.map((d) => bundleOptions(d));
    return runEsbuild(options, ALL_REWRITES).map((built, i) => result(descriptors[i], options[i], built));
}

/**
 * Where builds are kept between processes (the local runtime's start, the CLI's preview, child processes of the
 * tests): a file per handler, used only while every input file has the modification time and size it was built from.
 */
export const DISK_CACHE = path.join(PROJECT_ROOT, "node_modules", ".cache", "order-platform-bundles");

const keyOf = (descriptor: Descriptor) => `${descriptor.module}#${descriptor.exportName}`;
const cacheFile = (key: string) => path.join(DISK_CACHE, `${key.replace(/[^A-Za-z0-9]+/g, "-")}.json`);

/** The part of every recipe that is the same for all handlers: the rewrites' code, the child's script, esbuild's version. */
const BUILD_TOOLS = [JSON.stringify(rewritesFor(ALL_REWRITES)), BUILD_IN_CHILD, esbuild.version].join("\0");

/**
 * How a handler's bundle is made: its options, the rewrites' code, the child's script and esbuild's version. A build
 * made another way (an earlier version of this module) is not reused, even with every input file unchanged.
 */
function recipeOf(descriptor: Descriptor): string {
    return createHash("sha256").update(`${BUILD_TOOLS}\0${JSON.stringify(bundleOptions(descriptor))}`).digest("hex");
}

/** A build this process or an earlier one made, if it was made the same way and its inputs are unchanged. */
function cached(descriptor: Descriptor): Bundle | undefined {
    const key = keyOf(descriptor);
    const stored = store.get(key) ?? readDiskCache(key);
    if (!stored || stored.recipe !== recipeOf(descriptor) || !unchanged(stored.inputs)) return undefined;
    store.set(key, stored);
    return stored.bundle;
}

function readDiskCache(key: string): StoredBuild | undefined {
    try {
        const entry = JSON.parse(fs.readFileSync(cacheFile(key), "utf8")) as StoredBuild & { key: string };
        return entry.key === key ? entry : undefined;
    } catch {
        return undefined;
    }
}

function remember(descriptor: Descriptor, built: { bundle: Bundle; inputs: string[] }): Bundle {
    const key = keyOf(descriptor);
    const entry: StoredBuild = { bundle: built.bundle, inputs: stamp(built.inputs), recipe: recipeOf(descriptor) };
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
    const bundle = cached(descriptor) ?? remember(descriptor, build(descriptor, bundleOptions(descriptor), ALL_REWRITES));
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
    buildSideBySide(missing).forEach((built, i) => remember(missing[i], built));
}
