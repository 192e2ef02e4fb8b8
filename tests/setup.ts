// Loaded by mocha before any test file (see .mocharc.json), after tools/transpile.cjs.
// The functions run on nodejs22.x; this machine (and CI) runs Node 20, which the SDK warns about on every client.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// Pulumi captures a stack trace for every promise of every resource a test creates; mapping each through the source
// maps that tools/transpile.cjs turns on cost more than the tests themselves (12 s of 30 in the component and stack tests).
// A failure then names the test and the transpiled line; ORDER_PLATFORM_STACK_TRACES=1 maps the traces to the source.
if (process.env.ORDER_PLATFORM_STACK_TRACES !== "1") process.setSourceMapsEnabled(false);

/**
 * Runs once in mocha's main process before any test file, also when the files run side by side in workers: what
 * several files need built (the storefront, every handler's bundle) is built here, not by two workers at once.
 */
export async function mochaGlobalSetup(): Promise<void> {
    // Loaded here, not at the top: workers load this file too and need none of it.
    const { buildingStorefront } = require("../tools/storefront") as typeof import("../tools/storefront");
    const { prebuildHandlers } = require("../components/bundle") as typeof import("../components/bundle");
    const { HANDLERS } = require("../functions/handlers") as typeof import("../functions/handlers");
    // The two builds side by side: each runs in a child process of its own.
    const storefront = buildingStorefront();
    try {
        prebuildHandlers(Object.values(HANDLERS));
    } finally {
        await storefront;
    }
}
