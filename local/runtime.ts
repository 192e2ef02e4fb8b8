/**
 * `npm start`: the whole architecture on localhost, from the program's own resource graph. The program is evaluated
 * for the `local` stack under the mock engine; every function runs its real bundle, every rule its real pattern and
 * targets, every state machine its real definition. Customers sign in at a local OpenID Connect issuer standing in
 * for Cognito, call the HTTP API with the same JWT checks, and receive their order's progress over MQTT over
 * WebSockets through the real IoT authorizer.
 */
import { DEMO_CUSTOMERS } from "./oidcAccounts";
import { createGateway, GatewayRoute } from "./gateway";
import { createIotBroker, IotBroker } from "./iotBroker";
import { listenIotDataPlane } from "./iotDataPlane";
import { reporter, RuntimeLog } from "./log";
import { createOidcIssuer, OidcIssuer } from "./oidcIssuer";
import { bindOrigin, Origin } from "./origin";
import { evaluateProgram, LocalProgram } from "./program";
import { adminEndpoints } from "./admin";
import { Engines, rewritten, wireEngines } from "./wiring";
import { storefrontConfig } from "../contracts/storefrontConfig";
import { builtStorefront } from "../tools/storefront";

export interface LocalRuntimeOptions {
    /** The origin's port on 127.0.0.1; 0 picks a free one. @default 3000 */
    readonly port?: number;
    /** Keeps tables, objects, accounts and signing keys here, so orders and sign-ups survive a restart. @default memory only */
    readonly dataDir?: string;
    /** The program file. @default index.ts */
    readonly program?: string;
    /** Multiplies every retry, backoff and visibility wait (e.g. 0.01 to watch a message reach its DLQ in seconds). @default 1 */
    readonly timeScale?: number;
    readonly log: RuntimeLog;
}

export interface LocalRuntime {
    /** `http://localhost:<port>`: the storefront, /config.json and the API. */
    readonly url: string;
    readonly issuer: OidcIssuer;
    readonly broker: IotBroker;
    readonly engines: Engines;
    readonly program: LocalProgram;
    /** The seeded customers whose credentials `npm start` prints. */
    readonly demoCustomers: readonly { readonly email: string; readonly password: string }[];
    stop(): Promise<void>;
}

const one = (program: LocalProgram, type: string, what: string) => {
    const found = program.ofType(type);
    if (found.length !== 1) throw new Error(`the local runtime needs exactly one ${what} (${type}), but the program has ${found.length}`);
    return found[0];
};

