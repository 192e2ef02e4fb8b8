import { expect } from "chai";
import { CUSTOMER_SCOPES, CustomerIdentityArgs, validateCustomerIdentityArgs } from "../../components/customerIdentity";
import { MockResource, promiseOf, Recording, REGION, settle, useMocks } from "../harness";

const T = {
    pool: "aws:cognito/userPool:UserPool",
    client: "aws:cognito/userPoolClient:UserPoolClient",
    domain: "aws:cognito/userPoolDomain:UserPoolDomain",
    branding: "aws:cognito/managedLoginBranding:ManagedLoginBranding",
};
const one = (rec: Recording, type: string): MockResource => {
    const found = rec.ofType(type);
    expect(found, type).to.have.length(1);
    return found[0];
};

/** Required per build: a stack test elsewhere may have cleared components/ from the module cache. */
async function build(stack: string, args: Partial<CustomerIdentityArgs> = {}) {
    const rec = useMocks(stack);
    const { CustomerIdentity } = require("../../components/customerIdentity") as typeof import("../../components/customerIdentity");
    const identity = new CustomerIdentity("customers", { redirectUrls: ["https://shop.example.com/", "http://localhost:3000/"], ...args });
    const issuer = await promiseOf(identity.tokenIssuer.issuer);
    const audience = await promiseOf(identity.tokenIssuer.audience);
    const jwksUri = await promiseOf(identity.tokenIssuer.jwksUri);
    const loginUrl = await promiseOf(identity.loginUrl);
    await settle();
    return { rec, identity, issuer, audience, jwksUri, loginUrl };
}

