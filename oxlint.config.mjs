// @ts-check
import { defineConfig } from "oxlint";

/** Imports a layer may not make: dependencies point one way, from the composition down to the leaves. */
const forbid = (...rules) => ({
    "no-restricted-imports": ["error", { patterns: rules.map(([regex, message]) => ({ regex, message })) }],
});
// Relative imports of the project's own layers only (a package such as @pulumi/aws/config is not the app's config).
const APP = ["^(\\.\\.?/)+(config|index)$", "Libraries never import the app: pass what they need as arguments."];
const COMPONENTS = ["^(\\.\\.?/)+components/", "Handlers, contracts and workflows are Pulumi-free: they never import components."];
const TESTS = ["^(\\.\\.?/)+tests/", "Only tests import tests: shared tooling lives in tools/."];

// Every correctness rule, plus the rules of ESLint's and typescript-eslint's recommended sets that oxlint files under
// other categories. (ESLint's no-octal has no twin here: TypeScript rejects octal literals, and the only plain
// JavaScript is this file and tools/transpile.cjs.)
export default defineConfig({
    plugins: ["eslint", "typescript"],
    categories: { correctness: "error" },
    ignorePatterns: ["web/dist/**", "bin/**", ".plan/**", ".scratch/**", ".local/**"],
    rules: {
        "no-case-declarations": "error",
        "no-empty": "error",
        "no-fallthrough": "error",
        "no-prototype-builtins": "error",
        "no-regex-spaces": "error",
        "no-unexpected-multiline": "error",
        "no-useless-assignment": "error",
        "preserve-caught-error": "error",
        "no-var": "error",
        "prefer-const": "error",
        "prefer-rest-params": "error",
        "prefer-spread": "error",
        "no-array-constructor": "error",
        "typescript/ban-ts-comment": "error",
        "typescript/no-empty-object-type": "error",
        "typescript/no-explicit-any": "error",
        "typescript/no-namespace": "error",
        "typescript/no-require-imports": "error",
        "typescript/no-unnecessary-type-constraint": "error",
        "typescript/no-unsafe-function-type": "error",
        "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
    overrides: [
        { files: ["components/**/*.ts", "pricing/**/*.ts", "policies/**/*.ts"], rules: forbid(APP, TESTS) },
        { files: ["functions/**/*.ts", "contracts/**/*.ts", "workflows/**/*.ts", "constants/**/*.ts"], rules: forbid(APP, COMPONENTS, TESTS) },
        { files: ["scripts/**/*.ts", "tools/**/*.ts", "local/**/*.ts"], rules: forbid(TESTS) },
        {
            // Plain JavaScript has no compiler behind it to catch these.
            files: ["**/*.cjs", "**/*.mjs"],
            env: { node: true },
            rules: { "no-undef": "error", "no-redeclare": "error", "typescript/no-require-imports": "off" },
        },
        {
            // Tests and scripts may poke at loosely typed mock inputs.
            files: ["tests/**/*.ts", "scripts/**/*.ts", "tools/**/*.ts"],
            rules: { "typescript/no-explicit-any": "off", "typescript/no-require-imports": "off" },
        },
    ],
});