/** Starts everything; on any failure what was started is stopped again and the error names what failed. */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    const log = options.log;
    const timeScale = options.timeScale ?? 1;
    const origin: Origin = await bindOrigin(options.port ?? 3000);
    const cleanups: (() => Promise<void> | void)[] = [() => origin.close()];
    const stop = async () => {
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    };
    try {
        const siteDirectory = builtStorefront((line) => reporter(log, "storefront")("storage", line));
        // The program as it would deploy, with this origin as its storefront and sign-in redirect.
        const program = await evaluateProgram({
            program: options.program,
            overrides: { corsAllowOrigins: [origin.url], authRedirectUrls: [`${origin.url}/`] },
        });

        const pool = one(program, "aws:cognito/userPool:UserPool", "user pool");
        const client = one(program, "aws:cognito/userPoolClient:UserPoolClient", "app client");
        const issuer = await createOidcIssuer({
            issuer: `${origin.url}/oidc`,
            clientId: client.id,
            redirectUris: [`${origin.url}/`],
            postLogoutRedirectUris: [`${origin.url}/`],
            dataDirectory: options.dataDir ? `${options.dataDir}/oidc` : undefined,
            log: (line) => reporter(log, "oidc")("auth", line),
        });
        cleanups.push(() => issuer.close());

        const authorizer = one(program, "aws:iot/authorizer:Authorizer", "IoT custom authorizer");
        const authorizerFn = program.byArn(authorizer.inputs.authorizerFunctionArn, "aws:lambda/function:Function");
        if (!authorizerFn) throw new Error(`IoT authorizer "${authorizer.name}" names function ${authorizer.inputs.authorizerFunctionArn}, which the program does not create`);
        const late: { engines?: Engines } = {};
        const broker = await createIotBroker({
            authorizerName: String(authorizer.state.name),
            iotArnPrefix: String(authorizerFn.inputs.environment?.variables?.IOT_ARN_PREFIX),
            authorize: async (event) => {
                const result = await late.engines!.lambda.invoke(String(authorizerFn.state.arn), event);
                if (result.functionError) throw new Error(`the IoT authorizer failed: ${JSON.stringify(result.payload)}`);
                return result.payload as never;
            },
            log: (line) => reporter(log, "iot")(/deliver/.test(line) ? "mqtt" : "auth", line),
        });
        cleanups.push(() => broker.close());
        const dataPlane = await listenIotDataPlane(broker, { log: (line) => reporter(log, "iot-data")("mqtt", line) });
        cleanups.push(() => dataPlane.close());

        // The values that name AWS endpoints point at their local twins; names of tables, buses and buckets stay.
        const rewrite = new Map<string, string>([
            [`https://${pool.state.endpoint}`, issuer.issuer],
            [String(program.exports.iotDataEndpoint), dataPlane.url],
        ]);
        const engines = await wireEngines(program, { log, timeScale, dataDir: options.dataDir, rewrite });
        late.engines = engines;
        cleanups.push(() => engines.stop());

        const api = one(program, "aws:apigatewayv2/api:Api", "HTTP API");
        const stage = one(program, "aws:apigatewayv2/stage:Stage", "API stage");
        const routes: GatewayRoute[] = program.ofType("aws:apigatewayv2/route:Route").map((route) => {
            const integration = program.byId(String(route.inputs.target).replace(/^integrations\//, ""), "aws:apigatewayv2/integration:Integration");
            if (!integration) throw new Error(`route "${route.inputs.routeKey}" targets ${route.inputs.target}, which the program does not create`);
            const jwt = route.inputs.authorizationType === "JWT" ? program.byId(String(route.inputs.authorizerId), "aws:apigatewayv2/authorizer:Authorizer") : undefined;
            if (route.inputs.authorizationType === "JWT" && !jwt) throw new Error(`route "${route.inputs.routeKey}" names authorizer ${route.inputs.authorizerId}, which the program does not create`);
            const functionArn = String(integration.inputs.integrationUri);
            return {
                routeKey: String(route.inputs.routeKey),
                timeoutMs: integration.inputs.timeoutMilliseconds,
                authorizer: jwt ? {
                    issuer: rewritten(String(jwt.inputs.jwtConfiguration.issuer), rewrite),
                    audience: jwt.inputs.jwtConfiguration.audiences,
                } : undefined,
                invoke: async (event) => {
                    const result = await engines.lambda.invoke(functionArn, event);
                    if (result.functionError) throw new Error(`the function behind ${route.inputs.routeKey} failed: ${JSON.stringify(result.payload)}`);
                    return result.payload;
                },
            };
        });
        const gateway = createGateway({
            routes,
            corsConfiguration: api.inputs.corsConfiguration,
            defaultRouteSettings: stage.inputs.defaultRouteSettings,
            apiId: api.id,
            log: (line) => reporter(log, "api")("request", line),
        });

        const realtimeUrl = `ws://localhost:${origin.port}/mqtt`;
        origin.serve({
            mounts: [issuer, adminEndpoints(engines, program), gateway],
            upgrade: (req, socket, head) => broker.handleUpgrade(req, socket, head),
            siteDirectory,
            securityHeaders: securityHeaders(program),
            connectTo: [realtimeUrl],
            config: storefrontConfig({
                apiUrl: origin.url, issuer: issuer.issuer, clientId: issuer.clientId, siteUrl: `${origin.url}/`, realtimeUrl,
                authorizerName: String(authorizer.state.name), topicPrefix: String(program.exports.iotTopicPrefix),
            }),
        });
        return { url: origin.url, issuer, broker, engines, program, demoCustomers: DEMO_CUSTOMERS, stop };
    } catch (error) {
        await stop().catch(() => undefined);
        throw error;
    }
}

/** The storefront's response headers, as the program's CloudFront response headers policy sets them. */
function securityHeaders(program: LocalProgram): Record<string, string> {
    const policy = program.ofType("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy")[0]?.inputs.securityHeadersConfig;
    if (!policy) return {};
    const headers: Record<string, string> = {};
    if (policy.contentSecurityPolicy) headers["content-security-policy"] = policy.contentSecurityPolicy.contentSecurityPolicy;
    if (policy.frameOptions) headers["x-frame-options"] = policy.frameOptions.frameOption;
    if (policy.contentTypeOptions) headers["x-content-type-options"] = "nosniff";
    if (policy.referrerPolicy) headers["referrer-policy"] = policy.referrerPolicy.referrerPolicy;
    const hsts = policy.strictTransportSecurity;
    if (hsts) headers["strict-transport-security"] = `max-age=${hsts.accessControlMaxAgeSec}${hsts.includeSubdomains ? "; includeSubDomains" : ""}${hsts.preload ? "; preload" : ""}`;
    return headers;
}
