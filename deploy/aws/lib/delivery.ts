// The delivery pipeline, as the original product had it plus the staging it skipped:
//   Source (GitHub, through a CodeConnections connection)
//   → Build (CodeBuild: `make test` in Debian 12, then both images built and pushed to ECR)
//   → Staging (both services rolled to the new images)      [left out with -c staging=false]
//   → Approve (a person says production may have it)
//   → Production (rolled; the ECS circuit breaker rolls back a deployment that does not settle)
import { Duration, RemovalPolicy, Stack, StackProps } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";

import { CounterEnvironment } from "./environment";

export interface DeliveryProps extends StackProps {
  readonly connectionArn: string;
  readonly repository: string; // owner/name
  readonly branch: string;
  readonly counterdImages: ecr.IRepository;
  readonly webImages: ecr.IRepository;
  readonly staging?: CounterEnvironment;
  readonly production: CounterEnvironment;
}

// What the build writes for each service: ECS's image definitions (container name → image).
const imageFiles = { counterd: "counterd-images.json", web: "web-images.json" } as const;

export class Delivery extends Stack {
  readonly pipeline: codepipeline.Pipeline;

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id, props);
    const [owner, repo] = props.repository.split("/");
    const key = new kms.Key(this, "ArtifactsKey", { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
    const artifacts = new s3.Bucket(this, "Artifacts", {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const build = new codebuild.PipelineProject(this, "TestAndBuild", {
      description: "Camera Counter: make test on Debian 12, then both images to ECR",
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.LARGE,
        privileged: true, // Docker: the test suite's Debian container and the image builds
      },
      encryptionKey: key,
      timeout: Duration.minutes(120),
      logging: {
        cloudWatch: {
          logGroup: new logs.LogGroup(this, "BuildLogs", {
            retention: logs.RetentionDays.THREE_MONTHS,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
        },
      },
      environmentVariables: {
        COUNTERD_REPOSITORY: { value: props.counterdImages.repositoryUri },
        WEB_REPOSITORY: { value: props.webImages.repositoryUri },
      },
      buildSpec: codebuild.BuildSpec.fromObject({
        version: "0.2",
        phases: {
          pre_build: {
            commands: [
              "TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c1-12)",
              "aws ecr get-login-password | docker login --username AWS --password-stdin ${COUNTERD_REPOSITORY%%/*}",
            ],
          },
          build: {
            commands: [
              // The README's test command, on the machine it is made for (Debian 12).
              "docker run --rm --privileged -v \"$PWD\":/src -w /src debian:bookworm bash -c 'apt-get update -qq && apt-get install -y -qq make git sudo >/dev/null && make test'",
              "docker build -f backend/Dockerfile -t $COUNTERD_REPOSITORY:$TAG .",
              "docker build -f frontend-wasm/Dockerfile -t $WEB_REPOSITORY:$TAG .",
            ],
          },
          post_build: {
            commands: [
              "docker push $COUNTERD_REPOSITORY:$TAG",
              "docker push $WEB_REPOSITORY:$TAG",
              `printf '[{"name":"counterd","imageUri":"%s"}]' $COUNTERD_REPOSITORY:$TAG > ${imageFiles.counterd}`,
              `printf '[{"name":"web","imageUri":"%s"}]' $WEB_REPOSITORY:$TAG > ${imageFiles.web}`,
            ],
          },
        },
        artifacts: { files: [imageFiles.counterd, imageFiles.web] },
      }),
    });
    props.counterdImages.grantPullPush(build);
    props.webImages.grantPullPush(build);

    const source = new codepipeline.Artifact("source");
    const images = new codepipeline.Artifact("images");
    const deploy = (environment: CounterEnvironment, prefix: string): actions.EcsDeployAction[] => [
      new actions.EcsDeployAction({
        actionName: `${prefix}Counterd`,
        service: environment.counterdService,
        imageFile: images.atPath(imageFiles.counterd),
        deploymentTimeout: Duration.minutes(30),
      }),
      new actions.EcsDeployAction({
        actionName: `${prefix}Web`,
        service: environment.webService,
        imageFile: images.atPath(imageFiles.web),
        deploymentTimeout: Duration.minutes(30),
      }),
    ];

    const stages: codepipeline.StageProps[] = [
      {
        stageName: "Source",
        actions: [
          new actions.CodeStarConnectionsSourceAction({
            actionName: "GitHub",
            connectionArn: props.connectionArn,
            owner,
            repo,
            branch: props.branch,
            output: source,
          }),
        ],
      },
      {
        stageName: "Build",
        actions: [new actions.CodeBuildAction({ actionName: "TestAndBuild", project: build, input: source, outputs: [images] })],
      },
    ];
    if (props.staging) stages.push({ stageName: "Staging", actions: deploy(props.staging, "Staging") });
    stages.push(
      {
        stageName: "Approve",
        actions: [
          new actions.ManualApprovalAction({
            actionName: "ReleaseToProduction",
            additionalInformation: props.staging
              ? "Staging runs the new images: try it, then approve to roll them to production."
              : "The tests passed: approve to roll the new images to production.",
          }),
        ],
      },
      { stageName: "Production", actions: deploy(props.production, "Production") },
    );
    this.pipeline = new codepipeline.Pipeline(this, "Pipeline", {
      pipelineName: "camera-counter",
      pipelineType: codepipeline.PipelineType.V2,
      artifactBucket: artifacts,
      restartExecutionOnUpdate: false,
      stages,
    });

    NagSuppressions.addResourceSuppressions(artifacts, [
      { id: "AwsSolutions-S1", reason: "Pipeline artifacts live 30 days; CloudTrail records access to them." },
    ]);
    NagSuppressions.addStackSuppressions(this, [
      { id: "AwsSolutions-IAM5", reason: "Wildcards are CDK's own grants for CodeBuild reports, its log streams, the artifact bucket's objects and the KMS key's data-key actions." },
    ]);
  }
}
