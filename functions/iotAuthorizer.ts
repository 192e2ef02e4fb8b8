/**
 * The AWS IoT Core custom authorizer for browsers. A browser presents a customer token; a valid one gets a
 * policy that lets it connect only with a client id bound to that customer and subscribe/receive only on
 * that customer's topic. Never a wildcard topic. Anything else is refused.
 *
 * Token format (compact, URL-safe): `<payload>.<signature>`, where
 *   payload   = base64url(JSON.stringify({ customerId, exp }))   exp: expiry, epoch seconds
 *   signature = base64url(HMAC-SHA256(secret, payload))
 * The secret lives in SSM Parameter Store (SecureString) and is read once per cold start.
 */
import { createHmac, timingSafeEqual } from "crypto";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { CUSTOMER_ID } from "../contracts/events";
import { createLogger } from "./logging";

/** IoT bounds for disconnectAfterInSeconds and refreshAfterInSeconds. */
export const MIN_SESSION_SECONDS = 300;
export const MAX_SESSION_SECONDS = 86_400;
/** Tokens may live at most this long, so a leaked token is bounded. */
export const MAX_TOKEN_LIFETIME_SECONDS = 86_400;
/** Separates the customer id from the browser's own suffix in the MQTT client id; customer ids cannot contain it. */
export const CLIENT_ID_SEPARATOR = ".";

export interface TokenClaims {
    readonly customerId: string;
    /** Expiry, epoch seconds. */
    readonly exp: number;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString("base64url");
const sign = (secret: string, payload: string): Buffer => createHmac("sha256", secret).update(payload).digest();

/** Issues a token (used by whatever authenticates the customer, and by tests). */
export function signToken(secret: string, claims: TokenClaims): string {
    const payload = b64url(JSON.stringify({ customerId: claims.customerId, exp: claims.exp }));
    return `${payload}.${b64url(sign(secret, payload))}`;
}

export type TokenCheck = { valid: true; claims: TokenClaims } | { valid: false; reason: "missing" | "malformed" | "forged" | "expired" | "too-long-lived" };

/** Verifies signature first (constant time), then shape, then expiry. */
export function verifyToken(secret: string, token: string | undefined, nowSeconds: number): TokenCheck {
    if (!token) return { valid: false, reason: "missing" };
    const parts = token.split(".");
    if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) {
        return { valid: false, reason: "malformed" };
    }
    const [payload, signature] = parts;
    const expected = sign(secret, payload);
    const given = Buffer.from(signature, "base64url");
    // base64url decoding ignores the low bits of the last character: only the canonical spelling is accepted.
    if (given.toString("base64url") !== signature) return { valid: false, reason: "malformed" };
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: "forged" };
    let claims: unknown;
    try {
        claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
        return { valid: false, reason: "malformed" };
    }
    const { customerId, exp } = (claims ?? {}) as Partial<TokenClaims>;
    if (typeof customerId !== "string" || !CUSTOMER_ID.test(customerId) || typeof exp !== "number" || !Number.isInteger(exp)) {
        return { valid: false, reason: "malformed" };
    }
    if (exp <= nowSeconds) return { valid: false, reason: "expired" };
    if (exp - nowSeconds > MAX_TOKEN_LIFETIME_SECONDS) return { valid: false, reason: "too-long-lived" };
    return { valid: true, claims: { customerId, exp } };
}

/** The subset of the IoT custom authorizer event the function reads. */
export interface IotAuthorizerEvent {
    token?: string;
    signatureVerified?: boolean;
    protocols?: string[];
    protocolData?: {
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

/** The token from the WebSocket query string (`?token=`), the authorizer's token field, or the MQTT password. */
export function tokenFrom(event: IotAuthorizerEvent): string | undefined {
    if (event.token) return event.token;
    const query = event.protocolData?.http?.queryString;
    if (query) {
        const fromQuery = new URLSearchParams(query.replace(/^\?/, "")).get("token");
        if (fromQuery) return fromQuery;
    }
    const password = event.protocolData?.mqtt?.password;
    return password ? Buffer.from(password, "base64").toString("utf8") : undefined;
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

/** Decides one connection. Pure: the secret and the clock are parameters. */
export function authorize(event: IotAuthorizerEvent, secret: string, settings: AuthorizerSettings, nowSeconds: number): { response: IotAuthorizerResponse; check: TokenCheck } {
    const check = verifyToken(secret, tokenFrom(event), nowSeconds);
    if (!check.valid) return { response: { ...DENIED }, check };
    const { customerId, exp } = check.claims;
    // The session ends at the token's expiry (IoT allows 300 s at the least); the refresh re-checks the token.
    const remaining = Math.min(MAX_SESSION_SECONDS, Math.max(MIN_SESSION_SECONDS, exp - nowSeconds));
    return {
        check,
        response: {
            isAuthenticated: true,
            // IoT requires [a-zA-Z0-9]{1,128}; hex keeps every customer id distinct (64 chars → 128 hex digits).
            principalId: Buffer.from(customerId, "utf8").toString("hex"),
            disconnectAfterInSeconds: remaining,
            refreshAfterInSeconds: remaining,
            policyDocuments: [customerPolicy(settings, customerId)],
        },
    };
}

/** The part of SSMClient the authorizer needs. */
export interface ParameterReader {
    send(command: GetParameterCommand): Promise<{ Parameter?: { Value?: string } }>;
}

export async function readSecret(ssm: ParameterReader, parameterName: string): Promise<string> {
    const result = await ssm.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
    const value = result.Parameter?.Value;
    if (!value) throw new Error(`SSM parameter ${parameterName} has no value`);
    return value;
}

/**
 * Handler factory (cold start): env SIGNING_PARAMETER_NAME (the parameter's name, never its value),
 * IOT_ARN_PREFIX, TOPIC_PREFIX. The secret is fetched once here; a failed fetch is retried on the next call.
 */
export function createIotAuthorizerHandler() {
    const parameterName = process.env.SIGNING_PARAMETER_NAME;
    const iotArnPrefix = process.env.IOT_ARN_PREFIX;
    const topicPrefix = process.env.TOPIC_PREFIX;
    if (!parameterName || !iotArnPrefix || !topicPrefix) throw new Error("SIGNING_PARAMETER_NAME, IOT_ARN_PREFIX and TOPIC_PREFIX must be set");
    const ssm = new SSMClient({});
    const logger = createLogger();
    let secret: Promise<string> | undefined;
    const loadSecret = () => (secret ??= readSecret(ssm, parameterName).catch((error: unknown) => {
        secret = undefined;
        throw error;
    }));
    void loadSecret().catch(() => undefined);
    return async (event: IotAuthorizerEvent): Promise<IotAuthorizerResponse> => {
        const { response, check } = authorize(event, await loadSecret(), { iotArnPrefix, topicPrefix }, Math.floor(Date.now() / 1000));
        logger.info("authorization", {
            connectionId: event.connectionMetadata?.id,
            authenticated: response.isAuthenticated,
            ...(check.valid ? { customerId: check.claims.customerId } : { reason: check.reason }),
        });
        return response;
    };
}
