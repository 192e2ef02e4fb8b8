import { expect } from "chai";
import { EXPRESS_MAX_SECONDS } from "../../constants/aws";
import { StateMachineDefinition, task } from "../../workflows/asl";
import {
    compositionProblems, validateWorkflowComposition, WorkflowCompositionError, workflowTypeArgProblems, workflowTypeProblems,
} from "../../workflows/composition";
import { customerRouterDefinition } from "../../workflows/customerRouter";
import { processOrderDefinition } from "../../workflows/processOrder";

describe("Workflow composition (which definitions each Step Functions type can run)", () => {
    const refs = {
        process: { pricingFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:p", ordersTableName: "o" },
        router: {
            customersTableName: "c", ordersTableName: "o", busName: "b", processOrderArn: "arn:aws:states:us-east-1:123456789012:stateMachine:p",
            quarantineQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/q",
        },
    };

    it("GIVEN the platform's definitions WHEN validated for either type THEN they are accepted", () => {
        for (const type of ["EXPRESS", "STANDARD"] as const) {
            expect(() => validateWorkflowComposition(type, {
                "process-order": processOrderDefinition(refs.process),
                "customer-router": customerRouterDefinition(refs.router),
            })).to.not.throw();
        }
    });

    it("GIVEN the stack's workflow type WHEN checked the way config validation can THEN both types are possible for the platform's machines", () => {
        expect(workflowTypeProblems("EXPRESS")).to.deep.equal([]);
        expect(workflowTypeProblems("STANDARD")).to.deep.equal([]);
    });

    it("GIVEN a .sync start of the child WHEN the type is EXPRESS THEN it is rejected saying why, and STANDARD accepts it", () => {
        const router = customerRouterDefinition(refs.router);
        const synced: StateMachineDefinition = {
            ...router,
            States: { ...router.States, StartProcessOrder: { ...router.States.StartProcessOrder, Resource: "arn:aws:states:::states:startExecution.sync:2" } as never },
        };
        expect(() => validateWorkflowComposition("EXPRESS", { "customer-router": synced }))
            .to.throw(/customer-router\.StartProcessOrder uses arn:aws:states:::states:startExecution\.sync:2, but EXPRESS workflows support only request-response/);
        expect(() => validateWorkflowComposition("STANDARD", { "customer-router": synced })).to.not.throw();
    });

    it("GIVEN an unconditional write WHEN the type is EXPRESS THEN it is rejected, because Express does not dedupe execution names", () => {
        const definition: StateMachineDefinition = {
            StartAt: "Save",
            TimeoutSeconds: 60,
            States: { Save: task("arn:aws:states:::dynamodb:putItem", { parameters: { TableName: "o", Item: {} }, timeoutSeconds: 10, catch: [] }) },
        };
        expect(() => validateWorkflowComposition("EXPRESS", { demo: definition }))
            .to.throw(/demo\.Save writes without a ConditionExpression, but EXPRESS workflows do not dedupe execution names \(only STANDARD keeps them, for 90 days\)/);
        expect(() => validateWorkflowComposition("STANDARD", { demo: definition })).to.not.throw();
    });

    it("GIVEN an unconditional UpdateItem WHEN the type is EXPRESS THEN it is rejected like an unconditional put: a duplicate execution would apply it twice", () => {
        const definition: StateMachineDefinition = {
            StartAt: "Save",
            TimeoutSeconds: 60,
            States: { Save: task("arn:aws:states:::dynamodb:updateItem", { parameters: { TableName: "o", Key: {}, UpdateExpression: "SET a = :a" }, timeoutSeconds: 10, catch: [] }) },
        };
        expect(() => validateWorkflowComposition("EXPRESS", { demo: definition })).to.throw(/demo\.Save writes without a ConditionExpression/);
    });

    it("GIVEN an execution timeout beyond five minutes WHEN the type is EXPRESS THEN it is rejected", () => {
        const definition = { ...processOrderDefinition(refs.process), TimeoutSeconds: 3600 };
        expect(() => validateWorkflowComposition("EXPRESS", { "process-order": definition }))
            .to.throw(new RegExp(`process-order has TimeoutSeconds 3600, but EXPRESS executions are stopped after ${EXPRESS_MAX_SECONDS} s`));
    });

    it("GIVEN several problems WHEN validated THEN one named WorkflowCompositionError lists each, and compositionProblems returns the same list", () => {
        const definition: StateMachineDefinition = {
            StartAt: "Save",
            States: { Save: task("arn:aws:states:::dynamodb:putItem", { parameters: { TableName: "o", Item: {} }, timeoutSeconds: 10, catch: [] }) },
        };
        const problems = compositionProblems("EXPRESS", { demo: definition });
        expect(problems).to.have.length(2);
        expect(problems[1]).to.match(/demo has TimeoutSeconds unset/);
        let thrown: unknown;
        try {
            validateWorkflowComposition("EXPRESS", { demo: definition });
        } catch (e) {
            thrown = e;
        }
        expect(thrown).to.be.instanceOf(WorkflowCompositionError);
        expect((thrown as WorkflowCompositionError).name).to.equal("WorkflowCompositionError");
        expect((thrown as WorkflowCompositionError).problems).to.deep.equal(problems);
    });

    it("GIVEN a workflow type argument WHEN checked THEN only EXPRESS and STANDARD pass, and the problem names the argument and the value", () => {
        expect(workflowTypeArgProblems("EXPRESS", "type")).to.deep.equal([]);
        expect(workflowTypeArgProblems("STANDARD", "type")).to.deep.equal([]);
        expect(workflowTypeArgProblems("FAST", "routerWorkflowType")).to.deep.equal(["routerWorkflowType must be STANDARD or EXPRESS, but FAST was provided"]);
    });
});
