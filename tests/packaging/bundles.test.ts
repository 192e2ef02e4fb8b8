/**
 * Packaging properties every Lambda of the platform must have (SPEC §7), checked on the code the program really
 * uploads in both stacks: one file of at most 512 KB with the AWS SDK inside, nothing required at run time but Node's
 * built-ins, none of the SDK's default credential chain, and a byte-identical asset on every evaluation (no spurious
 * diff on preview). Sizes are asserted on bytes, never on time; timings live in `npm run bench:cold`.
 * (The bundle tests under tests/functions call each handler with a real request; this file checks the generic properties.)
 */
import { execFile } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { Bundle } from "../../components/bundle";
import { PACKAGE_BUDGET_BYTES } from "../../constants/budgets";
import type { HandlerDescriptor } from "../../functions/handlers";
import { MockResource, ProgramRun, REGION, ROOT, runProgram } from "../harness";
import { stackRun } from "../stacks/stackRuns";

const FUNCTION_TYPE = "aws:lambda/function:Function";
const MAX_BUNDLE_BYTES = PACKAGE_BUDGET_BYTES;
/** The SDK's default chain and what stands behind it: profiles, SSO, processes, web identity, container and instance metadata. */
const CREDENTIAL_CHAIN = [
    "@aws-sdk/credential-provider-node", "@aws-sdk/credential-provider-ini", "@aws-sdk/credential-provider-sso",
    "@aws-sdk/credential-provider-process", "@aws-sdk/credential-provider-web-identity", "@aws-sdk/credential-provider-http",
    "@aws-sdk/credential-provider-login", "@aws-sdk/nested-clients", "@aws-sdk/token-providers", "@smithy/credential-provider-imds",
];

interface Packaged {
    stack: string;
    /** The function's resource name. */
    name: string;
    fn: MockResource;
    /** Archive entry names of the function's code. */
    entries: string[];
    code: string;
    /** Content hash of the code archive (entry names and bytes), as the engine sees the asset. */
    assetHash: string;
    /** Where the bundle came from; undefined when the function is not a HandlerFunction bundle. */
    bundle?: Bundle;
}

type BundleModule = { buildBundles(descriptors: readonly Pick<HandlerDescriptor, "module" | "exportName">[]): Bundle[] };

/** The components/bundle.ts instance the last program evaluation used (runProgram reloads project modules). */
function programBundleModule(): BundleModule {
    const loaded = require.cache[require.resolve(path.join(ROOT, "components/bundle.ts"))];
    if (!loaded) throw new Error("the program did not load components/bundle.ts");
    return loaded.exports as BundleModule;
}

async function archiveOf(fn: MockResource): Promise<{ entries: string[]; code: string; assetHash: string }> {
    const assets = await (fn.inputs.code as pulumi.asset.AssetArchive).assets;
    const entries = Object.keys(assets).sort();
    const hash = createHash("sha256");
    let code = "";
    for (const entry of entries) {
        const text = await (assets[entry] as pulumi.asset.StringAsset).text;
        if (typeof text !== "string") throw new Error(`${fn.name}: archive entry ${entry} is not an inline file`);
        hash.update(`${entry}\0${text}\0`);
        if (entry === "index.js") code = text;
    }
    return { entries, code, assetHash: hash.digest("hex") };
}

