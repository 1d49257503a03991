#!/usr/bin/env node
// `npx cdk synth` / `npx cdk deploy` run this (cdk.json: node dist/bin/app.js, after `tsc`).
import { App } from "aws-cdk-lib";

import { buildDeployment } from "../lib/app";

buildDeployment(new App());
