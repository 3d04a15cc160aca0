import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { runCli } from "../../helpers/run-cli.js";

const PETSTORE = "examples/petstore/openapi.yaml";

describe("openapi-mcp list", () => {
  it("prints a table of the curated tools and the total tokens", async () => {
    const run = await runCli(["list", PETSTORE, "--curation", "examples/petstore/curation.yaml"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^TOOL +METHOD PATH +ARGS +TOKENS$/m);
    assert.match(run.stdout, /^get_pet +GET \/pet\/\{petId\} +1 +\d+$/m);
    assert.match(run.stdout, /6 tools, [\d,]+ tokens \(o200k_base\) for the whole tools\/list result; upstream https:\/\/petstore3\.swagger\.io\/api\/v3/);
  });
  it("--json prints tools exactly as tools/list returns them, and warnings", async () => {
    const run = await runCli(["list", PETSTORE, "--json", "--base-url", "http://127.0.0.1:1"]);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { tools: Array<Record<string, unknown>>; warnings: string[] };
    assert.equal(out.tools.length, 19);
    assert.deepEqual(Object.keys(out.tools[0]!).sort(), ["annotations", "description", "inputSchema", "name"]);
    assert.deepEqual(Object.keys(out).sort(), ["environment", "tokens", "tools", "warnings"]);
    assert.ok(Array.isArray(out.warnings));
  });
  it("lists the environment the selected tools need, and only that", async () => {
    const run = await runCli(["list", PETSTORE, "--curation", "examples/petstore/curation.yaml"]);
    assert.match(run.stdout, /^OPENAPI_MCP_BASE_URL +Upstream base URL \(default https:\/\/petstore3\.swagger\.io\/api\/v3\)$/m);
    assert.match(run.stdout, /^OPENAPI_MCP_AUTH_API_KEY +API key for "api_key", sent in the api_key header$/m);
    assert.match(run.stdout, /^OPENAPI_MCP_AUTH_PETSTORE_AUTH +Access token for "petstore_auth"/m);
    const json = JSON.parse((await runCli(["list", "fixtures/specs/security-schemes.yaml", "--json", "--curation", "fixtures/curation/security-no-auth.curation.yaml"])).stdout) as { environment: Array<{ name: string }> };
    assert.deepEqual(json.environment.map((v) => v.name), ["OPENAPI_MCP_BASE_URL"], "a tool with security: [] needs no credentials");
  });

  it("lists the credentials curation adds and the variables its headers read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "list-env-"));
    const curation = join(dir, "c.yaml");
    await writeFile(curation, ["securitySchemes:", "  token: { type: http, scheme: bearer }", "security: [{ token: [] }]", "headers:", '  X-Api-Version: "${env:API_VERSION}"'].join("\n"));
    const json = JSON.parse((await runCli(["list", "fixtures/specs/security-and-headers.yaml", "--json", "--curation", curation])).stdout) as { environment: Array<{ name: string; secret: boolean }> };
    assert.deepEqual(json.environment.map((v) => [v.name, v.secret]), [
      ["OPENAPI_MCP_BASE_URL", false],
      ["OPENAPI_MCP_AUTH_API_KEY", true],
      ["OPENAPI_MCP_AUTH_TOKEN", true],
      ["API_VERSION", true],
    ]);
    const table = await runCli(["list", "fixtures/specs/security-and-headers.yaml", "--curation", curation]);
    assert.match(table.stdout, /^OPENAPI_MCP_AUTH_TOKEN +Bearer token for "token"/m);
    assert.match(table.stdout, /^API_VERSION +Value for the X-Api-Version header \(curation headers; required, secret\)$/m);
  });

  it("--base-url beats the curation file and the spec", async () => {
    const run = await runCli(["list", PETSTORE, "--curation", "examples/petstore/curation.yaml", "--base-url", "http://127.0.0.1:9/api"]);
    assert.match(run.stdout, /upstream http:\/\/127\.0\.0\.1:9\/api/);
  });
  const failures: Array<[string, { given: string[]; want: RegExp }]> = [
    ["a missing spec", { given: ["list", "nope.yaml"], want: /^error: nope\.yaml: file not found — check the path to the spec\n$/ }],
    ["a non-OpenAPI document", { given: ["list", "fixtures/specs/not-openapi-asyncapi.json"], want: /^error: fixtures\/specs\/not-openapi-asyncapi\.json #: not an OpenAPI document: this is an AsyncAPI 2\.6\.0 document/ }],
    ["a YAML syntax error", { given: ["list", "fixtures/specs/broken-yaml.yaml"], want: /^error: fixtures\/specs\/broken-yaml\.yaml:\d+: YAML syntax error/ }],
    ["a dangling $ref", { given: ["list", "fixtures/specs/dangling-ref.yaml"], want: /^error: fixtures\/specs\/dangling-ref\.yaml #\/paths\/~1widgets\/post\/requestBody\/content\/application~1json\/schema: .*points at nothing/ }],
    ["a dangling external $ref", { given: ["list", "fixtures/specs/dangling-external-ref.yaml"], want: /^error: fixtures\/specs\/dangling-external-ref\.yaml #\/paths\/~1widgets\/post\/requestBody\/content\/application~1json\/schema: .*unresolved external reference "\.\/missing\.yaml#\/Widget"/ }],
    ["a wrong curation entry", { given: ["list", PETSTORE, "--curation", "fixtures/curation/invalid.curation.yaml"], want: /^error: fixtures\/curation\/invalid\.curation\.yaml: \d+ problems? in curation file\n  fixtures\/curation\/invalid\.curation\.yaml:\d+ / }],
    ["--strict with spec warnings", { given: ["list", "fixtures/specs/dangling-ref-partial.yaml", "--strict"], want: /^error: .*1 spec warning with --strict; the first: POST \/widgets skipped/ }],
  ];
  for (const [name, { given, want }] of failures) {
    it(`fails clearly on ${name}: exit 1, no stack trace`, async () => {
      const run = await runCli(given);
      assert.equal(run.code, 1);
      assert.match(run.stderr, want);
      assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
      assert.equal(run.stdout, "");
    });
  }
});

describe("openapi-mcp list warns about expensive tools", () => {
  it("names a tool whose definition alone costs more than 20,000 tokens, and the fix", async () => {
    const dir = await mkdtemp(join(tmpdir(), "big-"));
    const properties = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`field${i}`, { type: "string", description: `Field ${i}. ${"Words that explain it. ".repeat(14)}` }]));
    const spec = { openapi: "3.0.3", info: { title: "Big", version: "1" }, servers: [{ url: "https://x.example" }], paths: { "/big": { post: { operationId: "createBig", requestBody: { content: { "application/json": { schema: { type: "object", properties } } } }, responses: { "200": { description: "ok" } } } }, "/small": { get: { operationId: "getSmall", responses: { "200": { description: "ok" } } } } } };
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dir, "big.json"), JSON.stringify(spec));
    const run = await runCli(["list", join(dir, "big.json")]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^warning: tool create_big costs [\d,]+ o200k_base tokens on its own: hide arguments it does not need or rewrite their descriptions in the curation file$/m);
    assert.doesNotMatch(run.stderr, /get_small/);
  });
});

describe("openapi-mcp init", () => {
  it("writes a starter file listing every operation by tag, selecting none", async () => {
    const dir = await mkdtemp(join(tmpdir(), "init-"));
    const out = join(dir, "petstore.curation.yaml");
    const run = await runCli(["init", PETSTORE, "--out", out]);
    assert.equal(run.code, 0, run.stderr);
    const text = await readFile(out, "utf8");
    // yaml-language-server reads its modeline from any comment line; the how-to comes first.
    assert.match(text.split("\n")[3]!, /^# yaml-language-server: \$schema=.*curation\.schema\.json$/);
    assert.match(text, /^\$schema: .*curation\.schema\.json$/m);
    for (const tag of ["pet", "store", "user"]) assert.match(text, new RegExp(`^# ── ${tag} \\(\\d+\\) ──$`, "m"));
    assert.equal((text.match(/^# {2}- operation: /gm) ?? []).length, 19);
    assert.match(text, /^# {2}- operation: getPetById {3}# get_pet_by_id: GET \/pet\/\{petId\} — Find pet by ID\.$/m);
    assert.match(text.split("\n").slice(0, 3).join("\n"), /delete the "#"[^\n]*\n# Check with: {2}openapi-mcp list /, "how to select, in the first lines");
    assert.equal(parse(text).tools, null, "`tools:` followed only by comments");

    const listed = await runCli(["list", PETSTORE, "--curation", out, "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout).tools, [], "nothing is selected silently");
    assert.ok((JSON.parse(listed.stdout).warnings as string[]).some((w) => w.includes(`uncomment entries under \`tools:\` in ${out}`)));
    const table = await runCli(["list", PETSTORE, "--curation", out]);
    assert.match(table.stderr, /^warning: no tools selected: .* selects none of 19 operations — uncomment entries under `tools:`.*or add `include:`/m);
    const served = await runCli(["serve", PETSTORE, "--curation", out]);
    assert.equal(served.code, 1, "serve refuses to start with no tools");
    assert.match(served.stderr, /^error: serve refuses to start with no tools selected: .*uncomment entries under `tools:`/);

    const again = await runCli(["init", PETSTORE, "--out", out]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists — pass --force/);
  });
});

describe("openapi-mcp init: uncommenting selects", () => {
  // Removing the "#" of any entries must leave valid YAML, whatever lies between them (blank lines,
  // tag headings): a real spec, the literal edit a person makes, and the tools `list` then shows.
  const cases: Array<[string, { spec: string; pick: string[]; want: string[] }]> = [
    ["petstore, entries in different tag groups", { spec: PETSTORE, pick: ["getPetById", "getInventory"], want: ["get_pet_by_id", "get_inventory"] }],
    ["petstore, the last entry of the file", { spec: PETSTORE, pick: ["addPet", "deleteUser"], want: ["add_pet", "delete_user"] }],
    ["a spec without operationIds", { spec: "fixtures/specs/no-operation-id.yaml", pick: [], want: [] }],
    ["summaries with YAML-hostile text", { spec: "fixtures/specs/hostile-text.yaml", pick: [], want: [] }],
    ["GitHub's spec (issue 8's example: 1,000+ operations)", { spec: "node_modules/@octokit/openapi/generated/api.github.com.json", pick: ["repos/get", "issues/list-for-repo"], want: ["repos_get", "issues_list_for_repo"] }],
    ["Stripe's spec (a real, large one)", { spec: "fixtures/vendor/stripe-2025-10-15.json", pick: ["GetCustomers", "PostCustomers"], want: ["get_customers", "post_customers"] }],
  ];
  for (const [name, { spec, pick, want }] of cases) {
    it(name, async () => {
      const dir = await mkdtemp(join(tmpdir(), "init-pick-"));
      const out = join(dir, "c.yaml");
      assert.equal((await runCli(["init", spec, "--out", out])).code, 0);
      const lines = (await readFile(out, "utf8")).split("\n");
      const entries = lines.filter((l) => l.startsWith("#  - operation: "));
      // Without operationIds, pick the first and the last entries by position.
      const chosen = pick.length > 0 ? entries.filter((l) => pick.some((p) => l.startsWith(`#  - operation: ${p} `))) : [entries[0]!, entries.at(-1)!];
      assert.equal(chosen.length, 2, "two entries to uncomment");
      const { writeFile } = await import("node:fs/promises");
      await writeFile(out, lines.map((l) => (chosen.includes(l) ? l.slice(1) : l)).join("\n"));
      const listed = await runCli(["list", spec, "--curation", out, "--json"]);
      assert.equal(listed.code, 0, listed.stderr);
      const names = (JSON.parse(listed.stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
      assert.equal(names.length, 2);
      if (want.length > 0) assert.deepEqual(names.sort(), [...want].sort());
    });
  }
});

describe("openapi-mcp init: a spec with no security scheme", () => {
  it("offers a commented securitySchemes block; uncommented, list names the credential variable", async () => {
    const spec = "node_modules/@octokit/openapi/generated/api.github.com.json";
    const dir = await mkdtemp(join(tmpdir(), "init-scheme-"));
    const out = join(dir, "c.yaml");
    assert.equal((await runCli(["init", spec, "--out", out])).code, 0);
    const lines = (await readFile(out, "utf8")).split("\n");
    const hint = ["# securitySchemes:", "#   token: { type: http, scheme: bearer }", "# security: [{ token: [] }]"];
    for (const line of hint) assert.ok(lines.includes(line), `the starter file has ${JSON.stringify(line)}`);
    const entry = lines.find((l) => l.startsWith("#  - operation: repos/get "));
    assert.ok(entry, "the repos/get entry line");
    // What a person does: delete "# " in front of the hint lines, and "#" in front of the entry.
    const edited = lines.map((l) => (hint.includes(l) ? l.slice(2) : l === entry ? l.slice(1) : l));
    await writeFile(out, edited.join("\n"));
    const listed = await runCli(["list", spec, "--curation", out, "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    const result = JSON.parse(listed.stdout) as { tools: Array<{ name: string }>; environment: Array<{ name: string }> };
    assert.deepEqual(result.tools.map((t) => t.name), ["repos_get"]);
    assert.ok(result.environment.some((v) => v.name === "OPENAPI_MCP_AUTH_TOKEN"), JSON.stringify(result.environment));
  });

  it("is not offered when the spec declares a scheme", async () => {
    const dir = await mkdtemp(join(tmpdir(), "init-scheme-"));
    const out = join(dir, "c.yaml");
    assert.equal((await runCli(["init", PETSTORE, "--out", out])).code, 0);
    assert.doesNotMatch(await readFile(out, "utf8"), /^# securitySchemes:/m);
  });
});
