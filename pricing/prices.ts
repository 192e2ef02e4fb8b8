/**
 * THE price table of the plan: one file, every price the idle cost and the cost per order use.
 * All prices are on-demand list prices for us-east-1 (N. Virginia), first pricing tier, without free tiers
 * (a free tier hides the shape of the cost; the plan states it once as a note instead).
 * When AWS changes a price, change it here, with the date you checked it and how.
 */
import { indicativeCatalogue } from "./indicativePrices";

export const PRICE_REGION = "us-east-1";

/** How a price was confirmed on the day it was checked. */
export type Confirmation =
    /** The AWS page's own text (its published copy) states it. */
    | "aws-page"
    /** Two or more independent transcriptions of the AWS page state it; the page itself renders it from a script. */
    | "transcriptions"
    /** Derived from confirmed prices (the derivation is in the note). */
    | "derived"
    /** Not confirmed: the note says what is missing. */
    | "unconfirmed";

export interface Price {
    /** US dollars per `unit`. */
    readonly usd: number;
    /** What one `usd` buys, e.g. "per GB-second". */
    readonly unit: string;
    readonly region: typeof PRICE_REGION;
    /** Where the price is published. */
    readonly source: string;
    /** The day the price was checked against `source` (ISO date), or "not re-checked" for the indicative catalogue. */
    readonly checked: string;
    readonly confirmation: Confirmation;
    /** What the price does not cover, or how AWS meters it. */
    readonly note?: string;
}

const CHECKED = "2026-12-01";
const price = (usd: number, unit: string, source: string, confirmation: Confirmation, note?: string): Price =>
    ({ usd, unit, region: PRICE_REGION, source, checked: CHECKED, confirmation, note });

/** DynamoDB Streams read requests a pipe makes polling one open shard for a month: 4 GetRecords a second (EventBridge Pipes docs). */
export const STREAM_POLLS_PER_SHARD_MONTH = 4 * 3600 * 730;

const STREAM_READ_USD = 0.02 / 100_000;

