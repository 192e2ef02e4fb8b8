import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../harness";
import { finishedProcess } from "../support/finishedProcess";

const { deferred } = require("../../tools/lazySdkImports.cjs") as { deferred<T>(load: () => T): T };

/** The modules the SDK's import no longer loads, by a file each of them always loads. */
const HEAVY: Readonly<Record<string, RegExp>> = {
    "Automation API": /@pulumi\/pulumi\/automation\/index\.js$/,
    TypeScript: /\/typescript\/lib\/typescript\.js$/,
    "npm's Arborist": /@npmcli\/arborist\/lib\/index\.js$/,
    "normalize-package-data": /normalize-package-data\/lib\/normalize\.js$/,
};
/** Every module of HEAVY, loaded (`true`) or not. */
const everyHeavy = (loaded: boolean) => Object.fromEntries(Object.keys(HEAVY).map((name) => [name, loaded]));

/** Runs `script` in a fresh node process with the project's loader, in `cwd`, and parses what it prints as JSON. */
async function inFreshProcess(script: string, cwd: string): Promise<Record<string, unknown>> {
    const run = await finishedProcess(process.execPath, ["-r", path.join(ROOT, "tools", "transpile.cjs"), "-e", script], {
        cwd, env: { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") },
    });
    expect(run.code, run.stderr).to.equal(0);
    return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe("tools/lazySdkImports.cjs: the SDK's unused imports load on first use", function () {
    this.timeout(60_000);
    let dir: string;
    before(() => {
        // A project of one dependency, for the closure serializer's package walk.
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lazy-sdk-"));
        fs.mkdirSync(path.join(dir, "node_modules", "left"), { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", dependencies: { left: "1.0.0" } }));
        fs.writeFileSync(path.join(dir, "node_modules", "left", "package.json"), JSON.stringify({ name: "left", version: "1.0.0", main: "index.js" }));
        fs.writeFileSync(path.join(dir, "node_modules", "left", "index.js"), "module.exports = 1;\n");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("GIVEN the project's loader WHEN a process imports @pulumi/pulumi THEN neither the Automation API, TypeScript nor npm's packaging tools are loaded; WHEN used THEN each is the real module and works", async () => {
        const patterns = JSON.stringify(Object.fromEntries(Object.entries(HEAVY).map(([name, re]) => [name, re.source])));
        const seen = await inFreshProcess(`
            const patterns = ${patterns};
            const loaded = () => Object.fromEntries(Object.entries(patterns).map(([name, re]) => [name, Object.keys(require.cache).some((f) => new RegExp(re).test(f))]));
            const pulumi = require("@pulumi/pulumi");
            const afterImport = loaded();
            (async () => {
                const sameWorkspace = pulumi.automation.LocalWorkspace === require("@pulumi/pulumi/automation").LocalWorkspace;
                const closure = (await pulumi.runtime.serializeFunction(() => 42)).text.includes("() => 42");
                const codePaths = [...(await pulumi.runtime.computeCodePaths()).keys()];
                process.stdout.write(JSON.stringify({ afterImport, sameWorkspace, closure, codePaths, afterUse: loaded() }));
            })().catch((error) => { console.error(error); process.exit(1); });`, dir);
        expect(seen.afterImport, "loaded by importing @pulumi/pulumi").to.deep.equal(everyHeavy(false));
        expect(seen.sameWorkspace, "pulumi.automation is the Automation API").to.equal(true);
        expect(seen.closure, "serializeFunction parses the function with TypeScript").to.equal(true);
        expect(seen.codePaths, "computeCodePaths walks the packages with Arborist").to.deep.equal(["node_modules/left"]);
        expect(seen.afterUse).to.deep.equal(everyHeavy(true));
    });

    describe("deferred(load)", () => {
        it("GIVEN a stand-in WHEN nothing touches it THEN nothing loads; WHEN touched THEN the module loads once", () => {
            let loads = 0;
            const stand = deferred(() => { loads++; return { answer: 42 }; }) as { answer: number };
            expect(loads).to.equal(0);
            expect(stand.answer).to.equal(42);
            expect("answer" in stand).to.equal(true);
            expect(Object.keys(stand)).to.deep.equal(["answer"]);
            expect(loads).to.equal(1);
        });

        it("GIVEN a CommonJS module that is a function THEN the stand-in calls it, and its default (what __importDefault makes of it) is the function", () => {
            const fn = (a: number, b: number) => a + b;
            const stand = deferred(() => fn) as unknown as typeof fn & { default: typeof fn; __esModule: boolean };
            expect(stand.__esModule).to.equal(true);
            expect(stand.default).to.equal(fn);
            expect(stand(2, 3)).to.equal(5);
        });

        it("GIVEN an ES module with a default export THEN the stand-in's default is that export", () => {
            const esm = { __esModule: true, default: "the default", other: 1 };
            const stand = deferred(() => esm) as typeof esm;
            expect(stand.default).to.equal("the default");
            expect(stand.other).to.equal(1);
        });
    });
});
