// Loaded by mocha before any test file (see .mocharc.json).
// aws-local-stepfunctions 3 targets Node 22; Node 20 lacks Promise.withResolvers.
if (!(Promise as unknown as { withResolvers?: unknown }).withResolvers) {
    (Promise as unknown as { withResolvers: () => unknown }).withResolvers = function withResolvers<T>() {
        let resolve!: (value: T | PromiseLike<T>) => void;
        let reject!: (reason?: unknown) => void;
        const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
        return { promise, resolve, reject };
    };
}

// The functions run on nodejs22.x; this machine (and CI) runs Node 20, which the SDK warns about on every client.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// Pulumi captures a stack trace for every resource a test creates; mapping each through ts-node's source maps cost
// more than the tests themselves. Failures still name the file and a nearby line of the transpiled module.
(Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;

// Each program evaluation loads the project's modules afresh (every stack gets its own instances), and transpiling
// them again each time cost seconds per evaluation: the same text of the same file gives the same JavaScript.
type Transpiler = { compile(code: string, fileName: string, lineOffset?: number): string };
const tsNode = (process as unknown as Record<symbol, Transpiler | undefined>)[Symbol.for("ts-node.register.instance")];
if (tsNode) {
    const compile = tsNode.compile.bind(tsNode);
    const transpiled = new Map<string, { code: string; lineOffset: number; output: string }>();
    tsNode.compile = (code, fileName, lineOffset = 0) => {
        const known = transpiled.get(fileName);
        if (known && known.code === code && known.lineOffset === lineOffset) return known.output;
        const output = compile(code, fileName, lineOffset);
        transpiled.set(fileName, { code, lineOffset, output });
        return output;
    };
}

/**
 * Runs once in mocha's main process before any test file, also when the files run side by side in workers: what
 * several files need built (the storefront, every handler's bundle) is built here, not by two workers at once.
 */
export function mochaGlobalSetup(): void {
    // Loaded here, not at the top: workers load this file too and need none of it.
    const { builtStorefront } = require("../tools/storefront") as typeof import("../tools/storefront");
    const { prebuildHandlers } = require("../components/bundle") as typeof import("../components/bundle");
    const { HANDLERS } = require("../functions/handlers") as typeof import("../functions/handlers");
    builtStorefront();
    prebuildHandlers(Object.values(HANDLERS));
}
