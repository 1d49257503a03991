// The whole deployment from its settings: the images' repositories, production (and staging,
// unless left out), and the pipeline that delivers to them; AWS's best-practice rule pack
// (cdk-nag AwsSolutions) checks every stack as it is synthesized. bin/app.ts and the tests
// both build it here.
import { App, Aspects, Environment } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";

import { Delivery } from "./delivery";
import { CounterEnvironment } from "./environment";
import { Images } from "./images";
import { readSettings } from "./settings";

export interface Deployment {
  readonly app: App;
  readonly images: Images;
  readonly staging?: CounterEnvironment;
  readonly production: CounterEnvironment;
  readonly delivery: Delivery;
}

export function buildDeployment(app: App): Deployment {
  const settings = readSettings(app.node);
  // The region is always named (ALB access logs need it); the account only when known.
  const env: Environment = { account: settings.account, region: settings.region };
  const images = new Images(app, "CameraCounterImages", { env });
  const environment = (stage: "staging" | "production") =>
    new CounterEnvironment(app, stage === "production" ? "CameraCounterProduction" : "CameraCounterStaging", {
      env,
      stage,
      size: stage === "production" ? settings.production : settings.stagingSize,
      domainName: stage === "production" ? settings.domainName : `staging.${settings.domainName}`,
      hostedZone: settings.hostedZone,
      counterdImages: images.counterd,
      webImages: images.web,
      imageTag: settings.imageTag,
    });
  const staging = settings.staging ? environment("staging") : undefined;
  const production = environment("production");
  const delivery = new Delivery(app, "CameraCounterDelivery", {
    env,
    connectionArn: settings.githubConnectionArn,
    repository: settings.githubRepository,
    branch: settings.githubBranch,
    counterdImages: images.counterd,
    webImages: images.web,
    staging,
    production,
  });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { app, images, staging, production, delivery };
}
