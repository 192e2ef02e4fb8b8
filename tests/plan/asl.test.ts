import { expect } from "chai";
import { allTasks, classifyTask, expectedPath } from "../../pricing/asl";

const close = (actual: number, expected: number) => expect(actual).to.be.closeTo(expected, 1e-9);

describe("walking a state machine definition (pricing/asl.ts)", () => {
    const routed = {
        StartAt: "Read",
        States: {
            Read: { Type: "Task", Resource: "arn:aws:states:::dynamodb:getItem", Next: "Known?", Catch: [{ Next: "Failed" }] },
            "Known?": { Type: "Choice", Choices: [{ Next: "Register" }], Default: "Process" },
            Register: { Type: "Task", Resource: "arn:aws:states:::dynamodb:putItem", Next: "Process" },
            Process: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "arn:aws:lambda:us-east-1:1:function:f" }, Next: "Done" },
            Done: { Type: "Succeed" },
            Failed: { Type: "Task", Resource: "arn:aws:states:::events:putEvents", Parameters: { Entries: [{ DetailType: "OrderFailed" }] }, End: true },
        },
    };

    it("GIVEN a Choice with two branches WHEN the expected path is walked THEN each branch counts half, and the Catch handler is not on it", () => {
        const path = expectedPath(routed);
        // Read, Known?, then half: Register, Process, Done (3) and half: Process, Done (2) = 2 + 1.5 + 1 = 4.5
        close(path.transitions, 4.5);
        close(path.taskTransitions, 2.5);
        const count = Object.fromEntries(path.tasks.map((t) => [t.state, t.count]));
        expect(count).to.deep.equal({ Read: 1, Register: 0.5, Process: 1 });
    });

    it("GIVEN the same definition WHEN every Task is listed THEN the failure handler is there too, once", () => {
        expect(allTasks(routed).map((t) => t.state).sort()).to.deep.equal(["Failed", "Process", "Read", "Register"]);
        expect(allTasks(JSON.stringify(routed)).find((t) => t.state === "Failed")!.args).to.deep.equal({ Entries: [{ DetailType: "OrderFailed" }] });
    });

    it("GIVEN a Parallel state WHEN walked THEN every branch runs once, and every Task of every branch is listed", () => {
        const branch = (name: string) => ({ StartAt: name, States: { [name]: { Type: "Task", Resource: "arn:aws:states:::events:putEvents", End: true } } });
        const definition = { StartAt: "Both", States: { Both: { Type: "Parallel", Branches: [branch("A"), branch("B")], Next: "End" }, End: { Type: "Pass", End: true } } };
        const path = expectedPath(JSON.stringify(definition));
        close(path.transitions, 4);
        expect(path.tasks.map((t) => t.state).sort()).to.deep.equal(["Both/A", "Both/B"]);
        expect(allTasks(definition).map((t) => t.state).sort()).to.deep.equal(["Both/A", "Both/B"]);
    });

    it("GIVEN a Map state WHEN walked with 3 items THEN its Tasks count 3 times", () => {
        const definition = {
            StartAt: "Each",
            States: { Each: { Type: "Map", ItemProcessor: { StartAt: "Put", States: { Put: { Type: "Task", Resource: "arn:aws:states:::dynamodb:putItem", End: true } } }, End: true } },
        };
        expect(expectedPath(definition, 3).tasks).to.deep.equal([{ state: "Each/Put", resource: "arn:aws:states:::dynamodb:putItem", args: {}, count: 3 }]);
    });

    it("GIVEN a definition naming a missing state or looping forever WHEN walked THEN it throws saying which", () => {
        expect(() => expectedPath({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nope" } } })).to.throw(/names state "Nope", which does not exist/);
        expect(() => expectedPath({ StartAt: "A", States: { A: { Type: "Pass", Next: "A" } } })).to.throw(/does not reach an end/);
    });

    it("GIVEN Task resources WHEN classified THEN Lambda, nested executions, DynamoDB, PutEvents and SQS sends are told apart", () => {
        expect(classifyTask({ resource: "arn:aws:states:::lambda:invoke", args: { FunctionName: "arn:aws:lambda:us-east-1:1:function:f" } }))
            .to.deep.equal({ kind: "lambda", functionArn: "arn:aws:lambda:us-east-1:1:function:f" });
        expect(classifyTask({ resource: "arn:aws:lambda:us-east-1:1:function:f:$LATEST", args: {} })).to.deep.equal({ kind: "lambda", functionArn: "arn:aws:lambda:us-east-1:1:function:f" });
        expect(classifyTask({ resource: "arn:aws:states:::states:startExecution.sync:2", args: { StateMachineArn: "arn:sm" } }))
            .to.deep.equal({ kind: "startExecution", stateMachineArn: "arn:sm", sync: true });
        expect(classifyTask({ resource: "arn:aws:states:::states:startExecution", args: { StateMachineArn: "arn:sm" } }))
            .to.deep.equal({ kind: "startExecution", stateMachineArn: "arn:sm", sync: false });
        expect(classifyTask({ resource: "arn:aws:states:::aws-sdk:dynamodb:getItem", args: {} })).to.deep.equal({ kind: "dynamodb", operation: "getitem" });
        expect(classifyTask({ resource: "arn:aws:states:::events:putEvents", args: {} })).to.deep.equal({ kind: "putEvents" });
        expect(classifyTask({ resource: "arn:aws:states:::sqs:sendMessage", args: {} })).to.deep.equal({ kind: "sqsSend" });
        expect(classifyTask({ resource: "arn:aws:states:::sns:publish", args: {} })).to.deep.equal({ kind: "other" });
    });
});
