// What the browser test files share: one stack (counterd and nginx, from COUNTERD and DIST) and
// one Chromium for the file, the stock back at 1000 before each test, and screenshots in
// ARTIFACTS. Call browserSuite() at a test file's top level; it registers the hooks.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, beforeEach } from "node:test";

import { launch } from "./browser.mjs";
import { Stack } from "./stack.mjs";

export function browserSuite(launchOptions = {}) {
  const artifacts = process.env.ARTIFACTS ?? fs.mkdtempSync("/tmp/counter-shots-");
  fs.mkdirSync(artifacts, { recursive: true });
  const suite = {
    stack: new Stack({ counterd: process.env.COUNTERD, dist: process.env.DIST }),
    browser: undefined, // set once the suite has started
    shot: (page, name) => page.screenshot({ path: path.join(artifacts, `${name}.png`) }),
  };
  before(async () => {
    await suite.stack.start();
    suite.browser = await launch(launchOptions);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.stack.stop();
  });
  beforeEach(async () => {
    // A test that failed leaves its pages open in the shared browser: one that holds the
    // replayer's lock, or a queue of sales, would act in every test after it. Closed, with what
    // they kept in the page's storage.
    for (const page of suite.browser.context.pages()) {
      if (!page.url().startsWith(suite.stack.url(""))) continue;
      await page.evaluate(() => localStorage.clear()).catch(() => {});
      await page.close();
    }
    assert.equal((await suite.stack.api("PUT", "/reset", { value: 1000 })).status, 200);
  });
  return suite;
}
