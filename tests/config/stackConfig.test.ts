import { expect } from "chai";
import { CONFIG_SPEC, ConfigSource, StackConfigError, validateStackConfig } from "../../config";
import { AWS_PROVIDER_SETTINGS, AWS_REGIONS } from "../../constants/awsProvider";
import { recordedResources, runProgram, stackConfigFile } from "../harness";

function rawOf(stack: string): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, text] of Object.entries(stackConfigFile(stack))) {
        if (!key.startsWith("order-platform:")) continue;
        const name = key.slice("order-platform:".length);
        raw[name] = (CONFIG_SPEC as Record<string, { kind: string }>)[name]?.kind === "string" ? text : JSON.parse(text);
    }
    return raw;
}

function problemsOf(raw: Record<string, unknown>, source: ConfigSource = {}): string[] {
    try {
        validateStackConfig("test", raw, source);
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

    it("GIVEN no value at all THEN every default is itself valid", () => {
        expect(() => validateStackConfig("defaults", {})).not.to.throw();
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

        it("WHEN a key is unknown (a typo) THEN it is reported, not ignored, with the key it is a near miss of", () => {
            expect(problemsOf({ logRetention: 7 })[0])
                .to.equal(`order-platform:logRetention is not a known key; did you mean order-platform:logRetentionDays? The known keys are ${Object.keys(CONFIG_SPEC).join(", ")}`);
            expect(problemsOf({ colour: "red" })[0]).to.match(/^order-platform:colour is not a known key; the known keys are logRetentionDays, /);
        });

        it("WHEN an allowed value is misspelt or in the wrong case THEN the error says which one was meant", () => {
            expect(problemsOf({ workflowType: "EXPRES" })[0]).to.equal("order-platform:workflowType is \"EXPRES\", but must be one of EXPRESS, STANDARD; did you mean EXPRESS?");
            expect(problemsOf({ functionLogLevel: "debug" })[0]).to.match(/; did you mean DEBUG\?$/);
            expect(problemsOf({ forwardEventTypes: ["OrderProcesed"], forwardBusArns: ["arn:aws:events:us-east-1:444455556666:event-bus/b"] })[0])
                .to.match(/^order-platform:forwardEventTypes is \["OrderProcesed"\], but must be a list of event names .*; did you mean OrderProcessed\?$/);
            expect(problemsOf({ logRetentionDays: 10 })[0], "no near miss among the numbers: no guess").not.to.match(/did you mean/);
        });

        it("WHEN the stack is known THEN the error names the file to fix, Pulumi.<stack>.yaml", () => {
            expect(() => validateStackConfig("prod", { monitoring: "yes" })).to.throw(StackConfigError, /^Invalid stack configuration in Pulumi\.prod\.yaml \(1 problem\):\n {2}- order-platform:monitoring is "yes"/);
        });

        it("WHEN forwarding names events but no bus THEN both keys are named", () => {
            expect(problemsOf({ forwardEventTypes: ["OrderPlaced"] })[0])
                .to.match(/forwardEventTypes and order-platform:forwardBusArns must be set together/);
        });

        it("WHEN alarm emails are set without monitoring THEN it says why that is useless", () => {
            expect(problemsOf({ alarmEmails: ["ops@example.com"] })[0]).to.match(/alarmEmails is set, but order-platform:monitoring is false/);
        });
    });

    describe("GIVEN keys outside the project's namespace", () => {
        it("WHEN the namespace is a near miss of the project's THEN the key is reported with the key that was meant", () => {
            expect(problemsOf({ "order-platfrom:monitoring": true })).to.deep.equal([
                "order-platfrom:monitoring is in namespace \"order-platfrom\", which nothing in this program reads; did you mean order-platform:monitoring?",
            ]);
            expect(problemsOf({ "orderplatform:monitorng": true })[0]).to.match(/did you mean order-platform:monitoring\?$/);
            expect(problemsOf({ "asw:region": "us-east-1" })[0]).to.match(/^asw:region is in namespace "asw", .*; did you mean aws:region\?$/);
        });

        it("WHEN an aws: key is not a setting of the installed AWS provider THEN it is reported, with the setting that was meant", () => {
            expect(AWS_PROVIDER_SETTINGS).to.include.members(["region", "profile", "defaultTags", "allowedAccountIds", "skipRegionValidation"]);
            expect(problemsOf({ "aws:regoin": "us-east-1" })).to.deep.equal(["aws:regoin is not a setting of the AWS provider; did you mean aws:region?"]);
            expect(problemsOf({ "aws:colour": "red" })[0]).to.match(/^aws:colour is not a setting of the AWS provider; its settings are accessKey, /);
        });

        it("WHEN aws:region is not a region THEN it is reported, with the nearest regions", () => {
            expect(AWS_REGIONS).to.include.members(["us-east-1", "eu-west-1", "ap-southeast-2"]);
            expect(problemsOf({ "aws:region": "us-east-7" })).to.deep.equal(["aws:region is \"us-east-7\", which is not an AWS region; did you mean us-east-1 or us-east-2?"]);
            expect(problemsOf({ "aws:region": "EU-WEST-1" })[0]).to.match(/did you mean eu-west-1\?$/);
            expect(problemsOf({ "aws:region": "mars-1" })[0]).to.match(/which is not an AWS region; the regions are af-south-1, .*us-east-1/);
            expect(() => validateStackConfig("test", { "aws:region": "eu-central-1", "aws:profile": "deploy" })).not.to.throw();
        });

        it("WHEN a namespace is nobody's near miss (another tool's, Pulumi's own) THEN its keys are left alone", () => {
            expect(() => validateStackConfig("test", { "pulumi:tags": "{}", "awsx:anything": 1, "datadog:apiKey": "k" })).not.to.throw();
        });
    });

    describe("GIVEN secret values", () => {
        const secretKeys = ["order-platform:alarmEmails", "order-platform:functionMemoryMb", "order-platform:monitoring"];

        it("WHEN the engine gives their plaintext THEN they are checked like any other value, not rejected", () => {
            const config = validateStackConfig("prod", { alarmEmails: ["ops@corp.example"], monitoring: true, functionMemoryMb: 512 }, { secretKeys });
            expect([config.alarmEmails, config.monitoring, config.functionMemoryMb]).to.deep.equal([["ops@corp.example"], true, 512]);
        });

        it("WHEN a secret value is wrong THEN the error names the key and what is allowed, but never repeats the value", () => {
            const problems = problemsOf({ alarmEmails: ["not-an-email-but-a-secret"], functionMemoryMb: 64, "aws:region": "us-esat-1" }, { secretKeys: [...secretKeys, "aws:region"] });
            expect(problems).to.deep.equal([
                "aws:region is [secret], which is not an AWS region; the regions are " + AWS_REGIONS.join(", "),
                "order-platform:alarmEmails is [secret], but must be a list of email addresses",
                "order-platform:functionMemoryMb is [secret], but must be an integer from 128 to 10240",
            ]);
            expect(problems.join("\n")).not.to.match(/not-an-email-but-a-secret|64|us-esat-1/);
        });

        it("WHEN the value is still ciphertext (the stack file read without the CLI) THEN the key's default stands in, the key is listed, and rules involving it are skipped", () => {
            const config = validateStackConfig("prod", { alarmEmails: [{ secure: "v1:Zm9v" }], monitoring: { secure: "v1:YmFy" }, functionMemoryMb: 512 });
            expect(config.encryptedKeys).to.deep.equal(["order-platform:monitoring", "order-platform:alarmEmails"]);
            expect([config.alarmEmails, config.monitoring, config.functionMemoryMb]).to.deep.equal([[], false, 512]);
            expect(validateStackConfig("dev", rawOf("dev")).encryptedKeys).to.deep.equal([]);
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
            expect(String(error)).to.match(/Invalid stack configuration in Pulumi\.dev\.yaml \(2 problems\)/);
            expect(String(error)).to.match(/order-platform:workflowType is "FAST"/);
        });
    });
});
