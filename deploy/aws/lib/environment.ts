// One environment of Camera Counter (staging or production), the shape `make run STORE=postgres`
// runs on one box, spread over two availability zones:
//
//   internet ─443/80─► public ALB ─8080─► web (nginx: the page, /api/, the live channel) ×N
//                                            │ ▲ 8081: counterd publishes each state (Cloud Map
//                                            │ │        name web.<namespace>, any web task)
//                                            │ └──── 6379 ── Redis (ElastiCache): the live
//                                            │               channel shared by every web task
//                                            └─80─► internal ALB ─9080─► counterd ×N ─5432─► RDS
//                                                                                     PostgreSQL
// Only the public ALB is open to the internet; every other hop admits only the one before it.
import { Duration, RemovalPolicy, Stack, StackProps, Tags } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as elasticache from "aws-cdk-lib/aws-elasticache";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as logs from "aws-cdk-lib/aws-logs";
import * as rds from "aws-cdk-lib/aws-rds";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as targets from "aws-cdk-lib/aws-route53-targets";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as servicediscovery from "aws-cdk-lib/aws-servicediscovery";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";

import { EnvironmentSize } from "./settings";

export const ports = {
  counterd: 9080,
  web: 8080,
  publish: 8081, // nginx's live-channel publisher (render-nginx.sh: the web port + 1)
  internalAlb: 80,
  database: 5432,
  redis: 6380, // not Redis's default (AWS's rule pack: AEC5)
} as const;

export interface EnvironmentProps extends StackProps {
  readonly stage: "staging" | "production";
  readonly size: EnvironmentSize;
  readonly domainName: string;
  readonly hostedZone?: { readonly id: string; readonly name: string };
  readonly counterdImages: ecr.IRepository;
  readonly webImages: ecr.IRepository;
  readonly imageTag: string;
}

export class CounterEnvironment extends Stack {
  readonly counterdService: ecs.FargateService;
  readonly webService: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;

