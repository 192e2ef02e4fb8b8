// Runs the project's TypeScript as it is required: esbuild transpiles each .ts file, without a type check (`npm run
// typecheck` does that once for the whole project). Only .ts: a Lambda bundle or a package's .js loads as it is.
//
// Each result is kept by the hash of the file's text, in memory and in node_modules/.cache: the tests evaluate the
// program many times per process (each time with fresh components/ modules) and start many processes that load the
// same files, and transpiling each again cost more CPU than many of the tests. An edited file has a new hash.
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const esbuild = require("esbuild");
// What @pulumi/pulumi imports and this program never uses loads on first use only (see that file).
require("./lazySdkImports.cjs");

const ROOT = path.resolve(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "order-platform-transpile");
const OPTIONS = {
    loader: "ts",
    format: "cjs",
    target: `node${process.version.slice(1)}`,
    // Inline, so Node maps stack traces to the TypeScript (tests turn that off unless ORDER_PLATFORM_STACK_TRACES=1).
    sourcemap: "inline",
    // The project's compiler options that change the output (class fields follow the ES2022 target).
    tsconfigRaw: fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"),
};
const VERSION = crypto.createHash("sha256").update(`${esbuild.version}\0${JSON.stringify(OPTIONS)}`).digest("hex");
const done = new Map();

function transpiled(source, filename) {
    const key = crypto.createHash("sha256").update(`${VERSION}\0${filename}\0${source}`).digest("hex");
    const known = done.get(key);
    if (known !== undefined) return known;
    const file = path.join(CACHE, `${key}.js`);
    let code;
    try {
        code = fs.readFileSync(file, "utf8");
    } catch {
        code = esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename }).code;
        try {
            fs.mkdirSync(CACHE, { recursive: true });
            // Written aside, then renamed: a process reading the file at the same time never sees half of it.
            const partial = `${file}.${process.pid}`;
            fs.writeFileSync(partial, code);
            fs.renameSync(partial, file);
        } catch {
            // The cache only saves time: a read-only node_modules transpiles again next time.
        }
    }
    done.set(key, code);
    return code;
}

Module._extensions[".ts"] = function loadTypeScript(module, filename) {
    module._compile(transpiled(fs.readFileSync(filename, "utf8"), filename), filename);
};
process.setSourceMapsEnabled(true);
