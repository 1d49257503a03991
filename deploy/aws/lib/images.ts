// The two images every environment runs, built from the repo's Dockerfiles by the pipeline:
// counterd (backend/Dockerfile) and web, nginx with the UI bundle (frontend-wasm/Dockerfile).
import { Duration, RemovalPolicy, Stack, StackProps } from "aws-cdk-lib";
import * as ecr from "aws-cdk-lib/aws-ecr";
import { Construct } from "constructs";

export class Images extends Stack {
  readonly counterd: ecr.Repository;
  readonly web: ecr.Repository;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const repository = (name: string) =>
      new ecr.Repository(this, name, {
        repositoryName: `camera-counter/${name}`,
        imageScanOnPush: true,
        imageTagMutability: ecr.TagMutability.IMMUTABLE, // a commit's image never changes
        encryption: ecr.RepositoryEncryption.AES_256,
        // Rollback needs the previous images; older ones go.
        lifecycleRules: [{ maxImageCount: 30, description: "keep the last 30 builds" }],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.counterd = repository("counterd");
    this.web = repository("web");
    // Untagged layers of failed pushes.
    for (const repo of [this.counterd, this.web])
      repo.addLifecycleRule({ tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) });
  }
}
