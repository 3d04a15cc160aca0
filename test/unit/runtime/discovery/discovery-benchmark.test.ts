/**
 * Discovery mode's promises on real specs: the three meta-tool definitions cost at most 2,000
 * o200k tokens on GitHub's whole REST spec and on the corpus's largest spec (autotask.net, 2,958
 * operations), and search_operations puts the right operation in its top 5 for at least three in
 * four of the benchmark's user-phrased tasks (bench/discovery/tasks.json), beating plain BM25 —
 * on GitHub and Stripe, and (through the concept vocabulary) on Xero accounting, Slack and DigitalOcean,
 * and on Jira Cloud's needs, most of which name an issue by its key (PROJ-123).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { loadApis, loadTasks, measureHitRates, sourcesOf, type DiscoveryTask, type HitRates } from "../../../../bench/discovery/hit-rate.js";
import { metaToolTokens } from "../../../../bench/discovery/meta-tool-tokens.js";
import { runPipeline, type PipelineResult } from "../../../../src/pipeline.js";
import { applyClientProfile } from "../../../../src/profile/apply-profile.js";
import { CLIENT_NAMES } from "../../../../src/profile/client-profiles.js";
import { buildSearchIndex, OperationSearch } from "../../../../src/runtime/discovery/search-index.js";
import { repoPath } from "../../../helpers/start-processes.js";

const LARGEST_CORPUS_SPEC = repoPath("fixtures/corpus/autotask.net_v1.json");

/** Top-5 at three in four or better; a failure lists the misses. */
function assertThreeInFour(ours: HitRates): void {
  const missed = ours.outcomes.filter((o) => o.rank === undefined || o.rank > 5).map((o) => `${o.task} → ${o.top.join(", ")}`);
  assert.ok(ours.top5 >= 0.75, `top-5 ${ours.top5.toFixed(2)}; missed:\n${missed.join("\n")}`);
}

/** {@link assertThreeInFour}, and above plain BM25 on the same tasks. */
function assertThreeInFourBeatingPlain(apis: Map<string, PipelineResult>, tasks: DiscoveryTask[]): void {
  const ours = measureHitRates(apis, tasks);
  const plain = measureHitRates(apis, tasks, { plain: true });
  assertThreeInFour(ours);
  assert.ok(ours.top5 > plain.top5, `top-5 ${ours.top5.toFixed(2)} against plain BM25's ${plain.top5.toFixed(2)}`);
}

describe("discovery mode on real specs", { timeout: 120_000 }, () => {
  const { specs, tasks, training, corpusTraining, corpusTraining2, blind3, blind4 } = loadTasks();
  let apis: Map<string, PipelineResult>;

  before(async () => {
    apis = await loadApis(specs, [...tasks, ...training, ...corpusTraining, ...corpusTraining2, ...blind3, ...blind4]);
  }, { timeout: 120_000 });

  it("the three definitions cost at most 2,000 o200k tokens on GitHub's whole spec", () => {
    const github = apis.get("github")!;
    assert.ok(github.server.tools.length > 1000, "GitHub's whole spec");
    const tokens = metaToolTokens(github.server);
    assert.ok(tokens <= 2000, `${tokens} tokens`);
  });

  it("and under every client profile, which reshapes them", async () => {
    const github = await runPipeline({ spec: loadTasks().specs.github!, discovery: true });
    for (const client of CLIENT_NAMES) {
      const { server } = applyClientProfile(github.server, client);
      const tokens = metaToolTokens(server);
      assert.ok(tokens <= 2000, `${client}: ${tokens} tokens`);
      if (client === "openai") assert.ok(server.discovery?.metaTools !== undefined, "openai reshapes the meta-tools (this counts the reshaped ones)");
    }
  });

  it("and on the corpus's largest spec", async () => {
    const largest = await runPipeline({ spec: LARGEST_CORPUS_SPEC, discovery: true });
    assert.ok(largest.server.tools.length > 2500, `${largest.server.tools.length} operations`);
    const tokens = metaToolTokens(largest.server);
    assert.ok(tokens <= 2000, `${tokens} tokens`);
  });

  it("finds the right operation in its top 5 for at least 3 in 4 tasks, more than plain BM25 does", () => {
    assert.ok(tasks.length >= 40, `${tasks.length} tasks`);
    assertThreeInFourBeatingPlain(apis, tasks);
  });

  it("and on the training tasks over a third API (Asana) as well as GitHub and Stripe", () => {
    assert.ok(training.length >= 50 && training.some((t) => t.api === "asana"), `${training.length} training tasks`);
    assertThreeInFour(measureHitRates(apis, training));
  });

  it("and on needs over two more APIs (Xero accounting, Slack), beating plain BM25", () => {
    assert.ok(corpusTraining.length >= 60 && ["xero", "slack"].every((api) => corpusTraining.some((t) => t.api === api)), `${corpusTraining.length} tasks`);
    assertThreeInFourBeatingPlain(apis, corpusTraining);
  });

  it("and on needs over DigitalOcean phrased as outcomes ('turn the server off', 'the db password leaked'), beating plain BM25", () => {
    assert.ok(corpusTraining2.length >= 40 && corpusTraining2.every((t) => t.api === "digitalocean"), `${corpusTraining2.length} tasks`);
    assertThreeInFourBeatingPlain(apis, corpusTraining2);
  });

  it("and on Jira Cloud's needs ('move PROJ-123 to Done', 'log 2h on PROJ-5'), beating plain BM25", () => {
    const jira = blind3.filter((t) => t.api === "jira");
    assert.ok(jira.length >= 30, `${jira.length} tasks`);
    assertThreeInFourBeatingPlain(apis, jira);
  });

  it("and on the last sealed set (GitHub, Stripe, Spotify; written without sight of the ranking), beating plain BM25", () => {
    assert.ok(blind4.length >= 90 && ["github", "stripe", "spotify"].every((api) => blind4.some((t) => t.api === api)), `${blind4.length} tasks`);
    assertThreeInFourBeatingPlain(apis, blind4);
  });

  it("a search on GitHub's spec takes well under a millisecond (median)", () => {
    const search = new OperationSearch(buildSearchIndex(sourcesOf(apis.get("github")!)));
    for (const task of tasks) search.search(task.task, 10);
    const times: number[] = [];
    for (const task of tasks) {
      const started = performance.now();
      search.search(task.task, 10);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    assert.ok(times[Math.floor(times.length / 2)]! < 1, `median ${times[Math.floor(times.length / 2)]!.toFixed(3)} ms`);
  });
});
