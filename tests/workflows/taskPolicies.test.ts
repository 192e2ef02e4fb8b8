import { expect } from "chai";
import { CONTRACTS } from "../../contracts/events";
import { catchTo, RESOURCES, StateMachineDefinition, task, TaskState } from "../../workflows/asl";
import { customerRouterDefinition } from "../../workflows/customerRouter";
import { processOrderDefinition } from "../../workflows/processOrder";
import {
    AwsEnvironment, SUPPORTED_TASK_RESOURCES, TaskPolicyError, taskPolicies, taskPolicyProblems,
} from "../../workflows/taskPolicies";

const ENV: AwsEnvironment = { partition: "aws", region: "us-east-1", account: "123456789012" };
const PRICING_ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders-price-order-1a2b3c";
const PROCESS_ORDER_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:orders-process-order-4d5e6f";
const BUS_ARN = "arn:aws:events:us-east-1:123456789012:event-bus/orders-bus-7a8b9c";
const QUARANTINE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-order-placed-quarantine-3c4d";
const table = (name: string) => `arn:aws:dynamodb:us-east-1:123456789012:table/${name}`;

const processOrder = () => processOrderDefinition({ pricingFunctionArn: PRICING_ARN, ordersTableName: "orders-orders-1" });
const router = () => customerRouterDefinition({
    customersTableName: "orders-customers-2", ordersTableName: "orders-orders-1", busName: "orders-bus-7a8b9c",
    processOrderArn: PROCESS_ORDER_ARN, quarantineQueueUrl: QUARANTINE_URL,
});

/** A one-Task definition around `state`, for the cases the platform's machines do not have. */
function single(state: TaskState): StateMachineDefinition {
    return { StartAt: "Only", TimeoutSeconds: 60, States: { Only: state, Handled: { Type: "Succeed" } } };
}
const only = (resource: string, parameters: Record<string, unknown>) =>
    single(task(resource, { parameters: parameters as never, timeoutSeconds: 10, catch: [catchTo("Handled")] }));


/** What a Task needs to refuse, as a message. */
function refusal(definition: StateMachineDefinition): string {
    try {
        taskPolicies("demo", definition, ENV);
    } catch (e) {
        expect(e).to.be.instanceOf(TaskPolicyError);
        expect((e as Error).name).to.equal("TaskPolicyError");
        return (e as Error).message;
    }
    throw new Error("expected taskPolicies to refuse the definition");
}

