import { asNumber, asString, PackPolicy, resourcePolicy } from "./core";

/**
 * Resources billed while idle (by the hour or month), with the idle price that makes them so. A function of the
 * inputs returns undefined when that configuration of the resource does scale to zero.
 */
export const IDLE_BILLED: Record<string, string | ((props: Record<string, unknown>) => string | undefined)> = {
    "aws:kms/key:Key": "a customer-managed KMS key costs $1 per month",
    "aws:kms/replicaKey:ReplicaKey": "a KMS replica key costs $1 per month",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "an alarm costs $0.10 per metric per month",
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": "a composite alarm costs $0.50 per month",
    "aws:cloudwatch/dashboard:Dashboard": "a dashboard costs $3 per month",
    "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig": "provisioned concurrency is billed per GB-second while configured",
    "aws:dynamodb/table:Table": (p) => p.billingMode === "PAY_PER_REQUEST" ? undefined : "a PROVISIONED table is billed per capacity unit-hour",
    "aws:ec2/natGateway:NatGateway": "a NAT gateway costs about $32 per month plus data",
    "aws:ec2/instance:Instance": "an EC2 instance is billed per second while running",
    "aws:ec2/eip:Eip": "a public IPv4 address costs $3.60 per month",
    "aws:ec2/vpcEndpoint:VpcEndpoint": (p) => asString(p.vpcEndpointType) === "Gateway" ? undefined : "an interface endpoint costs about $7 per AZ per month",
    "aws:rds/instance:Instance": "an RDS instance is billed per hour",
    "aws:rds/cluster:Cluster": "an Aurora cluster bills instances or minimum capacity per hour",
    "aws:rds/clusterInstance:ClusterInstance": "an Aurora instance is billed per hour",
    "aws:docdb/cluster:Cluster": "a DocumentDB cluster is billed per instance-hour",
    "aws:elasticache/cluster:Cluster": "an ElastiCache node is billed per hour",
    "aws:elasticache/replicationGroup:ReplicationGroup": "ElastiCache nodes are billed per hour",
    "aws:elasticache/serverlessCache:ServerlessCache": "ElastiCache Serverless bills a minimum of 1 GB of storage per hour",
    "aws:lb/loadBalancer:LoadBalancer": "a load balancer costs about $16 per month",
    "aws:alb/loadBalancer:LoadBalancer": "a load balancer costs about $16 per month",
    "aws:opensearch/domain:Domain": "an OpenSearch domain is billed per instance-hour",
    "aws:kinesis/stream:Stream": "a Kinesis stream is billed per shard-hour or stream-hour",
    "aws:msk/cluster:Cluster": "an MSK cluster is billed per broker-hour",
    "aws:ecs/service:Service": (p) => (asNumber(p.desiredCount) ?? 1) > 0 ? "an ECS service with running tasks is billed per second" : undefined,
    "aws:secretsmanager/secret:Secret": "a secret costs $0.40 per month (SSM Parameter Store standard parameters are free)",
    "aws:route53/zone:Zone": "a hosted zone costs $0.50 per month",
    "aws:wafv2/webAcl:WebAcl": "a web ACL costs $5 per month plus $1 per rule",
    "aws:apigateway/stage:Stage": (p) => p.cacheClusterEnabled === true ? "an API cache is billed per hour" : undefined,
    "aws:sagemaker/endpoint:Endpoint": "an endpoint is billed per instance-hour",
};

export const scaleToZeroPolicies: PackPolicy[] = [
    resourcePolicy<{ stackClass?: string }>({
        name: "scale-to-zero", type: Object.keys(IDLE_BILLED), pillar: "Cost Optimization",
        sources: ["event-driven"],
        description: "In a stack configured as dev (stackClass dev), nothing is billed while idle: no customer-managed key, alarm, dashboard, provisioned capacity, NAT gateway, instance, cluster or load balancer.",
        remediation: "Create the resource only when the stack config asks for it (customerManagedKey, monitoring), or use the on-demand/serverless equivalent.",
        configSchema: { properties: { stackClass: { type: "string", enum: ["dev", "prod"], default: "prod" } } },
    }, (props, config, args) => {
        if ((config.stackClass ?? "prod") !== "dev") args.notApplicable("only stacks configured as dev must scale to zero");
        const rule = IDLE_BILLED[args.type];
        const reason = typeof rule === "function" ? rule(props) : rule;
        return reason ? [[`${reason} even when no order arrives, in a stack that must cost nothing when idle`, "create it only when the stack config asks for it (e.g. customerManagedKey or monitoring false in dev), or use the pay-per-request equivalent"]] : [];
    }),
];
