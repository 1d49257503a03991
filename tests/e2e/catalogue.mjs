// The problem catalogue (shared/include/counter/problem_catalogue.inc) as the tests read it:
// every problem a client may receive, from counterd or from nginx, must be one of these.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)),
  "../../shared/include/counter/problem_catalogue.inc");

export const catalogue = [...fs.readFileSync(file, "utf8")
  .matchAll(/^PROBLEM\(([a-z_]+), (\d+), "([^"]+)", "([^"]+)"\)$/gm)]
  .map(([, kind, status, slug, title]) => ({ kind, status: Number(status), slug, title,
    type: `urn:camera-counter:problem:${slug}` }));

// Asserts with `assert` that `body` is a problem of the catalogue answered with `status`.
export function assertProblem(assert, status, contentType, body) {
  assert.equal(contentType, "application/problem+json", body);
  const problem = JSON.parse(body);
  const entry = catalogue.find((e) => e.type === problem.type);
  assert.ok(entry, `${problem.type} is not in the catalogue`);
  assert.equal(problem.status, status);
  assert.equal(entry.status, status);
  assert.equal(problem.title, entry.title);
  assert.equal(typeof problem.detail, "string");
  return problem;
}
