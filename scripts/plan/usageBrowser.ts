import type { MockResource } from "../../tools/mockProgram";
import type { PriceKey } from "../../pricing/prices";
import { T } from "./resources";
import { gb, Tally, UsageContext } from "./tally";

/** The user pool tier's monthly price per active user (Cognito's default tier is Essentials). */
const TIER_PRICES: Record<string, PriceKey> = { PLUS: "cognitoPlusMau", ESSENTIALS: "cognitoEssentialsMau", LITE: "cognitoLiteMau" };

/** Minutes an ID token of the client lives: the live connection is authorised for that long, then reconnects. */
function tokenMinutes(client: MockResource | undefined): number {
    if (!client) return 60;
    const value = Number(client.inputs.idTokenValidity ?? 60);
    const unit = String(client.inputs.tokenValidityUnits?.idToken ?? "hours");
    return unit === "minutes" ? value : unit === "seconds" ? value / 60 : unit === "days" ? value * 1440 : value * 60;
}

/** Requests per order a browser makes for a file, from its Cache-Control and the page loads of one order. */
export function loadsPerOrder(cacheControl: string, pageLoads: number, coldCacheShare: number, visitSeconds: number): number {
    if (/no-cache|no-store|max-age=0\b/.test(cacheControl)) return pageLoads;
    const maxAge = Number(/max-age=(\d+)/.exec(cacheControl)?.[1] ?? 0);
    // Cached longer than a day: only a browser that has never loaded it (a new customer, or a new build) asks again.
    return maxAge >= 86_400 ? coldCacheShare : maxAge > visitSeconds ? 1 : pageLoads;
}

/**
 * The customer's browser: the storefront's files through CloudFront (requests, bytes, origin GETs for uncached
 * paths, one standard-log record each), the signed-in customer in Cognito (per monthly active user), and the live
 * connection to IoT Core (connection minutes, CONNECT and SUBSCRIBE, the custom authorizer per connection).
 */
export function browserUsage(ctx: UsageContext, tally: Tally): void {
    const { idx, assumptions } = ctx;
    const pageLoads = assumptions.pageLoadsPerOrder.value;
    const cold = assumptions.newCustomerShare.value;
    const visitSeconds = assumptions.shopMinutesPerOrder.value * 60;
    const logged = idx.ofType(T.logDelivery).length > 0;
    let requests = 0;
    let bytes = 0;
    let originGets = 0;
    for (const file of ctx.site) {
        const loads = loadsPerOrder(file.cacheControl, pageLoads, cold, visitSeconds);
        requests += loads;
        bytes += loads * (file.transferBytes + assumptions.cloudfrontHeaderBytes.value);
        if (file.uncached) originGets += loads;
    }
    if (requests > 0) {
        tally.add({ service: "CloudFront", item: `storefront requests (${ctx.site.length} files)`, perOrder: requests, price: "cloudfrontHttpsRequest" });
        tally.add({ service: "CloudFront", item: "storefront bytes to browsers (GB)", perOrder: gb(bytes), price: "cloudfrontDataOutGb" });
        tally.add({ service: "S3", item: "storefront origin GETs (uncached paths)", perOrder: originGets, price: "s3Get" });
        if (logged) tally.add({ service: "CloudWatch Logs", item: "storefront access logs (GB, vended)", perOrder: gb(requests * assumptions.cloudfrontLogRecordBytes.value), price: "logsVendedGb" });
    }

    for (const pool of idx.ofType(T.userPool)) {
        const tier = String(pool.inputs.userPoolTier ?? "ESSENTIALS").toUpperCase();
        tally.add({
            service: "Cognito", item: `${pool.name} monthly active users (${tier}, ${assumptions.ordersPerCustomerPerMonth.value} order per customer a month)`,
            perOrder: 1 / assumptions.ordersPerCustomerPerMonth.value, price: TIER_PRICES[tier] ?? "cognitoEssentialsMau",
        });
    }

    const minutes = assumptions.shopMinutesPerOrder.value;
    const connections = Math.ceil(minutes / tokenMinutes(idx.ofType(T.userPoolClient)[0]));
    for (const authorizer of idx.ofType(T.iotAuthorizer)) {
        tally.invoke(idx.lambda(authorizer.inputs.authorizerFunctionArn), connections, true, `authorizer ${authorizer.name}`);
        tally.add({ service: "IoT Core", item: `CONNECT and SUBSCRIBE (${connections} connection${connections === 1 ? "" : "s"} per order)`,
            perOrder: connections * assumptions.iotMessagesPerConnection.value, price: "iotMessage" });
        tally.add({ service: "IoT Core", item: `connection minutes (${minutes} per order)`, perOrder: minutes, price: "iotConnectionMinute" });
    }
}
