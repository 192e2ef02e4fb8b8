import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { REDIRECT_URL } from "../constants/patterns";
import { transform, Transform } from "./transform";

/** Who issues the customers' tokens: the API's JWT authorizer and the IoT authorizer both verify them against it. */
export interface TokenIssuer {
    /** The issuer URL (`iss`), e.g. a Cognito user pool's `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
    readonly issuer: pulumi.Input<string>;
    /** The audience (`aud` of an ID token): the app client id. */
    readonly audience: pulumi.Input<string>;
    /** Where the signing keys are. @default `<issuer>/.well-known/jwks.json` (where Cognito publishes them) */
    readonly jwksUri?: pulumi.Input<string>;
}

export interface CustomerIdentityArgs {
    /**
     * Where sign-in and sign-out may return the browser: `https://...`, or `http://localhost[:port]/...` for local
     * development. At least one. The storefront's own URL is usually one of them.
     */
    readonly redirectUrls: pulumi.Input<string>[];
    /** Minimum password length, 8 to 99. @default 12 */
    readonly passwordMinimumLength?: number;
    /** Lifetime of ID and access tokens, in minutes, 5 to 1440. Short, because a leaked token is valid until it expires. @default 15 */
    readonly tokenValidityMinutes?: number;
    /** Lifetime of refresh tokens, in days, 1 to 3650. @default 30 */
    readonly refreshTokenValidityDays?: number;
    /**
     * Threat protection: sign-ins with leaked credentials or from risky sources are blocked (the Plus tier, billed per
     * monthly active user from the first). Off: the Essentials tier, whose first 10,000 monthly active users are free.
     * @default true
     */
    readonly threatProtection?: boolean;
    /** Cognito deletion protection on the user pool. @default false */
    readonly deletionProtection?: boolean;
    /** Pulumi `protect` on the user pool, so a replacing diff cannot delete every customer's account. @default false */
    readonly protect?: boolean;
    /**
     * Prefix of the managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`), unique in the region:
     * lowercase letters, digits and hyphens, 1 to 63. @default `order-platform-<stack>-<8 hex of account and region>`
     */
    readonly domainPrefix?: string;
    /** Changes to the children's args. @default none */
    readonly transform?: {
        readonly userPool?: Transform<aws.cognito.UserPoolArgs>;
        readonly client?: Transform<aws.cognito.UserPoolClientArgs>;
        readonly domain?: Transform<aws.cognito.UserPoolDomainArgs>;
    };
}

export const CUSTOMER_IDENTITY_DEFAULTS = {
    passwordMinimumLength: 12,
    tokenValidityMinutes: 15,
    refreshTokenValidityDays: 30,
    threatProtection: true,
    deletionProtection: false,
    protect: false,
} as const;

/** The OAuth scopes the storefront asks for: the ID token then carries `sub` and the verified `email`. */
export const CUSTOMER_SCOPES = ["openid", "email", "profile"] as const;

const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Checks the arguments before anything is created; throws naming every bad argument and what is allowed. */
export function validateCustomerIdentityArgs(name: string, args: CustomerIdentityArgs): void {
    const d = CUSTOMER_IDENTITY_DEFAULTS;
    const problems: string[] = [];
    const urls = args.redirectUrls ?? [];
    if (urls.length === 0) problems.push("redirectUrls must name at least one URL the sign-in may return to");
    for (const url of urls) {
        if (typeof url === "string" && !REDIRECT_URL.test(url)) {
            problems.push(`redirectUrls must hold https:// URLs (or http://localhost URLs), but "${url}" was provided`);
        }
    }
    const range = (arg: string, value: number, min: number, max: number) => {
        if (!Number.isInteger(value) || value < min || value > max) problems.push(`${arg} must be an integer from ${min} to ${max}, but ${value} was provided`);
    };
    range("passwordMinimumLength", args.passwordMinimumLength ?? d.passwordMinimumLength, 8, 99);
    range("tokenValidityMinutes", args.tokenValidityMinutes ?? d.tokenValidityMinutes, 5, 1440);
    range("refreshTokenValidityDays", args.refreshTokenValidityDays ?? d.refreshTokenValidityDays, 1, 3650);
    if (args.domainPrefix !== undefined && (!DOMAIN_PREFIX.test(args.domainPrefix) || /aws|amazon|cognito/.test(args.domainPrefix))) {
        problems.push(`domainPrefix must be 1-63 lowercase letters, digits or inner hyphens, without "aws", "amazon" or "cognito", but "${args.domainPrefix}" was provided`);
    }
    if (problems.length > 0) throw new Error(`CustomerIdentity ${name}: ${problems.join("; ")}`);
}

/**
 * Who the customers are: an Amazon Cognito user pool (email sign-in, self sign-up with email verification, TOTP MFA
 * optional, threat protection) with a public app client for the storefront (no secret; authorization code with PKCE; `openid email
 * profile`), managed login on a domain per stack, and the issuer the API and IoT authorizers trust. Billed per
 * monthly active user, so an idle stack costs nothing.
 */
