/**
 * SPEC section 3: every difference between the dev and prod stacks, asserted on the whole program evaluated
 * under mocks with the real Pulumi.<stack>.yaml, and proven to come from config rather than the stack's name.
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { MockResource, ROOT, stackConfigFile } from "../harness";
import { deadLetterQueues, devWithProdConfig, RecordedRun, stackRun } from "./stackRuns";

const T = {
    key: "aws:kms/key:Key",
    table: "aws:dynamodb/table:Table",
    bucket: "aws:s3/bucket:Bucket",
    bucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    queue: "aws:sqs/queue:Queue",
    topic: "aws:sns/topic:Topic",
    topicSubscription: "aws:sns/topicSubscription:TopicSubscription",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    fn: "aws:lambda/function:Function",
    stateMachine: "aws:sfn/stateMachine:StateMachine",
    mapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
    stage: "aws:apigatewayv2/stage:Stage",
    api: "aws:apigatewayv2/api:Api",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
    parameter: "aws:ssm/parameter:Parameter",
};

/** The stack's own config values, as the program reads them. */
function configOf(stack: string): Record<string, any> {
    const out: Record<string, any> = {};
    for (const [key, text] of Object.entries(stackConfigFile(stack))) {
        if (!key.startsWith("order-platform:")) continue;
        try {
            out[key.slice("order-platform:".length)] = JSON.parse(text);
        } catch {
            out[key.slice("order-platform:".length)] = text;
        }
    }
    return out;
}

const alarmsOn = (run: RecordedRun, namespace: string, metricName: string) =>
    run.ofType(T.alarm).filter((a) => a.inputs.namespace === namespace && a.inputs.metricName === metricName);

for (const stack of ["dev", "prod"] as const) {
    describe(`GIVEN the ${stack} stack evaluated with its own Pulumi.${stack}.yaml`, () => {
        let run: RecordedRun;
        const config = configOf(stack);
        before(async () => {
            run = await stackRun(stack);
        });

        it("THEN the whole order flow is there: tables, API, workflow, notifier, receipts consumer and bucket", () => {
            const components = new Set(run.resources.map((r) => r.type));
            for (const component of ["EventBus", "OrderTables", "OrderApi", "OrderWorkflow", "FrontendNotifier", "BufferedConsumer", "ReceiptsBucket"]) {
                expect(components.has(`orders:platform:${component}`), `orders:platform:${component} is not wired in index.ts`).to.equal(true);
            }
            expect(run.ofType(T.table).map((t) => t.name).join(" ")).to.match(/customers/).and.to.match(/orders/);
        });

        it(`THEN every DynamoDB table is on-demand, with point-in-time recovery and deletion protection ${config.pointInTimeRecovery ? "on" : "off"}`, () => {
            expect(run.ofType(T.table)).to.have.length.greaterThan(0);
            for (const table of run.ofType(T.table)) {
                expect(table.inputs.billingMode, table.name).to.equal("PAY_PER_REQUEST");
                expect(table.inputs.pointInTimeRecovery?.enabled ?? false, table.name).to.equal(config.pointInTimeRecovery);
                expect(table.inputs.deletionProtectionEnabled ?? false, table.name).to.equal(config.protectData);
            }
        });

        it(`THEN every log group keeps logs ${config.logRetentionDays} days, and every function and state machine logs to one of them`, () => {
            const groups = run.ofType(T.logGroup);
            expect(groups).to.have.length.greaterThan(0);
            for (const group of groups) expect(group.inputs.retentionInDays, group.name).to.equal(config.logRetentionDays);
            const names = new Set(groups.map((g) => g.state.name));
            for (const fn of run.ofType(T.fn)) expect(names.has(fn.inputs.loggingConfig?.logGroup), `${fn.name} logs to its own group`).to.equal(true);
            for (const machine of run.ofType(T.stateMachine)) {
                const destination: string = machine.inputs.loggingConfiguration?.logDestination ?? "";
                expect(groups.some((g) => destination.startsWith(g.state.arn)), `${machine.name} logs to a group with retention`).to.equal(true);
            }
        });

        it(`THEN process-order is ${config.workflowType}, the router ${config.routerWorkflowType}, both log at ${config.workflowLogLevel} and are traced with X-Ray`, () => {
            const machines = run.ofType(T.stateMachine);
            expect(machines.length).to.be.at.least(2);
            for (const machine of machines) {
                const expected = machine.name.includes("customer-router") ? config.routerWorkflowType : config.workflowType;
                expect(machine.inputs.type, machine.name).to.equal(expected);
                expect(machine.inputs.loggingConfiguration.level, machine.name).to.equal(config.workflowLogLevel);
                expect(machine.inputs.tracingConfiguration?.enabled, machine.name).to.equal(true);
            }
        });

        it(`THEN every function has ${config.functionMemoryMb} MB, logs JSON at ${config.functionLogLevel} and is traced with X-Ray`, () => {
            expect(run.ofType(T.fn)).to.have.length.greaterThan(0);
            for (const fn of run.ofType(T.fn)) {
                expect(fn.inputs.memorySize, fn.name).to.equal(config.functionMemoryMb);
                expect(fn.inputs.loggingConfig.logFormat, fn.name).to.equal("JSON");
                expect(fn.inputs.loggingConfig.applicationLogLevel, fn.name).to.equal(config.functionLogLevel);
                expect(fn.inputs.tracingConfig?.mode, fn.name).to.equal("Active");
            }
        });

        it(`THEN consumers scale to at most ${config.consumerMaxConcurrency} and the API is throttled at ${config.apiThrottleRate}/s, burst ${config.apiThrottleBurst}`, () => {
            // maximumConcurrency bounds SQS pollers; a stream mapping (the outbox) is bounded by the stream's shards instead.
            const mappings = run.ofType(T.mapping).filter((m) => String(m.inputs.eventSourceArn).startsWith("arn:aws:sqs:"));
            expect(mappings).to.have.length.greaterThan(0);
            for (const mapping of mappings) expect(mapping.inputs.scalingConfig?.maximumConcurrency, mapping.name).to.equal(config.consumerMaxConcurrency);
            const stages = run.ofType(T.stage);
            expect(stages).to.have.length(1);
            expect(stages[0].inputs.defaultRouteSettings).to.include({
                throttlingBurstLimit: config.apiThrottleBurst, throttlingRateLimit: config.apiThrottleRate,
            });
        });
    });
}

