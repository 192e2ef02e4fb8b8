/**
 * The AWS IoT Core custom authorizer for browsers. A browser connects over MQTT-over-WebSockets with its Cognito
 * ID token in the URL's `token` query parameter (the same token the HTTP API accepts). A token that verifies
 * (RS256 against the issuer's JWKS, issuer, audience = the app client id, expiry, not-before) and names a
 * customer gets a policy that lets it connect only with client ids of its own and subscribe/receive only on its
 * own topic; never a wildcard topic. Anything else is refused with no policy at all.
 */
import { JwtVerifier } from "aws-jwt-verify/jwt-verifier";
import {
    FetchError, JwksValidationError, JwkValidationError, JwtExpiredError, JwtInvalidAudienceError, JwtInvalidIssuerError,
    JwtInvalidSignatureAlgorithmError, JwtInvalidSignatureError, JwtNotBeforeError, JwtParseError, JwtWithoutValidKidError,
    KidNotFoundInJwksError, WaitPeriodNotYetEndedJwkError,
} from "aws-jwt-verify/error";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { CUSTOMER_ID } from "../contracts/events";
import { readEnvironment } from "./env";
import { HANDLERS } from "./handlers";
import { JwksFetcher, jwksUriFor } from "./jwks";
import { createLogger, withKeys } from "./logging";

/** IoT bounds for disconnectAfterInSeconds and refreshAfterInSeconds. */
export const MIN_SESSION_SECONDS = 300;
export const MAX_SESSION_SECONDS = 86_400;
/** Tokens may have at most this long left, so a leaked token is bounded (Cognito's ID tokens live 1 day at most). */
export const MAX_TOKEN_LIFETIME_SECONDS = 86_400;
/** Longer than any ID token Cognito issues; a longer one is refused before it is parsed. */
export const MAX_TOKEN_CHARS = 16_384;
/** Separates the customer id from the browser's own suffix in the MQTT client id; customer ids cannot contain it. */
export const CLIENT_ID_SEPARATOR = ".";
/** The only signature algorithm accepted: the one Cognito signs ID tokens with. */
export const TOKEN_ALGORITHM = "RS256";

/**
 * The IoT custom authorizer event, as IoT Core sends it. Only `protocolData.http.queryString` is read for the token:
 * that is where a browser's WebSocket URL puts it. `token` is filled only for authorizers with token signing, and
 * the MQTT password only by MQTT clients that are not browsers; neither is a way in here.
 */
export interface IotAuthorizerEvent {
    token?: string;
    signatureVerified?: boolean;
    protocols?: string[];
    protocolData?: {
        tls?: { serverName?: string };
        http?: { headers?: Record<string, string>; queryString?: string };
        mqtt?: { username?: string; password?: string; clientId?: string };
    };
    connectionMetadata?: { id?: string };
}

export interface IotPolicyDocument {
    Version: "2012-10-17";
    Statement: { Effect: "Allow" | "Deny"; Action: string[]; Resource: string[] }[];
}

export interface IotAuthorizerResponse {
    isAuthenticated: boolean;
    principalId: string;
    disconnectAfterInSeconds: number;
    refreshAfterInSeconds: number;
    policyDocuments: IotPolicyDocument[];
}

/** Verifies a token's signature and standard claims, resolving to its payload (aws-jwt-verify's JwtVerifier). */
export interface TokenVerifier {
    verify(token: string): Promise<Record<string, unknown>>;
}

export interface VerifierSettings {
    readonly issuer: string;
    /** The app client id, which an ID token carries as `aud`. */
    readonly audience: string;
    /** @default `<issuer>/.well-known/jwks.json` */
    readonly jwksUri?: string;
}

/** Thrown (and turned into a denial) when a verified token was signed with another algorithm than RS256. */
export class TokenAlgorithmError extends Error {
    constructor(alg: unknown) {
        super(`the token is signed with ${JSON.stringify(alg)}; only ${TOKEN_ALGORITHM} is accepted`);
        this.name = "TokenAlgorithmError";
    }
}

/**
 * The verifier, created once per cold start so that its JWKS cache survives warm invocations. (`JwtVerifier` is
 * what `JwtRsaVerifier` became in aws-jwt-verify 5, which keeps the old name as a deprecated alias.)
 */
export function createTokenVerifier(settings: VerifierSettings): TokenVerifier & { hydrate(): Promise<void> } {
    return JwtVerifier.create({
        issuer: settings.issuer,
        audience: settings.audience,
        jwksUri: jwksUriFor(settings.issuer, settings.jwksUri),
        customJwtCheck: ({ header }) => {
            if (header.alg !== TOKEN_ALGORITHM) throw new TokenAlgorithmError(header.alg);
        },
    }, { jwksCache: new SimpleJwksCache({ fetcher: new JwksFetcher() }) });
}

/**
 * Why a token failed verification, from aws-jwt-verify's error classes (matched by class: its errors carry no
 * `name`, and bundling renames constructors). Most specific first.
 */
const VERIFICATION_FAILURES: readonly [abstract new (...args: never[]) => Error, string][] = [
    [JwtExpiredError, "expired"],
    [JwtNotBeforeError, "not-yet-valid"],
    [JwtInvalidIssuerError, "wrong-issuer"],
    [JwtInvalidAudienceError, "wrong-audience"],
    [JwtInvalidSignatureAlgorithmError, "wrong-algorithm"],
    [TokenAlgorithmError, "wrong-algorithm"],
    [JwtInvalidSignatureError, "bad-signature"],
    [KidNotFoundInJwksError, "unknown-key"],
    [WaitPeriodNotYetEndedJwkError, "unknown-key"],
    [JwtWithoutValidKidError, "malformed"],
    [JwtParseError, "malformed"],
    [FetchError, "keys-unavailable"],
    [JwksValidationError, "keys-unavailable"],
    [JwkValidationError, "keys-unavailable"],
];