describe("CustomerIdentity", () => {
    describe("GIVEN the defaults", () => {
        let built: Awaited<ReturnType<typeof build>>;
        before(async () => { built = await build("dev"); });

        it("THEN the user pool signs customers in by email, lets them sign up and verifies the email with a code", () => {
            const pool = one(built.rec, T.pool).inputs;
            expect(pool.usernameAttributes).to.deep.equal(["email"]);
            expect(pool.autoVerifiedAttributes).to.deep.equal(["email"]);
            expect(pool.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: false });
            expect(pool.verificationMessageTemplate).to.deep.equal({ defaultEmailOption: "CONFIRM_WITH_CODE" });
            expect(pool.accountRecoverySetting).to.deep.equal({ recoveryMechanisms: [{ name: "verified_email", priority: 1 }] });
        });

        it("THEN the password policy asks for 12 characters of four kinds, and authenticator-app MFA is offered", () => {
            const pool = one(built.rec, T.pool).inputs;
            expect(pool.passwordPolicy).to.deep.include({ minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true });
            expect(pool.mfaConfiguration).to.equal("OPTIONAL");
            expect(pool.softwareTokenMfaConfiguration).to.deep.equal({ enabled: true });
        });

        it("THEN the pool is billed per monthly active user only, enforces threat protection, and has no deletion protection in dev", () => {
            const pool = one(built.rec, T.pool).inputs;
            expect(pool.userPoolTier).to.equal("PLUS");
            expect(pool.userPoolAddOns).to.deep.equal({ advancedSecurityMode: "ENFORCED" });
            expect(pool.deletionProtection).to.equal("INACTIVE");
        });

        it("THEN a changed email counts only once it is verified", () => {
            expect(one(built.rec, T.pool).inputs.userAttributeUpdateSettings).to.deep.equal({ attributesRequireVerificationBeforeUpdates: ["email"] });
        });

        it("THEN the app client is public (no secret), authorization code only, openid email profile, with the redirect URLs", () => {
            const client = one(built.rec, T.client).inputs;
            expect(client.generateSecret).to.equal(false);
            expect(client.allowedOauthFlowsUserPoolClient).to.equal(true);
            expect(client.allowedOauthFlows).to.deep.equal(["code"]);
            expect(client.allowedOauthScopes).to.deep.equal([...CUSTOMER_SCOPES]);
            expect(client.supportedIdentityProviders).to.deep.equal(["COGNITO"]);
            expect(client.callbackUrls).to.deep.equal(["https://shop.example.com/", "http://localhost:3000/"]);
            expect(client.logoutUrls).to.deep.equal(client.callbackUrls);
            expect(client.preventUserExistenceErrors).to.equal("ENABLED");
            expect(client.explicitAuthFlows).to.not.include("ALLOW_USER_PASSWORD_AUTH");
        });

        it("THEN ID and access tokens live 15 minutes, refresh tokens 30 days", () => {
            const client = one(built.rec, T.client).inputs;
            expect(client).to.include({ idTokenValidity: 15, accessTokenValidity: 15, refreshTokenValidity: 30 });
            expect(client.tokenValidityUnits).to.deep.equal({ idToken: "minutes", accessToken: "minutes", refreshToken: "days" });
        });

        it("THEN managed login has a domain per stack, account and region, and Cognito's default style for the client", () => {
            const domain = one(built.rec, T.domain).inputs;
            expect(domain.domain).to.match(/^order-platform-dev-[0-9a-f]{8}$/);
            expect(domain.managedLoginVersion).to.equal(2);
            const branding = one(built.rec, T.branding).inputs;
            expect(branding).to.include({ useCognitoProvidedValues: true, clientId: one(built.rec, T.client).id });
            expect(built.loginUrl).to.equal(`https://${domain.domain}.auth.${REGION}.amazoncognito.com`);
        });

        it("THEN the token issuer is the pool's issuer URL, its audience the client id and its keys at the issuer's JWKS", () => {
            const poolId = one(built.rec, T.pool).id;
            expect(built.issuer).to.equal(`https://cognito-idp.${REGION}.amazonaws.com/${poolId}`);
            expect(built.audience).to.equal(one(built.rec, T.client).id);
            expect(built.jwksUri).to.equal(`${built.issuer}/.well-known/jwks.json`);
        });
    });

    it("GIVEN threat protection off WHEN created THEN the pool is on the Essentials tier (its first 10,000 monthly users free), without add-ons", async () => {
        const { rec } = await build("dev", { threatProtection: false });
        const pool = one(rec, T.pool).inputs;
        expect(pool.userPoolTier).to.equal("ESSENTIALS");
        expect(pool.userPoolAddOns).to.equal(undefined);
    });

    it("GIVEN prod's settings WHEN created THEN the pool has deletion protection and Pulumi protect", async () => {
        const { rec, identity } = await build("prod", { deletionProtection: true, protect: true });
        expect(one(rec, T.pool).inputs.deletionProtection).to.equal("ACTIVE");
        expect((identity.userPool as unknown as { __protect?: boolean }).__protect).to.equal(true);
    });

    it("GIVEN dev and prod in one account WHEN their domains are compared THEN they differ", async () => {
        const dev = one((await build("dev")).rec, T.domain).inputs.domain;
        const prod = one((await build("prod")).rec, T.domain).inputs.domain;
        expect(dev).to.not.equal(prod);
    });

    describe("validation", () => {
        const base = { redirectUrls: ["https://shop.example.com/"] };
        const table: { args: Partial<CustomerIdentityArgs>; error: RegExp }[] = [
            { args: { redirectUrls: [] }, error: /redirectUrls must name at least one URL/ },
            { args: { redirectUrls: ["http://shop.example.com/"] }, error: /redirectUrls must hold https:\/\/ URLs \(or http:\/\/localhost URLs\), but "http:\/\/shop.example.com\/" was provided/ },
            { args: { passwordMinimumLength: 6 }, error: /passwordMinimumLength must be an integer from 8 to 99, but 6 was provided/ },
            { args: { tokenValidityMinutes: 2 }, error: /tokenValidityMinutes must be an integer from 5 to 1440, but 2 was provided/ },
            { args: { refreshTokenValidityDays: 0 }, error: /refreshTokenValidityDays must be an integer from 1 to 3650, but 0 was provided/ },
            { args: { domainPrefix: "My_Shop" }, error: /domainPrefix must be 1-63 lowercase letters, .* but "My_Shop" was provided/ },
            { args: { domainPrefix: "shop-cognito" }, error: /without "aws", "amazon" or "cognito", but "shop-cognito" was provided/ },
        ];
        for (const { args, error } of table) {
            it(`GIVEN ${JSON.stringify(args)} WHEN validated THEN it throws naming the argument`, () => {
                expect(() => validateCustomerIdentityArgs("customers", { ...base, ...args })).to.throw(new RegExp(`CustomerIdentity customers: .*${error.source}`));
            });
        }
        it("GIVEN an explicit domain prefix WHEN created THEN it is used as given", async () => {
            const { rec } = await build("dev", { domainPrefix: "my-shop-login" });
            expect(one(rec, T.domain).inputs.domain).to.equal("my-shop-login");
        });
    });
});