describe("Task policies (IAM statements derived from a definition's Task states)", () => {
    describe("the platform's machines", () => {
        it("GIVEN process-order WHEN its statements are derived THEN it may invoke pricing and update and read orders, and publish nothing (the outbox announces its outcomes)", () => {
            const statements = taskPolicies("process-order", processOrder(), ENV);
            expect(statements).to.deep.equal([
                { Sid: "InvokeFunction", Action: ["lambda:InvokeFunction"], Resource: PRICING_ARN },
                { Sid: "UseTable", Action: ["dynamodb:GetItem", "dynamodb:UpdateItem"], Resource: table("orders-orders-1") },
            ]);
        });

        it("GIVEN the customer-router WHEN its statements are derived THEN it may quarantine, read and register customers, announce registrations only, start process-order, and record a failure in orders", () => {
            const statements = taskPolicies("customer-router", router(), ENV);
            expect(statements).to.deep.equal([
                { Sid: "SendMessage", Action: ["sqs:SendMessage"], Resource: "arn:aws:sqs:us-east-1:123456789012:orders-order-placed-quarantine-3c4d" },
                { Sid: "UseTable", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: table("orders-customers-2") },
                {
                    Sid: "PutEvents", Action: ["events:PutEvents"], Resource: BUS_ARN,
                    Condition: { StringEquals: { "events:source": [CONTRACTS.CustomerRegistered.source], "events:detail-type": ["CustomerRegistered"] } },
                },
                { Sid: "StartExecution", Action: ["states:StartExecution"], Resource: PROCESS_ORDER_ARN },
                { Sid: "UseTable2", Action: ["dynamodb:GetItem", "dynamodb:UpdateItem"], Resource: table("orders-orders-1") },
            ]);
        });

        it("GIVEN a new Task added to process-order WHEN derived THEN its permission appears with it, on exactly the resource it names", () => {
            const definition = processOrder();
            const extended: StateMachineDefinition = {
                ...definition,
                States: {
                    ...definition.States,
                    ReadCustomer: task(RESOURCES.dynamoGetItem, { parameters: { TableName: "orders-customers-2", Key: {} }, timeoutSeconds: 10, catch: [catchTo("Failed")] }),
                },
            };
            const statements = taskPolicies("process-order", extended, ENV);
            expect(statements.find((s) => s.Resource === table("orders-customers-2"))).to.deep.equal({ Sid: "UseTable2", Action: ["dynamodb:GetItem"], Resource: table("orders-customers-2") });
            expect(statements).to.have.length(3);
        });

        it("GIVEN another partition, region and account WHEN derived THEN names become ARNs there, and given ARNs are kept", () => {
            const statements = taskPolicies("process-order", processOrder(), { partition: "aws-cn", region: "cn-north-1", account: "111122223333" });
            expect(statements.map((s) => s.Resource)).to.deep.equal([
                PRICING_ARN,
                "arn:aws-cn:dynamodb:cn-north-1:111122223333:table/orders-orders-1",
            ]);
            expect(taskPolicies("customer-router", router(), { partition: "aws-cn", region: "cn-north-1", account: "111122223333" })[0].Resource)
                .to.equal("arn:aws-cn:sqs:us-east-1:123456789012:orders-order-placed-quarantine-3c4d");
        });
    });

    describe("resources named in other ways", () => {
        it("GIVEN a Lambda named by name, partial ARN or qualified ARN WHEN derived THEN each is invoked on exactly that ARN", () => {
            for (const [functionName, arn] of [
                ["price", "arn:aws:lambda:us-east-1:123456789012:function:price"],
                ["price:live", "arn:aws:lambda:us-east-1:123456789012:function:price:live"],
                ["210987654321:function:price", "arn:aws:lambda:us-east-1:210987654321:function:price"],
                ["arn:aws:lambda:eu-west-1:123456789012:function:price:7", "arn:aws:lambda:eu-west-1:123456789012:function:price:7"],
            ]) {
                expect(taskPolicies("demo", only(RESOURCES.lambdaInvoke, { FunctionName: functionName, "Payload.$": "$" }), ENV), functionName)
                    .to.deep.equal([{ Sid: "InvokeFunction", Action: ["lambda:InvokeFunction"], Resource: arn }]);
            }
        });

        it("GIVEN a queue URL WHEN SendMessage is derived THEN it is granted on the queue's ARN; a URL that is not an SQS queue's is refused with its value", () => {
            expect(taskPolicies("demo", only(RESOURCES.sqsSendMessage, { QueueUrl: "https://sqs.eu-west-1.amazonaws.com/210987654321/dead.fifo", "MessageBody.$": "$" }), ENV))
                .to.deep.equal([{ Sid: "SendMessage", Action: ["sqs:SendMessage"], Resource: "arn:aws:sqs:eu-west-1:210987654321:dead.fifo" }]);
            expect(refusal(only(RESOURCES.sqsSendMessage, { QueueUrl: "my-queue", "MessageBody.$": "$" })))
                .to.match(/state "Only": QueueUrl must be an SQS queue URL \(https:\/\/sqs\.<region>\.amazonaws\.com\/<account>\/<name>\), but "my-queue" was provided/);
        });

        it("GIVEN entries for two buses and one without a bus WHEN derived THEN each bus gets its own statement, the default bus for the one without", () => {
            const statements = taskPolicies("demo", only(RESOURCES.eventsPutEvents, {
                Entries: [
                    { EventBusName: "a", Source: "s1", DetailType: "D1", Detail: {} },
                    { EventBusName: "arn:aws:events:eu-west-1:210987654321:event-bus/b", Source: "s2", DetailType: "D2", Detail: {} },
                    { Source: "s3", DetailType: "D3", Detail: {} },
                    { EventBusName: "a", Source: "s1", DetailType: "D4", Detail: {} },
                ],
            }), ENV);
            expect(statements.map((s) => [s.Sid, s.Resource, s.Condition])).to.deep.equal([
                ["PutEvents", "arn:aws:events:us-east-1:123456789012:event-bus/a", { StringEquals: { "events:source": ["s1"], "events:detail-type": ["D1", "D4"] } }],
                ["PutEvents2", "arn:aws:events:eu-west-1:210987654321:event-bus/b", { StringEquals: { "events:source": ["s2"], "events:detail-type": ["D2"] } }],
                ["PutEvents3", "arn:aws:events:us-east-1:123456789012:event-bus/default", { StringEquals: { "events:source": ["s3"], "events:detail-type": ["D3"] } }],
            ]);
        });
    });

    describe("refusals", () => {
        it("GIVEN a Task with an unknown Resource WHEN derived THEN it is refused, naming the state and the supported resources", () => {
            const message = refusal(only("arn:aws:states:::sns:publish", { TopicArn: "t", Message: "b" }));
            expect(message).to.match(/state machine demo: state "Only" uses Resource "arn:aws:states:::sns:publish", whose permission cannot be derived; supported resources: /);
            for (const resource of SUPPORTED_TASK_RESOURCES) expect(message).to.include(resource);
            expect(SUPPORTED_TASK_RESOURCES).to.have.members(Object.values(RESOURCES));
        });

        it("GIVEN a .sync child start WHEN derived THEN it is refused too: it would need other permissions (DescribeExecution, the events rule) that are not derived", () => {
            expect(refusal(only("arn:aws:states:::states:startExecution.sync:2", { StateMachineArn: PROCESS_ORDER_ARN })))
                .to.match(/state "Only" uses Resource "arn:aws:states:::states:startExecution\.sync:2", whose permission cannot be derived/);
        });

        it("GIVEN a resource named by a path WHEN derived THEN it is refused, naming the state and the parameter", () => {
            expect(refusal(only(RESOURCES.dynamoPutItem, { "TableName.$": "$.table", Item: {}, ConditionExpression: "x" })))
                .to.match(/state "Only": TableName is the path "\$\.table", but a permission can only be derived from a literal TableName/);
            expect(refusal(only(RESOURCES.eventsPutEvents, { Entries: [{ EventBusName: "a", "Source.$": "$.source", DetailType: "D", Detail: {} }] })))
                .to.match(/state "Only": Entries\[0\]\.Source is the path "\$\.source"/);
            expect(refusal(only(RESOURCES.eventsPutEvents, { "Entries.$": "$.entries" })))
                .to.match(/state "Only": Entries must be a literal, non-empty list/);
        });

        it("GIVEN a missing or malformed resource WHEN derived THEN it is refused with the value that was provided", () => {
            expect(refusal(only(RESOURCES.lambdaInvoke, { "Payload.$": "$" }))).to.match(/state "Only": FunctionName must be a literal string, but nothing was provided/);
            expect(refusal(only(RESOURCES.startExecution, { StateMachineArn: "process-order" })))
                .to.match(/state "Only": StateMachineArn must be a state machine ARN \(arn:<partition>:states:<region>:<account>:stateMachine:<name>\), but "process-order" was provided/);
        });

        it("GIVEN several Tasks that cannot be derived WHEN checked THEN taskPolicyProblems names each, and the platform's machines have none", () => {
            const definition: StateMachineDefinition = {
                StartAt: "A",
                States: {
                    A: task("arn:aws:states:::sns:publish", { parameters: { TopicArn: "t" }, timeoutSeconds: 5, catch: [catchTo("Done")], next: "B" }),
                    B: task(RESOURCES.dynamoGetItem, { parameters: { Key: {} }, timeoutSeconds: 5, catch: [catchTo("Done")], next: "Done" }),
                    Done: { Type: "Succeed" },
                },
            };
            const problems = taskPolicyProblems(definition);
            expect(problems).to.have.length(2);
            expect(problems[0]).to.match(/^state "A" uses Resource "arn:aws:states:::sns:publish"/);
            expect(problems[1]).to.match(/^state "B": TableName must be a literal string/);
            expect(taskPolicyProblems(processOrder())).to.deep.equal([]);
            expect(taskPolicyProblems(router())).to.deep.equal([]);
        });
    });
});