function failureOf(error: unknown): string {
    return VERIFICATION_FAILURES.find(([type]) => error instanceof type)?.[1] ?? "unverifiable";
}

export type TokenCheck =
    | { valid: true; customerId: string; exp: number }
    | { valid: false; reason: string };

/** The token from the WebSocket URL's query string: exactly one `token` parameter. */
export function tokenFrom(event: IotAuthorizerEvent): { token?: string; reason?: string } {
    const query = event.protocolData?.http?.queryString ?? "";
    const tokens = new URLSearchParams(query.replace(/^\?/, "")).getAll("token");
    if (tokens.length === 0 || tokens[0] === "") return { reason: "missing" };
    if (tokens.length > 1) return { reason: "several-tokens" };
    if (tokens[0].length > MAX_TOKEN_CHARS) return { reason: "too-long" };
    return { token: tokens[0] };
}

/** Verifies the token, then what the policy is built from: the customer id (sub) and the expiry. */
export async function checkToken(verifier: TokenVerifier, event: IotAuthorizerEvent, nowSeconds: number): Promise<TokenCheck> {
    const { token, reason } = tokenFrom(event);
    if (token === undefined) return { valid: false, reason: reason ?? "missing" };
    let payload: Record<string, unknown>;
    try {
        payload = await verifier.verify(token);
    } catch (error) {
        return { valid: false, reason: failureOf(error) };
    }
    const { sub, exp } = payload;
    if (typeof sub !== "string" || !CUSTOMER_ID.test(sub)) return { valid: false, reason: "sub-not-a-customer-id" };
    // aws-jwt-verify checks exp only when present; a session must end, so a token without one is refused.
    if (typeof exp !== "number" || !Number.isInteger(exp)) return { valid: false, reason: "no-expiry" };
    if (exp - nowSeconds > MAX_TOKEN_LIFETIME_SECONDS) return { valid: false, reason: "too-long-lived" };
    return { valid: true, customerId: sub, exp };
}

export interface AuthorizerSettings {
    /** `arn:aws:iot:<region>:<account>` */
    readonly iotArnPrefix: string;
    /** `orders/<stack>` */
    readonly topicPrefix: string;
}

/** The only policy a customer ever gets: its own client ids, its own topic, nothing else. */
export function customerPolicy(settings: AuthorizerSettings, customerId: string): IotPolicyDocument {
    const { iotArnPrefix, topicPrefix } = settings;
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["iot:Connect"], Resource: [`${iotArnPrefix}:client/${customerId}${CLIENT_ID_SEPARATOR}*`] },
            { Effect: "Allow", Action: ["iot:Subscribe"], Resource: [`${iotArnPrefix}:topicfilter/${topicPrefix}/${customerId}`] },
            { Effect: "Allow", Action: ["iot:Receive"], Resource: [`${iotArnPrefix}:topic/${topicPrefix}/${customerId}`] },
        ],
    };
}

const DENIED: IotAuthorizerResponse = {
    isAuthenticated: false,
    principalId: "unauthenticated",
    disconnectAfterInSeconds: MIN_SESSION_SECONDS,
    refreshAfterInSeconds: MIN_SESSION_SECONDS,
    policyDocuments: [],
};

/** Decides one connection. The verifier and the clock are parameters. */
export async function authorize(
    event: IotAuthorizerEvent, verifier: TokenVerifier, settings: AuthorizerSettings, nowSeconds = Math.floor(Date.now() / 1000),
): Promise<{ response: IotAuthorizerResponse; check: TokenCheck }> {
    const check = await checkToken(verifier, event, nowSeconds);
    if (!check.valid) return { response: { ...DENIED, policyDocuments: [] }, check };
    // The session ends at the token's expiry (IoT allows 300 s at the least); the refresh re-checks the token.
    const remaining = Math.min(MAX_SESSION_SECONDS, Math.max(MIN_SESSION_SECONDS, check.exp - nowSeconds));
    return {
        check,
        response: {
            isAuthenticated: true,
            // IoT requires [a-zA-Z0-9]{1,128}: the UUID's 32 hex digits, distinct per customer.
            principalId: check.customerId.replace(/-/g, ""),
            disconnectAfterInSeconds: remaining,
            refreshAfterInSeconds: remaining,
            policyDocuments: [customerPolicy(settings, check.customerId)],
        },
    };
}

/** Handler factory (cold start): the verifier and its key cache live as long as the execution environment. */
export function createIotAuthorizerHandler() {
    const env = readEnvironment(HANDLERS.iotAuthorizer);
    const verifier = createTokenVerifier({ issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, jwksUri: env.JWT_JWKS_URI });
    const settings: AuthorizerSettings = { iotArnPrefix: env.IOT_ARN_PREFIX, topicPrefix: env.TOPIC_PREFIX };
    const logger = createLogger();
    // Fetches the keys during init, so the first connection does not wait for them; if it fails, the first
    // verification fetches them again.
    void verifier.hydrate().catch((error: unknown) => logger.warn("could not prefetch the JWKS", error as Error));
    return async (event: IotAuthorizerEvent): Promise<IotAuthorizerResponse> => {
        const { response, check } = await authorize(event, verifier, settings);
        withKeys(logger, { customerId: check.valid ? check.customerId : undefined }).info("authorization", {
            connectionId: event.connectionMetadata?.id,
            authenticated: response.isAuthenticated,
            ...(check.valid ? {} : { reason: check.reason }),
        });
        return response;
    };
}