export class CustomerIdentity extends pulumi.ComponentResource {
    readonly userPool: aws.cognito.UserPool;
    readonly client: aws.cognito.UserPoolClient;
    readonly domain: aws.cognito.UserPoolDomain;
    readonly branding: aws.cognito.ManagedLoginBranding;
    /** The issuer and audience of the customers' ID tokens. */
    readonly tokenIssuer: { readonly issuer: pulumi.Output<string>; readonly audience: pulumi.Output<string>; readonly jwksUri: pulumi.Output<string> };
    /** The base URL of managed login (sign-in and sign-up pages, the OAuth endpoints). */
    readonly loginUrl: pulumi.Output<string>;
    readonly userPoolId: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;

    constructor(name: string, args: CustomerIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:CustomerIdentity", name, {}, opts);
        validateCustomerIdentityArgs(name, args);
        const d = CUSTOMER_IDENTITY_DEFAULTS;
        const region = aws.getRegionOutput({}, { parent: this });
        const identity = aws.getCallerIdentityOutput({}, { parent: this });

        this.userPool = new aws.cognito.UserPool(...transform(args.transform?.userPool, `${name}-users`, {
            usernameAttributes: ["email"],
            autoVerifiedAttributes: ["email"],
            usernameConfiguration: { caseSensitive: false },
            adminCreateUserConfig: { allowAdminCreateUserOnly: false },
            accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
            passwordPolicy: {
                minimumLength: args.passwordMinimumLength ?? d.passwordMinimumLength,
                requireLowercase: true,
                requireUppercase: true,
                requireNumbers: true,
                requireSymbols: true,
                temporaryPasswordValidityDays: 3,
            },
            // Authenticator apps are free; SMS would bill per message and needs an SNS role.
            mfaConfiguration: "OPTIONAL",
            softwareTokenMfaConfiguration: { enabled: true },
            deletionProtection: args.deletionProtection ?? d.deletionProtection ? "ACTIVE" : "INACTIVE",
            // Both tiers serve managed login and bill only monthly active users, so an idle pool costs nothing.
            ...(args.threatProtection ?? d.threatProtection
                ? { userPoolTier: "PLUS", userPoolAddOns: { advancedSecurityMode: "ENFORCED" } }
                : { userPoolTier: "ESSENTIALS" }),
            // A changed address only counts once its owner proves it, so an account cannot take over another's email.
            userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
            verificationMessageTemplate: { defaultEmailOption: "CONFIRM_WITH_CODE" },
        }, { parent: this, protect: args.protect ?? d.protect }));
        this.userPoolId = this.userPool.id;

        const minutes = args.tokenValidityMinutes ?? d.tokenValidityMinutes;
        this.client = new aws.cognito.UserPoolClient(...transform(args.transform?.client, `${name}-storefront`, {
            userPoolId: this.userPool.id,
            // A browser cannot keep a secret: a public client, protected by PKCE instead.
            generateSecret: false,
            allowedOauthFlowsUserPoolClient: true,
            allowedOauthFlows: ["code"],
            allowedOauthScopes: [...CUSTOMER_SCOPES],
            supportedIdentityProviders: ["COGNITO"],
            callbackUrls: args.redirectUrls,
            logoutUrls: args.redirectUrls,
            // SRP for SDK sign-in, admin password auth for operators' CLI sign-in (IAM-authorized), refresh for renewal.
            explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            preventUserExistenceErrors: "ENABLED",
            enableTokenRevocation: true,
            idTokenValidity: minutes,
            accessTokenValidity: minutes,
            refreshTokenValidity: args.refreshTokenValidityDays ?? d.refreshTokenValidityDays,
            tokenValidityUnits: { idToken: "minutes", accessToken: "minutes", refreshToken: "days" },
            readAttributes: ["email", "email_verified"],
            writeAttributes: ["email"],
        }, { parent: this }));
        this.clientId = this.client.id;

        // Deterministic and distinct per stack, account and region, so dev and prod never collide in one account.
        const prefix = args.domainPrefix !== undefined
            ? pulumi.output(args.domainPrefix)
            : pulumi.all([identity.accountId, region.region]).apply(([account, r]) =>
                `order-platform-${pulumi.getStack().toLowerCase().replace(/[^a-z0-9-]/g, "-")}-${createHash("sha256").update(`${account}:${r}`).digest("hex").slice(0, 8)}`);
        this.domain = new aws.cognito.UserPoolDomain(...transform(args.transform?.domain, `${name}-login`, {
            userPoolId: this.userPool.id,
            domain: prefix,
            managedLoginVersion: 2,
        }, { parent: this }));
        // Managed login shows its pages only for app clients that have a style; Cognito's own defaults suffice.
        this.branding = new aws.cognito.ManagedLoginBranding(`${name}-login-style`, {
            userPoolId: this.userPool.id,
            clientId: this.client.id,
            useCognitoProvidedValues: true,
        }, { parent: this, dependsOn: [this.domain] });

        const issuer = pulumi.interpolate`https://${this.userPool.endpoint}`;
        this.tokenIssuer = { issuer, audience: this.client.id, jwksUri: pulumi.interpolate`${issuer}/.well-known/jwks.json` };
        this.loginUrl = pulumi.interpolate`https://${this.domain.domain}.auth.${region.region}.amazoncognito.com`;
        this.registerOutputs({ issuer, clientId: this.clientId, loginUrl: this.loginUrl });
    }
}
