/**
 * Writes Pulumi.yaml with its `config` block generated from CONFIG_SPEC (config.ts), the one source of the stack keys.
 *
 *   npm run config:schema               rewrites Pulumi.yaml after a key changed in config.ts
 *   npm run config:schema -- --check    exits 1 when Pulumi.yaml differs from what config.ts generates
 *   ... -- --file <path>                another file instead of the project's Pulumi.yaml
 *
 * It writes the file itself rather than printing it: `npm run x > file` would put npm's banner into the YAML.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { CONFIG_SPEC } from "../config";

export const PROJECT_FILE = path.resolve(__dirname, "..", "Pulumi.yaml");

/**
 * How the Pulumi CLI runs the program: Node with the project's transpiler preloaded (tools/transpile.cjs), not the
 * CLI's ts-node, which would type-check the program at every preview and update (25 s on 2 cores before the first
 * resource, against 3–8 s). `npm run typecheck` checks its types, with the pack's and the tests'. The language host
 * starts Node in the project's folder with `nodeargs` ahead of the SDK's runner, so the relative path holds.
 */
export const PROGRAM_RUNTIME = { name: "nodejs", options: { typescript: false, nodeargs: "--require ./tools/transpile.cjs" } } as const;

/** The whole text of Pulumi.yaml, as config.ts defines it. */
export function projectFileText(): string {
    const config: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(CONFIG_SPEC)) {
        config[key] = {
            type: spec.kind,
            ...(spec.kind === "array" ? { items: { type: "string" } } : {}),
            description: spec.description,
            default: spec.default,
        };
    }
    return "# Generated from config.ts by `npm run config:schema`: change a key there, then run it again\n" +
        "# (`npm run config:schema -- --check` fails when this file is out of date). The CLI runs the program through\n" +
        "# tools/transpile.cjs (runtime options below); `npm run typecheck` checks its types.\n" +
        yaml.dump({
            name: "order-platform",
            runtime: PROGRAM_RUNTIME,
            description: "Serverless, event-driven order platform on AWS: API Gateway, EventBridge, Step Functions, SQS, SNS, DynamoDB, S3 and IoT Core",
            config,
        }, { lineWidth: 140 });
}

/** Thrown for arguments the command does not take; says which ones it does. */
export class ConfigSchemaUsageError extends Error {
    constructor(detail: string) {
        super(`${detail}; usage: npm run config:schema [-- [--check] [--file <path>]]`);
        this.name = "ConfigSchemaUsageError";
    }
}

export function parseArguments(args: readonly string[]): { check: boolean; file: string } {
    let check = false;
    let file = PROJECT_FILE;
    for (let i = 0; i < args.length; i++) {
        if (args[i] === "--check") check = true;
        else if (args[i] === "--file" && args[i + 1] !== undefined) file = path.resolve(args[++i]);
        else throw new ConfigSchemaUsageError(`unknown argument ${JSON.stringify(args[i])}`);
    }
    return { check, file };
}

/** The command: writes or checks `file`, reports on `log`, returns the exit code. */
export function runConfigSchema(args: readonly string[], log: (line: string) => void): number {
    const { check, file } = parseArguments(args);
    const expected = projectFileText();
    const shown = path.relative(process.cwd(), file) || file;
    if (check) {
        const actual = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
        if (actual === expected) {
            log(`${shown} matches config.ts (${Object.keys(CONFIG_SPEC).length} keys)`);
            return 0;
        }
        const line = actual === undefined ? 0 : actual.split("\n").findIndex((l, i) => l !== expected.split("\n")[i]) + 1;
        log(`${shown} ${actual === undefined ? "does not exist" : `differs from config.ts from line ${line}`}: run \`npm run config:schema\` and commit the result`);
        return 1;
    }
    fs.writeFileSync(file, expected);
    log(`wrote ${shown} (${Object.keys(CONFIG_SPEC).length} keys from config.ts)`);
    return 0;
}

if (require.main === module) {
    // Messages go to stderr, so nothing but the file ever holds the schema.
    const log = (line: string) => process.stderr.write(`${line}\n`);
    try {
        process.exitCode = runConfigSchema(process.argv.slice(2), log);
    } catch (e) {
        log(e instanceof ConfigSchemaUsageError ? e.message : String(e));
        process.exitCode = 2;
    }
}
