/**
 * The package sizes docs/packaging.md quotes are the bundles' real sizes: the block is rendered from the bundles
 * (scripts/bench/packageTable.ts), so a change to a handler that moves its size shows here until
 * `npm run sizes -- --write` rewrites the block. Bytes only: timings are never asserted.
 */
import * as fs from "fs";
import { expect } from "chai";
import { packageTable, PACKAGING_DOC, quotedPackageTable } from "../../scripts/bench/packageTable";

describe("docs/packaging.md", () => {
    it("GIVEN the documented package-size table WHEN the bundles are built THEN it quotes exactly their bytes (rewrite it with `npm run sizes -- --write`)", () => {
        const quoted = quotedPackageTable(fs.readFileSync(PACKAGING_DOC, "utf8"));
        expect(quoted, "the package-size block of docs/packaging.md").to.be.a("string");
        expect(quoted).to.equal(packageTable());
    });

    it("GIVEN a document without the markers WHEN its table is read THEN there is none (the check cannot pass on a missing block)", () => {
        expect(quotedPackageTable("# packaging\n| handler | bytes |\n")).to.equal(undefined);
    });
});
