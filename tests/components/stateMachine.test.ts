import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { MockResource, policyDocument, promiseOf, Recording, settle, useMocks } from "../harness";
import type { StateMachine, StateMachineArgs } from "../../components/stateMachine";
import { validateStateMachineArgs } from "../../components/stateMachine";
import { catchTo, RESOURCES, StateMachineDefinition, task } from "../../workflows/asl";

const SFN = "aws:sfn/stateMachine:StateMachine";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/test-key";

/** Required at use: a stack test's runProgram reloads components/. */
const StateMachineClass = (): typeof StateMachine => require("../../components/stateMachine").StateMachine;

/** A small machine: read an item, then announce it, with a Catch that ends the execution. */
function definition(table = "demo-table"): StateMachineDefinition {
    return {
        StartAt: "Read",
        TimeoutSeconds: 60,
        States: {
            Read: task(RESOURCES.dynamoGetItem, {
                parameters: { TableName: table, Key: { id: { "S.$": "$.id" } } },
                timeoutSeconds: 10, resultPath: "$.item", catch: [catchTo("Failed")], next: "Announce",
            }),
            Announce: task(RESOURCES.eventsPutEvents, {
                parameters: { Entries: [{ EventBusName: "demo-bus", Source: "demo.source", DetailType: "Demo", Detail: { "id.$": "$.id" } }] },
                timeoutSeconds: 10, resultPath: null, catch: [catchTo("Failed")],
            }),
            Failed: { Type: "Fail", Error: "DemoFailed", Cause: "see the execution history" },
        },
    };
}

function build(args: Partial<StateMachineArgs> = {}, name = "demo"): { rec: Recording; machine: StateMachine } {
    const rec = useMocks("dev");
    const machine = new (StateMachineClass())(name, { definition: pulumi.output(definition()), type: "EXPRESS", ...args });
    return { rec, machine };
}