  constructor(scope: Construct, id: string, props: EnvironmentProps) {
    super(scope, id, props);
    const production = props.stage === "production";
    const size = props.size;
    Tags.of(this).add("camera-counter:stage", props.stage);

    // ---- network: the load balancer alone in public subnets; tasks and data in private ones
    const vpc = new ec2.Vpc(this, "Network", {
      maxAzs: 2,
      natGateways: size.natGateways,
      subnetConfiguration: [
        { name: "edge", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "tasks", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: "data", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      flowLogs: {
        rejected: {
          trafficType: ec2.FlowLogTrafficType.REJECT,
          destination: ec2.FlowLogDestination.toCloudWatchLogs(
            new logs.LogGroup(this, "RejectedTraffic", {
              retention: logs.RetentionDays.THREE_MONTHS,
              removalPolicy: RemovalPolicy.DESTROY,
            }),
          ),
        },
      },
    });
    const tasks = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const data = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

    // ---- who may talk to whom
    const group = (name: string, description: string, allowAllOutbound = true) =>
      new ec2.SecurityGroup(this, name, { vpc, description, allowAllOutbound });
    const publicAlbSg = group("PublicAlbSg", "public load balancer: HTTPS and HTTP from anywhere");
    const webSg = group("WebSg", "web tasks (nginx): from the public load balancer and counterd's publisher");
    const internalAlbSg = group("InternalAlbSg", "internal load balancer in front of counterd: from web tasks");
    const counterdSg = group("CounterdSg", "counterd tasks: from the internal load balancer");
    const databaseSg = group("DatabaseSg", "PostgreSQL: from counterd tasks", false);
    const redisSg = group("RedisSg", "Redis (the live channel): from web tasks", false);
    publicAlbSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), "HTTPS");
    publicAlbSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), "HTTP, redirected to HTTPS");
    webSg.addIngressRule(publicAlbSg, ec2.Port.tcp(ports.web), "the page and the API");
    webSg.addIngressRule(counterdSg, ec2.Port.tcp(ports.publish), "counterd publishes each state");
    internalAlbSg.addIngressRule(webSg, ec2.Port.tcp(ports.internalAlb), "nginx proxies /api/");
    counterdSg.addIngressRule(internalAlbSg, ec2.Port.tcp(ports.counterd), "the API");
    databaseSg.addIngressRule(counterdSg, ec2.Port.tcp(ports.database), "counterd's store");
    redisSg.addIngressRule(webSg, ec2.Port.tcp(ports.redis), "nchan's shared channel");

    // ---- the manager's code and the database's credentials: generated into Secrets Manager,
    // handed to tasks by ECS at start, never in the template or a plain environment value
    const managerCode = new secretsmanager.Secret(this, "ManagerCode", {
      description: `Camera Counter (${props.stage}): the manager's code that PUT /reset requires`,
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });
    const database = new rds.DatabaseInstance(this, "Database", {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15 }),
      instanceType: new ec2.InstanceType(size.databaseClass),
      vpc,
      vpcSubnets: data,
      securityGroups: [databaseSg],
      multiAz: true,
      storageEncrypted: true,
      allocatedStorage: size.databaseStorageGiB,
      maxAllocatedStorage: size.databaseStorageGiB * 5,
      databaseName: "counter",
      credentials: rds.Credentials.fromGeneratedSecret("counter"),
      backupRetention: Duration.days(production ? 14 : 7),
      deletionProtection: production,
      removalPolicy: production ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      cloudwatchLogsExports: ["postgresql"],
      cloudwatchLogsRetention: logs.RetentionDays.THREE_MONTHS,
      parameters: { "rds.force_ssl": "1" },
    });

    // ---- the live channel's Redis: two nodes in two zones, encrypted at rest and in transit
    const redisSubnets = new elasticache.CfnSubnetGroup(this, "RedisSubnets", {
      description: "Camera Counter live channel",
      subnetIds: vpc.selectSubnets(data).subnetIds,
    });
    const redisPassword = new secretsmanager.Secret(this, "RedisPassword", {
      description: `Camera Counter (${props.stage}): Redis AUTH for the web tasks' live channel`,
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });
    const redis = new elasticache.CfnReplicationGroup(this, "Redis", {
      // A dynamic reference, resolved by CloudFormation: the password itself is not in the template.
      authToken: redisPassword.secretValue.unsafeUnwrap(),
      replicationGroupDescription: `Camera Counter (${props.stage}): the live channel shared by web tasks`,
      engine: "redis",
      engineVersion: "7.1",
      cacheNodeType: size.redisNodeType,
      numCacheClusters: 2,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      cacheSubnetGroupName: redisSubnets.ref,
      securityGroupIds: [redisSg.securityGroupId],
      port: ports.redis,
      snapshotRetentionLimit: 1,
    });

    // ---- the tasks
    const cluster = new ecs.Cluster(this, "Cluster", { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const namespace = new servicediscovery.PrivateDnsNamespace(this, "Namespace", {
      vpc,
      name: `${props.stage}.camera-counter.internal`,
    });
    const logGroup = (name: string) =>
      new logs.LogGroup(this, `${name}Logs`, {
        retention: logs.RetentionDays.THREE_MONTHS,
        removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
    const taskDefinition = (name: string) =>
      new ecs.FargateTaskDefinition(this, `${name}Task`, {
        cpu: size.taskCpu,
        memoryLimitMiB: size.taskMemoryMiB,
        runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      });

    const internalAlb = new elbv2.ApplicationLoadBalancer(this, "InternalAlb", {
      vpc,
      internetFacing: false,
      vpcSubnets: tasks,
      securityGroup: internalAlbSg,
      dropInvalidHeaderFields: true,
    });
    const publishName = `web.${namespace.namespaceName}`;

    const counterdTask = taskDefinition("Counterd");
    counterdTask.addContainer("counterd", {
      image: ecs.ContainerImage.fromEcrRepository(props.counterdImages, props.imageTag),
      portMappings: [{ containerPort: ports.counterd }],
      environment: {
        COUNTERD_STORE: "postgres",
        COUNTERD_HOST: "0.0.0.0",
        COUNTERD_PORT: String(ports.counterd),
        // libpq takes the user and password from PGUSER and PGPASSWORD (the secrets below).
        COUNTERD_DATABASE_URL: `host=${database.dbInstanceEndpointAddress} port=${database.dbInstanceEndpointPort} dbname=counter sslmode=require`,
        COUNTERD_PUBLISH_URL: `http://${publishName}:${ports.publish}/counter`,
      },
      secrets: {
        COUNTERD_ADMIN_TOKEN: ecs.Secret.fromSecretsManager(managerCode),
        PGUSER: ecs.Secret.fromSecretsManager(database.secret!, "username"),
        PGPASSWORD: ecs.Secret.fromSecretsManager(database.secret!, "password"),
      },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "counterd", logGroup: logGroup("Counterd") }),
      readonlyRootFilesystem: true,
      healthCheck: {
        // The image's own check: GET /readyz over bash's /dev/tcp (no curl in the image).
        command: ["CMD", "bash", "-c",
          `exec 3<>/dev/tcp/127.0.0.1/${ports.counterd} && printf 'GET /readyz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '`],
        interval: Duration.seconds(10),
        startPeriod: Duration.seconds(20),
      },
    });
    this.counterdService = new ecs.FargateService(this, "CounterdService", {
      cluster,
      taskDefinition: counterdTask,
      desiredCount: size.counterdTasks,
      vpcSubnets: tasks,
      securityGroups: [counterdSg],
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });
    internalAlb
      .addListener("Api", { port: ports.internalAlb, protocol: elbv2.ApplicationProtocol.HTTP, open: false })
      .addTargets("Counterd", {
        port: ports.counterd,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targets: [this.counterdService],
        healthCheck: { path: "/readyz", healthyHttpCodes: "200", interval: Duration.seconds(10) },
        deregistrationDelay: Duration.seconds(20),
      });

    const webTask = taskDefinition("Web");
    webTask.addContainer("web", {
      image: ecs.ContainerImage.fromEcrRepository(props.webImages, props.imageTag),
      portMappings: [{ containerPort: ports.web }, { containerPort: ports.publish }],
      environment: {
        WEB_PORT: String(ports.web),
        BACKEND: `${internalAlb.loadBalancerDnsName}:${ports.internalAlb}`,
        REDIS_URL: `redis://${redis.attrPrimaryEndPointAddress}:${redis.attrPrimaryEndPointPort}`,
        REDIS_TLS: "on", // transit encryption (nchan_redis_ssl)
      },
      secrets: { REDIS_PASSWORD: ecs.Secret.fromSecretsManager(redisPassword) },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "web", logGroup: logGroup("Web") }),
      readonlyRootFilesystem: true,
    });
    // nginx writes its temp files and rendered config under /tmp (nginx/docker-entrypoint.sh).
    webTask.addVolume({ name: "tmp" });
    webTask.defaultContainer!.addMountPoints({ containerPath: "/tmp", sourceVolume: "tmp", readOnly: false });
    webTask.addVolume({ name: "nginx-lib" });
    webTask.defaultContainer!.addMountPoints({ containerPath: "/var/lib/nginx", sourceVolume: "nginx-lib", readOnly: false });
    this.webService = new ecs.FargateService(this, "WebService", {
      cluster,
      taskDefinition: webTask,
      desiredCount: size.webTasks,
      vpcSubnets: tasks,
      securityGroups: [webSg],
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      // counterd publishes to web.<namespace>: any web task (Redis takes it to all of them).
      cloudMapOptions: { name: "web", cloudMapNamespace: namespace, dnsRecordType: servicediscovery.DnsRecordType.A },
    });

    // ---- the public way in: HTTPS, HTTP redirected, access logs kept
    const logsBucket = new s3.Bucket(this, "AccessLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED, // what ALB access logs support
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(production ? 365 : 30), noncurrentVersionExpiration: Duration.days(7) }],
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !production,
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, "PublicAlb", {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: publicAlbSg,
      dropInvalidHeaderFields: true,
      // The live stream (Server-Sent Events) stays open; nginx repeats the state every 2 s.
      idleTimeout: Duration.seconds(3600),
    });
    this.loadBalancer.logAccessLogs(logsBucket, "public");
    internalAlb.logAccessLogs(logsBucket, "internal");

    const zone = props.hostedZone
      ? route53.HostedZone.fromHostedZoneAttributes(this, "Zone", {
          hostedZoneId: props.hostedZone.id,
          zoneName: props.hostedZone.name,
        })
      : undefined;
    const certificate = new acm.Certificate(this, "Certificate", {
      domainName: props.domainName,
      // With a hosted zone the validation records are made; without, ACM shows the record to add.
      validation: zone ? acm.CertificateValidation.fromDns(zone) : acm.CertificateValidation.fromDns(),
    });
    this.loadBalancer.addListener("Http", {
      port: 80,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: "HTTPS", port: "443", permanent: true }),
    });
    this.loadBalancer
      .addListener("Https", {
        port: 443,
        open: false,
        certificates: [certificate],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      })
      .addTargets("Web", {
        port: ports.web,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targets: [this.webService.loadBalancerTarget({ containerName: "web", containerPort: ports.web })],
        healthCheck: { path: "/", healthyHttpCodes: "200", interval: Duration.seconds(10) },
        deregistrationDelay: Duration.seconds(20),
      });
    if (zone) {
      new route53.ARecord(this, "Alias", {
        zone,
        recordName: props.domainName,
        target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.loadBalancer)),
      });
    }

    // The generated credentials (database.secret is its attachment to the instance).
    const databaseSecret = database.node.findChild("Secret") as secretsmanager.ISecret;
    this.suppressWithReasons(database, [databaseSecret, managerCode, redisPassword], logsBucket);
    if (!production) {
      NagSuppressions.addResourceSuppressions(database, [
        { id: "AwsSolutions-RDS10", reason: "Staging may be torn down to save money; production's database has deletion protection." },
      ]);
    }
  }

  // Each rule of AWS's pack this environment does not follow, and why (cdk-nag AwsSolutions).
  private suppressWithReasons(database: rds.DatabaseInstance, secrets: secretsmanager.ISecret[],
                              logsBucket: s3.Bucket) {
    NagSuppressions.addResourceSuppressions(database, [
      { id: "AwsSolutions-RDS11", reason: "The default port 5432 is the contract counterd and the docs use; only counterd's security group reaches it." },
    ], true);
    NagSuppressions.addResourceSuppressions(secrets, [
      { id: "AwsSolutions-SMG4", reason: "counterd and nginx read their secrets at start; rotating one needs a rolling restart of its service, an operator's step (README: Deploy to AWS)." },
    ], true);
    NagSuppressions.addResourceSuppressions(logsBucket, [
      { id: "AwsSolutions-S1", reason: "This is the access-log bucket itself; logging it to another bucket would recurse." },
    ]);
    NagSuppressions.addStackSuppressions(this, [
      { id: "AwsSolutions-ECS2", reason: "Plain environment values are non-secret settings (ports, addresses); the manager's code and the database credentials come from Secrets Manager." },
      { id: "AwsSolutions-IAM5", reason: "Wildcards are CDK's own grants: ECR pulls (GetAuthorizationToken has no resource), log streams under the service's own log group, and the S3 auto-delete and log-retention helpers." },
      { id: "AwsSolutions-IAM4", reason: "CDK's helper functions (S3 auto-delete, log retention) run with the AWS-managed basic execution policy." },
      { id: "AwsSolutions-EC23", reason: "The public load balancer serves a public web page: 80 and 443 from anywhere is its purpose (80 only redirects)." },
    ]);
  }
}
