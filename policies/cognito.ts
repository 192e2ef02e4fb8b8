import { asArray, asNumber, asString, get, PackPolicy, Problem, resourcePolicy } from "./core";
import { T } from "./types";

/**
 * Customer identity: user pools, their app clients, and identity pools. Cognito bills per monthly active user, so
 * none of these settings costs anything while no one signs in (threat protection needs the Plus feature plan,
 * which is also billed per active user).
 */

const CLIENTS = [T.userPoolClient, T.managedUserPoolClient];

/** Seconds per unit of tokenValidityUnits; Cognito's defaults are hours for access and ID tokens, days for refresh tokens. */
const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

function validitySeconds(props: Record<string, unknown>, token: "accessToken" | "idToken" | "refreshToken"): number {
    const defaults = { accessToken: [1, "hours"], idToken: [1, "hours"], refreshToken: [30, "days"] } as const;
    const value = asNumber(props[`${token}Validity`]) ?? defaults[token][0];
    const unit = asString(get(props, "tokenValidityUnits", token)) ?? defaults[token][1];
    return value * (UNIT_SECONDS[unit] ?? UNIT_SECONDS[defaults[token][1]]);
}

/** Flows that send the password itself instead of an SRP proof (USER_PASSWORD_AUTH and its legacy names). */
const PLAINTEXT_PASSWORD_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"];

const usesEmailToSignIn = (props: Record<string, unknown>) =>
    [...asArray(props.usernameAttributes), ...asArray(props.aliasAttributes)].map(String).includes("email");

