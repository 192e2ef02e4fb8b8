import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { HOURLY_BILLED } from "../../pricing/hourlyBilled";
import { CATALOG } from "../../policies/catalog";
import { EXTRA_IDLE_BILLED } from "../../policies/idleBilled";
import { AWS_SOLUTIONS_RULES, CDK_NAG_ADDITIONAL_RULES, CHECKOV_ALWAYS_ON_CHECKS, CHECKOV_SERVERLESS_CHECKS, SERVERLESS_RULES } from "./upstreamRules";

const NOTES = fs.readFileSync(path.resolve(__dirname, "../../docs/policy-pack.md"), "utf8");

/** The mapping table's rows: the first cell split into rule ids, and the rest of the row. */
function mappingRows(): { ids: string[]; mapping: string }[] {
    const start = NOTES.indexOf("## Mapping");
    expect(start, "docs/policy-pack.md has a ## Mapping section").to.be.greaterThan(-1);
    const end = NOTES.indexOf("\n## ", start + 1);
    return NOTES.slice(start, end === -1 ? undefined : end).split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| ---"))
        .map((line) => line.split(" | "))
        .map((cells) => ({ cells, ids: cells.flatMap((c) => c.replace(/^\| /, "").split(/,\s*/)).filter((c) => /^(AwsSolutions-|Serverless-|cdk-nag:|CKV2?_AWS_)\w+$/.test(c)) }))
        .map(({ cells, ids }) => ({ ids, mapping: cells.join(" | ") }));
}

describe("policy pack: upstream coverage (docs/policy-pack.md, Mapping)", () => {
    let rows: { ids: string[]; mapping: string }[] = [];
    before(() => { rows = mappingRows(); });
    const rowFor = (id: string) => rows.find((r) => r.ids.includes(id));

    for (const [name, ids] of Object.entries({ "cdk-nag AwsSolutions": AWS_SOLUTIONS_RULES, "cdk-nag Serverless": SERVERLESS_RULES, "cdk-nag additional": CDK_NAG_ADDITIONAL_RULES, "Checkov (serverless services)": CHECKOV_SERVERLESS_CHECKS, "Checkov (always-on services)": CHECKOV_ALWAYS_ON_CHECKS })) {
        it(`GIVEN every ${name} rule THEN the mapping table has a row for it that names a policy or says why not`, () => {
            expect(ids.filter((id) => !rowFor(id)), "rules without a row").to.deep.equal([]);
            for (const id of ids) expect(rowFor(id)!.mapping, id).to.match(/`[a-z0-9-]+`|not applicable|not a serverless|not a service|deliberately not enforced|covered by/);
        });
    }

    it("GIVEN every policy's upstream sources THEN the row of each source names that policy (the table and the code agree)", () => {
        const disagreements: string[] = [];
        for (const policy of CATALOG) {
            for (const source of policy.sources.filter((s) => s !== "event-driven")) {
                const row = rowFor(source);
                if (!row) disagreements.push(`${policy.name}: ${source} has no row`);
                else if (!row.mapping.includes(`\`${policy.name}\``)) disagreements.push(`${policy.name}: the row of ${source} does not name it`);
            }
        }
        expect(disagreements).to.deep.equal([]);
    });

    it("GIVEN every row that names policies THEN each named policy exists", () => {
        const names = new Set(CATALOG.map((p) => p.name));
        const prefixes = [...new Set(CATALOG.map((p) => p.name.split("-")[0]))];
        const unknown = rows.flatMap((r) => [...r.mapping.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]))
            .filter((token) => prefixes.includes(token.split("-")[0]) && !names.has(token));
        expect(unknown).to.deep.equal([]);
    });
});

describe("policy pack: idle-billed types", () => {
    it("GIVEN the pack's additions to the shared idle-cost list THEN none duplicates it and each is named once", () => {
        const shared = new Set(HOURLY_BILLED.map((e) => e.type));
        const extra = EXTRA_IDLE_BILLED.map((e) => e.type);
        expect(extra.filter((t) => shared.has(t)), "move the entry out of policies/idleBilled.ts once the shared list has it").to.deep.equal([]);
        expect(new Set(extra).size).to.equal(extra.length);
        for (const type of extra) expect(type).to.match(/^aws:[a-z0-9]+\/[a-zA-Z0-9]+:[A-Z][A-Za-z0-9]+$/);
    });
});
