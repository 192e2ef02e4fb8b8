/**
 * THE price table of the plan: one file, every price the idle cost and the cost per order use.
 * All prices are on-demand list prices for us-east-1 (N. Virginia), first pricing tier, without free tiers
 * (a free tier hides the shape of the cost; the plan states it once as a note instead).
 * When AWS changes a price, change it here, with the date you checked it.
 */

export const PRICE_REGION = "us-east-1";

export interface Price {
    /** US dollars per `unit`. */
    readonly usd: number;
    /** What one `usd` buys, e.g. "per GB-second". */
    readonly unit: string;
    readonly region: typeof PRICE_REGION;
    /** Where the price was read. */
    readonly source: string;
    /** The day the price was checked against `source` (ISO date), or "not re-checked" for the indicative catalogue. */
    readonly checked: string;
    /** What the price does not cover, or how AWS meters it. */
    readonly note?: string;
}

const CHECKED = "2026-11-26";
const price = (usd: number, unit: string, source: string, note?: string): Price =>
    ({ usd, unit, region: PRICE_REGION, source, checked: CHECKED, note });

export const PRICES = {
    lambdaRequest: price(0.20 / 1e6, "per request", "https://aws.amazon.com/lambda/pricing/", "same for arm64 and x86_64"),
    lambdaArmGbSecond: price(0.0000133334, "per GB-second (arm64)", "https://aws.amazon.com/lambda/pricing/", "first 7.5B GB-s per month; billed per 1 ms"),
    lambdaX86GbSecond: price(0.0000166667, "per GB-second (x86_64)", "https://aws.amazon.com/lambda/pricing/", "first 6B GB-s per month; billed per 1 ms"),
    sfnStandardTransition: price(0.025 / 1000, "per state transition (Standard)", "https://aws.amazon.com/step-functions/pricing/", "each retry is another transition"),
    sfnExpressRequest: price(1.00 / 1e6, "per execution (Express)", "https://aws.amazon.com/step-functions/pricing/"),
    sfnExpressGbSecond: price(0.00001667, "per GB-second (Express)", "https://aws.amazon.com/step-functions/pricing/", "first 1,000 GB-hours; duration rounded up to 100 ms, memory billed in 64 MB chunks"),
    eventBridgeCustomEvent: price(1.00 / 1e6, "per custom event (64 KB chunk)", "https://aws.amazon.com/eventbridge/pricing/", "AWS service events on the default bus are free; events delivered to a bus in another account or region are charged as custom events"),
    eventBridgeArchiveGb: price(0.10, "per GB archived", "https://aws.amazon.com/eventbridge/pricing/", "plus $0.023 per GB-month stored"),
    httpApiRequest: price(1.00 / 1e6, "per request (HTTP API)", "https://aws.amazon.com/api-gateway/pricing/", "first 300M per month; metered in 512 KB increments"),
    dynamoWriteUnit: price(0.625 / 1e6, "per write request unit (on-demand)", "https://aws.amazon.com/dynamodb/pricing/on-demand/", "since the November 2024 price cut; 1 WRU = one write of up to 1 KB"),
    dynamoReadUnit: price(0.125 / 1e6, "per read request unit (on-demand)", "https://aws.amazon.com/dynamodb/pricing/on-demand/", "1 RRU = one strongly consistent read of up to 4 KB"),
    sqsRequest: price(0.40 / 1e6, "per request (Standard queue, 64 KB chunk)", "https://aws.amazon.com/sqs/pricing/", "empty receives count too"),
    s3Put: price(0.005 / 1000, "per PUT request (S3 Standard)", "https://aws.amazon.com/s3/pricing/"),
    snsPublish: price(0.50 / 1e6, "per publish (Standard topic)", "https://aws.amazon.com/sns/pricing/"),
    snsEmail: price(2.00 / 100_000, "per email delivery", "https://aws.amazon.com/sns/pricing/"),
    iotMessage: price(1.00 / 1e6, "per message (5 KB increments)", "https://aws.amazon.com/iot-core/pricing/", "first 1B messages per month"),
    logsIngestGb: price(0.50, "per GB ingested (Standard log class)", "https://aws.amazon.com/cloudwatch/pricing/", "plus $0.03 per GB-month stored"),
    xrayTrace: price(5.00 / 1e6, "per trace recorded", "https://aws.amazon.com/xray/pricing/"),
    kmsRequest: price(0.03 / 10_000, "per KMS request", "https://aws.amazon.com/kms/pricing/"),

    // Monthly prices of what is billed while idle, keyed as pricing/hourlyBilled.ts names them.
    "kms.customerManagedKey": price(1.00, "per customer-managed key per month", "https://aws.amazon.com/kms/pricing/", "each of the first two automatic rotations adds $1/month (at most $3/month per key)"),
    "cloudwatch.alarm.standard": price(0.10, "per standard-resolution alarm metric per month", "https://aws.amazon.com/cloudwatch/pricing/", "10 alarm metrics free per account"),
    "cloudwatch.alarm.highResolution": price(0.30, "per high-resolution alarm metric per month", "https://aws.amazon.com/cloudwatch/pricing/"),
    "cloudwatch.alarm.composite": price(0.50, "per composite alarm per month", "https://aws.amazon.com/cloudwatch/pricing/"),
    "cloudwatch.dashboard": price(3.00, "per dashboard per month", "https://aws.amazon.com/cloudwatch/pricing/", "3 dashboards of up to 50 metrics free per account"),
    ...indicativeCatalogue(),
} as const satisfies Record<string, Price>;

