/**
 * The rewrite of the SDK's schema tables (components/bundle.ts `inlineSchemaKeys`): computed keys that name string
 * constants become those literals, which is the same program and lets esbuild drop the schemas a function never
 * uses. Checked on small tables (evaluated before and after), on the real S3 table, and on the S3 bundles' bytes.
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import * as esbuild from "esbuild";
import { bundleHandler, bundleOptions, buildBundle, inlineSchemaKeys, SCHEMA_TABLES } from "../../components/bundle";
import { HANDLERS } from "../../functions/handlers";
import { ROOT } from "../harness";

const TABLE = [
    'const _h = "http";',
    'const _e = "error";',
    'const _c = "client";',
    'const _PO = "PutObject";',
    'var PutObjectRequest$ = [3, "com.amazonaws.s3", "PutObjectRequest", 0, ["Bucket"], [[0, 1]]];',
    'var PutObject$ = [9, "com.amazonaws.s3", _PO, { [_h]: ["PUT", "/{Key+}?x-id=PutObject", 200] }, () => PutObjectRequest$, () => PutObjectRequest$];',
    'var NoSuchKey$ = [-3, "com.amazonaws.s3", "NoSuchKey", { [_e]: _c, ["httpError"]: 404, [other]: 1 }, [], []];',
].join("\n");
const evaluate = (source: string) => new Function("other", `${source}\nreturn { PutObject$, NoSuchKey$ };`)("otherKey");

describe("literal keys in the SDK's schema tables", () => {
    it("GIVEN a table in the generated layout WHEN rewritten THEN keys naming string constants are those literals, every other key is untouched, and it evaluates to the same schemas", () => {
        const rewritten = inlineSchemaKeys(TABLE);
        expect(rewritten).to.include('{ "http": ["PUT"').and.include('{ "error": _c, ["httpError"]: 404, [other]: 1 }');
        expect(rewritten).to.not.match(/\[_(h|e)\]/);
        expect(JSON.stringify(evaluate(rewritten))).to.equal(JSON.stringify(evaluate(TABLE)));
    });

    it("GIVEN a file with a function, a class or an arrow function with parameters WHEN rewritten THEN it is left exactly as it is (a parameter could shadow a constant)", () => {
        for (const extra of ["function f(_h) { return { [_h]: 1 }; }", "class K { m(_h) { return { [_h]: 1 }; } }", "const g = (_h) => ({ [_h]: 1 });", "const g = _h => ({ [_h]: 1 });"]) {
            const source = `${TABLE}\n${extra}`;
            expect(inlineSchemaKeys(source), extra).to.equal(source);
        }
        // Words in strings are no reason to skip: the S3 table has "x-amz-storage-class" and "function-scaling-config".
        expect(inlineSchemaKeys(`${TABLE}\nconst _sc = "x-amz-storage-class function () => x";`)).to.include('{ "http":');
    });

    it("GIVEN the S3 client's real schema table WHEN rewritten THEN no computed key naming a constant is left and it still parses", () => {
        const file = path.join(ROOT, "node_modules/@aws-sdk/client-s3/dist-es/schemas/schemas_0.js");
        expect(SCHEMA_TABLES.test(file)).to.equal(true);
        const source = fs.readFileSync(file, "utf8");
        const constants = new Set([...source.matchAll(/^const (_[\w$]*) = "/gm)].map((m) => m[1]));
        const rewritten = inlineSchemaKeys(source);
        expect([...source.matchAll(/\[(_[\w$]*)\]:/g)].length, "computed keys before").to.be.greaterThan(1000);
        expect([...rewritten.matchAll(/\[(_[\w$]*)\]:/g)].filter((m) => constants.has(m[1]))).to.deep.equal([]);
        expect(() => esbuild.transformSync(rewritten, { format: "esm", loader: "js" })).to.not.throw();
    });

    it("GIVEN the receipt writer WHEN bundled with and without literal keys THEN the unused S3 operations' schemas are gone and the bundle is at least 40 KB smaller", () => {
        const descriptor = HANDLERS.receiptWriter;
        const literal = bundleHandler(descriptor).code;
        const computed = buildBundle(descriptor, bundleOptions(descriptor), { literalSchemaKeys: false }).code;
        expect(computed).to.include("SelectObjectContent").and.include("CreateBucketMetadataTableConfiguration");
        expect(literal).to.not.include("SelectObjectContent");
        expect(literal).to.not.include("CreateBucketMetadataTableConfiguration");
        expect(literal).to.include("PutObjectRequest");
        expect(Buffer.byteLength(computed) - Buffer.byteLength(literal)).to.be.at.least(40 * 1024);
    });
});
