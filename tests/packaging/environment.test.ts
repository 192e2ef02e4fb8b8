/**
 * The bundled functions take their credentials and settings from the environment only, as Lambda passes them: the
 * role's credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN), the region, the endpoints. The
 * SDK's default chain is not in the bundle and the shared config files are never looked up, so a profile in ~/.aws
 * is never read: nothing is signed without the variables, and a region set only there is no region. Checked on a
 * real bundle (getOrder) in fresh node processes, calling a DynamoDB endpoint on loopback.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { bundleHandler, bundleOptions, buildBundle, rewritesWithout } from "../../components/bundle";
import { HANDLERS } from "../../functions/handlers";
import type { FakeAws } from "../support/awsLoopback";
import { GET_ORDER_EVENT, invokeOnce as invokeWith, startLoopbackDynamoDB } from "./freshProcess";

const invokeOnce = (file: string, env: Record<string, string>) => invokeWith(file, GET_ORDER_EVENT, env);

describe("credentials and settings of a bundled function", () => {
    let dynamodb: FakeAws;
    /** Each call's signature and session token, oldest first. */
    const received = () => dynamodb.requests.map((r) => ({ authorization: String(r.headers.authorization ?? ""), token: r.headers["x-amz-security-token"] }));
    let tmp: string;
    let file: string;
    let home: string;

    before(async () => {
        dynamodb = await startLoopbackDynamoDB();
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "environment-test-"));
        file = path.join(tmp, "fn", "index.js");
        fs.mkdirSync(path.dirname(file));
        fs.writeFileSync(file, bundleHandler(HANDLERS.getOrder).code);
        // A home whose shared files hold a complete profile: the default chain would sign with it.
        home = path.join(tmp, "home");
        fs.mkdirSync(path.join(home, ".aws"), { recursive: true });
        fs.writeFileSync(path.join(home, ".aws", "credentials"), "[default]\naws_access_key_id = AKIAPROFILEKEY000000\naws_secret_access_key = profile-secret\n");
        fs.writeFileSync(path.join(home, ".aws", "config"), "[default]\nregion = eu-west-1\n");
    });
    beforeEach(() => { dynamodb.requests.length = 0; });
    after(async () => {
        await dynamodb?.stop();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    const base = () => ({
        HOME: home, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint, ORDERS_TABLE: "orders-test",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });

    it("GIVEN the role's credentials in the environment WHEN the function calls DynamoDB THEN the request is signed with them, session token included", async () => {
        const { answer } = await invokeOnce(file, {
            ...base(), AWS_ACCESS_KEY_ID: "ASIAENVIRONMENTKEY00", AWS_SECRET_ACCESS_KEY: "env-secret", AWS_SESSION_TOKEN: "env-session-token",
        });
        // GetItem found nothing: the API's answer for an unknown order.
        expect(answer.statusCode).to.equal(404);
        expect(received()).to.have.length(1);
        expect(received()[0].authorization).to.match(/^AWS4-HMAC-SHA256 Credential=ASIAENVIRONMENTKEY00\//);
        expect(received()[0].token).to.equal("env-session-token");
    });

    it("GIVEN no credentials in the environment but a profile in ~/.aws WHEN the function calls DynamoDB THEN it does not use the profile: nothing is sent and the call fails naming the environment variables", async () => {
        const { answer, log } = await invokeOnce(file, { ...base(), AWS_PROFILE: "default" });
        expect(answer.statusCode).to.equal(503);
        expect(received()).to.deep.equal([]);
        expect(log).to.match(/CredentialsProviderError/).and.to.match(/environment variable credentials/);
    });

    it("GIVEN the role's credentials but no AWS_REGION, and a region in ~/.aws/config WHEN the function calls DynamoDB THEN the file is not read: nothing is sent and the call fails for want of a region", async () => {
        const credentials = { AWS_ACCESS_KEY_ID: "ASIAENVIRONMENTKEY00", AWS_SECRET_ACCESS_KEY: "env-secret" };
        const { AWS_REGION: _region, ...withoutRegion } = { ...base(), ...credentials };
        const { answer, log } = await invokeOnce(file, withoutRegion);
        expect(answer.statusCode).to.equal(503);
        expect(received()).to.deep.equal([]);
        expect(log).to.match(/Region is missing/);
        // The same handler bundled with the SDK's own lookup signs for the file's region: the file would be read.
        const lookup = path.join(tmp, "lookup", "index.js");
        fs.mkdirSync(path.dirname(lookup));
        fs.writeFileSync(lookup, buildBundle(HANDLERS.getOrder, bundleOptions(HANDLERS.getOrder), { rewrites: rewritesWithout("environmentOnlySettings") }).code);
        expect((await invokeOnce(lookup, withoutRegion)).answer.statusCode).to.equal(404);
        expect(received().map((r) => r.authorization.match(/Credential=[^/]+\/\d+\/([^/]+)\//)?.[1])).to.deep.equal(["eu-west-1"]);
    });
});
