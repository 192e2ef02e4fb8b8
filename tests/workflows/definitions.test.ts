/**
 * What the definitions promise before any execution: the router's first states check every path of the OrderPlaced
 * detail that any state of either machine reads, and no path is read before them.
 */
import { expect } from "chai";
import { CONTRACTS } from "../../contracts";
import { JsonValue, State, StateMachineDefinition } from "../../workflows/asl";
import { customerRouterDefinition, ORDER_PLACED_PRESENT_FIELDS, ORDER_PLACED_STRING_FIELDS } from "../../workflows/customerRouter";
import { processOrderDefinition } from "../../workflows/processOrder";

const router = customerRouterDefinition({
    customersTableName: "customers", ordersTableName: "orders", busName: "orders",
    processOrderArn: "arn:aws:states:us-east-1:123456789012:stateMachine:process-order",
    quarantineQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/quarantine",
});
const processOrder = processOrderDefinition({ pricingFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:price", ordersTableName: "orders" });

/** Every JSONPath a state reads: `.$` values (paths, or paths inside intrinsics), Variable, *Path operators, ErrorPath/CausePath. */
function pathsOf(state: State): string[] {
    const found: string[] = [];
    const visit = (value: JsonValue | undefined, key = ""): void => {
        if (typeof value === "string") {
            if (key.endsWith(".$") || key === "Variable" || key.endsWith("Path")) found.push(...(value.match(/\$(?:\.[A-Za-z0-9_]+)+/g) ?? []));
        } else if (Array.isArray(value)) value.forEach((v) => visit(v, key));
        else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, k);
    };
    visit(state as unknown as JsonValue);
    return found;
}

/** The detail fields (`customerId`, `customer.email`) a definition's states read, by state, under `root`. */
function detailFieldsRead(definition: StateMachineDefinition, root: "$.detail" | "$", skip: string[]): Map<string, string[]> {
    const contractFields = Object.keys(CONTRACTS.OrderPlaced.example);
    const byState = new Map<string, string[]>();
    for (const [name, state] of Object.entries(definition.States)) {
        if (skip.includes(name)) continue;
        const fields = pathsOf(state).filter((p) => p.startsWith(`${root}.`)).map((p) => p.slice(root.length + 1))
            .filter((p) => contractFields.includes(p.split(".")[0]))
            .map((p) => (p.startsWith("customer.") ? "customer.email" : p.split(".")[0]));
        if (fields.length > 0) byState.set(name, [...new Set(fields)]);
    }
    return byState;
}

describe("The definitions' reads of the OrderPlaced detail", () => {
    const checks = ["CheckOrderPlaced", "CheckOrderPlacedTypes", "CheckOrderPlacedKeys"];

    it("GIVEN the router THEN it starts with the checks, and they lead only to each other, the quarantine or GetCustomer", () => {
        expect(router.StartAt).to.equal("CheckOrderPlaced");
        for (const name of checks) {
            const state = router.States[name];
            expect(state.Type, name).to.equal("Choice");
            if (state.Type !== "Choice") continue;
            expect([state.Default, ...state.Choices.map((c) => c.Next)].every((next) => [...checks, "QuarantineOrderPlaced", "GetCustomer"].includes(next)), name).to.equal(true);
        }
    });

    it("GIVEN every other state of both machines THEN each detail field it reads is one the checks require present, and each it writes as a DynamoDB string one they require a string", () => {
        const read = [...detailFieldsRead(router, "$.detail", [...checks, "QuarantineOrderPlaced"]), ...detailFieldsRead(processOrder, "$", [])];
        expect(read.length).to.be.greaterThan(5);
        for (const [state, fields] of read) {
            for (const field of fields) expect(ORDER_PLACED_PRESENT_FIELDS as readonly string[], `${state} reads ${field}`).to.include(field);
        }
        const contractFields = Object.keys(CONTRACTS.OrderPlaced.example);
        const writtenAsStrings = [...Object.values(router.States), ...Object.values(processOrder.States)]
            .flatMap((state) => JSON.stringify(state).match(/"S\.\$":"\$(?:\.detail)?\.[A-Za-z.]+"/g) ?? [])
            .map((entry) => entry.replace(/^"S\.\$":"\$(?:\.detail)?\./, "").replace(/"$/, ""))
            .filter((field) => contractFields.includes(field.split(".")[0]));
        for (const field of writtenAsStrings) expect(ORDER_PLACED_STRING_FIELDS as readonly string[], field).to.include(field);
        expect(writtenAsStrings).to.include.members(["orderId", "customerId", "fingerprint", "correlationId", "currency", "occurredAt"]);
    });
});
