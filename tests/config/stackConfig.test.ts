import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { CONFIG_SPEC, StackConfigError, validateStackConfig } from "../../config";
import { recordedResources, ROOT, runProgram, stackConfigFile } from "../harness";

function rawOf(stack: string): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, text] of Object.entries(stackConfigFile(stack))) {
        if (!key.startsWith("order-platform:")) continue;
        const name = key.slice("order-platform:".length);
        raw[name] = (CONFIG_SPEC as Record<string, { kind: string }>)[name]?.kind === "string" ? text : JSON.parse(text);
    }
    return raw;
}

function problemsOf(raw: Record<string, unknown>): string[] {
    try {
        validateStackConfig("test", raw);
    } catch (e) {
        expect(e).to.be.instanceOf(StackConfigError);
        return (e as StackConfigError).problems;
    }
    throw new Error("expected the config to be rejected");
}

describe("stack config", () => {
    describe("GIVEN the real stack files", () => {
        for (const stack of ["dev", "prod"]) {
            it(`WHEN Pulumi.${stack}.yaml is validated THEN it loads without problems`, () => {
                const config = validateStackConfig(stack, rawOf(stack));
                expect(config.stack).to.equal(stack);
            });
        }

        it("THEN dev and prod hold the values of SPEC section 3", () => {
            const dev = validateStackConfig("dev", rawOf("dev"));
            const prod = validateStackConfig("prod", rawOf("prod"));
            expect(dev.customerManagedKey, "CMK").to.equal(false);
            expect(prod.customerManagedKey, "CMK").to.equal(true);
            expect(dev.monitoring).to.equal(false);
            expect(prod.monitoring).to.equal(true);
            expect(prod.pointInTimeRecovery && prod.protectData).to.equal(true);
            expect(dev.pointInTimeRecovery || dev.protectData).to.equal(false);
            expect(dev.logRetentionDays).to.be.at.most(14);
            expect(prod.logRetentionDays).to.be.at.least(90);
            expect(prod.consumerMaxConcurrency).to.be.greaterThan(dev.consumerMaxConcurrency);
            expect(prod.apiThrottleRate).to.be.greaterThan(dev.apiThrottleRate);
            expect(prod.producerAccountIds).to.have.length.greaterThan(0);
            expect(prod.forwardBusArns).to.have.length.greaterThan(0);
        });
    });

    describe("GIVEN Pulumi.yaml", () => {
        const project = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
            name: string; config: Record<string, { type: string; default: unknown; description: string; items?: { type: string } }>;
        };

        it("THEN it declares every key of the code's table, with the same type and default, and nothing else", () => {
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

        it("THEN every default is itself valid", () => {
            expect(() => validateStackConfig("defaults", {})).not.to.throw();
        });
    });

    describe("GIVEN invalid values", () => {
        const cases: [string, unknown, RegExp][] = [
            ["logRetentionDays", 10, /logRetentionDays is 10, but must be one of 1, 3, 5, 7, 14/],
            ["logRetentionDays", "7", /logRetentionDays is "7", but must be an integer/],
            ["archiveRetentionDays", 0, /archiveRetentionDays is 0, but must be an integer from 1 to 3650/],
            ["producerAccountIds", ["12345"], /producerAccountIds is \["12345"\], but must be a list of 12-digit AWS account ids/],
            ["producerAccountIds", "111122223333", /producerAccountIds is "111122223333", but must be a list of strings/],
            ["forwardEventTypes", ["OrderShipped"], /forwardEventTypes is \["OrderShipped"\], but must be a list of event names \(OrderPlaced, /],
            ["forwardBusArns", ["arn:aws:sqs:us-east-1:123456789012:q"], /forwardBusArns .* must be a list of event bus ARNs/],
            ["workflowType", "FAST", /workflowType is "FAST", but must be one of EXPRESS, STANDARD/],
            ["workflowLogLevel", "OFF", /workflowLogLevel is "OFF", but must be one of ALL, ERROR, FATAL/],
            ["functionLogLevel", "TRACE", /functionLogLevel is "TRACE", but must be one of DEBUG, INFO, WARN, ERROR/],
            ["customerManagedKey", "yes", /customerManagedKey is "yes", but must be a boolean/],
            ["monitoring", 1, /monitoring is 1, but must be a boolean/],
            ["alarmEmails", ["not-an-email"], /alarmEmails .* must be a list of email addresses/],
            ["notificationEmails", ["a@b"], /notificationEmails .* must be a list of email addresses/],
            ["corsAllowOrigins", ["ftp://x"], /corsAllowOrigins .* must be a list of origins/],
            ["apiThrottleBurst", 0, /apiThrottleBurst is 0, but must be an integer from 1 to 5000/],
            ["apiThrottleRate", 2.5, /apiThrottleRate is 2.5, but must be an integer/],
            ["consumerMaxConcurrency", 1, /consumerMaxConcurrency is 1, but must be an integer from 2 to 1000/],
            ["functionMemoryMb", 64, /functionMemoryMb is 64, but must be an integer from 128 to 10240/],
        ];
        for (const [key, value, message] of cases) {
            it(`WHEN ${key} is ${JSON.stringify(value)} THEN the error names the key, shows the value and what is allowed`, () => {
                const problems = problemsOf({ [key]: value });
                expect(problems).to.have.length(1);
                expect(problems[0]).to.match(new RegExp(`^order-platform:${key} `));
                expect(problems[0]).to.match(message);
            });
        }

        it("WHEN several keys are bad THEN one error lists every one of them", () => {
            const problems = problemsOf({ logRetentionDays: 10, workflowType: "FAST", monitoring: "no" });
            expect(problems).to.have.length(3);
            expect(problems.join("\n")).to.match(/logRetentionDays/).and.match(/workflowType/).and.match(/monitoring/);
        });

        it("WHEN a key is unknown (a typo) THEN it is reported, not ignored", () => {
            expect(problemsOf({ logRetention: 7 })[0]).to.match(/order-platform:logRetention is not a known key; known keys are logRetentionDays/);
        });

        it("WHEN forwarding names events but no bus THEN both keys are named", () => {
            expect(problemsOf({ forwardEventTypes: ["OrderPlaced"] })[0])
                .to.match(/forwardEventTypes and order-platform:forwardBusArns must be set together/);
        });

        it("WHEN alarm emails are set without monitoring THEN it says why that is useless", () => {
            expect(problemsOf({ alarmEmails: ["ops@example.com"] })[0]).to.match(/alarmEmails is set, but order-platform:monitoring is false/);
        });
    });

    describe("GIVEN the program", () => {
        it("WHEN a config value is bad THEN it stops before any resource exists", async () => {
            let error: unknown;
            let run;
            try {
                run = await runProgram("dev", { workflowType: "FAST", logRetentionDays: 10 });
            } catch (e) {
                error = e;
            }
            expect(run).to.equal(undefined);
            expect(recordedResources()).to.deep.equal([]);
            expect(String(error)).to.match(/Invalid stack configuration \(2 problems\)/);
            expect(String(error)).to.match(/order-platform:workflowType is "FAST"/);
        });
    });
});
