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
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";
import { DynamoDBClient, DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, EventBridgeClientConfig } from "@aws-sdk/client-eventbridge";
import { IoTDataPlaneClient, IoTDataPlaneClientConfig } from "@aws-sdk/client-iot-data-plane";
import { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";

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

export function createDynamoDbClient({ limits, ...config }: ClientOptions<DynamoDBClientConfig> = {}): DynamoDBClient {
    return new DynamoDBClient({ credentials: environmentCredentials(), ...config, ...boundedClientConfig(limits) });
}

export function createEventBridgeClient({ limits, ...config }: ClientOptions<EventBridgeClientConfig> = {}): EventBridgeClient {
    return new EventBridgeClient({ credentials: environmentCredentials(), ...config, ...boundedClientConfig(limits) });
}

export function createS3Client({ limits, ...config }: ClientOptions<S3ClientConfig> = {}): S3Client {
    return new S3Client({ credentials: environmentCredentials(), ...config, ...boundedClientConfig(limits) });
}

export function createIotDataClient({ limits, ...config }: ClientOptions<IoTDataPlaneClientConfig> = {}): IoTDataPlaneClient {
    return new IoTDataPlaneClient({ credentials: environmentCredentials(), ...config, ...boundedClientConfig(limits) });
}