describe("GIVEN the dev and prod stacks side by side (SPEC section 3)", () => {
    let dev: RecordedRun;
    let prod: RecordedRun;
    before(async () => {
        dev = await stackRun("dev");
        prod = await stackRun("prod");
    });

    describe("encryption", () => {
        it("THEN dev has no customer-managed key and no resource refers to one (AWS-owned and AWS-managed keys only)", () => {
            expect(dev.ofType(T.key)).to.have.length(0);
            for (const r of dev.resources) expect(JSON.stringify(r.inputs), `${r.type} ${r.name}`).to.not.match(/arn:aws:kms:/);
            for (const queue of dev.ofType(T.queue)) expect(queue.inputs.sqsManagedSseEnabled, queue.name).to.equal(true);
        });

        it("THEN prod has one customer-managed key, rotated yearly and protected", () => {
            const keys = prod.ofType(T.key);
            expect(keys).to.have.length(1);
            expect(keys[0].inputs.enableKeyRotation).to.equal(true);
            expect(prod.optionsOf(T.key, keys[0].name).protect).to.equal(true);
        });

        it("THEN prod's tables, queues, topics, log groups, parameters and receipts bucket are all encrypted with that key", () => {
            const keyArn = prod.ofType(T.key)[0].state.arn;
            for (const t of prod.ofType(T.table)) expect(t.inputs.serverSideEncryption, t.name).to.deep.include({ enabled: true, kmsKeyArn: keyArn });
            for (const q of prod.ofType(T.queue)) expect(q.inputs.kmsMasterKeyId, q.name).to.equal(keyArn);
            for (const s of prod.ofType(T.topic)) expect(s.inputs.kmsMasterKeyId, s.name).to.equal(keyArn);
            for (const g of prod.ofType(T.logGroup)) expect(g.inputs.kmsKeyId, g.name).to.equal(keyArn);
            for (const p of prod.ofType(T.parameter).filter((x) => x.inputs.type === "SecureString")) expect(p.inputs.keyId, p.name).to.equal(keyArn);
            const bucketEncryption = prod.ofType(T.bucketEncryption);
            expect(bucketEncryption).to.have.length.greaterThan(0);
            for (const e of bucketEncryption) {
                // S3 delivers server access logs only to buckets encrypted with SSE-S3, never SSE-KMS; the storefront's
                // files are what every visitor downloads, and CloudFront would need a key grant per distribution to read SSE-KMS.
                const sseS3 = e.name.includes("access-logs") || e.name.startsWith("storefront-");
                const expected = sseS3 ? { sseAlgorithm: "AES256" } : { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn };
                expect(e.inputs.rules[0].applyServerSideEncryptionByDefault, e.name).to.deep.include(expected);
            }
        });
    });

    describe("stateful resources", () => {
        it("THEN prod protects its tables, its receipts buckets, its user pool and its key from deletion", () => {
            // The storefront's buckets hold a build and expiring request logs: a deployment recreates them.
            const buckets = prod.ofType(T.bucket).filter((b) => !b.name.startsWith("storefront-"));
            const stateful = [...prod.ofType(T.table), ...buckets, ...prod.ofType(T.key), ...prod.ofType("aws:cognito/userPool:UserPool")];
            expect(buckets).to.have.length.greaterThan(0);
            for (const r of stateful) expect(prod.optionsOf(r.type, r.name).protect, `${r.type} ${r.name}`).to.equal(true);
        });

        it("THEN dev protects nothing, so a developer can destroy the stack", () => {
            const protectedOnes = dev.resources.filter((r) => dev.optionsOf(r.type, r.name).protect).map((r) => `${r.type} ${r.name}`);
            expect(protectedOnes).to.deep.equal([]);
        });
    });

    describe("sizing", () => {
        it("THEN prod's concurrency bound, API throttling and memory are production-sized, dev's are small", () => {
            const devConfig = configOf("dev");
            const prodConfig = configOf("prod");
            for (const key of ["consumerMaxConcurrency", "apiThrottleBurst", "apiThrottleRate", "functionMemoryMb", "logRetentionDays"]) {
                expect(prodConfig[key], key).to.be.greaterThan(devConfig[key]);
            }
            // Both stacks choose their workflow types explicitly (prod's choice and its price are explained in Pulumi.prod.yaml).
            for (const stack of ["dev", "prod"]) {
                expect(stackConfigFile(stack), stack).to.include.keys("order-platform:workflowType", "order-platform:routerWorkflowType");
            }
        });
    });

    describe("alarms and dashboard", () => {
        it("THEN dev has no alarm, no dashboard and no ops topic", () => {
            expect(dev.ofType(T.alarm)).to.have.length(0);
            expect(dev.ofType(T.dashboard)).to.have.length(0);
            expect(dev.resources.filter((r) => r.type === "orders:platform:OrderMonitoring")).to.have.length(0);
        });

        describe("WHEN prod's alarms are read", () => {
            let topicArn: string;
            before(() => {
                topicArn = prod.exports.alarmTopicArn as string;
            });

            it("THEN every alarm notifies the ops topic on alarm and on recovery, and the operators are subscribed by email", () => {
                expect(topicArn).to.be.a("string");
                expect(prod.ofType(T.alarm)).to.have.length.greaterThan(0);
                for (const alarm of prod.ofType(T.alarm)) {
                    expect(alarm.inputs.alarmActions, alarm.name).to.deep.equal([topicArn]);
                    expect(alarm.inputs.okActions, alarm.name).to.deep.equal([topicArn]);
                }
                const emails = prod.ofType(T.topicSubscription).filter((s) => s.inputs.topic === topicArn).map((s) => s.inputs.endpoint);
                expect(emails).to.have.members(configOf("prod").alarmEmails);
            });

            it("THEN every DLQ has a depth alarm", () => {
                const dlqs = deadLetterQueues(prod);
                expect(dlqs).to.have.length.greaterThan(0);
                const watched = alarmsOn(prod, "AWS/SQS", "ApproximateNumberOfMessagesVisible").map((a) => a.inputs.dimensions.QueueName);
                for (const dlq of dlqs) expect(watched, dlq.name).to.include(dlq.state.name);
            });

            it("THEN every function has an Errors and a Throttles alarm", () => {
                for (const metric of ["Errors", "Throttles"]) {
                    const watched = alarmsOn(prod, "AWS/Lambda", metric).map((a) => a.inputs.dimensions.FunctionName);
                    for (const fn of prod.ofType(T.fn)) expect(watched, `${metric} of ${fn.name}`).to.include(fn.state.name);
                }
            });

            it("THEN every state machine has an ExecutionsFailed alarm", () => {
                const watched = alarmsOn(prod, "AWS/States", "ExecutionsFailed").map((a) => a.inputs.dimensions.StateMachineArn);
                const machines = prod.ofType(T.stateMachine);
                expect(machines).to.have.length.greaterThan(0);
                for (const machine of machines) expect(watched, machine.name).to.include(machine.state.arn);
            });

            it("THEN every rule has a FailedInvocations alarm, with its bus name when it is on a custom bus", () => {
                const alarms = alarmsOn(prod, "AWS/Events", "FailedInvocations");
                for (const rule of prod.ofType(T.rule)) {
                    const bus = rule.inputs.eventBusName;
                    const expected = bus && bus !== "default" ? { EventBusName: bus, RuleName: rule.state.name } : { RuleName: rule.state.name };
                    expect(alarms.map((a) => a.inputs.dimensions), rule.name).to.deep.include(expected);
                }
            });

            it("THEN the HTTP API stage has a 5xx alarm", () => {
                const alarms = alarmsOn(prod, "AWS/ApiGateway", "5xx");
                const api = prod.ofType(T.api)[0];
                expect(alarms.map((a) => a.inputs.dimensions)).to.deep.include({ ApiId: api.id, Stage: prod.ofType(T.stage)[0].inputs.name });
            });

            it("THEN there is one dashboard, and it shows every function, state machine and rule", () => {
                const dashboards = prod.ofType(T.dashboard);
                expect(dashboards).to.have.length(1);
                const body: string = dashboards[0].inputs.dashboardBody;
                expect(() => JSON.parse(body)).to.not.throw();
                for (const fn of prod.ofType(T.fn)) expect(body, fn.name).to.contain(`"${fn.state.name}"`);
                for (const machine of prod.ofType(T.stateMachine)) expect(body, machine.name).to.contain(`"${machine.state.arn}"`);
                for (const rule of prod.ofType(T.rule)) expect(body, rule.name).to.contain(`"${rule.state.name}"`);
            });
        });
    });
});

