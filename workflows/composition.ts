/**
 * Which definitions each Step Functions type can run without losing correctness: EXPRESS cannot wait for a child
 * (.sync) or a callback, does not dedupe execution names, and stops every execution after five minutes.
 */
import { EXPRESS_MAX_SECONDS, WORKFLOW_TYPES, WorkflowType } from "../constants/aws";
import { RESOURCES, StateMachineDefinition, tasksOf } from "./asl";
import { customerRouterDefinition, CustomerRouterRefs } from "./customerRouter";
import { processOrderDefinition, ProcessOrderRefs } from "./processOrder";

/** Thrown when definitions cannot run as the workflow type chosen for them; the message lists every reason. */
export class WorkflowCompositionError extends Error {
    constructor(readonly types: WorkflowType | Record<string, WorkflowType>, readonly problems: string[]) {
        super(`workflow types ${JSON.stringify(types)}: ${problems.join("; ")}`);
        this.name = "WorkflowCompositionError";
    }
}

/** Problems with a workflow type given as the argument `arg`: empty, or one naming the value and the allowed ones. */
export function workflowTypeArgProblems(value: unknown, arg: string): string[] {
    return (WORKFLOW_TYPES as readonly unknown[]).includes(value)
        ? []
        : [`${arg} must be STANDARD or EXPRESS, but ${String(value)} was provided`];
}

/** Why each definition cannot run as its type (one type for all, or one per machine name): empty when all can. */
export function compositionProblems(types: WorkflowType | Record<string, WorkflowType>, definitions: Record<string, StateMachineDefinition>): string[] {
    const problems: string[] = [];
    for (const [machine, definition] of Object.entries(definitions)) {
        const type = typeof types === "string" ? types : types[machine];
        if (type !== "EXPRESS") continue;
        for (const [state, t] of tasksOf(definition)) {
            if (/\.(sync(:\d+)?|waitForTaskToken)$/.test(t.Resource)) {
                problems.push(`${machine}.${state} uses ${t.Resource}, but EXPRESS workflows support only request-response ` +
                    "integrations (.sync and .waitForTaskToken need a STANDARD parent); use STANDARD or start the child without .sync");
            }
            const writes = t.Resource === RESOURCES.dynamoPutItem || t.Resource === RESOURCES.dynamoUpdateItem;
            if (writes && typeof t.Parameters?.ConditionExpression !== "string") {
                problems.push(`${machine}.${state} writes without a ConditionExpression, but EXPRESS workflows do not dedupe execution ` +
                    "names (only STANDARD keeps them, for 90 days), so a duplicate event runs the machine again and only a conditional " +
                    "write keeps it from being applied twice; add a condition or use STANDARD");
            }
        }
        const timeout = definition.TimeoutSeconds;
        if (timeout === undefined || timeout > EXPRESS_MAX_SECONDS) {
            problems.push(`${machine} has TimeoutSeconds ${timeout ?? "unset"}, but EXPRESS executions are stopped after ` +
                `${EXPRESS_MAX_SECONDS} s without running any Catch; set it to at most ${EXPRESS_MAX_SECONDS}`);
        }
    }
    return problems;
}

/**
 * Rejects definitions that the chosen workflow type cannot run, or that would lose their idempotency on it.
 * Throws one WorkflowCompositionError listing every problem, each saying why.
 */
export function validateWorkflowComposition(types: WorkflowType | Record<string, WorkflowType>, definitions: Record<string, StateMachineDefinition>): void {
    const problems = compositionProblems(types, definitions);
    if (problems.length > 0) throw new WorkflowCompositionError(types, problems);
}

const PLACEHOLDER_PROCESS_ORDER: ProcessOrderRefs = { pricingFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:price", ordersTableName: "orders" };
const PLACEHOLDER_ROUTER: CustomerRouterRefs = {
    customersTableName: "customers",
    ordersTableName: "orders",
    busName: "orders",
    processOrderArn: "arn:aws:states:us-east-1:123456789012:stateMachine:process-order",
    quarantineQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/order-placed-quarantine",
};

/**
 * Whether the platform's two machines can run as these types: an empty list, or the reasons they cannot. The
 * structure does not depend on the ARNs, so placeholders suffice, and stack config validation can call this too.
 */
export function workflowTypeProblems(processOrder: WorkflowType, customerRouter: WorkflowType = processOrder): string[] {
    return compositionProblems({ "process-order": processOrder, "customer-router": customerRouter }, {
        "process-order": processOrderDefinition(PLACEHOLDER_PROCESS_ORDER),
        "customer-router": customerRouterDefinition(PLACEHOLDER_ROUTER),
    });
}
