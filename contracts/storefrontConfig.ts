/**
 * The runtime configuration the storefront reads from `/config.json` at start. The deployed StaticSite writes it from
 * the stack's outputs and the local runtime serves it, both through {@link storefrontConfig}, so one build of the
 * storefront runs against any stack.
 */

export interface AuthConfig {
    /** The OpenID Connect issuer (the Cognito user pool URL, or the local issuer). */
    readonly issuer: string;
    /** The public app client (no secret). */
    readonly clientId: string;
    /** The storefront's root: where the issuer sends the browser back after sign-in and sign-out. */
    readonly redirectUri: string;
}

export interface RealtimeConfig {
    /** The MQTT-over-WebSockets URL; the client appends the authorizer name and the token as query parameters. */
    readonly url: string;
    /** The IoT custom authorizer that checks the token. */
    readonly authorizerName: string;
    /** A customer's topic is `<topicPrefix>/<sub>`. */
    readonly topicPrefix: string;
}

export interface StorefrontConfig {
    readonly apiUrl: string;
    readonly auth: AuthConfig;
    readonly realtime: RealtimeConfig;
}

/** The WebSocket URL of MQTT on an IoT Core data endpoint (its host, as aws.iot.getEndpoint returns it). */
export const iotWebSocketUrl = (dataEndpointHost: string): string => `wss://${dataEndpointHost}/mqtt`;

/** The configuration, built from the values a stack has (no trailing slash on the API, one on the redirect URI). */
export function storefrontConfig(values: {
    apiUrl: string; issuer: string; clientId: string; siteUrl: string; realtimeUrl: string; authorizerName: string; topicPrefix: string;
}): StorefrontConfig {
    return {
        apiUrl: values.apiUrl.replace(/\/+$/, ""),
        auth: { issuer: values.issuer, clientId: values.clientId, redirectUri: values.siteUrl.endsWith("/") ? values.siteUrl : `${values.siteUrl}/` },
        realtime: { url: values.realtimeUrl, authorizerName: values.authorizerName, topicPrefix: values.topicPrefix },
    };
}
