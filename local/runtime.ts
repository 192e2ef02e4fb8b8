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
import { evaluateProgram, LocalProgram, ProgramResource } from "./program";
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
    /** The issuer standing in for the program's user pool (none when the program has none). */
    readonly issuer?: OidcIssuer;
    /** The broker standing in for IoT Core (none when the program has no IoT authorizer). */
    readonly broker?: IotBroker;
    readonly engines: Engines;
    readonly program: LocalProgram;
    /** The seeded customers whose credentials `npm start` prints. */
    readonly demoCustomers: readonly { readonly email: string; readonly password: string }[];
    stop(): Promise<void>;
}

/** The one resource of `type`, or none; the runtime runs one of each, so a second stops the start, naming both. */
const optional = (program: LocalProgram, type: string, what: string): ProgramResource | undefined => {
    const found = program.ofType(type);
    if (found.length > 1) throw new Error(`the local runtime runs one ${what} (${type}), but the program has ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    return found[0];
};

/** IoT Core: the broker deciding connections with the program's authorizer function, and the data endpoint the notifier calls. */
async function startRealtime(program: LocalProgram, log: RuntimeLog, engines: () => Engines) {
    const authorizer = optional(program, "aws:iot/authorizer:Authorizer", "IoT custom authorizer");
    if (!authorizer) return undefined;
    const fn = program.byArn(authorizer.inputs.authorizerFunctionArn, "aws:lambda/function:Function");
    if (!fn) throw new Error(`IoT authorizer "${authorizer.name}" names function ${authorizer.inputs.authorizerFunctionArn}, which the program does not create`);
    const broker = await createIotBroker({
        authorizerName: String(authorizer.state.name),
        iotArnPrefix: String(fn.inputs.environment?.variables?.IOT_ARN_PREFIX),
        authorize: async (event) => {
            const result = await engines().lambda.invoke(String(fn.state.arn), event);
            if (result.functionError) throw new Error(`the IoT authorizer failed: ${JSON.stringify(result.payload)}`);
            return result.payload as never;
        },
        log: (line) => reporter(log, "iot")(/deliver/.test(line) ? "mqtt" : "auth", line.replace(/^mqtt /, "")),
    });
    const dataPlane = await listenIotDataPlane(broker, { log: (line) => reporter(log, "iot-data")("mqtt", line.replace(/^iot-data /, "")) });
    return {
        broker,
        authorizerName: String(authorizer.state.name),
        dataPlaneUrl: dataPlane.url,
        async close() {
            await dataPlane.close();
            await broker.close();
        },
    };
}

/** The HTTP API: its routes, their integrations and JWT authorizers (against the local issuer), CORS and throttling. */
function httpApi(program: LocalProgram, engines: Engines, rewrite: ReadonlyMap<string, string>, log: RuntimeLog) {
    const api = optional(program, "aws:apigatewayv2/api:Api", "HTTP API");
    if (!api) return undefined;
    const stage = optional(program, "aws:apigatewayv2/stage:Stage", "API stage");
    const routes: GatewayRoute[] = program.ofType("aws:apigatewayv2/route:Route").map((route) => {
        const integration = program.byId(String(route.inputs.target).replace(/^integrations\//, ""), "aws:apigatewayv2/integration:Integration");
        if (!integration) throw new Error(`route "${route.inputs.routeKey}" targets ${route.inputs.target}, which the program does not create`);
        const jwt = route.inputs.authorizationType === "JWT" ? program.byId(String(route.inputs.authorizerId), "aws:apigatewayv2/authorizer:Authorizer") : undefined;
        if (route.inputs.authorizationType === "JWT" && !jwt) throw new Error(`route "${route.inputs.routeKey}" names authorizer ${route.inputs.authorizerId}, which the program does not create`);
        const functionArn = String(integration.inputs.integrationUri);
        return {
            routeKey: String(route.inputs.routeKey),
            timeoutMs: integration.inputs.timeoutMilliseconds,
            authorizer: jwt ? { issuer: rewritten(String(jwt.inputs.jwtConfiguration.issuer), rewrite), audience: jwt.inputs.jwtConfiguration.audiences } : undefined,
            invoke: async (event) => {
                const result = await engines.lambda.invoke(functionArn, event);
                if (result.functionError) throw new Error(`the function behind ${route.inputs.routeKey} failed: ${JSON.stringify(result.payload)}`);
                return result.payload;
            },
        };
    });
    return createGateway({
        routes,
        corsConfiguration: api.inputs.corsConfiguration,
        defaultRouteSettings: stage?.inputs.defaultRouteSettings,
        apiId: api.id,
        log: (line) => reporter(log, "api")("request", line.replace(/^api /, "")),
    });
}

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
        // The program as it would deploy, with this origin as its storefront and sign-in redirect.
        const program = await evaluateProgram({
            program: options.program,
            overrides: { corsAllowOrigins: [origin.url], authRedirectUrls: [`${origin.url}/`] },
        });

        // A program without customers, realtime or an API (a user's own composition) still runs what it has.
        const pool = optional(program, "aws:cognito/userPool:UserPool", "user pool");
        const client = optional(program, "aws:cognito/userPoolClient:UserPoolClient", "app client");
        const issuer = pool && client ? await createOidcIssuer({
            issuer: `${origin.url}/oidc`,
            clientId: client.id,
            // The pool's own rules and the client's token lifetime, so local sign-up and renewal behave as deployed.
            passwordPolicy: pool.inputs.passwordPolicy,
            tokenTtlSeconds: client.inputs.idTokenValidity !== undefined ? client.inputs.idTokenValidity * 60 : undefined,
            redirectUris: [`${origin.url}/`],
            postLogoutRedirectUris: [`${origin.url}/`],
            dataDirectory: options.dataDir ? `${options.dataDir}/oidc` : undefined,
            log: (line) => reporter(log, "oidc")("auth", line.replace(/^oidc /, "")),
        }) : undefined;
        if (issuer) cleanups.push(() => issuer.close());

        const late: { engines?: Engines } = {};
        const realtime = await startRealtime(program, log, () => late.engines!);
        if (realtime) cleanups.push(() => realtime.close());

        // The values that name AWS endpoints point at their local twins; names of tables, buses and buckets stay.
        const rewrite = new Map<string, string>();
        if (pool && issuer) rewrite.set(`https://${pool.state.endpoint}`, issuer.issuer);
        if (realtime) rewrite.set(String(program.exports.iotDataEndpoint), realtime.dataPlaneUrl);
        const engines = await wireEngines(program, { log, timeScale, dataDir: options.dataDir, rewrite });
        late.engines = engines;
        cleanups.push(() => engines.stop());

        const gateway = httpApi(program, engines, rewrite, log);
        const realtimeUrl = `ws://localhost:${origin.port}/mqtt`;
        const authorizerName = realtime?.authorizerName;
        origin.serve({
            mounts: [...(issuer ? [issuer] : []), adminEndpoints(engines, program), ...(gateway ? [gateway] : [])],
            upgrade: (req, socket, head) => realtime?.broker.handleUpgrade(req, socket, head) ?? false,
            storefront: issuer && gateway && authorizerName ? {
                siteDirectory: builtStorefront((line) => reporter(log, "storefront")("storage", line)),
                securityHeaders: securityHeaders(program),
                connectTo: [realtimeUrl],
                config: storefrontConfig({
                    apiUrl: origin.url, issuer: issuer.issuer, clientId: issuer.clientId, siteUrl: `${origin.url}/`, realtimeUrl,
                    authorizerName, topicPrefix: String(program.exports.iotTopicPrefix),
                }),
            } : undefined,
        });
        return { url: origin.url, issuer, broker: realtime?.broker, engines, program, demoCustomers: issuer ? DEMO_CUSTOMERS : [], stop };
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
