import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { CONFIG_SPEC } from "../../config";
import { ConfigSchemaUsageError, PROJECT_FILE, projectFileText, runConfigSchema } from "../../scripts/configSchema";
import { ROOT } from "../harness";
import { FinishedProcess, finishedProcess } from "../support/finishedProcess";

/** The documented command, run the way a newcomer runs it: npm, from the project root, in its own process. */
function npmRun(...args: string[]): Promise<FinishedProcess> {
    // Without the log level of an `npm run -s` above this test, which npm would pass down and which hides the banner.
    const { npm_config_loglevel: _inherited, ...env } = process.env;
    return finishedProcess("npm", ["run", "config:schema", ...(args.length > 0 ? ["--", ...args] : [])], { cwd: ROOT, env });
}

describe("Pulumi.yaml, generated from config.ts", () => {
    const committed = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
    let dir: string;
    let checked: Promise<FinishedProcess>;
    let written: Promise<FinishedProcess>;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "config-schema-"));
        // Both commands start at once: each is a process that mostly waits for node and npm to start.
        checked = npmRun("--check");
        written = npmRun("--file", path.join(dir, "Pulumi.yaml"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("GIVEN the committed file THEN it declares every key of the code's table, with the same type, default and description, and nothing else", () => {
        const project = yaml.load(committed) as {
            name: string; config: Record<string, { type: string; default: unknown; description: string; items?: { type: string } }>;
        };
        expect(project.name).to.equal("order-platform");
        expect(Object.keys(project.config).sort()).to.deep.equal(Object.keys(CONFIG_SPEC).sort());
        for (const [key, spec] of Object.entries(CONFIG_SPEC)) {
            const declared = project.config[key];
            expect(declared.type, key).to.equal(spec.kind);
            expect(declared.default, key).to.deep.equal(spec.default);
            expect(declared.description, key).to.equal(spec.description);
            if (spec.kind === "array") expect(declared.items, key).to.deep.equal({ type: "string" });
        }
    });

    it("WHEN `npm run config:schema -- --check` runs THEN it exits 0: the committed file is exactly what config.ts generates", async () => {
        const run = await checked;
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stderr).to.include(`Pulumi.yaml matches config.ts (${Object.keys(CONFIG_SPEC).length} keys)`);
        expect(committed).to.equal(projectFileText());
    });

    it("WHEN `npm run config:schema` writes the file THEN it holds exactly the schema (npm's banner stays on stdout), byte for byte the committed file", async () => {
        const target = path.join(dir, "Pulumi.yaml");
        const run = await written;
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout, "npm's banner is printed, but not into the file").to.match(/> order-platform@[\d.]+ config:schema/);
        expect(fs.readFileSync(target, "utf8")).to.equal(committed);
        expect(PROJECT_FILE).to.equal(path.join(ROOT, "Pulumi.yaml"));
    });

    it("WHEN the file is stale or missing THEN --check exits 1 and names the first differing line and the fix", () => {
        const stale = path.join(dir, "stale.yaml");
        fs.writeFileSync(stale, committed.replace("default: 256", "default: 512"));
        const lines: string[] = [];
        expect(runConfigSchema(["--check", "--file", stale], (l) => lines.push(l))).to.equal(1);
        const line = committed.split("\n").findIndex((l) => l.includes("default: 256")) + 1;
        expect(lines[0]).to.match(new RegExp(`stale\\.yaml differs from config\\.ts from line ${line}: run \`npm run config:schema\` and commit the result$`));
        expect(runConfigSchema(["--check", "--file", path.join(dir, "absent.yaml")], (l) => lines.push(l))).to.equal(1);
        expect(lines[1]).to.match(/absent\.yaml does not exist: run `npm run config:schema`/);
    });

    it("WHEN it is given an argument it does not take THEN it says which ones it takes", () => {
        expect(() => runConfigSchema(["--out", "x"], () => undefined)).to.throw(ConfigSchemaUsageError, /unknown argument "--out"; usage: npm run config:schema \[-- \[--check\] \[--file <path>\]\]/);
    });
});
