// Loaded by tools/transpile.cjs, so by every test, script and the local runtime, and by the Pulumi CLI's runs of the
// program and the policy pack (Pulumi.yaml's nodeargs, policies/start.cjs).
//
// Importing @pulumi/pulumi loads, at once, its Automation API, TypeScript (for serializing JavaScript closures) and
// npm's Arborist, pacote and sigstore (for the packages a serialized closure needs): about 1,000 modules and 0.9 s
// in every process, none of which this program uses. Each of those imports becomes a stand-in that loads the module
// on first use, so anything that does use one still gets the real module.
const Module = require("node:module");
const path = require("node:path");

const SDK = path.dirname(require.resolve("@pulumi/pulumi"));

/** Importing file (inside the SDK) → the requests from it that load on first use. */
const DEFERRED = new Map([
    ["index.js", ["./automation"]],
    ["typescript-shim.js", ["typescript"]],
    [path.join("runtime", "closure", "codePaths.js"), ["@npmcli/arborist", "normalize-package-data", "fdir"]],
].map(([file, requests]) => [path.join(SDK, file), new Set(requests)]));

/**
 * A module that loads when first touched. It says it is an ES module, so TypeScript's `__importStar` and
 * `__importDefault` helpers hand it on untouched; its `default` is the module itself when the module is CommonJS,
 * which is what `__importDefault` would have made of it; and it can be called, for a module that is a function.
 */
function deferred(load) {
    let loaded;
    const real = () => (loaded ??= load());
    const member = (key) => {
        const target = real();
        return key === "default" && !target?.__esModule ? target : Reflect.get(target, key);
    };
    return new Proxy(() => undefined, {
        get: (_, key) => (key === "__esModule" ? true : member(key)),
        has: (_, key) => Reflect.has(real(), key),
        ownKeys: () => Reflect.ownKeys(real()),
        getOwnPropertyDescriptor: (_, key) => {
            const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
            return descriptor && { ...descriptor, configurable: true };
        },
        apply: (_, self, args) => Reflect.apply(real(), self, args),
    });
}

const load = Module._load;
Module._load = function loadDeferringSdkImports(request, parent, ...rest) {
    if (parent && DEFERRED.get(parent.filename)?.has(request)) return deferred(() => load.call(this, request, parent, ...rest));
    return load.call(this, request, parent, ...rest);
};

module.exports = { deferred };
