/**
 * The package sizes docs/packaging.md quotes are the bundles' real sizes: the block is rendered from the bundles
 * (scripts/bench/packageTable.ts), so a change to a handler that moves its size shows here until
 * `npm run sizes -- --write` rewrites the block; the same for the README's range of sizes. Bytes only: timings are
 * never asserted.
 */
import * as fs from "fs";
import { expect } from "chai";
import { packageSizeRange, packageTable, PACKAGING_DOC, quotedPackageTable, quotedSizeRanges, README } from "../../scripts/bench/packageTable";

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

describe("README.md", () => {
    it("GIVEN the bundles WHEN the README's range of package sizes is read THEN it is quoted once and names the smallest and the largest package's bytes and shares", () => {
        expect(quotedSizeRanges(fs.readFileSync(README, "utf8"))).to.deep.equal([packageSizeRange()]);
    });

    it("GIVEN sizes written another way WHEN read THEN no range is found, so a stale or reworded figure fails the check above", () => {
        expect(quotedSizeRanges("Packages are 37–307 KB against the 512 KB budget.")).to.deep.equal([]);
        expect(quotedSizeRanges("1,000–2,000 bytes (0–0 % of the 524,288-byte budget)")).to.deep.equal(["1,000–2,000 bytes (0–0 % of the 524,288-byte budget)"]);
    });
});
