/** The plan of each stack computed once per mocha process, over the stack tests' shared evaluation of the program. */
import type { PlanResult } from "../../scripts/plan";
import { plan } from "../../scripts/plan";
import { stackRun } from "../stacks/stackRuns";

const memo = new Map<string, Promise<PlanResult>>();

export function planOf(stack: "dev" | "prod"): Promise<PlanResult> {
    if (!memo.has(stack)) memo.set(stack, plan(stack, { program: async (s) => (await stackRun(s as "dev" | "prod")).resources }));
    return memo.get(stack)!;
}