/**
 * Idle prices of resource types the platform never creates, so that the plan can still price them if someone adds
 * one. Indicative: the smallest common configuration at 730 hours a month, not re-checked for this release.
 */
function indicativeCatalogue() {
    const hourly = (usdPerHour: number, what: string, source: string) =>
        ({ usd: Math.round(usdPerHour * 730 * 100) / 100, unit: `per month (${what}, 730 h)`, region: PRICE_REGION, source, checked: "not re-checked", note: "indicative; the platform creates none" } as Price);
    const monthly = (usd: number, what: string, source: string) =>
        ({ usd, unit: `per month (${what})`, region: PRICE_REGION, source, checked: "not re-checked", note: "indicative; the platform creates none" } as Price);
    return {
        "secretsManager.secret": monthly(0.40, "secret", "https://aws.amazon.com/secrets-manager/pricing/"),
        "ssm.advancedParameter": monthly(0.05, "advanced parameter", "https://aws.amazon.com/systems-manager/pricing/"),
        "acmPca.certificateAuthority": monthly(400, "general-purpose private CA", "https://aws.amazon.com/private-ca/pricing/"),
        "waf.webAcl": monthly(5, "web ACL", "https://aws.amazon.com/waf/pricing/"),
        "waf.rule": monthly(1, "rule", "https://aws.amazon.com/waf/pricing/"),
        "shield.advanced": monthly(3000, "subscription", "https://aws.amazon.com/shield/pricing/"),
        "synthetics.canary": monthly(10.37, "canary every 5 minutes, $0.0012 per run", "https://aws.amazon.com/cloudwatch/pricing/"),
        "lambda.provisionedConcurrency": hourly(0.0000041667 * 3600, "1 GB environment", "https://aws.amazon.com/lambda/pricing/"),
        "ec2.instance": hourly(0.0104, "t3.micro", "https://aws.amazon.com/ec2/pricing/on-demand/"),
        "ecs.runningTask": hourly(0.25 * 0.04048 + 0.5 * 0.004445, "Fargate 0.25 vCPU, 0.5 GB", "https://aws.amazon.com/fargate/pricing/"),
        "appRunner.provisionedInstance": hourly(2 * 0.007, "2 GB provisioned", "https://aws.amazon.com/apprunner/pricing/"),
        "lightsail.instance": monthly(5, "smallest instance with IPv4", "https://aws.amazon.com/lightsail/pricing/"),
        "emr.cluster": hourly(0.192 + 0.048, "one m5.xlarge node", "https://aws.amazon.com/emr/pricing/"),
        "sagemaker.endpointInstance": hourly(0.056, "ml.t2.medium", "https://aws.amazon.com/sagemaker/pricing/"),
        "kinesisAnalytics.kpu": hourly(2 * 0.11, "1 KPU plus the orchestration KPU", "https://aws.amazon.com/managed-service-apache-flink/pricing/"),
        "workspaces.workspace": monthly(25, "standard bundle, monthly billing", "https://aws.amazon.com/workspaces/pricing/"),
        "vpc.natGateway": hourly(0.045, "NAT gateway", "https://aws.amazon.com/vpc/pricing/"),
        "vpc.publicIpv4": hourly(0.005, "public IPv4 address", "https://aws.amazon.com/vpc/pricing/"),
        "vpc.interfaceEndpoint": hourly(0.01, "interface endpoint per AZ", "https://aws.amazon.com/privatelink/pricing/"),
        "vpc.transitGatewayAttachment": hourly(0.05, "attachment", "https://aws.amazon.com/transit-gateway/pricing/"),
        "vpc.vpnConnection": hourly(0.05, "site-to-site VPN connection", "https://aws.amazon.com/vpn/pricing/"),
        "vpc.clientVpnAssociation": hourly(0.10, "client VPN subnet association", "https://aws.amazon.com/vpn/pricing/"),
        "networkFirewall.endpoint": hourly(0.395, "firewall endpoint", "https://aws.amazon.com/network-firewall/pricing/"),
        "elb.loadBalancer": hourly(0.0225, "Application Load Balancer, before LCUs", "https://aws.amazon.com/elasticloadbalancing/pricing/"),
        "globalAccelerator.accelerator": hourly(0.025, "accelerator", "https://aws.amazon.com/global-accelerator/pricing/"),
        "route53.hostedZone": monthly(0.50, "hosted zone", "https://aws.amazon.com/route53/pricing/"),
        "apiGateway.cacheCluster": hourly(0.02, "0.5 GB REST API cache", "https://aws.amazon.com/api-gateway/pricing/"),
        "dynamodb.provisionedWcu": hourly(0.00065, "1 provisioned WCU", "https://aws.amazon.com/dynamodb/pricing/provisioned/"),
        "dynamodb.provisionedRcu": hourly(0.00013, "1 provisioned RCU", "https://aws.amazon.com/dynamodb/pricing/provisioned/"),
        "kinesis.onDemandStream": hourly(0.04, "on-demand stream", "https://aws.amazon.com/kinesis/data-streams/pricing/"),
        "kinesis.shard": hourly(0.015, "shard", "https://aws.amazon.com/kinesis/data-streams/pricing/"),
        "rds.instance": hourly(0.016, "db.t4g.micro", "https://aws.amazon.com/rds/pricing/"),
        "docdb.instance": hourly(0.078, "db.t3.medium", "https://aws.amazon.com/documentdb/pricing/"),
        "neptune.instance": hourly(0.098, "db.t3.medium", "https://aws.amazon.com/neptune/pricing/"),
        "redshift.node": hourly(0.25, "dc2.large node", "https://aws.amazon.com/redshift/pricing/"),
        "elastiCache.node": hourly(0.016, "cache.t4g.micro", "https://aws.amazon.com/elasticache/pricing/"),
        "elastiCache.serverlessMinimum": hourly(0.125, "1 GB minimum metered storage", "https://aws.amazon.com/elasticache/pricing/"),
        "memoryDb.node": hourly(0.0336, "db.t4g.small", "https://aws.amazon.com/memorydb/pricing/"),
        "dax.node": hourly(0.04, "dax.t3.small", "https://aws.amazon.com/dynamodb/pricing/provisioned/"),
        "openSearch.instance": hourly(0.036, "t3.small.search", "https://aws.amazon.com/opensearch-service/pricing/"),
        "openSearch.serverlessMinimumOcu": hourly(0.24, "1 OCU minimum", "https://aws.amazon.com/opensearch-service/pricing/"),
        "msk.broker": hourly(0.0456, "kafka.t3.small broker", "https://aws.amazon.com/msk/pricing/"),
        "msk.serverlessCluster": hourly(0.75, "serverless cluster", "https://aws.amazon.com/msk/pricing/"),
        "mq.broker": hourly(0.0288, "mq.t3.micro", "https://aws.amazon.com/amazon-mq/pricing/"),
        "efs.provisionedThroughput": monthly(6, "1 MiB/s provisioned throughput", "https://aws.amazon.com/efs/pricing/"),
        "fsx.fileSystem": monthly(168, "1.2 TB scratch Lustre", "https://aws.amazon.com/fsx/pricing/"),
        "directoryService.directory": hourly(0.05, "small Simple AD", "https://aws.amazon.com/directoryservice/pricing/"),
    };
}

export type PriceKey = keyof typeof PRICES;
