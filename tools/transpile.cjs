// Runs the project's TypeScript as it is required: esbuild transpiles each .ts file, without a type check (`npm run
// typecheck` does that once for the whole project). Only .ts: a Lambda bundle or a package's .js loads as it is.
const { version } = require("node:process");
require("esbuild-register/dist/node").register({ extensions: [".ts"], target: `node${version.slice(1)}` });
