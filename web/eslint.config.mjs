// @ts-check
// The repository's rules, plus the build output (generated, minified) left out. ESLint uses the config nearest to
// each file, so this one applies to web/ whether eslint runs from the root or from here.
import root from "../eslint.config.mjs";

export default [{ ignores: ["dist/**"] }, ...root];