export const PRICES = {
    lambdaRequest: price(0.20 / 1e6, "per request", "https://aws.amazon.com/lambda/pricing/", "transcriptions", "same for arm64 and x86_64"),
    lambdaArmGbSecond: price(0.0000133334, "per GB-second (arm64)", "https://aws.amazon.com/lambda/pricing/", "transcriptions", "first 7.5B GB-s per month; billed per 1 ms; the INIT phase is billed too since 2025-08-01"),
    lambdaX86GbSecond: price(0.0000166667, "per GB-second (x86_64)", "https://aws.amazon.com/lambda/pricing/", "transcriptions", "first 6B GB-s per month; billed per 1 ms; the INIT phase is billed too since 2025-08-01"),
    sfnStandardTransition: price(0.025 / 1000, "per state transition (Standard)", "https://aws.amazon.com/step-functions/pricing/", "transcriptions", "each retry is another transition"),
    sfnExpressRequest: price(1.00 / 1e6, "per execution (Express)", "https://aws.amazon.com/step-functions/pricing/", "transcriptions"),
    sfnExpressGbSecond: price(0.00001667, "per GB-second (Express)", "https://aws.amazon.com/step-functions/pricing/", "aws-page", "first 1,000 GB-hours; duration rounded up to 100 ms, memory billed in 64 MB chunks"),
    eventBridgeCustomEvent: price(1.00 / 1e6, "per custom event (64 KB chunk)", "https://aws.amazon.com/eventbridge/pricing/", "transcriptions",
        "AWS service events on the default bus are free; an event sent to a bus in another account is charged to the sender as a custom event, the receiver pays nothing (EventBridge user guide, cross-account events)"),
    eventBridgeArchiveGb: price(0.10, "per GB archived", "https://aws.amazon.com/eventbridge/pricing/", "transcriptions", "plus $0.023 per GB-month stored"),
    // Confirmed only by transcriptions of the EventBridge page (its Pipes table renders from a script).
    pipesRequest: price(0.40 / 1e6, "per pipe request (64 KB chunk, after filtering)", "https://aws.amazon.com/eventbridge/pricing/", "transcriptions", "records the filter drops are not billed; the enrichment is billed by its own service"),
    httpApiRequest: price(1.00 / 1e6, "per request (HTTP API)", "https://aws.amazon.com/api-gateway/pricing/", "transcriptions", "first 300M per month; metered in 512 KB increments; JWT authorizers cost nothing extra"),
    dynamoWriteUnit: price(0.625 / 1e6, "per write request unit (on-demand)", "https://aws.amazon.com/dynamodb/pricing/on-demand/", "transcriptions", "since the November 2024 price cut; 1 WRU = one write of up to 1 KB"),
    dynamoReadUnit: price(0.125 / 1e6, "per read request unit (on-demand)", "https://aws.amazon.com/dynamodb/pricing/on-demand/", "aws-page", "1 RRU = one strongly consistent read of up to 4 KB"),
    dynamoStreamReadRequest: price(STREAM_READ_USD, "per DynamoDB Streams read request (GetRecords call)", "https://aws.amazon.com/dynamodb/pricing/on-demand/", "aws-page",
        "first 2.5M per month free; free only for Lambda triggers and global tables, so a pipe's polling is billed"),
    sqsRequest: price(0.40 / 1e6, "per request (Standard queue, 64 KB chunk)", "https://aws.amazon.com/sqs/pricing/", "transcriptions", "empty receives count too"),
    s3Put: price(0.005 / 1000, "per PUT request (S3 Standard)", "https://aws.amazon.com/s3/pricing/", "transcriptions"),
    s3Get: price(0.0004 / 1000, "per GET request (S3 Standard)", "https://aws.amazon.com/s3/pricing/", "transcriptions", "transfer to CloudFront and to services in the region is free"),
    s3StandardGbMonth: price(0.023, "per GB-month stored (S3 Standard, first 50 TB)", "https://aws.amazon.com/s3/pricing/", "transcriptions"),
    snsPublish: price(0.50 / 1e6, "per publish (Standard topic)", "https://aws.amazon.com/sns/pricing/", "transcriptions"),
    snsEmail: price(2.00 / 100_000, "per email delivery", "https://aws.amazon.com/sns/pricing/", "transcriptions"),
    iotMessage: price(1.00 / 1e6, "per message (5 KB increments)", "https://aws.amazon.com/iot-core/pricing/", "transcriptions",
        "first 1B messages per month; CONNECT, SUBSCRIBE, each PUBLISH in and out, and (MQTT 3.1.1) each PUBACK from a device are metered; PINGs, CONNACK, SUBACK and the broker's PUBACK are not"),
    iotConnectionMinute: price(0.08 / 1e6, "per connection minute", "https://aws.amazon.com/iot-core/pricing/", "transcriptions", "metered in one-minute increments"),
    logsIngestGb: price(0.50, "per GB ingested (Standard log class)", "https://aws.amazon.com/cloudwatch/pricing/", "transcriptions", "plus $0.03 per GB-month stored"),
    // Not confirmed: the pricing page renders its vended-logs table from a script; $0.50 is the standard ingestion price.
    logsVendedGb: price(0.50, "per GB of vended logs delivered to CloudWatch Logs", "https://aws.amazon.com/cloudwatch/pricing/", "unconfirmed",
        "CloudFront standard logging (v2) delivers as vended logs; $0.50 for the first 10 TB is the standard ingestion price, not found stated for vended logs"),
    xrayTrace: price(5.00 / 1e6, "per trace recorded", "https://aws.amazon.com/xray/pricing/", "transcriptions", "first 100,000 a month free"),
    cognitoPlusMau: price(0.020, "per monthly active user (Plus)", "https://aws.amazon.com/cognito/pricing/", "transcriptions", "no free tier on Plus; threat protection is included"),
    cognitoEssentialsMau: price(0.015, "per monthly active user (Essentials)", "https://aws.amazon.com/cognito/pricing/", "transcriptions", "10,000 MAU free per account"),
    cognitoLiteMau: price(0.0055, "per monthly active user (Lite)", "https://aws.amazon.com/cognito/pricing/", "transcriptions", "10,000 MAU free; less above 100,000 MAU"),
    cloudfrontHttpsRequest: price(0.0100 / 10_000, "per HTTPS request (United States, Mexico, Canada)", "https://aws.amazon.com/cloudfront/pricing/", "transcriptions", "10M requests a month free; Europe costs the same"),
    cloudfrontDataOutGb: price(0.085, "per GB to the internet (first 10 TB, United States, Mexico, Canada)", "https://aws.amazon.com/cloudfront/pricing/", "transcriptions", "1 TB a month free; origin fetches from S3 are free"),
    // Not confirmed: the inter-region rate is the EC2 page's standard one; EventBridge's page only says transfer is billed.
    dataTransferInterRegionGb: price(0.02, "per GB sent from us-east-1 to another region", "https://aws.amazon.com/ec2/pricing/on-demand/", "unconfirmed", "the standard inter-region rate; EventBridge bills it on cross-region delivery"),
    kmsRequest: price(0.03 / 10_000, "per KMS request", "https://aws.amazon.com/kms/pricing/", "transcriptions"),

    // Monthly prices of what is billed while idle, keyed as pricing/hourlyBilled.ts names them.
    "kms.customerManagedKey": price(1.00, "per customer-managed key per month", "https://aws.amazon.com/kms/pricing/", "transcriptions", "each of the first two automatic rotations adds $1/month (at most $3/month per key)"),
    "cloudwatch.alarm.standard": price(0.10, "per standard-resolution alarm metric per month", "https://aws.amazon.com/cloudwatch/pricing/", "transcriptions", "10 alarm metrics free per account"),
    "cloudwatch.alarm.highResolution": price(0.30, "per high-resolution alarm metric per month", "https://aws.amazon.com/cloudwatch/pricing/", "transcriptions"),
    "cloudwatch.alarm.composite": price(0.50, "per composite alarm per month", "https://aws.amazon.com/cloudwatch/pricing/", "transcriptions"),
    "cloudwatch.dashboard": price(3.00, "per dashboard per month", "https://aws.amazon.com/cloudwatch/pricing/", "transcriptions", "3 dashboards of up to 50 metrics free per account"),
    "pipes.streamShardPolling": price(Math.round(STREAM_POLLS_PER_SHARD_MONTH * STREAM_READ_USD * 100) / 100, "per open stream shard a pipe polls, per month (4 GetRecords a second)",
        "https://aws.amazon.com/dynamodb/pricing/on-demand/", "derived", "4 × 3,600 × 730 = 10.5M Streams read requests at $0.02 per 100,000; the first 2.5M a month are free per account"),
    ...indicativeCatalogue(),
} as const satisfies Record<string, Price>;

export type PriceKey = keyof typeof PRICES;
