import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCommandLine } from "../../../src/cli/args.js";

describe("--discovery", () => {
  it("serve and generate take it", () => {
    assert.equal((parseCommandLine(["serve", "spec.yaml", "--discovery"]) as { discovery?: boolean }).discovery, true);
    assert.equal((parseCommandLine(["generate", "spec.yaml", "--out", "d", "--discovery"]) as { discovery?: boolean }).discovery, true);
  });
  it("absent, it is not set (the curation file may still turn it on)", () => {
    assert.equal("discovery" in parseCommandLine(["serve", "spec.yaml"]), false);
  });
  it("it is not a server setting: generated entry points do not take it", async () => {
    const { parseServeSettings } = await import("../../../src/runtime/core/serve-settings.js");
    assert.throws(() => parseServeSettings(["--discovery"]));
  });
});
