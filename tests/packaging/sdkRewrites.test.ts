/**
 * The rewrites of the SDK's own files in a bundle (components/bundle.ts SDK_REWRITES), each checked on small sources,
 * on the SDK's real file, and on a real bundle:
 *   - literal schema keys: computed keys that name string constants become those literals, the same program, which
 *     lets esbuild drop the schemas a function never uses;
 *   - the event-stream support imported statically, so no module of the bundle is wrapped for lazy initialization,
 *     and left out of a bundle whose clients cannot stream events;
 *   - settings from the environment only: the shared config files are never looked up (their effect on a running
 *     function is in environment.test.ts);
 *   - a Node stream checked as one first, and request ids from node:crypto: the same answers without Node loading
 *     its web streams or Web Crypto, checked on a running bundle.
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import * as esbuild from "esbuild";
import * as os from "os";
import { Readable } from "stream";
import {
    bundleHandler, bundleOptions, buildBundle, checkNodeStreamFirst, environmentOnlySettings, HTTP_PROTOCOL, inlineSchemaKeys, leaveOutEventStreams,
    randomUUIDFromNodeCrypto, rewritesWithout, SCHEMA_TABLES, SERDE_HELPERS, SHARED_CONFIG_SETTINGS, staticEventStreamImport, STREAM_TYPE_CHECK,
} from "../../components/bundle";
import { HANDLERS } from "../../functions/handlers";
import { ROOT } from "../harness";
import { GET_ORDER_EVENT, invokeOnce, startLoopbackDynamoDB } from "./freshProcess";

const TABLE = [
    'const _h = "http";',
    'const _e = "error";',
    'const _c = "client";',
    'const _PO = "PutObject";',
    'var PutObjectRequest$ = [3, "com.amazonaws.s3", "PutObjectRequest", 0, ["Bucket"], [[0, 1]]];',
    'var PutObject$ = [9, "com.amazonaws.s3", _PO, { [_h]: ["PUT", "/{Key+}?x-id=PutObject", 200] }, () => PutObjectRequest$, () => PutObjectRequest$];',
    'var NoSuchKey$ = [-3, "com.amazonaws.s3", "NoSuchKey", { [_e]: _c, ["httpError"]: 404, [other]: 1 }, [], []];',
].join("\n");
/**
 * The SDK's real file at `relative` (under node_modules), rewritten: the rewrite's pattern matches its path, it holds
 * `expected` (what the rewrite looks for), and what the rewrite makes still parses.
 */
function rewriteSdkFile(relative: string, files: RegExp, expected: string, rewrite: (source: string) => string) {
    const file = path.join(ROOT, "node_modules", relative);
    expect(files.test(file), `${relative} matches ${files}`).to.equal(true);
    const source = fs.readFileSync(file, "utf8");
    expect(source, relative).to.include(expected);
    const rewritten = rewrite(source);
    expect(() => esbuild.transformSync(rewritten, { format: "esm", loader: "js" })).to.not.throw();
    return { file, source, rewritten };
}

/** An ES module's exports: bundled to CommonJS by esbuild (its imports resolved from `resolveDir`) and evaluated. */
async function loadModule<T>(source: string, resolveDir = ROOT): Promise<T> {
    const built = await esbuild.build({
        stdin: { contents: source, loader: "js", resolveDir }, bundle: true, write: false, format: "cjs", platform: "node", logLevel: "silent",
    });
    const module = { exports: {} as T };
    new Function("module", "exports", "require", built.outputFiles[0].text)(module, module.exports, require);
    return module.exports;
}

/** What `promise` rejects with; a promise that resolves fails the test. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
    try {
        await promise;
    } catch (error) {
        return error;
    }
    throw new Error("expected a rejection, but the promise resolved");
}

/** A message of the event-stream codec: in a bundle exactly when the support is. */
const EVENT_STREAM_CODE = "Unrecognized header type tag";
const evaluate = (source: string) => new Function("other", `${source}\nreturn { PutObject$, NoSuchKey$ };`)("otherKey");

