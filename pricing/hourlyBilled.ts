/**
 * Which AWS resources cost money merely by existing: billed per hour or per month, or by requests they make on
 * their own at a fixed rate, whether or not a single order flows. Every type the platform creates is either here
 * or in pricing/freeWhileIdle.ts with what it is billed for instead (tests/stacks/idleCost.test.ts holds both
 * stacks to that), so a new type cannot slip into the idle cost unpriced.
 *
 * One pure module that imports nothing, so the stack tests, the policy pack ("dev scales to zero") and the
 * offline plan ("idle cost per month") all share one list. Prices are not kept here: each line names a
 * `priceKey`, the monthly price of one unit in `pricing/prices.ts`.
 */

/** Inputs of a resource as Pulumi passes them (camelCase, resolved), e.g. CrossGuard `args.props` or mock inputs. */
export type ResourceInputs = Record<string, unknown>;

/** One billed line of an idle resource: `units` of the monthly price named by `priceKey`. */
export interface IdleCharge {
    /** Key of the monthly unit price in pricing/prices.ts. */
    readonly priceKey: string;
    /** How many units this resource bills (alarm metrics, shards, endpoint AZs, brokers, ...). Always > 0. */
    readonly units: number;
}

export interface HourlyBilledType {
    /** The Pulumi type token, e.g. "aws:kms/key:Key". */
    readonly type: string;
    /** What is billed while the stack is idle, in words (shown by the plan and the policy message). */
    readonly billedFor: string;
    /** The idle charges of one resource of this type; an empty list when this configuration is not billed by the hour. */
    readonly charges: (inputs: ResourceInputs) => IdleCharge[];
}

const num = (value: unknown, fallback: number): number => (typeof value === "number" && Number.isFinite(value) ? value : fallback);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const field = (value: unknown, key: string): unknown => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined);
const always = (priceKey: string) => (): IdleCharge[] => [{ priceKey, units: 1 }];
const perUnit = (priceKey: string, units: (inputs: ResourceInputs) => number) => (inputs: ResourceInputs): IdleCharge[] => {
    const n = units(inputs);
    return n > 0 ? [{ priceKey, units: n }] : [];
};