describe("GIVEN the dev stack's name with every value of Pulumi.prod.yaml", () => {
    let prod: RecordedRun;
    let devAsProd: RecordedRun;
    before(async () => {
        prod = await stackRun("prod");
        devAsProd = await devWithProdConfig();
    });

    /** A resource's inputs with the stack's name abstracted, so only config-driven differences remain. */
    const normalized = (r: MockResource, stack: string) =>
        JSON.stringify(r.inputs).replace(new RegExp(`\\b${stack}\\b`, "g"), "<stack>");

    it("THEN it creates exactly prod's resources, with exactly prod's settings: every difference comes from config", () => {
        const key = (r: MockResource) => `${r.type} ${r.name}`;
        expect(devAsProd.resources.map(key).sort()).to.deep.equal(prod.resources.map(key).sort());
        const prodByKey = new Map(prod.resources.map((r) => [key(r), r]));
        for (const r of devAsProd.resources) {
            expect(normalized(r, "dev"), key(r)).to.equal(normalized(prodByKey.get(key(r))!, "prod"));
            expect(devAsProd.optionsOf(r.type, r.name).protect, key(r)).to.equal(prod.optionsOf(r.type, r.name).protect);
        }
    });
});

/** Lines that branch on the stack's name instead of on a config value. */
function stackNameChecks(source: string): string[] {
    const patterns = [
        /getStack\(\)\s*[!=]==?/,
        /[!=]==?\s*(pulumi\.)?getStack\(\)/,
        /\bstack(Name)?\s*[!=]==?\s*["'`]/i,
        /["'`](dev|prod|production|staging|test)["'`]\s*[!=]==?/,
        /[!=]==?\s*["'`](dev|prod|production|staging)["'`]/,
        /\.(includes|startsWith|endsWith)\(\s*(pulumi\.)?getStack\(\)/,
        /getStack\(\)\s*\.\s*(includes|startsWith|endsWith|match)\(/,
        /switch\s*\(\s*((pulumi\.)?getStack\(\)|[\w.]*\bstack)\s*\)/i,
    ];
    return source.split("\n").filter((line) => !/^\s*(\/\/|\*)/.test(line) && patterns.some((p) => p.test(line)));
}

describe("GIVEN the program's source (index.ts and components/)", () => {
    it("THEN nothing branches on the stack's name: every difference is a config key", () => {
        const files = ["index.ts", ...fs.readdirSync(path.join(ROOT, "components")).filter((f) => f.endsWith(".ts")).map((f) => `components/${f}`)];
        const offenders = files.flatMap((file) => stackNameChecks(fs.readFileSync(path.join(ROOT, file), "utf8")).map((line) => `${file}: ${line.trim()}`));
        expect(offenders).to.deep.equal([]);
    });

    it("WHEN the detector reads stack-name branches THEN it finds each form, and ignores config checks and comments", () => {
        const flagged = [
            'if (pulumi.getStack() === "prod") {',
            'const big = "prod" == getStack();',
            'if (config.stack !== "dev") x();',
            "switch (pulumi.getStack()) {",
            'const isProd = pulumi.getStack().startsWith("prod");',
            'if (stackName === "production") {}',
        ];
        for (const line of flagged) expect(stackNameChecks(line), line).to.have.length(1);
        const fine = [
            "const key = config.customerManagedKey ? new EncryptionKey() : undefined;",
            "name: `alias/order-platform-${pulumi.getStack()}`,",
            '// never write if (pulumi.getStack() === "prod")',
            'if (config.workflowType === "STANDARD") {}',
        ];
        for (const line of fine) expect(stackNameChecks(line), line).to.have.length(0);
    });
});
