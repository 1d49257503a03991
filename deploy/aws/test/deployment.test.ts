// The synthesized CloudFormation, checked offline: every promise of the deployment as a concrete
// property of the templates, and AWS's best-practice rule pack (cdk-nag) with no unsuppressed
// error. Run by `npm test` after `tsc` (make test does both).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";

import { App, Stack } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";

import { buildDeployment, Deployment } from "../lib/app";
import { ports } from "../lib/environment";

const context = {
  region: "eu-central-1",
  account: "111111111111",
  domainName: "counter.example.com",
  githubConnectionArn: "arn:aws:codeconnections:eu-central-1:111111111111:connection/abc",
  githubRepository: "example-shop/camera-counter",
};

// Each App writes its assembly to a folder; without `outdir` it would be a new temporary folder
// per App, left behind. These are removed once the file's tests are done.
const outdirs = fs.mkdtempSync(path.join(os.tmpdir(), "counter-cdk-test-"));
after(() => fs.rmSync(outdirs, { recursive: true, force: true }));

function deploy(extra: Record<string, unknown> = {}): Deployment {
  const outdir = fs.mkdtempSync(path.join(outdirs, "cdk.out-"));
  return buildDeployment(new App({ outdir, context: { ...context, ...extra } }));
}

const full = deploy();
const production = Template.fromStack(full.production);
const staging = Template.fromStack(full.staging!);
const delivery = Template.fromStack(full.delivery);
const images = Template.fromStack(full.images);

type Resource = { Type: string; Properties: Record<string, any> };
const resources = (t: Template, type: string): [string, Resource][] =>
  Object.entries(t.findResources(type)) as [string, Resource][];
const one = (t: Template, type: string, match: (r: Resource) => boolean): [string, Resource] => {
  const found = resources(t, type).filter(([, r]) => match(r));
  assert.equal(found.length, 1, `one ${type}`);
  return found[0];
};
const refName = (value: any): string => value?.Ref ?? value?.["Fn::GetAtt"]?.[0] ?? JSON.stringify(value);

// The container definition named `name` in the environment's templates.
function container(t: Template, name: string): Record<string, any> {
  for (const [, task] of resources(t, "AWS::ECS::TaskDefinition")) {
    const found = task.Properties.ContainerDefinitions.find((c: any) => c.Name === name);
    if (found) return { ...found, task };
  }
  throw new Error(`no container ${name}`);
}

// The service whose task definition runs the container `name`.
function service(t: Template, name: string): Resource {
  const [taskId] = resources(t, "AWS::ECS::TaskDefinition")
    .find(([, task]) => task.Properties.ContainerDefinitions.some((c: any) => c.Name === name))!;
  return resources(t, "AWS::ECS::Service").find(([, s]) => refName(s.Properties.TaskDefinition) === taskId)![1];
}

// Every ingress rule of the environment, as "to <- from : port", named by the groups' descriptions.
function ingressRules(t: Template): Set<string> {
  const groups = Object.fromEntries(resources(t, "AWS::EC2::SecurityGroup")
    .map(([id, g]) => [id, String(g.Properties.GroupDescription).split(":")[0]]));
  const rules = new Set<string>();
  const add = (to: string, rule: any) => {
    const from = rule.CidrIp ?? groups[refName(rule.SourceSecurityGroupId)] ?? refName(rule.SourceSecurityGroupId);
    const port = rule.FromPort === rule.ToPort ? String(rule.FromPort) : `${rule.FromPort}-${rule.ToPort}`;
    rules.add(`${to} <- ${from} : ${port}`);
  };
  for (const [id, g] of resources(t, "AWS::EC2::SecurityGroup"))
    for (const rule of g.Properties.SecurityGroupIngress ?? []) add(groups[id], rule);
  for (const [, r] of resources(t, "AWS::EC2::SecurityGroupIngress")) add(groups[refName(r.Properties.GroupId)], r.Properties);
  return rules;
}

