/**
 * Resource types that cost money merely by existing and that the shared list (pricing/hourlyBilled.ts) does not
 * name yet. The pack checks them in dev through `scale-to-zero`; the offline plan prices only the shared list, so
 * each entry here belongs there (with a price key) once it is priced. A test fails if a type is in both lists.
 */
export interface ExtraIdleBilled {
    readonly type: string;
    readonly billedFor: string;
    /** True when this configuration is billed while idle. */
    readonly billed: (inputs: Record<string, unknown>) => boolean;
}

const always = () => true;
const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

export const EXTRA_IDLE_BILLED: readonly ExtraIdleBilled[] = [
    // Containers and instances kept running
    { type: "aws:eks/cluster:Cluster", billedFor: "EKS control plane, per hour", billed: always },
    { type: "aws:eks/nodeGroup:NodeGroup", billedFor: "EC2 worker nodes, per hour", billed: (i) => (num((i.scalingConfig as { minSize?: unknown } | undefined)?.minSize) ?? 1) > 0 },
    { type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest", billedFor: "spot instance, per hour", billed: always },
    { type: "aws:ec2/spotFleetRequest:SpotFleetRequest", billedFor: "spot fleet instances, per hour", billed: (i) => (num(i.targetCapacity) ?? 1) > 0 },
    { type: "aws:ec2/fleet:Fleet", billedFor: "EC2 fleet instances, per hour", billed: always },
    { type: "aws:ec2/dedicatedHost:DedicatedHost", billedFor: "dedicated host, per hour", billed: always },
    { type: "aws:ec2/capacityReservation:CapacityReservation", billedFor: "reserved capacity, per hour whether used or not", billed: always },
    { type: "aws:batch/computeEnvironment:ComputeEnvironment", billedFor: "minimum vCPUs kept running, per hour", billed: (i) => (num((i.computeResources as { minVcpus?: unknown } | undefined)?.minVcpus) ?? 0) > 0 },
    { type: "aws:elasticbeanstalk/environment:Environment", billedFor: "environment instances (and load balancer), per hour", billed: always },
    { type: "aws:sagemaker/notebookInstance:NotebookInstance", billedFor: "notebook instance, per hour", billed: always },
    { type: "aws:appstream/fleet:Fleet", billedFor: "streaming instances, per hour", billed: always },
    { type: "aws:mwaa/environment:Environment", billedFor: "Airflow environment, per hour", billed: always },
    { type: "aws:dms/replicationInstance:ReplicationInstance", billedFor: "replication instance, per hour", billed: always },
    { type: "aws:transfer/server:Server", billedFor: "Transfer Family endpoint, per protocol, per hour", billed: always },
    { type: "aws:appsync/apiCache:ApiCache", billedFor: "AppSync cache instance, per hour", billed: always },
    // Data stores with provisioned capacity
    { type: "aws:rds/proxy:Proxy", billedFor: "RDS Proxy, per vCPU of the database, per hour", billed: always },
    { type: "aws:docdbelastic/cluster:Cluster", billedFor: "DocumentDB elastic shards, per hour", billed: always },
    { type: "aws:keyspaces/table:Table", billedFor: "provisioned read and write capacity, per hour", billed: (i) => (i.capacitySpecification as { throughputMode?: unknown } | undefined)?.throughputMode === "PROVISIONED" },
    { type: "aws:cloudhsmv2/hsm:Hsm", billedFor: "HSM, per hour", billed: always },
    // Networking
    { type: "aws:route53resolver/endpoint:Endpoint", billedFor: "resolver endpoint network interfaces, per hour", billed: always },
    { type: "aws:route53/healthCheck:HealthCheck", billedFor: "health check, per month", billed: always },
    { type: "aws:vpclattice/service:Service", billedFor: "VPC Lattice service, per hour", billed: always },
    { type: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment", billedFor: "transit gateway peering attachment, per hour", billed: always },
    { type: "aws:waf/webAcl:WebAcl", billedFor: "WAF Classic web ACL, per month", billed: always },
    { type: "aws:wafregional/webAcl:WebAcl", billedFor: "WAF Classic regional web ACL, per month", billed: always },
];
