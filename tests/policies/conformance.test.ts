import { expect } from "chai";
import { DEV_ACCEPTED_FINDINGS, isAccepted } from "../../policies/devFindings";
import { evaluatePack, Finding, loadPolicyConfig, PlannedResource } from "../../policies/evaluate";
import { MockResource } from "../harness";
import { stackRun } from "../stacks/stackRuns";

/** What the pack sees of a mocked resource: its inputs, and its state as the outputs a deployed resource reports. */
function planned(resources: MockResource[]): PlannedResource[] {
    return resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs, outputs: r.state, id: r.id }));
}

const show = (findings: Finding[]) => findings.map((f) => `[${f.enforcementLevel}] ${f.policy}: ${f.message}`).join("\n");

describe("policy pack conformance: the whole pack over every resource the program creates", () => {
    describe("prod, with policies/prod.json", () => {
        let findings: Finding[];
        let count: number;
        before(async () => {
            const run = await stackRun("prod");
            count = run.resources.length;
            findings = evaluatePack(planned(run.resources), "prod", loadPolicyConfig("prod"));
        });

        it("GIVEN the prod program WHEN the pack runs with the prod config THEN there is no finding at all", () => {
            expect(count).to.be.greaterThan(0);
            expect(findings, show(findings)).to.deep.equal([]);
        });
    });

    describe("dev, with policies/dev.json", () => {
        let findings: Finding[];
        before(async () => {
            const run = await stackRun("dev");
            findings = evaluatePack(planned(run.resources), "dev", loadPolicyConfig("dev"));
        });

        it("GIVEN the dev program WHEN the pack runs with the dev config THEN every finding is advisory", () => {
            expect(findings.filter((f) => f.enforcementLevel !== "advisory"), show(findings)).to.deep.equal([]);
        });

        it("GIVEN the dev findings THEN each is listed and justified in the accepted-findings table", () => {
            const unjustified = findings.filter((f) => !isAccepted(f.policy, f.resourceName));
            expect(unjustified, show(unjustified)).to.deep.equal([]);
        });

        it("GIVEN the accepted-findings table THEN every entry still matches a dev finding (no stale justification)", () => {
            const stale = DEV_ACCEPTED_FINDINGS.filter((a) => !findings.some((f) => f.policy === a.policy && a.resource.test(f.resourceName)));
            expect(stale.map((a) => a.policy)).to.deep.equal([]);
        });

        it("GIVEN the dev program THEN nothing is billed while idle (scale-to-zero reports nothing)", () => {
            expect(findings.filter((f) => f.policy === "scale-to-zero"), show(findings)).to.deep.equal([]);
        });
    });
});