async function packagedFunctions(run: ProgramRun): Promise<Packaged[]> {
    const out: Packaged[] = [];
    for (const fn of run.ofType(FUNCTION_TYPE)) {
        const archive = await archiveOf(fn);
        out.push({ stack: run.stack, name: fn.name, fn, ...archive, bundle: run.bundles.find((b) => b.code === archive.code) });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
}

const isBuiltin = (specifier: string) => specifier.startsWith("node:") || builtinModules.includes(specifier);

/**
 * Loads `file` in a fresh node process and reports the type of its `handler` export and every module it required
 * that is not a Node built-in (there is nothing else to find: no node_modules anywhere above the file).
 */
const LOAD_AND_LIST = `
    const Module = require("module");
    const file = process.argv[1];
    const foreign = [];
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
        if (parent && parent.filename === file && !Module.isBuiltin(request)) foreign.push(request);
        return load.call(this, request, parent, isMain);
    };
    const type = typeof require(file).handler;
    process.stdout.write(JSON.stringify({ type, foreign }));
    process.exit(0);`;

/** SHA-256 of each factory's code (keys `module#exportName`), bundled by a fresh node process with no cache. */
function bundleInFreshProcess(keys: string[]): Promise<Record<string, string>> {
    const script = `
        const path = require("path");
        const { buildBundles } = require(path.join(process.cwd(), "components/bundle.ts"));
        const { createHash } = require("crypto");
        const keys = JSON.parse(process.argv[1]);
        const built = buildBundles(keys.map((key) => { const [module, exportName] = key.split("#"); return { module, exportName }; }));
        const out = Object.fromEntries(keys.map((key, i) => [key, createHash("sha256").update(built[i].code).digest("hex")]));
        process.stdout.write(JSON.stringify(out));`;
    return new Promise((resolve, reject) => execFile(process.execPath, ["-r", path.join(ROOT, "tools", "transpile.cjs"), "-e", script, JSON.stringify(keys)],
        { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
        (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as Record<string, string>))));
}

describe("Lambda packaging of every HandlerFunction in both stacks", () => {
    const packaged: Record<string, Packaged[]> = {};
    const all = () => [...packaged.dev, ...packaged.prod];
    const bundles = () => all().flatMap((p) => (p.bundle ? [p.bundle] : []));
    let tmp: string;

    let freshHashes: Promise<Record<string, string>>;

    before(async () => {
        // The stacks as the other stack tests evaluated them (once per process); the evaluation below is a new one.
        packaged.dev = await packagedFunctions(await stackRun("dev"));
        packaged.prod = await packagedFunctions(await stackRun("prod"));
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bundles-test-"));
        // Started now, it builds while the tests before its own run.
        freshHashes = bundleInFreshProcess([...new Set(bundles().map((b) => `${b.module}#${b.exportName}`))]);
        freshHashes.catch(() => undefined); // awaited, with its error, by its test
    });

    after(() => {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("GIVEN each stack WHEN evaluated THEN it has functions and every one of them is a HandlerFunction bundle", () => {
        for (const stack of ["dev", "prod"]) {
            expect(packaged[stack].length, `${stack} creates Lambda functions`).to.be.greaterThan(0);
            expect(packaged[stack].filter((p) => !p.bundle).map((p) => p.name), `${stack}: functions not packaged by bundleHandler`).to.deep.equal([]);
        }
    });

    it("GIVEN every function WHEN its package is read THEN it is exactly one file, index.js, with handler index.handler", () => {
        for (const p of all()) {
            expect(p.entries, `${p.stack}/${p.name}`).to.deep.equal(["index.js"]);
            expect(p.fn.inputs.handler, `${p.stack}/${p.name}`).to.equal("index.handler");
        }
    });

    it(`GIVEN every function WHEN its package is measured THEN it is at most ${MAX_BUNDLE_BYTES} bytes unzipped`, () => {
        const over = all().filter((p) => Buffer.byteLength(p.code) > MAX_BUNDLE_BYTES)
            .map((p) => `${p.stack}/${p.name}: ${Buffer.byteLength(p.code)} bytes`);
        expect(over).to.deep.equal([]);
        for (const p of all()) expect(Buffer.byteLength(p.code), `${p.stack}/${p.name}`).to.be.greaterThan(0);
    });

    it("GIVEN every bundle WHEN esbuild's record of its imports is read THEN it requires nothing at run time but Node built-ins, and no @aws-sdk/* at all", () => {
        const offending = bundles().flatMap((b) => b.requires.filter((s) => !isBuiltin(s)).map((s) => `${b.module} requires "${s}"`));
        expect(offending).to.deep.equal([]);
        // The check itself tells a built-in from a package.
        expect(["node:http", "crypto", "fs/promises"].every(isBuiltin)).to.equal(true);
        expect(["@aws-sdk/client-s3", "zod"].some(isBuiltin)).to.equal(false);
    });

    it("GIVEN the functions that call AWS WHEN their bundles are read THEN the SDK clients are inside, and not one module of the default credential chain is", () => {
        const sdkInside = bundles().filter((b) => b.packages.some((p) => p.startsWith("@aws-sdk/client-")));
        expect(sdkInside.map((b) => b.module), "bundles with an SDK client inside").to.include.members(["functions/placeOrder", "functions/getOrder", "functions/receiptWriter"]);
        for (const b of sdkInside) {
            expect(b.packages, b.module).to.include.members(["@aws-sdk/core", "@aws-sdk/credential-provider-env", "@smithy/core"]);
            expect(b.packages.filter((p) => CREDENTIAL_CHAIN.includes(p)), `${b.module}: credential chain bundled`).to.deep.equal([]);
        }
    });

    it("GIVEN every bundle WHEN its code is searched THEN no dynamic import() is left (each would start Node's ESM loader on first use)", () => {
        const dynamic = bundles().filter((b) => /\bimport\(/.test(b.code)).map((b) => b.module);
        expect(dynamic).to.deep.equal([]);
    });

    it("GIVEN the same factory WHEN bundled in dev and in prod THEN the code and the asset hash are identical", () => {
        let compared = 0;
        for (const p of packaged.prod) {
            const twin = packaged.dev.find((d) => d.bundle && p.bundle && d.bundle.module === p.bundle.module && d.bundle.exportName === p.bundle.exportName);
            if (!twin) continue;
            compared++;
            expect(p.code === twin.code, `${p.name}: dev and prod code differ`).to.equal(true);
            expect(p.assetHash, `${p.name}: dev and prod assets differ`).to.equal(twin.assetHash);
        }
        expect(compared, "factories used by both stacks").to.be.greaterThan(0);
    });

    it("GIVEN an unchanged program WHEN it is evaluated again THEN every function's asset is byte-identical (no diff on preview)", async () => {
        const again = await packagedFunctions(await runProgram("dev"));
        expect(again.map((p) => [p.name, p.assetHash])).to.deep.equal(packaged.dev.map((p) => [p.name, p.assetHash]));
    });

    it("GIVEN factories built and cached WHEN this process bundles them again THEN it builds anew (no cached object) and the code is byte-identical", () => {
        // The dev evaluation of the previous test is the program's current module instance. Two factories, one with
        // the SDK inside and one without: the next test rebuilds every factory, in a process of its own.
        const bundler = programBundleModule();
        const built = packaged.dev.flatMap((p) => (p.bundle ? [p.bundle] : []));
        const factories = ["functions/notifier", "functions/priceOrder"].map((module) => {
            const factory = built.find((b) => b.module === module);
            if (!factory) throw new Error(`dev has no function built from ${module}`);
            return factory;
        });
        const rebuilt = bundler.buildBundles(factories);
        factories.forEach((previous, i) => {
            expect(rebuilt[i]).to.not.equal(previous);
            expect(rebuilt[i].code === previous.code, `${previous.module}#${previous.exportName} rebuilt differently`).to.equal(true);
        });
    });

    it("GIVEN a fresh node process and no cache WHEN it bundles every factory THEN it produces the same bytes as the program did", async () => {
        const hashes = await freshHashes;
        for (const b of bundles()) {
            expect(hashes[`${b.module}#${b.exportName}`], `${b.module}#${b.exportName}`).to.equal(createHash("sha256").update(b.code).digest("hex"));
        }
    });

    it("GIVEN every distinct bundle alone in a directory with no node_modules above it WHEN a fresh node process loads it with the function's environment THEN it exports a handler and required nothing but Node built-ins", async () => {
        for (let dir = tmp; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
            expect(fs.existsSync(path.join(dir, "node_modules")), `${dir}/node_modules would make packages resolvable`).to.equal(false);
        }
        const distinct = [...new Map(all().map((p) => [p.assetHash, p])).values()];
        // One process per bundle, side by side: each mostly waits for node to start.
        const loaded = await Promise.all(distinct.map((p) => {
            const dir = fs.mkdtempSync(path.join(tmp, "fn-"));
            const file = path.join(dir, "index.js");
            fs.writeFileSync(file, p.code);
            // The function's variables, except that URLs point at a closed loopback port: a factory that fetches during
            // init (the authorizer prefetches its keys) must not reach the network from a test.
            const variables = Object.fromEntries(Object.entries((p.fn.inputs.environment?.variables ?? {}) as Record<string, string>)
                .map(([key, value]) => [key, /^https?:\/\//.test(value) ? "http://127.0.0.1:9" : value]));
            return new Promise<string>((resolve, reject) => execFile(process.execPath, ["-e", LOAD_AND_LIST, file], {
                cwd: dir,
                encoding: "utf8",
                timeout: 60_000,
                env: { PATH: process.env.PATH ?? "", ...variables, AWS_REGION: REGION, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
            }, (error, stdout) => (error ? reject(error) : resolve(stdout))));
        }));
        distinct.forEach((p, i) => expect(JSON.parse(loaded[i]), `${p.stack}/${p.name}`).to.deep.equal({ type: "function", foreign: [] }));
    });
});
