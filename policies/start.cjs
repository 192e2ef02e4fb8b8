// The pack's entry point (package.json "main"), which the Pulumi CLI requires. Its policy runner type-checks every
// TypeScript file it loads with ts-node: about 6 s of CPU at each `pulumi preview --policy-pack policies` before the
// first policy runs. `npm run typecheck` already checks the pack with the rest of the project, so the pack loads its
// TypeScript the way the project's tests and scripts do: transpiled by esbuild, without a second check.
require("../tools/transpile.cjs");
module.exports = require("./index.ts");
