import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { MockResource, policyDocument, promiseOf, Recording, settle, useMocks } from "../harness";
import { DynamoTable } from "../../components/dynamoTable";
import type { EventBus } from "../../components/eventBus";
import type { OrderWorkflow } from "../../components/orderWorkflow";
import { OrderWorkflowArgs, validateOrderWorkflowArgs } from "../../components/orderWorkflow";
import { LAMBDA_SERVICE_ERRORS, StateMachineDefinition, tasksOf } from "../../workflows/asl";
import { CONTRACTS, malformedPatternFor, patternFor } from "../../contracts/events";
import { AliasRecording, recordAliases } from "../support/resourceAliases";
import { PACKAGE_BUDGET_BYTES } from "../../constants/budgets";

const aslValidator = require("asl-validator") as (definition: unknown) => { isValid: boolean; errorsText(separator?: string): string };

const SFN = "aws:sfn/stateMachine:StateMachine";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/test-key";

/**
 * The component classes as loaded now. A stack test's runProgram reloads components/, so the classes are
 * required at use, not at file load, and always come from the modules the mocks currently evaluate.
 */
function components(): { OrderWorkflow: typeof OrderWorkflow; EventBus: typeof EventBus } {
    return { OrderWorkflow: require("../../components/orderWorkflow").OrderWorkflow, EventBus: require("../../components/eventBus").EventBus };
}

/** The bus and tables the workflow needs, under the current mocks; the tables are encrypted with `kmsKeyArn` if given. */
function dependencies(kmsKeyArn?: string): Pick<OrderWorkflowArgs, "eventBus" | "customersTable" | "ordersTable"> {
    const eventBus = new (components().EventBus)("orders");
    const customersTable = new DynamoTable(new aws.dynamodb.Table("customers", { billingMode: "PAY_PER_REQUEST", hashKey: "customerId", attributes: [{ name: "customerId", type: "S" }] }), kmsKeyArn);
    const ordersTable = new DynamoTable(new aws.dynamodb.Table("orders", { billingMode: "PAY_PER_REQUEST", hashKey: "orderId", attributes: [{ name: "orderId", type: "S" }] }), kmsKeyArn);
    return { eventBus, customersTable, ordersTable };
}

function build(overrides: Partial<OrderWorkflowArgs> = {}): { rec: Recording; workflow: OrderWorkflow; deps: ReturnType<typeof dependencies> } {
    const rec = useMocks("dev");
    const deps = dependencies(typeof overrides.kmsKeyArn === "string" ? overrides.kmsKeyArn : undefined);
    const workflow = new (components().OrderWorkflow)("orders", {
        ...deps, workflowType: "EXPRESS", stateMachines: { logLevel: "ERROR" }, logRetentionDays: 7, functions: { memoryMb: 256 }, ...overrides,
    });
    return { rec, workflow, deps };
}

const definitionOf = (machine: MockResource): StateMachineDefinition => JSON.parse(machine.inputs.definition);
const arnOf = (rec: Recording, type: string, name: string): string => rec.named(type, name).state.arn;