describe("literal keys in the SDK's schema tables", () => {
    it("GIVEN a table in the generated layout WHEN rewritten THEN keys naming string constants are those literals, every other key is untouched, and it evaluates to the same schemas", () => {
        const rewritten = inlineSchemaKeys(TABLE);
        expect(rewritten).to.include('{ "http": ["PUT"').and.include('{ "error": _c, ["httpError"]: 404, [other]: 1 }');
        expect(rewritten).to.not.match(/\[_(h|e)\]/);
        expect(JSON.stringify(evaluate(rewritten))).to.equal(JSON.stringify(evaluate(TABLE)));
    });

    it("GIVEN a file with a function, a class or an arrow function with parameters WHEN rewritten THEN it is left exactly as it is (a parameter could shadow a constant)", () => {
        for (const extra of ["function f(_h) { return { [_h]: 1 }; }", "class K { m(_h) { return { [_h]: 1 }; } }", "const g = (_h) => ({ [_h]: 1 });", "const g = _h => ({ [_h]: 1 });"]) {
            const source = `${TABLE}\n${extra}`;
            expect(inlineSchemaKeys(source), extra).to.equal(source);
        }
        // Words in strings are no reason to skip: the S3 table has "x-amz-storage-class" and "function-scaling-config".
        expect(inlineSchemaKeys(`${TABLE}\nconst _sc = "x-amz-storage-class function () => x";`)).to.include('{ "http":');
    });

    it("GIVEN the S3 client's real schema table WHEN rewritten THEN no computed key naming a constant is left and it still parses", () => {
        const { source, rewritten } = rewriteSdkFile("@aws-sdk/client-s3/dist-es/schemas/schemas_0.js", SCHEMA_TABLES, "const _", inlineSchemaKeys);
        const constants = new Set([...source.matchAll(/^const (_[\w$]*) = "/gm)].map((m) => m[1]));
        expect([...source.matchAll(/\[(_[\w$]*)\]:/g)].length, "computed keys before").to.be.greaterThan(1000);
        expect([...rewritten.matchAll(/\[(_[\w$]*)\]:/g)].filter((m) => constants.has(m[1]))).to.deep.equal([]);
    });

    it("GIVEN the receipt writer WHEN bundled with and without literal keys THEN the unused S3 operations' schemas are gone and the bundle is at least 40 KB smaller", () => {
        const descriptor = HANDLERS.receiptWriter;
        const literal = bundleHandler(descriptor).code;
        const computed = buildBundle(descriptor, bundleOptions(descriptor), { rewrites: rewritesWithout("literalSchemaKeys") }).code;
        expect(computed).to.include("SelectObjectContent").and.include("CreateBucketMetadataTableConfiguration");
        expect(literal).to.not.include("SelectObjectContent");
        expect(literal).to.not.include("CreateBucketMetadataTableConfiguration");
        expect(literal).to.include("PutObjectRequest");
        expect(Buffer.byteLength(computed) - Buffer.byteLength(literal)).to.be.at.least(40 * 1024);
    });
});

describe("the event-stream support imported statically", () => {
    const LAZY = [
        "export class HttpProtocol {",
        "    async loadEventStreamCapability() {",
        '        const { EventStreamSerde } = await import("@smithy/core/event-streams");',
        "        return new EventStreamSerde({});",
        "    }",
        "}",
    ].join("\n");

    it("GIVEN the lazy import WHEN rewritten THEN the module is imported statically at the top and the function uses that namespace", async () => {
        const rewritten = staticEventStreamImport(LAZY);
        expect(rewritten.split("\n")[0]).to.equal('import * as __eventStreams from "@smithy/core/event-streams";');
        expect(rewritten).to.include("const { EventStreamSerde } = __eventStreams;").and.not.include("import(");
        const bundled = await esbuild.build({
            stdin: { contents: rewritten, loader: "js", resolveDir: ROOT }, bundle: true, write: false, format: "esm", logLevel: "silent",
            plugins: [{ name: "stand-in", setup: (b) => {
                b.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, () => ({ path: "event-streams", namespace: "stand-in" }));
                b.onLoad({ filter: /.*/, namespace: "stand-in" }, () => ({ contents: "export class EventStreamSerde {}", loader: "js" }));
            } }],
        });
        expect(bundled.outputFiles[0].text, "no module left to initialize lazily").to.not.match(/__esm\(/);
    });

    it("GIVEN a file without that exact import WHEN rewritten THEN it is left exactly as it is", () => {
        for (const source of ["export const x = 1;", LAZY.replace("@smithy/core/event-streams", "@smithy/core/other")]) {
            expect(staticEventStreamImport(source)).to.equal(source);
        }
    });

    it("GIVEN the SDK's real HttpProtocol file WHEN rewritten THEN its lazy import is gone and it still parses", () => {
        const { rewritten } = rewriteSdkFile("@smithy/core/dist-es/submodules/protocols/HttpProtocol.js", HTTP_PROTOCOL, 'await import("@smithy/core/event-streams")', staticEventStreamImport);
        expect(rewritten).to.not.include("import(");
    });

    it("GIVEN the receipt writer (S3 streams events, so the support stays) WHEN bundled unminified with and without the rewrite THEN only without it are modules wrapped for lazy initialization", () => {
        const descriptor = HANDLERS.receiptWriter;
        const options = { ...bundleOptions(descriptor), minify: false };
        const wrapped = (code: string) => (code.match(/= __esm\(\{/g) ?? []).length;
        expect(wrapped(buildBundle(descriptor, options, { rewrites: rewritesWithout("staticEventStreams") }).code)).to.be.greaterThan(100);
        const rewritten = buildBundle(descriptor, options).code;
        expect(wrapped(rewritten)).to.equal(0);
        expect(rewritten).to.include(EVENT_STREAM_CODE);
    });
});

describe("the event-stream support only with a client that streams events", () => {
    it("GIVEN the protocols' lazy import WHEN left out THEN loading the support rejects, saying why, and nothing is imported", async () => {
        const source = 'export async function load() { const { EventStreamSerde } = await import("@smithy/core/event-streams"); return EventStreamSerde; }';
        const rewritten = leaveOutEventStreams(source);
        expect(rewritten).to.not.include("import(");
        const { load } = await loadModule<{ load: () => Promise<unknown> }>(rewritten);
        expect(String(await rejectionOf(load()))).to.equal("Error: this bundle has no event-stream support: none of its clients has an operation that streams events");
        expect(leaveOutEventStreams("export const x = 1;")).to.equal("export const x = 1;");
    });

    it("GIVEN the bundles WHEN read THEN those without S3 have no event-stream code and the error instead, and the S3 ones keep the support", () => {
        for (const name of ["placeOrder", "getOrder", "notifier", "outboxPublisher"] as const) {
            const code = bundleHandler(HANDLERS[name]).code;
            expect(code, name).to.not.include(EVENT_STREAM_CODE);
            expect(code, name).to.include("this bundle has no event-stream support");
        }
        for (const name of ["receiptWriter", "receiptStored"] as const) {
            const code = bundleHandler(HANDLERS[name]).code;
            expect(code, name).to.include(EVENT_STREAM_CODE);
            expect(code, name).to.not.include("this bundle has no event-stream support");
        }
    });
});

describe("settings from the environment only", () => {
    it("GIVEN the SDK's real provider of shared-config settings WHEN rewritten THEN it reads no file and always defers to the next source", async () => {
        const { file, rewritten } = rewriteSdkFile(
            "@smithy/core/dist-es/submodules/config/node-config-provider/fromSharedConfigFiles.js", SHARED_CONFIG_SETTINGS, "loadSharedConfigFiles", environmentOnlySettings,
        );
        expect(rewritten).to.not.include("loadSharedConfigFiles");
        // Built against the SDK's own error class: the provider rejects with an error that lets the chain go on.
        type Provider = (selector: (profile: object) => unknown) => () => Promise<unknown>;
        const { fromSharedConfigFiles } = await loadModule<{ fromSharedConfigFiles: Provider }>(rewritten, path.dirname(file));
        const error = await rejectionOf(fromSharedConfigFiles(() => "a value from the file")()) as { name?: string; tryNextLink?: boolean } | undefined;
        expect(error?.name).to.equal("CredentialsProviderError");
        expect(error?.tryNextLink).to.equal(true);
    });

    it("GIVEN a file that does not export the provider WHEN rewritten THEN it is left exactly as it is", () => {
        const source = "export const fromEnv = () => async () => undefined;\n";
        expect(environmentOnlySettings(source)).to.equal(source);
    });

    it("GIVEN every bundle WHEN read THEN the shared config files' loader is not inside (it names AWS_CONFIG_FILE), and neither is fs/promises, which only that loader needed", () => {
        for (const descriptor of Object.values(HANDLERS)) {
            const bundle = bundleHandler(descriptor);
            expect(bundle.code, descriptor.module).to.not.include("AWS_CONFIG_FILE");
            expect(bundle.requires, descriptor.module).to.not.include("node:fs/promises");
        }
        const unrewritten = buildBundle(HANDLERS.notifier, bundleOptions(HANDLERS.notifier), { rewrites: rewritesWithout("environmentOnlySettings") });
        expect(unrewritten.code).to.include("AWS_CONFIG_FILE");
        expect(unrewritten.requires).to.include("node:fs/promises");
    });
});

/** How often `fn` reads the global `name` (a getter put over it meanwhile, which still hands out the real value). */
function readsOfGlobal(name: "ReadableStream" | "crypto", fn: () => void): number {
    const own = Object.getOwnPropertyDescriptor(globalThis, name)!;
    let reads = 0;
    Object.defineProperty(globalThis, name, {
        configurable: true, enumerable: own.enumerable, get: () => { reads++; return own.get ? own.get.call(globalThis) : own.value; },
    });
    try {
        fn();
    } finally {
        Object.defineProperty(globalThis, name, own);
    }
    return reads;
}

describe("Node's web streams and Web Crypto left unloaded", () => {
    it("GIVEN the SDK's real stream check WHEN rewritten THEN a Node stream is no web stream without the global being read, and a web stream still is one", async () => {
        const { file, rewritten } = rewriteSdkFile(
            "@smithy/core/dist-es/submodules/serde/util-stream/stream-type-check.js", STREAM_TYPE_CHECK, "typeof ReadableStream", checkNodeStreamFirst,
        );
        const { isReadableStream } = await loadModule<{ isReadableStream: (stream: unknown) => boolean }>(rewritten, path.dirname(file));
        expect(readsOfGlobal("ReadableStream", () => expect(isReadableStream(Readable.from(["a"]))).to.equal(false))).to.equal(0);
        expect(isReadableStream(new ReadableStream())).to.equal(true);
        expect(isReadableStream(undefined)).to.equal(false);
        expect(isReadableStream(new Uint8Array(1))).to.equal(false);
    });

    it("GIVEN the SDK's real serialization helpers WHEN rewritten THEN a request id is a random version-4 UUID made without the global crypto being read", async () => {
        const { file, rewritten } = rewriteSdkFile("@smithy/core/dist-es/submodules/serde/index.js", SERDE_HELPERS, "export const v4 = bindV4(", randomUUIDFromNodeCrypto);
        const { v4 } = await loadModule<{ v4: () => string }>(rewritten, path.dirname(file));
        const ids: string[] = [];
        expect(readsOfGlobal("crypto", () => { ids.push(v4(), v4()); })).to.equal(0);
        for (const id of ids) expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(ids[0]).to.not.equal(ids[1]);
    });

    it("GIVEN files without those exact definitions WHEN rewritten THEN they are left exactly as they are", () => {
        const source = "export const isReadableStream = (s) => false;\nexport const v4 = () => id();\n";
        expect(checkNodeStreamFirst(source)).to.equal(source);
        expect(randomUUIDFromNodeCrypto(source)).to.equal(source);
    });

    it("GIVEN getOrder WHEN invoked once in a fresh process THEN Node loaded neither its web streams nor Web Crypto, which the same bundle without the two rewrites loads", async () => {
        const dynamodb = await startLoopbackDynamoDB();
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-rewrites-test-"));
        try {
            const env = {
                AWS_REGION: "us-east-1", AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint, ORDERS_TABLE: "orders-test",
                AWS_ACCESS_KEY_ID: "ASIAENVIRONMENTKEY00", AWS_SECRET_ACCESS_KEY: "env-secret", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
            };
            const WEB_MODULES = ["NativeModule internal/webstreams/readablestream", "NativeModule internal/crypto/webcrypto"];
            const run = async (name: string, code: string) => {
                const file = path.join(tmp, name, "index.js");
                fs.mkdirSync(path.dirname(file));
                fs.writeFileSync(file, code);
                const { answer, modules } = await invokeOnce(file, GET_ORDER_EVENT, env);
                expect(answer.statusCode, name).to.equal(404);
                return WEB_MODULES.filter((m) => modules.includes(m));
            };
            expect(await run("bundled", bundleHandler(HANDLERS.getOrder).code)).to.deep.equal([]);
            const without = rewritesWithout("noWebStreamsForNodeStreams", "requestIdsWithoutWebCrypto");
            const unrewritten = buildBundle(HANDLERS.getOrder, bundleOptions(HANDLERS.getOrder), { rewrites: without }).code;
            expect(await run("unrewritten", unrewritten)).to.deep.equal(WEB_MODULES);
            expect(dynamodb.requests).to.have.length(2);
        } finally {
            await dynamodb.stop();
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });
});
