import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig, StackConfigError } from "../../config";
import { ROOT, stackConfigFile, useMocks } from "../harness";
import { LoopbackMonitor, RunnerResult } from "./languageRuntime";

/**
 * A program folder for the runner: index.js registers the project's TypeScript loader (the one Pulumi.yaml's
 * runtime options give the CLI), then runs `body`.
 */
function program(dir: string, name: string, body: string): string {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, "package.json"), JSON.stringify({ name: `config-${name}`, private: true, main: "index.js" }));
    fs.writeFileSync(path.join(folder, "index.js"), `require(${JSON.stringify(path.join(ROOT, "tools", "transpile.cjs"))});\n${body}\n`);
    return folder;
}

describe("stack config as the Pulumi CLI delivers it", () => {
    const monitor = new LoopbackMonitor();
    let dir: string;
    const secretConfig = {
        ...stackConfigFile("prod"),
        "order-platform:alarmEmails": "[\"ops@corp.example\"]",
        "order-platform:monitoring": "true",
        "order-platform:config:functionMemoryMb": "1024",
        "order-platform:apiThrottleRate": "hunter2",
    };
    const secretKeys = ["order-platform:alarmEmails", "order-platform:monitoring", "order-platform:functionMemoryMb", "order-platform:apiThrottleRate"];
    let typoRun: Promise<RunnerResult>;
    let secretRun: Promise<RunnerResult>;

    before(async () => {
        await monitor.start();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "config-engine-"));
        const configOnly = program(dir, "config", `require(${JSON.stringify(path.join(ROOT, "config.ts"))}).loadStackConfig();`);
        // Both runs start at once: each is a whole process that loads the SDK and the program, and mostly waits for it.
        typoRun = monitor.runProject(ROOT, "dev", { ...stackConfigFile("dev"), "aws:regoin": "us-east-1", "order-platfrom:config:monitoring": "true" });
        secretRun = monitor.run(configOnly, "prod", secretConfig, secretKeys);
        for (const run of [typoRun, secretRun]) run.catch(() => undefined); // awaited, with their errors, by their tests
    });
    after(async () => {
        await monitor.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("GIVEN a typo in a namespace and in an aws: key WHEN the project runs as the CLI runs it (Pulumi.yaml's runtime options, the SDK's runner) THEN it prints the config error, naming the file, and no stack trace", async function () {
        this.timeout(60_000);
        const run = await typoRun;
        expect(run.stderr).to.equal([
            "error: [runtime] Invalid stack configuration in Pulumi.dev.yaml (2 problems):",
            "  - aws:regoin is not a setting of the AWS provider; did you mean aws:region?",
            "  - order-platfrom:monitoring is in namespace \"order-platfrom\", which nothing in this program reads; did you mean order-platform:monitoring?",
            "",
        ].join("\n"));
        // 32: the runner's "exited after logging a user-actionable message", so the CLI adds nothing of its own.
        expect(run.code).to.equal(32);
    });

    it("GIVEN values set with `pulumi config set --secret` WHEN the engine passes their plaintext and lists them in PULUMI_CONFIG_SECRET_KEYS THEN they are checked with their types, and only a wrong one is reported, without its value", async function () {
        this.timeout(60_000);
        const run = await secretRun;
        // The list, the boolean and the integer pass their checks; only the value that is not an integer fails.
        expect(run.stderr).to.equal("error: [runtime] Invalid stack configuration in Pulumi.prod.yaml (1 problem):\n  - order-platform:apiThrottleRate is [secret], but must be an integer\n");
        expect(run.stdout + run.stderr).not.to.match(/hunter2|ops@corp/);
    });

    describe("GIVEN the SDK's config store (setAllConfig, as the mocks and the Automation API fill it)", () => {
        afterEach(() => pulumi.runtime.setAllConfig({}));

        it("WHEN keys are marked secret there THEN they load, and a wrong one is shown as [secret] in a RunError", () => {
            useMocks("prod");
            const secretKeys = ["order-platform:notificationEmails", "order-platform:apiThrottleRate"];
            pulumi.runtime.setAllConfig({ ...stackConfigFile("prod"), "order-platform:notificationEmails": "[\"desk@corp.example\"]", "order-platform:apiThrottleRate": "150" }, secretKeys);
            const loaded = loadStackConfig();
            expect([loaded.notificationEmails, loaded.apiThrottleRate]).to.deep.equal([["desk@corp.example"], 150]);
            pulumi.runtime.setAllConfig({ ...stackConfigFile("prod"), "order-platform:apiThrottleRate": "\"fast\"" }, secretKeys);
            let error: unknown;
            try { loadStackConfig(); } catch (e) { error = e; }
            expect(error).to.be.instanceOf(StackConfigError);
            expect(pulumi.RunError.isInstance(error), "a RunError: the CLI prints its message only").to.equal(true);
            expect((error as StackConfigError).problems).to.deep.equal(["order-platform:apiThrottleRate is [secret], but must be an integer"]);
        });

        it("WHEN a value is still ciphertext (the offline plan reads Pulumi.<stack>.yaml itself) THEN the key's default stands in and the key is named, instead of a type error", () => {
            useMocks("prod");
            pulumi.runtime.setAllConfig({ ...stackConfigFile("prod"), "order-platform:alarmEmails": JSON.stringify([{ secure: "v1:AAAA" }]), "order-platform:workflowType": JSON.stringify({ secure: "v1:BBBB" }) });
            const warnings: string[] = [];
            const warn = console.warn;
            console.warn = (line: string) => { warnings.push(line); };
            let config;
            try { config = loadStackConfig(); } finally { console.warn = warn; }
            expect(config.encryptedKeys).to.deep.equal(["order-platform:workflowType", "order-platform:alarmEmails"]);
            expect([config.alarmEmails, config.workflowType]).to.deep.equal([[], "EXPRESS"]);
            expect(warnings).to.deep.equal(["order-platform:workflowType", "order-platform:alarmEmails"].map((key) =>
                `warning: [runtime] ${key} is encrypted in Pulumi.prod.yaml and this evaluation (without the Pulumi CLI) cannot decrypt it, ` +
                "so it uses the key's default; `pulumi preview` checks the real value"));
        });
    });
});