/** Every resource type that can cost money while idle, with the unit it is billed in. */
export const HOURLY_BILLED: readonly HourlyBilledType[] = [
    // Security and configuration
    { type: "aws:kms/key:Key", billedFor: "customer-managed KMS key, per month (prorated hourly)", charges: always("kms.customerManagedKey") },
    { type: "aws:kms/replicaKey:ReplicaKey", billedFor: "multi-Region replica key, per month", charges: always("kms.customerManagedKey") },
    { type: "aws:kms/externalKey:ExternalKey", billedFor: "imported-material KMS key, per month", charges: always("kms.customerManagedKey") },
    { type: "aws:secretsmanager/secret:Secret", billedFor: "secret, per month", charges: always("secretsManager.secret") },
    {
        type: "aws:ssm/parameter:Parameter", billedFor: "advanced-tier parameter, per month (standard tier is free)",
        charges: (i) => (i.tier === "Advanced" ? [{ priceKey: "ssm.advancedParameter", units: 1 }] : []),
    },
    { type: "aws:acmpca/certificateAuthority:CertificateAuthority", billedFor: "private certificate authority, per month", charges: always("acmPca.certificateAuthority") },
    {
        type: "aws:wafv2/webAcl:WebAcl", billedFor: "web ACL and each of its rules, per month",
        charges: (i) => [{ priceKey: "waf.webAcl", units: 1 }, ...(list(i.rules).length > 0 ? [{ priceKey: "waf.rule", units: list(i.rules).length }] : [])],
    },
    { type: "aws:shield/subscription:Subscription", billedFor: "Shield Advanced subscription, per month", charges: always("shield.advanced") },

    // Monitoring
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", billedFor: "alarm, per metric, per month",
        charges: (i) => {
            // A metric-math alarm is billed per metric it reads; a period under 60 s is a high-resolution alarm.
            const metrics = list(i.metricQueries).filter((q) => (q as { metric?: unknown }).metric !== undefined).length || 1;
            const periods = [i.period, ...list(i.metricQueries).map((q) => ((q as { metric?: { period?: unknown } }).metric?.period))];
            const highResolution = periods.some((p) => typeof p === "number" && p < 60);
            return [{ priceKey: highResolution ? "cloudwatch.alarm.highResolution" : "cloudwatch.alarm.standard", units: metrics }];
        },
    },
    { type: "aws:cloudwatch/compositeAlarm:CompositeAlarm", billedFor: "composite alarm, per month", charges: always("cloudwatch.alarm.composite") },
    { type: "aws:cloudwatch/dashboard:Dashboard", billedFor: "dashboard, per month (beyond the account's 3 free ones)", charges: always("cloudwatch.dashboard") },
    { type: "aws:synthetics/canary:Canary", billedFor: "scheduled canary runs, around the clock", charges: always("synthetics.canary") },

    // Compute kept warm
    {
        type: "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", billedFor: "provisioned concurrency, per environment, per month",
        charges: perUnit("lambda.provisionedConcurrency", (i) => num(i.provisionedConcurrentExecutions, 1)),
    },
    { type: "aws:ec2/instance:Instance", billedFor: "EC2 instance, per hour", charges: always("ec2.instance") },
    {
        type: "aws:autoscaling/group:Group", billedFor: "EC2 instances the group keeps running, per hour",
        charges: perUnit("ec2.instance", (i) => Math.max(num(i.minSize, 0), num(i.desiredCapacity, 0))),
    },
    {
        type: "aws:ecs/service:Service", billedFor: "running tasks, per hour",
        charges: perUnit("ecs.runningTask", (i) => num(i.desiredCount, 1)),
    },
    { type: "aws:apprunner/service:Service", billedFor: "provisioned App Runner instance memory, per hour", charges: always("appRunner.provisionedInstance") },
    { type: "aws:lightsail/instance:Instance", billedFor: "Lightsail instance, per month", charges: always("lightsail.instance") },
    { type: "aws:emr/cluster:Cluster", billedFor: "EMR cluster instances, per hour", charges: always("emr.cluster") },
    { type: "aws:sagemaker/endpoint:Endpoint", billedFor: "SageMaker endpoint instances, per hour", charges: always("sagemaker.endpointInstance") },
    { type: "aws:kinesisanalyticsv2/application:Application", billedFor: "running application KPUs, per hour", charges: always("kinesisAnalytics.kpu") },
    { type: "aws:workspaces/workspace:Workspace", billedFor: "WorkSpace, per month", charges: always("workspaces.workspace") },

    // Networking
    { type: "aws:ec2/natGateway:NatGateway", billedFor: "NAT gateway, per hour", charges: always("vpc.natGateway") },
    { type: "aws:ec2/eip:Eip", billedFor: "public IPv4 address, per hour", charges: always("vpc.publicIpv4") },
    {
        type: "aws:ec2/vpcEndpoint:VpcEndpoint", billedFor: "interface endpoint, per AZ, per hour (gateway endpoints are free)",
        charges: (i) => (i.vpcEndpointType !== undefined && i.vpcEndpointType !== "Gateway"
            ? [{ priceKey: "vpc.interfaceEndpoint", units: Math.max(1, list(i.subnetIds).length) }]
            : []),
    },
    { type: "aws:ec2transitgateway/vpcAttachment:VpcAttachment", billedFor: "transit gateway attachment, per hour", charges: always("vpc.transitGatewayAttachment") },
    { type: "aws:ec2/vpnConnection:VpnConnection", billedFor: "site-to-site VPN connection, per hour", charges: always("vpc.vpnConnection") },
    { type: "aws:ec2clientvpn/networkAssociation:NetworkAssociation", billedFor: "client VPN subnet association, per hour", charges: always("vpc.clientVpnAssociation") },
    { type: "aws:networkfirewall/firewall:Firewall", billedFor: "Network Firewall endpoint, per hour", charges: always("networkFirewall.endpoint") },
    { type: "aws:lb/loadBalancer:LoadBalancer", billedFor: "load balancer, per hour", charges: always("elb.loadBalancer") },
    { type: "aws:alb/loadBalancer:LoadBalancer", billedFor: "load balancer, per hour", charges: always("elb.loadBalancer") },
    { type: "aws:elb/loadBalancer:LoadBalancer", billedFor: "classic load balancer, per hour", charges: always("elb.loadBalancer") },
    { type: "aws:globalaccelerator/accelerator:Accelerator", billedFor: "accelerator, per hour", charges: always("globalAccelerator.accelerator") },
    { type: "aws:route53/zone:Zone", billedFor: "hosted zone, per month", charges: always("route53.hostedZone") },
    {
        type: "aws:apigateway/stage:Stage", billedFor: "REST API cache cluster, per hour",
        charges: (i) => (i.cacheClusterEnabled === true ? [{ priceKey: "apiGateway.cacheCluster", units: 1 }] : []),
    },

    // Data stores with provisioned capacity
    {
        type: "aws:dynamodb/table:Table", billedFor: "provisioned read and write capacity, per hour (on-demand tables are free when idle)",
        // PROVISIONED is the provider's default when billingMode is not set.
        charges: (i) => (i.billingMode === "PAY_PER_REQUEST" ? [] : [
            { priceKey: "dynamodb.provisionedWcu", units: Math.max(1, num(i.writeCapacity, 1)) },
            { priceKey: "dynamodb.provisionedRcu", units: Math.max(1, num(i.readCapacity, 1)) },
        ]),
    },
    {
        type: "aws:kinesis/stream:Stream", billedFor: "stream hours (on-demand) or shard hours (provisioned)",
        charges: (i) => ((i.streamModeDetails as { streamMode?: unknown } | undefined)?.streamMode === "ON_DEMAND"
            ? [{ priceKey: "kinesis.onDemandStream", units: 1 }]
            : [{ priceKey: "kinesis.shard", units: Math.max(1, num(i.shardCount, 1)) }]),
    },
    { type: "aws:rds/instance:Instance", billedFor: "database instance, per hour", charges: always("rds.instance") },
    { type: "aws:rds/clusterInstance:ClusterInstance", billedFor: "Aurora instance, per hour", charges: always("rds.instance") },
    { type: "aws:docdb/clusterInstance:ClusterInstance", billedFor: "DocumentDB instance, per hour", charges: always("docdb.instance") },
    { type: "aws:neptune/clusterInstance:ClusterInstance", billedFor: "Neptune instance, per hour", charges: always("neptune.instance") },
    { type: "aws:redshift/cluster:Cluster", billedFor: "Redshift nodes, per hour", charges: perUnit("redshift.node", (i) => num(i.numberOfNodes, 1)) },
    { type: "aws:elasticache/cluster:Cluster", billedFor: "cache nodes, per hour", charges: perUnit("elastiCache.node", (i) => num(i.numCacheNodes, 1)) },
    { type: "aws:elasticache/replicationGroup:ReplicationGroup", billedFor: "cache nodes, per hour", charges: perUnit("elastiCache.node", (i) => num(i.numCacheClusters, 1)) },
    { type: "aws:elasticache/serverlessCache:ServerlessCache", billedFor: "minimum metered data storage, per hour", charges: always("elastiCache.serverlessMinimum") },
    { type: "aws:memorydb/cluster:Cluster", billedFor: "MemoryDB nodes, per hour", charges: always("memoryDb.node") },
    { type: "aws:dax/cluster:Cluster", billedFor: "DAX nodes, per hour", charges: perUnit("dax.node", (i) => num(i.replicationFactor, 1)) },
    { type: "aws:opensearch/domain:Domain", billedFor: "OpenSearch instances, per hour", charges: always("openSearch.instance") },
    { type: "aws:elasticsearch/domain:Domain", billedFor: "Elasticsearch instances, per hour", charges: always("openSearch.instance") },
    { type: "aws:opensearch/serverlessCollection:ServerlessCollection", billedFor: "minimum OpenSearch Compute Units, per hour", charges: always("openSearch.serverlessMinimumOcu") },
    { type: "aws:msk/cluster:Cluster", billedFor: "Kafka brokers, per hour", charges: perUnit("msk.broker", (i) => num(i.numberOfBrokerNodes, 1)) },
    { type: "aws:msk/serverlessCluster:ServerlessCluster", billedFor: "serverless cluster hours", charges: always("msk.serverlessCluster") },
    { type: "aws:mq/broker:Broker", billedFor: "message broker instance, per hour", charges: always("mq.broker") },
    { type: "aws:efs/fileSystem:FileSystem", billedFor: "provisioned throughput, per month (bursting and elastic are per use)",
        charges: (i) => (i.throughputMode === "provisioned" ? [{ priceKey: "efs.provisionedThroughput", units: Math.max(1, num(i.provisionedThroughputInMibps, 1)) }] : []) },
    { type: "aws:fsx/lustreFileSystem:LustreFileSystem", billedFor: "provisioned file system capacity, per month", charges: always("fsx.fileSystem") },
    { type: "aws:fsx/windowsFileSystem:WindowsFileSystem", billedFor: "provisioned file system capacity, per month", charges: always("fsx.fileSystem") },
    { type: "aws:fsx/ontapFileSystem:OntapFileSystem", billedFor: "provisioned file system capacity, per month", charges: always("fsx.fileSystem") },
    { type: "aws:fsx/openZfsFileSystem:OpenZfsFileSystem", billedFor: "provisioned file system capacity, per month", charges: always("fsx.fileSystem") },
    { type: "aws:directoryservice/directory:Directory", billedFor: "directory, per hour", charges: always("directoryService.directory") },

    // Containers, instances and capacity kept running
    { type: "aws:eks/cluster:Cluster", billedFor: "EKS control plane, per hour", charges: always("eks.cluster") },
    {
        type: "aws:eks/nodeGroup:NodeGroup", billedFor: "EC2 worker nodes, per hour",
        charges: perUnit("ec2.instance", (i) => Math.max(num(field(i.scalingConfig, "minSize"), 1), num(field(i.scalingConfig, "desiredSize"), 0))),
    },
    { type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest", billedFor: "spot instance, per hour", charges: always("ec2.instance") },
    { type: "aws:ec2/spotFleetRequest:SpotFleetRequest", billedFor: "spot fleet instances, per hour", charges: perUnit("ec2.instance", (i) => num(i.targetCapacity, 1)) },
    { type: "aws:ec2/fleet:Fleet", billedFor: "EC2 fleet instances, per hour", charges: perUnit("ec2.instance", (i) => num(field(i.targetCapacitySpecification, "totalTargetCapacity"), 1)) },
    { type: "aws:ec2/dedicatedHost:DedicatedHost", billedFor: "dedicated host, per hour", charges: always("ec2.dedicatedHost") },
    { type: "aws:ec2/capacityReservation:CapacityReservation", billedFor: "reserved capacity, per hour whether used or not", charges: perUnit("ec2.instance", (i) => num(i.instanceCount, 1)) },
    {
        type: "aws:batch/computeEnvironment:ComputeEnvironment", billedFor: "minimum vCPUs kept running, per hour",
        // Priced as 2-vCPU instances.
        charges: perUnit("ec2.instance", (i) => Math.ceil(num(field(i.computeResources, "minVcpus"), 0) / 2)),
    },
    { type: "aws:elasticbeanstalk/environment:Environment", billedFor: "environment instances (and load balancer), per hour", charges: always("ec2.instance") },
    { type: "aws:sagemaker/notebookInstance:NotebookInstance", billedFor: "notebook instance, per hour", charges: always("sagemaker.notebookInstance") },
    { type: "aws:appstream/fleet:Fleet", billedFor: "streaming instances, per hour", charges: perUnit("appstream.fleetInstance", (i) => num(field(i.computeCapacity, "desiredInstances"), 1)) },
    { type: "aws:mwaa/environment:Environment", billedFor: "Airflow environment, per hour", charges: always("mwaa.environment") },
    { type: "aws:dms/replicationInstance:ReplicationInstance", billedFor: "replication instance, per hour", charges: always("dms.replicationInstance") },
    { type: "aws:transfer/server:Server", billedFor: "Transfer Family endpoint, per protocol, per hour", charges: perUnit("transfer.protocolEndpoint", (i) => list(i.protocols).length || 1) },
    { type: "aws:appsync/apiCache:ApiCache", billedFor: "AppSync cache instance, per hour", charges: always("appsync.cacheInstance") },
    { type: "aws:rds/proxy:Proxy", billedFor: "RDS Proxy, per vCPU of the database, per hour", charges: always("rds.proxy") },
    { type: "aws:docdb/elasticCluster:ElasticCluster", billedFor: "DocumentDB elastic shards, per hour", charges: perUnit("docdbElastic.shard", (i) => num(i.shardCount, 1)) },
    {
        type: "aws:keyspaces/table:Table", billedFor: "provisioned read and write capacity, per hour (on-demand tables are free when idle)",
        charges: (i) => (field(i.capacitySpecification, "throughputMode") === "PROVISIONED" ? [{ priceKey: "keyspaces.provisionedCapacity", units: 1 }] : []),
    },
    { type: "aws:cloudhsmv2/hsm:Hsm", billedFor: "HSM, per hour", charges: always("cloudHsm.hsm") },
    { type: "aws:route53/resolverEndpoint:ResolverEndpoint", billedFor: "resolver endpoint network interfaces, per hour", charges: perUnit("route53Resolver.endpointEni", (i) => list(i.ipAddresses).length || 2) },
    { type: "aws:route53/healthCheck:HealthCheck", billedFor: "health check, per month", charges: always("route53.healthCheck") },
    { type: "aws:vpclattice/service:Service", billedFor: "VPC Lattice service, per hour", charges: always("vpcLattice.service") },
    { type: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment", billedFor: "transit gateway peering attachment, per hour", charges: always("vpc.transitGatewayAttachment") },
    { type: "aws:waf/webAcl:WebAcl", billedFor: "WAF Classic web ACL, per month", charges: always("wafClassic.webAcl") },
    { type: "aws:wafregional/webAcl:WebAcl", billedFor: "WAF Classic regional web ACL, per month", charges: always("wafClassic.webAcl") },

    // Requests made on their own, at a fixed rate, whether or not anything arrives
    {
        type: "aws:pipes/pipe:Pipe",
        billedFor: "polling its DynamoDB stream: 4 GetRecords a second per open shard, billed as Streams read requests (a Lambda trigger's are free)",
        // At least one open shard (a table has one per partition). A source not known yet (a new stream) counts as a stream:
        // only SQS, MQ and Kafka sources are left out, and Kinesis, whose reads the shard hours include.
        charges: (i) => (typeof i.source === "string" && /:(sqs|mq|kafka|kinesis):/.test(i.source) ? [] : [{ priceKey: "pipes.streamShardPolling", units: 1 }]),
    },
];

const BY_TYPE: ReadonlyMap<string, HourlyBilledType> = new Map(HOURLY_BILLED.map((entry) => [entry.type, entry]));

/** The idle charges of one resource; empty when it costs nothing while no request flows. */
export function idleCharges(type: string, inputs: ResourceInputs = {}): IdleCharge[] {
    return BY_TYPE.get(type)?.charges(inputs) ?? [];
}

/** True when the resource is billed by the hour or month while idle (so it has no place in a scale-to-zero stack). */
export function isHourlyBilled(type: string, inputs: ResourceInputs = {}): boolean {
    return idleCharges(type, inputs).length > 0;
}

/** What the resource is billed for while idle, or undefined when it is not. */
export function billedFor(type: string, inputs: ResourceInputs = {}): string | undefined {
    return isHourlyBilled(type, inputs) ? BY_TYPE.get(type)!.billedFor : undefined;
}

/** Every price key the list uses: pricing/prices.ts must hold a monthly price for each. */
export const IDLE_PRICE_KEYS: readonly string[] = [...new Set(HOURLY_BILLED.flatMap((entry) => {
    // Evaluate each entry with inputs that make every variant billed, to collect all keys it can produce.
    const variants: ResourceInputs[] = [
        {
            tier: "Advanced", rules: [{}], vpcEndpointType: "Interface", cacheClusterEnabled: true, throughputMode: "provisioned", minSize: 1,
            computeResources: { minVcpus: 2 }, capacitySpecification: { throughputMode: "PROVISIONED" },
        },
        { period: 10 },
        { streamModeDetails: { streamMode: "ON_DEMAND" } },
    ];
    return variants.flatMap((inputs) => entry.charges(inputs).map((charge) => charge.priceKey));
}))].sort();
