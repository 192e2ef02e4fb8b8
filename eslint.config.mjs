// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

/** Imports a layer may not make: dependencies point one way, from the composition down to the leaves. */
const forbid = (...rules) => ({
    "no-restricted-imports": ["error", { patterns: rules.map(([regex, message]) => ({ regex, message })) }],
});
// Relative imports of the project's own layers only (a package such as @pulumi/aws/config is not the app's config).
const APP = ["^(\\.\\.?/)+(config|index)$", "Libraries never import the app: pass what they need as arguments."];
const COMPONENTS = ["^(\\.\\.?/)+components/", "Handlers, contracts and workflows are Pulumi-free: they never import components."];
const TESTS = ["^(\\.\\.?/)+tests/", "Only tests import tests: shared tooling lives in tools/."];

export default tseslint.config(
    { ignores: ["node_modules/**", "policies/node_modules/**", "web/dist/**", "web/node_modules/**", "bin/**", ".plan/**", ".scratch/**", ".local/**"] },
    eslint.configs.recommended,
    ...tseslint.configs.recommended,
    {
        // No rule here reads JSDoc, and skipping it makes TypeScript's parse, most of the lint's time, cheaper.
        languageOptions: { parserOptions: { jsDocParsingMode: "none" } },
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
            "@typescript-eslint/no-explicit-any": "error",
            "no-console": "off",
        },
    },
    { files: ["components/**/*.ts", "pricing/**/*.ts", "policies/**/*.ts"], rules: forbid(APP, TESTS) },
    { files: ["functions/**/*.ts", "contracts/**/*.ts", "workflows/**/*.ts", "constants/**/*.ts"], rules: forbid(APP, COMPONENTS, TESTS) },
    { files: ["scripts/**/*.ts", "tools/**/*.ts", "local/**/*.ts"], rules: forbid(TESTS) },
    {
        // Loaded with `node -r` before any TypeScript: plain CommonJS.
        files: ["**/*.cjs"],
        languageOptions: { sourceType: "commonjs", globals: { require: "readonly", __dirname: "readonly", process: "readonly" } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        // Tests and scripts may poke at loosely typed mock inputs.
        files: ["tests/**/*.ts", "scripts/**/*.ts", "tools/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-require-imports": "off" },
    },
);
