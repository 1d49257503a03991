// What a deployment is told through CDK context (cdk.json, or `-c name=value`), with the
// defaults documented in README.md ("Deploy to AWS"). Nothing here looks anything up in AWS:
// the app synthesizes offline.
import { Node } from "constructs";

// One environment's sizes: staging is small, production is the default shop.
export interface EnvironmentSize {
  readonly counterdTasks: number; // counterd replicas (>= 2: one per availability zone at least)
  readonly webTasks: number; // nginx tasks serving the page and the live channel (>= 2)
  readonly taskCpu: number; // Fargate CPU units per task (256 = 0.25 vCPU)
  readonly taskMemoryMiB: number;
  readonly databaseClass: string; // RDS instance class without "db.", e.g. "t4g.micro"
  readonly databaseStorageGiB: number;
  readonly redisNodeType: string; // ElastiCache node type, e.g. "cache.t4g.micro"
  readonly natGateways: number; // 1 saves money; 2 survives the loss of a zone
}

export interface Settings {
  readonly region: string; // where it runs (known offline: no lookups)
  readonly account?: string; // the AWS account, when given (else the shell's, at deploy time)
  readonly domainName: string; // the shop's address; the certificate is issued for it
  readonly hostedZone?: { readonly id: string; readonly name: string }; // Route 53 alias, if given
  readonly staging: boolean; // false: the original's cost profile, straight to production
  readonly githubConnectionArn: string; // an AWS CodeConnections (CodeStar) connection to GitHub
  readonly githubRepository: string; // owner/name
  readonly githubBranch: string;
  readonly imageTag: string; // the images the services start with (the pipeline rolls new ones)
  readonly production: EnvironmentSize;
  readonly stagingSize: EnvironmentSize;
}

const defaultProduction: EnvironmentSize = {
  counterdTasks: 2,
  webTasks: 2,
  taskCpu: 256,
  taskMemoryMiB: 512,
  databaseClass: "t4g.small",
  databaseStorageGiB: 20,
  redisNodeType: "cache.t4g.micro",
  natGateways: 2,
};

const defaultStaging: EnvironmentSize = {
  ...defaultProduction,
  databaseClass: "t4g.micro",
  natGateways: 1,
};

function text(node: Node, name: string, fallback?: string): string {
  const value = node.tryGetContext(name);
  if (value === undefined || value === null || value === "") {
    if (fallback !== undefined) return fallback;
    throw new Error(`context '${name}' is required (cdk.json or -c ${name}=...)`);
  }
  return String(value);
}

function flag(node: Node, name: string, fallback: boolean): boolean {
  const value = node.tryGetContext(name);
  if (value === undefined) return fallback;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new Error(`context '${name}' must be true or false, got ${JSON.stringify(value)}`);
}

function count(node: Node, name: string, fallback: number, least: number): number {
  const value = node.tryGetContext(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < least)
    throw new Error(`context '${name}' must be a whole number of at least ${least}, got ${JSON.stringify(value)}`);
  return n;
}

// Sizes under a prefix ("production" or "staging"): productionCounterdTasks, stagingDatabaseClass...
function size(node: Node, prefix: string, base: EnvironmentSize): EnvironmentSize {
  const key = (field: string) => prefix + field[0].toUpperCase() + field.slice(1);
  return {
    counterdTasks: count(node, key("counterdTasks"), base.counterdTasks, 2),
    webTasks: count(node, key("webTasks"), base.webTasks, 2),
    taskCpu: count(node, key("taskCpu"), base.taskCpu, 256),
    taskMemoryMiB: count(node, key("taskMemoryMiB"), base.taskMemoryMiB, 512),
    databaseClass: text(node, key("databaseClass"), base.databaseClass),
    databaseStorageGiB: count(node, key("databaseStorageGiB"), base.databaseStorageGiB, 20),
    redisNodeType: text(node, key("redisNodeType"), base.redisNodeType),
    natGateways: count(node, key("natGateways"), base.natGateways, 1),
  };
}

export function readSettings(node: Node): Settings {
  const zoneId = text(node, "hostedZoneId", "");
  const zoneName = text(node, "hostedZoneName", "");
  if ((zoneId === "") !== (zoneName === ""))
    throw new Error("context 'hostedZoneId' and 'hostedZoneName' go together: give both or neither");
  const repository = text(node, "githubRepository");
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw new Error(`context 'githubRepository' must be owner/name, got '${repository}'`);
  const account = text(node, "account", process.env.CDK_DEFAULT_ACCOUNT ?? "");
  return {
    region: text(node, "region", process.env.CDK_DEFAULT_REGION ?? ""),
    account: account || undefined,
    domainName: text(node, "domainName"),
    hostedZone: zoneId ? { id: zoneId, name: zoneName } : undefined,
    staging: flag(node, "staging", true),
    githubConnectionArn: text(node, "githubConnectionArn"),
    githubRepository: repository,
    githubBranch: text(node, "githubBranch", "main"),
    imageTag: text(node, "imageTag", "latest"),
    production: size(node, "production", defaultProduction),
    stagingSize: size(node, "staging", defaultStaging),
  };
}