export const cognitoPolicies: PackPolicy[] = [
    resourcePolicy<{ minimumLength?: number }>({
        name: "cognito-password-policy", type: T.userPool, pillar: "Security",
        sources: ["AwsSolutions-COG1"],
        description: "A user pool declares a password policy of at least `minimumLength` characters (default 8) that requires upper case, lower case, numbers and symbols.",
        remediation: "Set passwordPolicy: { minimumLength: 8, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true }.",
        configSchema: { properties: { minimumLength: { type: "integer", minimum: 6, maximum: 99, default: 8 } } },
    }, (props, config) => {
        const policy = props.passwordPolicy;
        if (policy === undefined) return [["its password policy is not declared by the stack", "set passwordPolicy: { minimumLength: 8, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true }"]];
        const problems: Problem[] = [];
        const minimum = config.minimumLength ?? 8;
        const length = asNumber(get(policy, "minimumLength")) ?? 8;
        if (length < minimum) problems.push([`passwords may be ${length} characters, shorter than ${minimum}`, `set passwordPolicy.minimumLength to ${minimum} or more`]);
        const off = ["requireUppercase", "requireLowercase", "requireNumbers", "requireSymbols"].filter((k) => get(policy, k) === false);
        if (off.length > 0) problems.push([`the password policy turns off ${off.join(", ")}`, `set ${off.map((k) => `passwordPolicy.${k}: true`).join(", ")}`]);
        return problems;
    }),

    resourcePolicy<{ allowOptional?: boolean }>({
        name: "cognito-mfa", type: T.userPool, pillar: "Security",
        sources: ["AwsSolutions-COG2"],
        description: "A user pool requires multi-factor authentication (mfaConfiguration ON), or offers it (OPTIONAL) where `allowOptional` is set, with a free second factor: TOTP (softwareTokenMfaConfiguration) or email.",
        remediation: "Set mfaConfiguration: \"ON\" (or \"OPTIONAL\" with allowOptional) and softwareTokenMfaConfiguration: { enabled: true }.",
        configSchema: { properties: { allowOptional: { type: "boolean", default: false } } },
    }, (props, config) => {
        const mode = asString(props.mfaConfiguration) ?? "OFF";
        const accepted = config.allowOptional === true ? ["ON", "OPTIONAL"] : ["ON"];
        if (!accepted.includes(mode)) {
            return [[`MFA is ${mode}, so a stolen or guessed password is enough to take over an account`, `set mfaConfiguration: "${accepted.join("\" or \"")}" with softwareTokenMfaConfiguration: { enabled: true }`]];
        }
        const factor = get(props, "softwareTokenMfaConfiguration", "enabled") === true || props.emailMfaConfiguration !== undefined || props.smsConfiguration !== undefined;
        return factor ? [] : [["MFA is on but no second factor is enabled (softwareTokenMfaConfiguration.enabled is not true)", "set softwareTokenMfaConfiguration: { enabled: true } (TOTP costs nothing per message)"]];
    }),

    resourcePolicy<{ mode?: string }>({
        name: "cognito-threat-protection", type: T.userPool, pillar: "Security",
        sources: ["AwsSolutions-COG8"],
        description: "A user pool has threat protection (advanced security) in `mode` or stricter (default ENFORCED): it blocks sign-ins with leaked credentials or high risk. It needs the Plus feature plan, billed per monthly active user only.",
        remediation: "Set userPoolTier: \"PLUS\" and userPoolAddOns: { advancedSecurityMode: \"ENFORCED\" }.",
        configSchema: { properties: { mode: { type: "string", enum: ["AUDIT", "ENFORCED"], default: "ENFORCED" } } },
    }, (props, config) => {
        const levels = ["OFF", "AUDIT", "ENFORCED"];
        const mode = asString(get(props, "userPoolAddOns", "advancedSecurityMode")) ?? "OFF";
        const minimum = config.mode ?? "ENFORCED";
        const problems: Problem[] = [];
        if (levels.indexOf(mode) < levels.indexOf(minimum)) problems.push([`threat protection is ${mode}, so sign-ins with leaked passwords or from risky sources are not ${minimum === "AUDIT" ? "recorded" : "blocked"}`, `set userPoolAddOns: { advancedSecurityMode: "${minimum}" }`]);
        if (asString(props.userPoolTier) !== "PLUS") problems.push([`its feature plan is ${asString(props.userPoolTier) ?? "ESSENTIALS (the default)"}, which has no threat protection`, "set userPoolTier: \"PLUS\" (billed per monthly active user, nothing while idle)"]);
        return problems;
    }),

    resourcePolicy<{ stackClass?: string }>({
        name: "cognito-deletion-protection", type: T.userPool, pillar: "Reliability",
        sources: ["event-driven"],
        description: "In a production stack (stackClass prod), a user pool has deletion protection, so no API call or replacing update deletes every customer's account.",
        remediation: "Set deletionProtection: \"ACTIVE\" (and Pulumi protect) in production stacks.",
        configSchema: { properties: { stackClass: { type: "string", enum: ["dev", "prod"], default: "prod" } } },
    }, (props, config, args) => {
        if ((config.stackClass ?? "prod") !== "prod") args.notApplicable("dev user pools are torn down with their stack");
        return asString(props.deletionProtection) === "ACTIVE" ? [] :
            [[`deletion protection is ${asString(props.deletionProtection) ?? "INACTIVE (the default)"}, so one call deletes every customer account`, "set deletionProtection: \"ACTIVE\""]];
    }),

    resourcePolicy({
        name: "cognito-email-verification", type: T.userPool, pillar: "Security",
        sources: ["event-driven"],
        description: "A user pool that signs users in by email verifies the address at sign-up and keeps the old verified address until a new one is verified, so no one can claim or switch to someone else's email.",
        remediation: "Set autoVerifiedAttributes: [\"email\"] and userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: [\"email\"] }.",
    }, (props, _config, args) => {
        if (!usesEmailToSignIn(props)) args.notApplicable("users do not sign in by email");
        const problems: Problem[] = [];
        if (!asArray(props.autoVerifiedAttributes).map(String).includes("email")) problems.push(["email addresses are not verified at sign-up, so anyone can register someone else's address", "set autoVerifiedAttributes: [\"email\"]"]);
        if (!asArray(get(props, "userAttributeUpdateSettings", "attributesRequireVerificationBeforeUpdates")).map(String).includes("email")) {
            problems.push(["a changed email takes effect before it is verified, so an account can switch to an address its owner does not control", "set userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: [\"email\"] }"]);
        }
        return problems;
    }),

    resourcePolicy<{ confidentialClients?: string[] }>({
        name: "cognito-client-secret", type: CLIENTS, pillar: "Security",
        sources: ["event-driven"],
        description: "An app client that signs users in (authorization code flow) has no secret unless it is listed in `confidentialClients` (it runs on a server): a browser or mobile app cannot keep a secret, so shipping one only leaks it. Machine-to-machine clients (client_credentials only) keep theirs.",
        remediation: "Set generateSecret: false and use authorization code with PKCE, or list the client in confidentialClients if it runs on a server.",
        configSchema: { properties: { confidentialClients: { type: "array", items: { type: "string" } } } },
    }, (props, config, args) => {
        const flows = asArray(props.allowedOauthFlows).map(String);
        if (props.generateSecret !== true || !flows.some((f) => f === "code" || f === "implicit")) return [];
        return (config.confidentialClients ?? []).includes(args.name) ? [] :
            [["it signs users in through the browser but has a client secret, which a public client ships to every visitor", "set generateSecret: false and use authorization code with PKCE (or list the client in confidentialClients if only a server uses it)"]];
    }),

    resourcePolicy({
        name: "cognito-client-oauth-flows", type: CLIENTS, pillar: "Security",
        sources: ["event-driven"],
        description: "App clients use the authorization code flow (with PKCE), never the implicit grant (tokens in the URL fragment), and never send the password itself (USER_PASSWORD_AUTH) instead of an SRP proof.",
        remediation: "Set allowedOauthFlows: [\"code\"] and explicitAuthFlows without ALLOW_USER_PASSWORD_AUTH (e.g. [\"ALLOW_USER_SRP_AUTH\", \"ALLOW_REFRESH_TOKEN_AUTH\"]).",
    }, (props) => {
        const problems: Problem[] = [];
        if (asArray(props.allowedOauthFlows).map(String).includes("implicit")) problems.push(["it allows the implicit grant, which returns tokens in the URL where history, logs and referrers can read them", "set allowedOauthFlows: [\"code\"] and use PKCE"]);
        const plaintext = asArray(props.explicitAuthFlows).map(String).filter((f) => PLAINTEXT_PASSWORD_FLOWS.includes(f));
        if (plaintext.length > 0) problems.push([`it allows ${plaintext.join(", ")}, which sends the user's password itself to Cognito`, "remove it from explicitAuthFlows and use ALLOW_USER_SRP_AUTH (the managed login does)"]);
        return problems;
    }),

    resourcePolicy<{ maxAccessTokenMinutes?: number; maxRefreshTokenDays?: number }>({
        name: "cognito-client-token-validity", type: CLIENTS, pillar: "Security",
        sources: ["event-driven"],
        description: "App client tokens are short-lived (access and ID tokens at most `maxAccessTokenMinutes`, default 60; refresh tokens at most `maxRefreshTokenDays`, default 30) and revocable (enableTokenRevocation not false).",
        remediation: "Set accessTokenValidity and idTokenValidity to 60 minutes or less, refreshTokenValidity to 30 days or less (with tokenValidityUnits), and leave enableTokenRevocation true.",
        configSchema: { properties: { maxAccessTokenMinutes: { type: "integer", minimum: 5, maximum: 1440, default: 60 }, maxRefreshTokenDays: { type: "integer", minimum: 1, maximum: 3650, default: 30 } } },
    }, (props, config) => {
        const problems: Problem[] = [];
        const maxAccess = (config.maxAccessTokenMinutes ?? 60) * 60;
        for (const token of ["accessToken", "idToken"] as const) {
            const seconds = validitySeconds(props, token);
            if (seconds > maxAccess) problems.push([`${token === "accessToken" ? "access" : "ID"} tokens stay valid ${seconds / 60} minutes, longer than ${maxAccess / 60}`, `set ${token}Validity to ${maxAccess / 60} minutes or less (tokenValidityUnits.${token})`]);
        }
        const maxRefresh = (config.maxRefreshTokenDays ?? 30) * 86_400;
        const refresh = validitySeconds(props, "refreshToken");
        if (refresh > maxRefresh) problems.push([`refresh tokens stay valid ${refresh / 86_400} days, longer than ${maxRefresh / 86_400}`, `set refreshTokenValidity to ${maxRefresh / 86_400} days or less`]);
        if (props.enableTokenRevocation === false) problems.push(["token revocation is off, so signing out cannot invalidate a stolen refresh token", "set enableTokenRevocation: true"]);
        return problems;
    }),

    resourcePolicy({
        name: "cognito-client-prevent-user-existence-errors", type: CLIENTS, pillar: "Security",
        sources: ["event-driven"],
        description: "App clients answer a sign-in or password reset for an unknown user exactly as for a wrong password (preventUserExistenceErrors ENABLED), so the API cannot be used to discover who has an account.",
        remediation: "Set preventUserExistenceErrors: \"ENABLED\".",
    }, (props) => asString(props.preventUserExistenceErrors) === "ENABLED" ? [] :
        [[`preventUserExistenceErrors is ${asString(props.preventUserExistenceErrors) ?? "LEGACY (the API default)"}, so sign-in and reset errors reveal which emails have accounts`, "set preventUserExistenceErrors: \"ENABLED\""]]),

    resourcePolicy<{ unauthenticatedAllowed?: string[] }>({
        name: "cognito-identity-pool-authenticated", type: T.identityPool, pillar: "Security",
        sources: ["AwsSolutions-COG7", "CKV_AWS_366"],
        description: "Identity pools hand AWS credentials only to signed-in users (no unauthenticated guests, unless listed in `unauthenticatedAllowed`) and only through the enhanced flow (allowClassicFlow not true).",
        remediation: "Set allowUnauthenticatedIdentities: false and allowClassicFlow: false.",
        configSchema: { properties: { unauthenticatedAllowed: { type: "array", items: { type: "string" } } } },
    }, (props, config, args) => {
        const problems: Problem[] = [];
        if (props.allowUnauthenticatedIdentities === true && !(config.unauthenticatedAllowed ?? []).includes(args.name)) {
            problems.push(["it gives AWS credentials to anyone who asks, signed in or not", "set allowUnauthenticatedIdentities: false, or list the pool in unauthenticatedAllowed with the reason and a minimal guest role"]);
        }
        if (props.allowClassicFlow === true) problems.push(["it allows the basic (classic) flow, which skips the enhanced flow's session policy", "set allowClassicFlow: false"]);
        return problems;
    }),
];
