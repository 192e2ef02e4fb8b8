import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { encryptionKeyPolicy } from "../../components/encryptionKey";
import { ACCOUNT_ID, REGION, settle, useMocks } from "../harness";
import { stackRun } from "../stacks/stackRuns";

const SCOPE = { partition: "aws", region: REGION, account: ACCOUNT_ID };
type Statement = { Sid: string; Principal: { Service?: string | string[]; AWS?: string }; Action: string | string[]; Condition?: Record<string, Record<string, string>> };
const statementsFor = (service: string) => (encryptionKeyPolicy(SCOPE).Statement as Statement[]).filter((s) => [s.Principal.Service].flat().includes(service));

describe("EncryptionKey", () => {
    describe("GIVEN its key policy", () => {
        it("THEN EventBridge may use the key for encrypted SNS topics as SNS's guide gives AWS event sources: without aws:SourceAccount or aws:SourceArn (SNS calls KMS, not EventBridge), scoped by the topic in the encryption context to this account's topics", () => {
            const topics = statementsFor("events.amazonaws.com").find((s) => s.Sid === "EventBridgePublishesToThisAccountsEncryptedTopics")!;
            expect(topics.Action).to.deep.equal(["kms:GenerateDataKey*", "kms:Decrypt"]);
            expect(topics.Condition).to.deep.equal({ ArnLike: { "kms:EncryptionContext:aws:sns:topicArn": `arn:aws:sns:${REGION}:${ACCOUNT_ID}:*` } });
        });

        it("THEN no statement for a service conditions on aws:SourceAccount or aws:SourceArn, which these services' KMS requests do not carry; each is scoped by its encryption context instead", () => {
            for (const statement of encryptionKeyPolicy(SCOPE).Statement as Statement[]) {
                if (!statement.Principal.Service) continue;
                const keys = Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block));
                expect(keys, statement.Sid).to.not.include.members(["aws:SourceAccount", "aws:SourceArn"]);
                expect(keys.some((k) => k.startsWith("kms:EncryptionContext:")), statement.Sid).to.equal(true);
                for (const value of Object.values(statement.Condition!).flatMap((block) => Object.values(block))) {
                    expect(value, statement.Sid).to.match(new RegExp(`^arn:aws:[a-z]+:${REGION}:${ACCOUNT_ID}:`));
                }
            }
        });

        it("THEN the services are exactly CloudWatch Logs, EventBridge (topics and queues), CloudWatch alarms and SNS redrive, and the account administers the key through IAM", () => {
            expect((encryptionKeyPolicy(SCOPE).Statement as Statement[]).map((s) => s.Sid)).to.deep.equal([
                "AccountAdministersThroughIam", "CloudWatchLogsEncryptsThisAccountsLogGroups", "EventBridgePublishesToThisAccountsEncryptedTopics",
                "EventBridgeSendsToThisAccountsEncryptedQueues", "AlarmsPublishToThisAccountsEncryptedTopics", "SnsRedrivesIntoThisAccountsEncryptedQueues",
            ]);
            expect(statementsFor(`logs.${REGION}.amazonaws.com`)[0].Condition).to.deep.equal({
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:*` },
            });
        });
    });

    describe("GIVEN the component", () => {
        it("WHEN created THEN its key policy is also a KeyPolicy resource of its own, and the ARN it exports resolves only after that policy is written", async () => {
            const rec = useMocks("prod");
            const { EncryptionKey } = require("../../components/encryptionKey") as typeof import("../../components/encryptionKey");
            const key = new EncryptionKey("orders");
            await settle();
            const [policy] = rec.ofType("aws:kms/keyPolicy:KeyPolicy");
            expect(policy.inputs.keyId).to.equal(rec.ofType("aws:kms/key:Key")[0].state.keyId);
            expect(JSON.parse(policy.inputs.policy)).to.deep.equal(encryptionKeyPolicy(SCOPE));
            expect(JSON.parse(rec.ofType("aws:kms/key:Key")[0].inputs.policy)).to.deep.equal(encryptionKeyPolicy(SCOPE));
            const dependencies = await (key.arn as unknown as { allResources(): Promise<Set<pulumi.Resource>> }).allResources();
            expect([...dependencies]).to.include(key.policy).and.include(key.key);
        });

        it("WHEN the stacks are evaluated THEN prod has the key with its KeyPolicy and every log group is encrypted with it; dev has neither (nothing billed monthly)", async () => {
            const prod = await stackRun("prod");
            expect(prod.ofType("aws:kms/keyPolicy:KeyPolicy")).to.have.length(1);
            const groups = prod.ofType("aws:cloudwatch/logGroup:LogGroup");
            expect(groups.filter((g) => g.inputs.kmsKeyId === prod.ofType("aws:kms/key:Key")[0].state.arn)).to.have.length(groups.length);
            const dev = await stackRun("dev");
            expect(dev.ofType("aws:kms/keyPolicy:KeyPolicy").length + dev.ofType("aws:kms/key:Key").length).to.equal(0);
        });
    });
});