const named = (rec: Recording, type: string, name: string): MockResource => {
    const found = rec.resources.filter((r) => r.type === type && r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
};

describe("StateMachine component", () => {
    describe("GIVEN a definition, a type and no settings", () => {
        let rec: Recording;
        let machine: StateMachine;
        before(async () => {
            ({ rec, machine } = build({ permissions: [{ Sid: "Extra", Action: ["kms:Decrypt"], Resource: KEY_ARN }] }));
            await settle();
        });

        it("THEN it creates one state machine of that type, with the definition as JSON, its role, execution logging at ERROR without execution data (the states' inputs hold customers' emails) and X-Ray", async () => {
            const sfn = named(rec, SFN, "demo");
            expect(sfn.inputs.type).to.equal("EXPRESS");
            expect(JSON.parse(sfn.inputs.definition)).to.deep.equal(definition());
            expect(sfn.inputs.roleArn).to.equal(named(rec, ROLE, "demo-role").state.arn);
            const group = named(rec, LOG_GROUP, "demo-logs");
            expect(sfn.inputs.loggingConfiguration).to.deep.equal({ logDestination: `${group.state.arn}:*`, includeExecutionData: false, level: "ERROR" });
            expect(sfn.inputs.tracingConfiguration).to.deep.equal({ enabled: true });
            expect(await promiseOf(machine.arn)).to.equal(sfn.state.arn);
            expect(await promiseOf(machine.definition)).to.deep.equal(definition());
            expect(machine.monitoring.stateMachines).to.deep.equal([machine.stateMachine]);
        });

        it("THEN its log group is a vended-logs group named after it, kept 7 days, with the AWS-owned key", () => {
            const group = named(rec, LOG_GROUP, "demo-logs");
            expect(group.inputs.namePrefix).to.equal("/aws/vendedlogs/states/demo-");
            expect(group.inputs.retentionInDays).to.equal(7);
            expect(group.inputs.kmsKeyId).to.equal(undefined);
        });

        it("THEN only Step Functions, for this account's state machines, may assume the role", () => {
            const [statement] = JSON.parse(named(rec, ROLE, "demo-role").inputs.assumeRolePolicy).Statement;
            expect(statement).to.deep.equal({
                Effect: "Allow",
                Principal: { Service: "states.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { ArnLike: { "aws:SourceArn": "arn:aws:states:us-east-1:123456789012:stateMachine:*" } },
            });
        });

        it("THEN the role's policy is the Tasks' derived statements, then the extra permissions, then log delivery and X-Ray", () => {
            const policy = named(rec, ROLE_POLICY, "demo-role-policy");
            expect(policy.inputs.role).to.equal(named(rec, ROLE, "demo-role").id);
            const statements = policyDocument(policy).Statement;
            expect(statements.map((s) => s.Sid)).to.deep.equal(["UseTable", "PutEvents", "Extra", "DeliverExecutionLogs", "Tracing"]);
            expect(statements[0]).to.deep.equal({
                Effect: "Allow", Sid: "UseTable", Action: ["dynamodb:GetItem"], Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/demo-table",
            });
            expect(statements[1]).to.deep.equal({
                Effect: "Allow", Sid: "PutEvents", Action: ["events:PutEvents"], Resource: "arn:aws:events:us-east-1:123456789012:event-bus/demo-bus",
                Condition: { StringEquals: { "events:source": ["demo.source"], "events:detail-type": ["Demo"] } },
            });
            expect(statements[2]).to.deep.equal({ Effect: "Allow", Sid: "Extra", Action: ["kms:Decrypt"], Resource: KEY_ARN });
            for (const statement of statements.slice(3)) expect(statement.Resource, statement.Sid).to.equal("*");
            expect(statements[3].Action).to.include.members(["logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeLogGroups"]);
            expect(statements[4].Action).to.include.members(["xray:PutTraceSegments", "xray:GetSamplingTargets"]);
        });
    });

    describe("GIVEN settings, a key and STANDARD", () => {
        it("THEN the log level, the retention and the key reach the machine and its log group", async () => {
            const { rec } = build({ type: "STANDARD", stateMachines: { logLevel: "ALL" }, logRetentionDays: 90, kmsKeyArn: KEY_ARN });
            await settle();
            const sfn = named(rec, SFN, "demo");
            expect(sfn.inputs.type).to.equal("STANDARD");
            expect(sfn.inputs.loggingConfiguration.level).to.equal("ALL");
            expect(named(rec, LOG_GROUP, "demo-logs").inputs).to.include({ retentionInDays: 90, kmsKeyId: KEY_ARN });
        });
    });

    describe("transform", () => {
        it("GIVEN a partial StateMachineArgs WHEN passed as transform.stateMachine THEN its tags and settings appear on the machine's inputs", async () => {
            const { rec } = build({ transform: { stateMachine: { tags: { team: "orders" }, publish: true } } });
            await settle();
            expect(named(rec, SFN, "demo").inputs).to.deep.include({ tags: { team: "orders" }, publish: true, type: "EXPRESS" });
        });

        it("GIVEN functions as transforms WHEN passed for the role and the log group THEN each child is changed in place, the rest kept", async () => {
            const { rec } = build({
                transform: {
                    role: (args) => { args.tags = { owner: "platform" }; },
                    logGroup: (args, _opts, name) => { args.tags = { child: name }; },
                    stateMachine: (args) => { args.loggingConfiguration = { ...args.loggingConfiguration as object, level: "ALL" }; },
                },
            });
            await settle();
            expect(named(rec, ROLE, "demo-role").inputs.tags).to.deep.equal({ owner: "platform" });
            expect(named(rec, LOG_GROUP, "demo-logs").inputs).to.deep.include({ tags: { child: "demo-logs" }, retentionInDays: 7 });
            expect(named(rec, SFN, "demo").inputs.loggingConfiguration).to.include({ includeExecutionData: false, level: "ALL" });
        });
    });

    describe("validation", () => {
        it("GIVEN a bad type and bad settings WHEN validated THEN every problem is named with its value", () => {
            const args = { definition: definition(), type: "FAST", stateMachines: { logLevel: "OFF" }, logRetentionDays: 10 } as unknown as StateMachineArgs;
            expect(() => validateStateMachineArgs("demo", args)).to.throw(/^StateMachine demo: type must be STANDARD or EXPRESS, but FAST was provided; stateMachines\.logLevel must be one of ALL, ERROR, FATAL, but OFF was provided; logRetentionDays must be a CloudWatch retention value \(.*\), but 10 was provided$/);
        });

        it("GIVEN a known definition whose Task permission cannot be derived WHEN validated THEN it is refused naming the state", () => {
            const bad = definition();
            const args: StateMachineArgs = {
                type: "STANDARD",
                definition: { ...bad, States: { ...bad.States, Read: { ...bad.States.Read, Resource: "arn:aws:states:::sns:publish" } as never } },
            };
            expect(() => validateStateMachineArgs("demo", args)).to.throw(/StateMachine demo: state "Read" uses Resource "arn:aws:states:::sns:publish", whose permission cannot be derived; supported resources: arn:aws:states:::lambda:invoke/);
        });

        it("GIVEN a known definition that EXPRESS cannot run WHEN validated THEN it is refused saying why, and STANDARD accepts it", () => {
            const long = { ...definition(), TimeoutSeconds: 3600 };
            expect(() => validateStateMachineArgs("demo", { type: "EXPRESS", definition: long })).to.throw(/StateMachine demo: demo has TimeoutSeconds 3600, but EXPRESS executions are stopped after 300 s/);
            expect(() => validateStateMachineArgs("demo", { type: "STANDARD", definition: long })).to.not.throw();
        });

        it("GIVEN a known definition with a transition to a missing state WHEN validated THEN it is refused naming the state", () => {
            const broken = definition();
            const args: StateMachineArgs = {
                type: "EXPRESS",
                definition: { ...broken, States: { ...broken.States, Read: { ...broken.States.Read, Next: "Nowhere" } as never } },
            };
            expect(() => validateStateMachineArgs("demo", args)).to.throw(/state "Read" goes to "Nowhere", which is not a state/);
        });

        it("GIVEN a bad argument WHEN the component is constructed THEN it throws before creating any child", async () => {
            const rec = useMocks("dev");
            expect(() => new (StateMachineClass())("demo", { definition: definition(), type: "EXPRESS", logRetentionDays: 10 }))
                .to.throw(/StateMachine demo: logRetentionDays must be a CloudWatch retention value/);
            await settle();
            // Only the component itself registered (its constructor's first line); none of its children.
            expect(rec.resources.map((r) => r.type).filter((type) => type !== "orders:platform:StateMachine")).to.deep.equal([]);
        });

        it("GIVEN the StateMachineArgsError WHEN thrown THEN it is named and lists its problems", () => {
            try {
                validateStateMachineArgs("demo", { definition: definition(), type: "FAST" } as unknown as StateMachineArgs);
                expect.fail("expected a StateMachineArgsError");
            } catch (e) {
                expect((e as Error).name).to.equal("StateMachineArgsError");
                expect((e as { problems: string[] }).problems).to.deep.equal(["type must be STANDARD or EXPRESS, but FAST was provided"]);
            }
        });
    });
});