describe("each environment", () => {
  for (const [name, t] of [["production", production], ["staging", staging]] as const) {
    test(`${name}: a VPC over two zones, the load balancer alone in public subnets`, () => {
      const subnets = resources(t, "AWS::EC2::Subnet");
      assert.equal(subnets.length, 6, "public, tasks and data subnets in two zones");
      const publicSubnets = subnets.filter(([, s]) => s.Properties.MapPublicIpOnLaunch === true).map(([id]) => id);
      assert.equal(publicSubnets.length, 2);
      const zones = new Set(subnets.map(([, s]) => JSON.stringify(s.Properties.AvailabilityZone)));
      assert.equal(zones.size, 2);
      const [, alb] = one(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", (r) => r.Properties.Scheme === "internet-facing");
      assert.deepEqual(alb.Properties.Subnets.map(refName).sort(), publicSubnets.sort());
      for (const [, s] of resources(t, "AWS::ECS::Service")) {
        const taskSubnets = s.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets.map(refName);
        assert.equal(taskSubnets.length, 2, "tasks spread over both zones");
        assert.ok(taskSubnets.every((id: string) => !publicSubnets.includes(id)), "no task in a public subnet");
        assert.equal(s.Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp, "DISABLED");
      }
    });

    test(`${name}: counterd and web each run at least two tasks, with the circuit breaker's rollback`, () => {
      for (const c of ["counterd", "web"]) {
        const s = service(t, c);
        assert.ok(s.Properties.DesiredCount >= 2, `${c}: ${s.Properties.DesiredCount} tasks`);
        assert.equal(s.Properties.LaunchType, "FARGATE");
        assert.deepEqual(s.Properties.DeploymentConfiguration.DeploymentCircuitBreaker, { Enable: true, Rollback: true });
        assert.equal(s.Properties.DeploymentConfiguration.MinimumHealthyPercent, 100, "rolling, never below the desired count");
      }
    });

    test(`${name}: counterd on PostgreSQL, healthy on /readyz, its secrets from Secrets Manager only`, () => {
      const c = container(t, "counterd");
      const env = Object.fromEntries(c.Environment.map((e: any) => [e.Name, e.Value]));
      assert.equal(env.COUNTERD_STORE, "postgres");
      assert.ok(!("COUNTERD_ADMIN_TOKEN" in env) && !("PGPASSWORD" in env), "no secret in plain values");
      assert.ok(!JSON.stringify(c.Environment).match(/password=/i), "no password in the database URL");
      const secrets = Object.fromEntries(c.Secrets.map((s: any) => [s.Name, s.ValueFrom]));
      assert.deepEqual(Object.keys(secrets).sort(), ["COUNTERD_ADMIN_TOKEN", "PGPASSWORD", "PGUSER"]);
      assert.ok(JSON.stringify(secrets.PGPASSWORD).includes(":password::"), "the password field of the generated secret");
      const [, group] = one(t, "AWS::ElasticLoadBalancingV2::TargetGroup", (r) => r.Properties.Port === ports.counterd);
      assert.equal(group.Properties.HealthCheckPath, "/readyz");
      assert.ok(c.HealthCheck.Command.join(" ").includes("/readyz"));
      const web = container(t, "web");
      assert.deepEqual(web.Secrets.map((s: any) => s.Name), ["REDIS_PASSWORD"]);
    });

    test(`${name}: the live channel through Redis, and counterd publishing to web by an internal name`, () => {
      const web = Object.fromEntries(container(t, "web").Environment.map((e: any) => [e.Name, e.Value]));
      assert.match(JSON.stringify(web.REDIS_URL), /redis:\/\//);
      assert.equal(web.REDIS_TLS, "on");
      const counterd = Object.fromEntries(container(t, "counterd").Environment.map((e: any) => [e.Name, e.Value]));
      assert.match(counterd.COUNTERD_PUBLISH_URL, new RegExp(`^http://web\\.${name}\\.camera-counter\\.internal:${ports.publish}/counter$`));
      const [, discovery] = one(t, "AWS::ServiceDiscovery::Service", () => true);
      assert.equal(discovery.Properties.Name, "web");
      const [, redis] = one(t, "AWS::ElastiCache::ReplicationGroup", () => true);
      assert.equal(redis.Properties.MultiAZEnabled, true);
      assert.equal(redis.Properties.AtRestEncryptionEnabled, true);
      assert.equal(redis.Properties.TransitEncryptionEnabled, true);
      assert.match(JSON.stringify(redis.Properties.AuthToken), /resolve:secretsmanager/, "a dynamic reference, not the token");
    });

    test(`${name}: PostgreSQL 15, Multi-AZ, encrypted, backed up, credentials generated into Secrets Manager`, () => {
      const [, db] = one(t, "AWS::RDS::DBInstance", () => true);
      assert.equal(db.Properties.Engine, "postgres");
      assert.match(db.Properties.EngineVersion, /^15/);
      assert.equal(db.Properties.MultiAZ, true);
      assert.equal(db.Properties.StorageEncrypted, true);
      assert.ok(db.Properties.BackupRetentionPeriod >= 7);
      assert.equal(db.Properties.DeletionProtection, name === "production");
      assert.match(JSON.stringify(db.Properties.MasterUserPassword), /resolve:secretsmanager/);
      const [, secret] = one(t, "AWS::SecretsManager::Secret", (r) => r.Properties.GenerateSecretString?.SecretStringTemplate?.includes("counter"));
      assert.equal(secret.Properties.GenerateSecretString.GenerateStringKey, "password");
    });

    test(`${name}: each hop admits only the one before it; only the load balancer faces the internet`, () => {
      assert.deepEqual([...ingressRules(t)].sort(), [
        "counterd tasks <- internal load balancer in front of counterd : 9080",
        "internal load balancer in front of counterd <- web tasks (nginx) : 80",
        "PostgreSQL <- counterd tasks : 5432",
        "public load balancer <- 0.0.0.0/0 : 443",
        "public load balancer <- 0.0.0.0/0 : 80",
        `Redis (the live channel) <- web tasks (nginx) : ${ports.redis}`,
        "web tasks (nginx) <- counterd tasks : 8081",
        "web tasks (nginx) <- public load balancer : 8080",
      ].sort());
    });

    test(`${name}: HTTPS with a certificate for the domain, HTTP redirected, an idle timeout for the live stream`, () => {
      const [, cert] = one(t, "AWS::CertificateManager::Certificate", () => true);
      assert.equal(cert.Properties.DomainName, name === "production" ? "counter.example.com" : "staging.counter.example.com");
      const [, https] = one(t, "AWS::ElasticLoadBalancingV2::Listener", (r) => r.Properties.Port === 443);
      assert.equal(https.Properties.Protocol, "HTTPS");
      assert.equal(https.Properties.Certificates.length, 1);
      const [, http] = one(t, "AWS::ElasticLoadBalancingV2::Listener", (r) => r.Properties.Port === 80 && r.Properties.Protocol === "HTTP" && !!r.Properties.DefaultActions[0].RedirectConfig);
      assert.deepEqual(http.Properties.DefaultActions[0].RedirectConfig,
        { Protocol: "HTTPS", Port: "443", StatusCode: "HTTP_301" });
      const [, alb] = one(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", (r) => r.Properties.Scheme === "internet-facing");
      const attributes = Object.fromEntries(alb.Properties.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value]));
      assert.ok(Number(attributes["idle_timeout.timeout_seconds"]) >= 3600, "Server-Sent Events stay open");
      assert.equal(attributes["access_logs.s3.enabled"], "true");
    });

    test(`${name}: access logs in an encrypted, private, TLS-only bucket that forgets`, () => {
      const [id, bucket] = one(t, "AWS::S3::Bucket", () => true);
      assert.ok(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration.length > 0);
      assert.deepEqual(bucket.Properties.PublicAccessBlockConfiguration,
        { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      assert.ok(bucket.Properties.LifecycleConfiguration.Rules.some((r: any) => r.ExpirationInDays > 0));
      const [, policy] = one(t, "AWS::S3::BucketPolicy", (r) => refName(r.Properties.Bucket) === id);
      assert.ok(policy.Properties.PolicyDocument.Statement.some((s: any) =>
        s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false"), "TLS only");
    });

    test(`${name}: every log group keeps its logs for a set time`, () => {
      const groups = resources(t, "AWS::Logs::LogGroup");
      assert.ok(groups.length >= 3);
      for (const [id, g] of groups) assert.ok(g.Properties.RetentionInDays > 0, id);
      for (const c of ["counterd", "web"]) assert.equal(container(t, c).LogConfiguration.LogDriver, "awslogs");
    });

    test(`${name}: task roles hold nothing; only the execution roles read the secrets`, () => {
      for (const c of ["counterd", "web"]) {
        const role = refName(container(t, c).task.Properties.TaskRoleArn);
        const policies = resources(t, "AWS::IAM::Policy").filter(([, p]) => p.Properties.Roles.map(refName).includes(role));
        assert.deepEqual(policies, [], `${c}'s task role has no policy`);
      }
      const webExecution = refName(container(t, "web").task.Properties.ExecutionRoleArn);
      const webGrants = JSON.stringify(resources(t, "AWS::IAM::Policy")
        .filter(([, p]) => p.Properties.Roles.map(refName).includes(webExecution)));
      assert.ok(!webGrants.includes("ManagerCode") && !webGrants.includes("DatabaseSecret"), "web cannot read counterd's secrets");
    });
  }

  test("a Route 53 alias only when a hosted zone is given", () => {
    assert.equal(resources(production, "AWS::Route53::RecordSet").length, 0);
    const withZone = Template.fromStack(deploy({ hostedZoneId: "Z123", hostedZoneName: "example.com" }).production);
    const [, record] = one(withZone, "AWS::Route53::RecordSet", () => true);
    assert.equal(record.Properties.Type, "A");
    assert.ok(record.Properties.AliasTarget);
  });
});

describe("images and delivery", () => {
  test("two ECR repositories that scan every push", () => {
    const repos = resources(images, "AWS::ECR::Repository");
    assert.deepEqual(repos.map(([, r]) => r.Properties.RepositoryName).sort(), ["camera-counter/counterd", "camera-counter/web"]);
    for (const [, r] of repos) assert.equal(r.Properties.ImageScanningConfiguration.ScanOnPush, true);
  });

  const stages = (t: Template) => one(t, "AWS::CodePipeline::Pipeline", () => true)[1].Properties.Stages;

  test("source, build (the tests, then the images), staging, a manual approval, production", () => {
    const s = stages(delivery);
    assert.deepEqual(s.map((x: any) => x.Name), ["Source", "Build", "Staging", "Approve", "Production"]);
    assert.equal(s[0].Actions[0].ActionTypeId.Provider, "CodeStarSourceConnection");
    assert.equal(s[3].Actions[0].ActionTypeId.Category, "Approval");
    assert.equal(s[3].Actions[0].ActionTypeId.Provider, "Manual");
    for (const i of [2, 4]) {
      assert.deepEqual(s[i].Actions.map((a: any) => a.ActionTypeId.Provider), ["ECS", "ECS"]);
    }
    const [, project] = one(delivery, "AWS::CodeBuild::Project", () => true);
    const spec = project.Properties.Source.BuildSpec;
    assert.match(spec, /make test/);
    assert.match(spec, /backend\/Dockerfile/);
    assert.match(spec, /frontend-wasm\/Dockerfile/);
  });

  test("without staging, the original's cost profile: build, approval, production", () => {
    const lean = deploy({ staging: false });
    assert.equal(lean.staging, undefined);
    assert.deepEqual(stages(Template.fromStack(lean.delivery)).map((x: any) => x.Name), ["Source", "Build", "Approve", "Production"]);
  });
});

describe("AWS's best-practice rules (cdk-nag AwsSolutions)", () => {
  for (const stack of [full.images, full.staging!, full.production, full.delivery] as Stack[]) {
    test(`${stack.stackName}: no unsuppressed error or warning`, () => {
      const findings = [
        ...Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*")),
        ...Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")),
      ];
      assert.deepEqual(findings.map((f) => `${f.id}: ${String(f.entry.data).split(":")[0]}`), []);
    });
  }
});
