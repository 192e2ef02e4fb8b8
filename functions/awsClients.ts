/**
 * Every AWS SDK client of the platform's functions is created here, with the same bounds: a call that hangs
 * (an endpoint that accepts the connection and never answers) fails well inside the function's timeout, so the
 * handler still runs its own failure path (answer 503, release a claim, report a failed record) instead of being
 * killed by Lambda with the work half done.
 *
 * The SDK's defaults have no timeout at all, and its `requestTimeout` alone only logs a warning: it turns into an
 * error only with `throwOnRequestTimeout`.
 *
 * Credentials come from the environment only: Lambda always passes the role's credentials as AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (the local runtime passes dummy ones the same way), so the SDK's default
 * chain (profiles, SSO, processes, web identity, instance metadata) has nothing to find. The bundler substitutes
 * this module for that chain (components/bundle.ts), which keeps its code out of every function.
 *
 * The module imports no client: each function names the client class it needs (`createClient(S3Client)`), so its
 * bundle reaches only that client's code, and this module, substituted into every client, brings no other one along.
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";

export interface CallLimits {
    /** How long opening the connection (TCP and TLS) may take, in ms. */
    readonly connectionTimeoutMs: number;
    /** How long one attempt may take from sending the request to the whole response, in ms. */
    readonly requestTimeoutMs: number;
    /** Attempts per call, the first one included; the SDK's standard retry (backoff with jitter) spaces them. */
    readonly maxAttempts: number;
}

/**
 * The bounds of every call. One call gives up after at most maxAttempts × requestTimeoutMs plus the backoff
 * between attempts (about 3.2 s); in-region DynamoDB, EventBridge, S3 and IoT calls normally take milliseconds.
 * The functions run with a 10 s timeout (the component default), so a handler whose dependency hangs still has
 * the time to answer, and one further call (releasing a claim) fits as well. A function given a timeout below
 * 8 s would need smaller bounds.
 */
export const CALL_LIMITS: CallLimits = {
    connectionTimeoutMs: 1_000,
    requestTimeoutMs: 1_500,
    maxAttempts: 2,
};

/** The client settings that apply the limits. */
export function boundedClientConfig(limits: CallLimits = CALL_LIMITS) {
    return {
        requestHandler: {
            connectionTimeout: limits.connectionTimeoutMs,
            requestTimeout: limits.requestTimeoutMs,
            throwOnRequestTimeout: true,
        },
        maxAttempts: limits.maxAttempts,
    };
}

/**
 * The credentials of every client: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, when set, AWS_SESSION_TOKEN and
 * AWS_CREDENTIAL_EXPIRATION, read when a request is signed. Without them a call fails with CredentialsProviderError
 * ("Unable to find environment variable credentials").
 */
export function environmentCredentials(init?: Parameters<typeof fromEnv>[0]): ReturnType<typeof fromEnv> {
    return fromEnv(init);
}

/**
 * The SDK's default credential chain (`@aws-sdk/credential-provider-node`'s `defaultProvider`) inside a bundle: the
 * bundler aliases that package to this module, so a client that is given no credentials reads the environment too.
 */
export { environmentCredentials as defaultProvider };

/**
 * Extra client settings (tests pass endpoints and credentials); the limits always apply, and credentials default to
 * `environmentCredentials()`.
 */
export type ClientOptions<C> = Omit<C, "requestHandler" | "maxAttempts"> & { readonly limits?: CallLimits };

/** An SDK v3 client class. */
type ClientClass = new (...args: never) => unknown;
/** The configuration a client class's constructor takes. */
type ConfigOf<C extends ClientClass> = NonNullable<ConstructorParameters<C>[0]>;

/** A client of class `Client` with the call limits and, unless `options` gives others, the environment's credentials. */
export function createClient<C extends ClientClass>(Client: C, { limits, ...config }: ClientOptions<ConfigOf<C>> = {} as ClientOptions<ConfigOf<C>>): InstanceType<C> {
    const settings = { credentials: environmentCredentials(), ...config, ...boundedClientConfig(limits) };
    return new (Client as unknown as new (settings: object) => InstanceType<C>)(settings);
}
