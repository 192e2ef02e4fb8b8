import type { MockResource } from "../../tools/mockProgram";
import { T } from "./resources";
import { gb, Tally, UsageContext } from "./tally";

/** Bytes of one access-log line of a stage: its format with every `$context` variable at the assumed average length. */
export function accessLogBytes(stage: MockResource, variableBytes: number): number {
    const format = String(stage.inputs.accessLogSettings?.format ?? "");
    const variables = format.match(/\$context\.[A-Za-z0-9_.]+/g) ?? [];
    return Buffer.byteLength(format.replace(/\$context\.[A-Za-z0-9_.]+/g, "")) + variables.length * variableBytes + 1;
}

/**
 * The HTTP API: each route's requests per order and the function it invokes (a trace root: HTTP APIs pass no trace
 * header), the CORS preflights a browser on another origin sends first, and one access-log line per request.
 * A route with a path parameter has a new URL per order, so each request needs its own preflight; a fixed URL is
 * preflighted once per shopping session while the preflight cache (max-age, capped by the browser) lasts.
 */
export function apiUsage(ctx: UsageContext, tally: Tally): void {
    const { idx, assumptions } = ctx;
    const stages = idx.ofType(T.stage).filter((s) => s.inputs.accessLogSettings);
    const logBytes = stages.reduce((sum, s) => sum + accessLogBytes(s, assumptions.accessLogVariableBytes.value), 0);
    const apis = idx.ofType(T.api);
    const cors = apis.find((a) => a.inputs.corsConfiguration)?.inputs.corsConfiguration;
    const sessionSeconds = assumptions.shopMinutesPerOrder.value * 60;
    const cacheSeconds = Math.min(Number(cors?.maxAge ?? 0), assumptions.preflightCacheSeconds.value);
    for (const route of idx.ofType(T.route)) {
        const key = String(route.inputs.routeKey);
        const requests = key.startsWith("GET ") ? assumptions.getOrderRequestsPerOrder.value : 1;
        tally.add({ service: "API Gateway", item: `${key} requests`, perOrder: requests, price: "httpApiRequest" });
        let preflights = 0;
        if (cors && !key.startsWith("OPTIONS ")) {
            preflights = /\{[^}]+\}/.test(key) || cacheSeconds <= 0 ? requests : Math.min(requests, Math.ceil(sessionSeconds / cacheSeconds));
            tally.add({ service: "API Gateway", item: `${key} CORS preflights`, perOrder: preflights, price: "httpApiRequest" });
        }
        if (logBytes > 0) tally.add({ service: "CloudWatch Logs", item: `${key} access logs (GB)`, perOrder: gb((requests + preflights) * logBytes), price: "logsIngestGb" });
        tally.invoke(idx.routeFunction(route), requests, true, `route ${key}`);
    }
    if (cors) tally.note("CORS preflights are priced as API requests: whether HTTP API bills the OPTIONS answers it gives itself is not confirmed");
}