describe("OrderWorkflow component", () => {
    describe("wiring", () => {
        let rec: Recording;
        let workflow: OrderWorkflow;
        let aliases: AliasRecording;
        before(async () => {
            aliases = recordAliases();
            try {
                ({ rec, workflow } = build());
                await settle();
            } finally {
                aliases.stop();
            }
        });

        it("GIVEN the component WHEN created THEN it makes two state machines of the configured type, with logging at the configured level and X-Ray", () => {
            const machines = rec.ofType(SFN);
            expect(machines.map((m) => m.name).sort()).to.deep.equal(["orders-customer-router", "orders-process-order"]);
            for (const machine of machines) {
                expect(machine.inputs.type).to.equal("EXPRESS");
                expect(machine.inputs.tracingConfiguration).to.deep.equal({ enabled: true });
                // No execution data: the states' inputs hold the customer's email.
                expect(machine.inputs.loggingConfiguration).to.include({ level: "ERROR", includeExecutionData: false });
                const group = rec.named("aws:cloudwatch/logGroup:LogGroup", `${machine.name}-logs`);
                expect(machine.inputs.loggingConfiguration.logDestination).to.equal(`${group.state.arn}:*`);
                expect(group.inputs.retentionInDays).to.equal(7);
                expect(group.inputs.namePrefix).to.match(/^\/aws\/vendedlogs\/states\//);
            }
        });

        it("GIVEN the pricing step WHEN created THEN it is a HandlerFunction with the configured memory, invoked by process-order", () => {
            const fn = rec.named("aws:lambda/function:Function", "orders-price-order");
            expect(fn.inputs.memorySize).to.equal(256);
            expect(fn.inputs.architectures).to.deep.equal(["arm64"]);
            const priceOrder = definitionOf(rec.named(SFN, "process-order")).States.PriceOrder;
            expect(priceOrder).to.deep.include({ Resource: "arn:aws:states:::lambda:invoke" });
            expect((priceOrder as { Parameters: Record<string, unknown> }).Parameters.FunctionName).to.equal(fn.state.arn);
            expect(workflow.pricing.bundleBytes).to.be.at.most(PACKAGE_BUDGET_BYTES);
        });

        it("GIVEN the bus WHEN the component subscribes THEN a well-formed OrderPlaced (only) starts the customer-router through a role of its own", () => {
            const rule = rec.named("aws:cloudwatch/eventRule:EventRule", "customer-router-rule");
            const pattern = JSON.parse(rule.inputs.eventPattern);
            expect(pattern).to.deep.equal(patternFor(["OrderPlaced"]));
            expect(pattern).to.deep.include({ source: [CONTRACTS.OrderPlaced.source], "detail-type": ["OrderPlaced"] });
            expect(pattern.detail.fingerprint).to.deep.equal([{ exists: true }]);
            const target = rec.named("aws:cloudwatch/eventTarget:EventTarget", "customer-router-target");
            const routerArn = arnOf(rec, SFN, "customer-router");
            expect(target.inputs.arn).to.equal(routerArn);
            expect(target.inputs.inputTransformer).to.equal(undefined); // the router reads $.detail of the whole event
            const targetRole = rec.named(ROLE, "customer-router-target-role");
            expect(target.inputs.roleArn).to.equal(targetRole.state.arn);
            expect(policyDocument(rec.named(ROLE_POLICY, "customer-router-target-role-policy")).Statement)
                .to.deep.equal([{ Effect: "Allow", Action: ["states:StartExecution"], Resource: routerArn }]);
            expect(workflow.subscription.events).to.deep.equal(["OrderPlaced"]);
        });

        it("GIVEN an OrderPlaced the router's rule leaves out WHEN it arrives THEN the quarantine rule sends it to a queue that keeps it (and redrives to its DLQ after a few looks), watched like a DLQ", async () => {
            const rule = rec.named("aws:cloudwatch/eventRule:EventRule", "order-placed-quarantine-rule");
            expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal(malformedPatternFor("OrderPlaced"));
            const queue = rec.named("aws:sqs/queue:Queue", "orders-quarantine");
            expect(rec.named("aws:cloudwatch/eventTarget:EventTarget", "order-placed-quarantine-target").inputs.arn).to.equal(queue.state.arn);
            expect(queue.inputs).to.include({ messageRetentionSeconds: 7 * 24 * 3600, sqsManagedSseEnabled: true });
            const redrive = JSON.parse(rec.named("aws:sqs/redrivePolicy:RedrivePolicy", "orders-quarantine-redrive").inputs.redrivePolicy);
            expect(redrive).to.deep.equal({ deadLetterTargetArn: await promiseOf(workflow.quarantineSubscription.deadLetterQueue.arn), maxReceiveCount: 10 });
            const quarantine = definitionOf(rec.named(SFN, "customer-router")).States.QuarantineOrderPlaced as { Parameters: Record<string, unknown> };
            expect(quarantine.Parameters).to.deep.equal({ QueueUrl: queue.state.url, "MessageBody.$": "$" });
        });

        it("GIVEN the router WHEN it starts process-order THEN it uses request-response startExecution on the child, named by orderId, with the OrderPlaced detail", () => {
            const router = definitionOf(rec.named(SFN, "customer-router"));
            const start = router.States.StartProcessOrder as { Resource: string; Parameters: Record<string, unknown>; Catch: { ErrorEquals: string[]; Next: string }[] };
            expect(start.Resource).to.equal("arn:aws:states:::states:startExecution");
            expect(start.Parameters).to.deep.equal({
                StateMachineArn: arnOf(rec, SFN, "process-order"),
                "Name.$": "States.Format('{}', $.detail.orderId)",
                "Input.$": "$.detail",
            });
            const duplicate = start.Catch.find((c) => c.ErrorEquals.includes("StepFunctions.ExecutionAlreadyExistsException"))!;
            expect(router.States[duplicate.Next].Type).to.equal("Succeed");
        });

        it("GIVEN definitions() WHEN resolved THEN it returns exactly the ASL the machines were created with", async () => {
            const { processOrder, customerRouter } = await promiseOf(workflow.definitions());
            expect(processOrder).to.deep.equal(definitionOf(rec.named(SFN, "process-order")));
            expect(customerRouter).to.deep.equal(definitionOf(rec.named(SFN, "customer-router")));
        });

        it("GIVEN each machine WHEN created THEN it is a StateMachine component whose children keep the names they had before", () => {
            for (const machine of ["orders-process-order", "orders-customer-router"]) {
                expect(aliases.parentType("orders:platform:StateMachine", machine)).to.equal("orders:platform:OrderWorkflow");
                for (const [type, name] of [[SFN, machine], [ROLE, `${machine}-role`], [ROLE_POLICY, `${machine}-role-policy`], [LOG_GROUP, `${machine}-logs`]]) {
                    expect(rec.resources.filter((r) => r.type === type && r.name === name), `${type} ${name}`).to.have.length(1);
                    expect(aliases.parentType(type, name), `${type} ${name}`).to.equal("orders:platform:StateMachine");
                }
            }
        });

        it("GIVEN the machines' children moved from OrderWorkflow into StateMachine WHEN registered THEN each is aliased to its URN under the workflow, so deployed stacks keep them", async () => {
            const moved = ["orders-process-order", "orders-customer-router"].flatMap((machine) => [
                [SFN, machine], [ROLE, `${machine}-role`], [ROLE_POLICY, `${machine}-role-policy`], [LOG_GROUP, `${machine}-logs`],
            ]);
            expect(moved).to.have.length(8);
            const workflowUrn = await promiseOf(workflow.urn);
            for (const [type, name] of moved) {
                expect(aliases.specs(type, name), `${type} ${name}`).to.have.length(1);
                expect((aliases.specs(type, name)[0] as { parent: unknown }).parent, `${type} ${name}`).to.equal(workflow);
                const before = `${workflowUrn.replace(/::orders$/, "")}$${type}::${name}`;
                const now = await promiseOf(aliases.resource(type, name).urn);
                expect(now, `${type} ${name}`).to.not.equal(before);
                expect(await aliases.urns(type, name), `${type} ${name}`).to.deep.equal([before]);
            }
        });

        it("GIVEN the component WHEN asked what to watch THEN it names the pricing function, both machines, both subscriptions and the quarantine", () => {
            expect(workflow.monitoring.functions).to.deep.equal([workflow.pricing]);
            expect(workflow.monitoring.stateMachines).to.have.members([workflow.customerRouter, workflow.processOrder]).and.have.length(2);
            expect(workflow.monitoring.subscriptions).to.deep.equal([workflow.subscription, workflow.quarantineSubscription]);
            expect(workflow.monitoring.deadLetterQueues).to.deep.equal([workflow.quarantine]);
        });
    });

    describe("definitions as emitted (read from the mocked StateMachine inputs)", () => {
        let machines: MockResource[];
        before(async () => {
            const { rec } = build();
            await settle();
            machines = rec.ofType(SFN);
        });

        it("GIVEN each definition WHEN checked by asl-validator THEN it is valid ASL", () => {
            expect(machines).to.have.length(2);
            for (const machine of machines) {
                const result = aslValidator(definitionOf(machine));
                expect(result.isValid, `${machine.name}: ${result.isValid ? "" : result.errorsText("; ")}`).to.equal(true);
            }
        });

        it("GIVEN every Task WHEN inspected THEN it has TimeoutSeconds, a Catch, and retries with exponential backoff and full jitter", () => {
            let tasks = 0;
            for (const machine of machines) {
                for (const [name, state] of tasksOf(definitionOf(machine))) {
                    tasks++;
                    const where = `${machine.name}.${name}`;
                    expect(state.TimeoutSeconds, where).to.be.a("number").within(1, 60);
                    expect(state.Catch ?? [], where).to.have.length.greaterThan(0);
                    expect(state.Retry, where).to.have.length.greaterThan(0);
                    for (const retrier of state.Retry) {
                        expect(retrier.JitterStrategy, where).to.equal("FULL");
                        expect(retrier.BackoffRate, where).to.equal(2);
                    }
                    const last = state.Retry.at(-1)!;
                    expect(last.ErrorEquals, where).to.deep.equal(["States.ALL"]);
                    expect(last.MaxAttempts, where).to.be.within(3, 6);
                    expect(last.IntervalSeconds, where).to.be.within(1, 2);
                }
            }
            expect(tasks).to.equal(11);
        });

        it("GIVEN the Lambda task WHEN inspected THEN the Lambda service exceptions are retried and PricingError / ContractViolationError / FingerprintMismatchError are not", () => {
            const process = definitionOf(machines.find((m) => m.name.includes("process-order"))!);
            const retry = tasksOf(process).find(([name]) => name === "PriceOrder")![1].Retry;
            expect(retry[0]).to.deep.include({ ErrorEquals: ["PricingError", "ContractViolationError", "FingerprintMismatchError"], MaxAttempts: 0 });
            expect(retry[1].ErrorEquals).to.deep.equal([...LAMBDA_SERVICE_ERRORS]);
            expect(retry[1].MaxAttempts).to.be.within(3, 6);
        });

        it("GIVEN the failure paths WHEN inspected THEN every catch-all keeps the input and leads to the order's FAILED write, its read-back or a Fail state, and no Task publishes OrderProcessed or OrderFailed", () => {
            for (const machine of machines) {
                const definition = definitionOf(machine);
                const finalWrites = tasksOf(definition).filter(([, t]) => t.Resource === "arn:aws:states:::dynamodb:updateItem").map(([name]) => name);
                for (const [name, state] of tasksOf(definition)) {
                    const where = `${machine.name}.${name}`;
                    const catchAll = state.Catch!.find((c) => c.ErrorEquals.includes("States.ALL"))!;
                    expect(catchAll, where).to.not.equal(undefined);
                    expect(catchAll.ResultPath, where).to.match(/^\$\.[a-zA-Z]+$/);
                    const next = definition.States[catchAll.Next];
                    expect(finalWrites.includes(catchAll.Next) || next.Type === "Fail", `${where} → ${catchAll.Next}`).to.equal(true);
                    const entries = (state.Parameters?.Entries ?? []) as { DetailType: string }[];
                    expect(entries.map((e) => e.DetailType), where).to.not.include.members(["OrderProcessed", "OrderFailed"]);
                }
            }
        });

        it("GIVEN every DynamoDB write WHEN inspected THEN it is conditional, and each final write binds the order's customer and fingerprint", () => {
            const writes: string[] = [];
            for (const machine of machines) {
                for (const [name, state] of tasksOf(definitionOf(machine))) {
                    if (state.Resource === "arn:aws:states:::dynamodb:putItem") {
                        expect(state.Parameters!.ConditionExpression).to.equal("attribute_not_exists(customerId)");
                    } else if (state.Resource === "arn:aws:states:::dynamodb:updateItem") {
                        expect(state.Parameters!.ConditionExpression).to.equal(
                            "attribute_not_exists(#orderId) OR (#status = :placed AND #customerId = :customerId AND #fingerprint = :fingerprint)");
                    } else continue;
                    writes.push(name);
                }
            }
            expect(writes.sort()).to.deep.equal(["RecordFailure", "RecordRouteFailure", "RegisterCustomer", "SaveOrder"]);
        });
    });

    describe("role scoping", () => {
        let rec: Recording;
        let deps: ReturnType<typeof dependencies>;
        before(async () => {
            ({ rec, deps } = build({ kmsKeyArn: KEY_ARN }));
            await settle();
        });

        const statementsOf = (fragment: string) => policyDocument(rec.named(ROLE_POLICY, fragment)).Statement as { Sid: string; Action: string[]; Resource: string | string[] }[];
        const WILDCARD_ONLY_WHERE_REQUIRED = new Set(["DeliverExecutionLogs", "Tracing"]);

        it("GIVEN process-order's role WHEN read THEN it invokes only the pricing function, updates and reads only the orders table and publishes nothing", () => {
            const byAction = new Map(statementsOf("orders-process-order-role-policy").flatMap((s) => s.Action.map((a) => [a, s.Resource] as const)));
            const orders = arnOf(rec, "aws:dynamodb/table:Table", "orders");
            expect(byAction.get("lambda:InvokeFunction")).to.equal(arnOf(rec, "aws:lambda/function:Function", "orders-price-order"));
            expect(byAction.get("dynamodb:UpdateItem")).to.equal(orders);
            expect(byAction.get("dynamodb:GetItem")).to.equal(orders);
            expect(byAction.get("kms:Decrypt")).to.equal(KEY_ARN);
            for (const action of ["events:PutEvents", "dynamodb:PutItem", "states:StartExecution"]) expect(byAction.has(action), action).to.equal(false);
        });

        it("GIVEN the router's role WHEN read THEN it registers customers, records failures in orders, quarantines, may start only process-order and announce only registrations", () => {
            const statements = statementsOf("orders-customer-router-role-policy");
            const resourcesOf = (action: string) => statements.filter((s) => s.Action.includes(action)).map((s) => s.Resource).sort();
            const customers = arnOf(rec, "aws:dynamodb/table:Table", "customers");
            const orders = arnOf(rec, "aws:dynamodb/table:Table", "orders");
            expect(resourcesOf("dynamodb:GetItem")).to.deep.equal([customers, orders].sort());
            expect(resourcesOf("dynamodb:PutItem")).to.deep.equal([customers]);
            expect(resourcesOf("dynamodb:UpdateItem")).to.deep.equal([orders]);
            expect(resourcesOf("states:StartExecution")).to.deep.equal([arnOf(rec, SFN, "process-order")]);
            expect(resourcesOf("sqs:SendMessage")).to.deep.equal([arnOf(rec, "aws:sqs/queue:Queue", "orders-quarantine")]);
            const publish = statements.find((s) => s.Action.includes("events:PutEvents")) as unknown as { Condition: Record<string, Record<string, string[]>> };
            expect(publish.Condition.StringEquals["events:detail-type"]).to.deep.equal(["CustomerRegistered"]);
            expect(statements.find((s) => s.Sid === "EncryptQuarantinedEvents")).to.deep.include({ Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KEY_ARN });
            expect(resourcesOf("lambda:InvokeFunction")).to.deep.equal([]);
        });

        it("GIVEN the statements derived from the Tasks WHEN compared with the grants the bus and the tables own THEN each role holds exactly those", async () => {
            type Statement = { Sid?: string; Action: string[]; Resource: string; Condition?: Record<string, Record<string, string[]>> };
            const canonical = (statements: Statement[]) => statements
                .map(({ Action, Resource, Condition }) => JSON.stringify({
                    Action: [...Action].sort(), Resource,
                    Condition: Condition && Object.fromEntries(Object.entries(Condition).map(([op, keys]) =>
                        [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, [v].flat().sort()]))])),
                }))
                .sort();
            const granted = async (statements: { Sid?: string }[]) => (await promiseOf(statements)) as unknown as Statement[];
            const observability = (s: { Sid: string }) => s.Sid === "DeliverExecutionLogs" || s.Sid === "Tracing";
            const pricingArn = arnOf(rec, "aws:lambda/function:Function", "orders-price-order");
            const processOrderArn = arnOf(rec, SFN, "process-order");
            const quarantineArn = arnOf(rec, "aws:sqs/queue:Queue", "orders-quarantine");

            expect(canonical(statementsOf("orders-process-order-role-policy").filter((s) => !observability(s)) as Statement[])).to.deep.equal(canonical([
                { Action: ["lambda:InvokeFunction"], Resource: pricingArn },
                ...await granted(deps.ordersTable.grant(["dynamodb:GetItem", "dynamodb:UpdateItem"], "FinalStatus")),
            ]));
            const quarantineKey = { Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KEY_ARN, Condition: { StringLike: { "kms:ViaService": ["sqs.*.amazonaws.com"] } } };
            expect(canonical(statementsOf("orders-customer-router-role-policy").filter((s) => !observability(s)) as Statement[])).to.deep.equal(canonical([
                { Action: ["sqs:SendMessage"], Resource: quarantineArn },
                quarantineKey as unknown as Statement,
                ...await granted(deps.customersTable.grant(["dynamodb:GetItem", "dynamodb:PutItem"], "ReadAndRegisterCustomers")),
                ...await granted(deps.ordersTable.grant(["dynamodb:GetItem", "dynamodb:UpdateItem"], "RecordFailures")),
                ...await granted(deps.eventBus.grantPublish(["CustomerRegistered"], "AnnounceRegistrations")),
                { Action: ["states:StartExecution"], Resource: processOrderArn },
            ]));
        });

        it("GIVEN both roles WHEN read THEN \"*\" appears only for log delivery and X-Ray, whose APIs take no resource, and no action is wildcarded", () => {
            for (const fragment of ["orders-process-order-role-policy", "orders-customer-router-role-policy"]) {
                for (const statement of statementsOf(fragment)) {
                    expect(statement.Action.every((a) => !a.includes("*")), statement.Sid).to.equal(true);
                    const resources = [statement.Resource].flat();
                    if (resources.includes("*")) expect(WILDCARD_ONLY_WHERE_REQUIRED.has(statement.Sid), statement.Sid).to.equal(true);
                }
                const logs = statementsOf(fragment).find((s) => s.Sid === "DeliverExecutionLogs")!;
                expect(logs.Action).to.include.members(["logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeLogGroups"]);
            }
        });

        it("GIVEN both roles WHEN their trust is read THEN only Step Functions, for this account's state machines, may assume them", () => {
            for (const fragment of ["orders-process-order-role", "orders-customer-router-role"]) {
                const role = rec.resources.find((r) => r.type === ROLE && r.name === fragment)!;
                const [statement] = JSON.parse(role.inputs.assumeRolePolicy).Statement;
                expect(statement.Principal).to.deep.equal({ Service: "states.amazonaws.com" });
                expect(statement.Condition.ArnLike["aws:SourceArn"]).to.equal("arn:aws:states:us-east-1:123456789012:stateMachine:*");
            }
        });

        it("GIVEN a customer-managed key WHEN set THEN the state machines' log groups use it", () => {
            for (const name of ["orders-process-order-logs", "orders-customer-router-logs"]) {
                expect(rec.named("aws:cloudwatch/logGroup:LogGroup", name).inputs.kmsKeyId).to.equal(KEY_ARN);
            }
        });
    });

    describe("validation", () => {
        it("GIVEN bad arguments WHEN the component validates THEN every problem is named with its value", () => {
            const args = { workflowType: "LAMBDA", stateMachines: { logLevel: "OFF" }, logRetentionDays: 10, functions: { memoryMb: 64 } } as unknown as OrderWorkflowArgs;
            expect(() => validateOrderWorkflowArgs("orders", args)).to.throw(/OrderWorkflow orders: workflowType must be STANDARD or EXPRESS, but LAMBDA was provided; stateMachines\.logLevel must be one of ALL, ERROR, FATAL, but OFF was provided; logRetentionDays must be a CloudWatch retention value \(.*\), but 10 was provided; functions\.memoryMb must be an integer from 128 to 10240, but 64 was provided/);
        });

        it("GIVEN a bad argument WHEN the component is constructed THEN it throws before creating any of its children", async () => {
            const rec = useMocks("dev");
            const deps = dependencies();
            expect(() => new (components().OrderWorkflow)("orders", { ...deps, logRetentionDays: 10 })).to.throw(/logRetentionDays must be a CloudWatch retention value/);
            await settle();
            expect(rec.ofType("aws:dynamodb/table:Table")).to.have.length(2);
            expect(rec.ofType(SFN)).to.have.length(0);
            expect(rec.ofType("aws:lambda/function:Function")).to.have.length(0);
        });

        it("GIVEN process-order STANDARD and the router by default WHEN created THEN process-order is STANDARD and the router EXPRESS", async () => {
            const { rec } = build({ workflowType: "STANDARD", stateMachines: { logLevel: "ALL" } });
            await settle();
            expect(rec.ofType(SFN).map((m) => [m.name, m.inputs.type, m.inputs.loggingConfiguration.level])).to.deep.equal([
                ["orders-process-order", "STANDARD", "ALL"], ["orders-customer-router", "EXPRESS", "ALL"],
            ]);
        });

        it("GIVEN both types STANDARD WHEN created THEN both machines are STANDARD", async () => {
            const { rec } = build({ workflowType: "STANDARD", routerWorkflowType: "STANDARD" });
            await settle();
            expect(rec.ofType(SFN).map((m) => m.inputs.type)).to.deep.equal(["STANDARD", "STANDARD"]);
        });

        it("GIVEN an unknown router type WHEN validated THEN it names routerWorkflowType", () => {
            expect(() => validateOrderWorkflowArgs("orders", { ...dependencies(), routerWorkflowType: "FAST" } as unknown as OrderWorkflowArgs))
                .to.throw(/routerWorkflowType must be STANDARD or EXPRESS, but FAST was provided/);
        });
    });
});
