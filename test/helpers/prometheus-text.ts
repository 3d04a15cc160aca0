/**
 * A strict reader of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format), written from the
 * format's description rather than from prom-client, so a scrape is judged independently: every line
 * must be a HELP, a TYPE or a sample; names, label names and escaped label values must be well formed;
 * every sample must belong to a family whose TYPE came first; a histogram's buckets must rise with
 * `le`, end at `+Inf`, and equal `_count` there. Throws on the first violation, naming the line.
 */

/** One sample line. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One metric family. */
export interface Family {
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  help: string;
  samples: Sample[];
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`;
const VALUE = "(-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]Inf|NaN)";
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? ${VALUE}(?: -?\\d+)?$`);
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);

function parseValue(text: string): number {
  return text === "+Inf" ? Infinity : text === "-Inf" ? -Infinity : Number(text);
}

/** Parses and checks a scrape; see the file comment. */
export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const helps = new Map<string, string>();
  assertOk(text.endsWith("\n"), "the exposition must end with a newline");
  text.split("\n").slice(0, -1).forEach((line, i) => {
    const at = `line ${i + 1} ${JSON.stringify(line)}`;
    if (line === "") return;
    let m = HELP.exec(line);
    if (m) {
      assertOk(!helps.has(m[1]!), `${at}: second HELP for ${m[1]}`);
      helps.set(m[1]!, m[2]!);
      return;
    }
    m = TYPE.exec(line);
    if (m) {
      assertOk(!families.has(m[1]!), `${at}: second TYPE for ${m[1]}`);
      families.set(m[1]!, { type: m[2] as Family["type"], help: helps.get(m[1]!) ?? "", samples: [] });
      return;
    }
    assertOk(!line.startsWith("#"), `${at}: a comment that is neither HELP nor TYPE`);
    m = SAMPLE.exec(line);
    assertOk(m !== null, `${at}: not a valid sample line`);
    const name = m![1]!;
    const labels: Record<string, string> = {};
    for (const pair of (m![2] ?? "").matchAll(new RegExp(LABEL, "g"))) {
      assertOk(!(pair[1]! in labels), `${at}: label ${pair[1]} twice`);
      labels[pair[1]!] = pair[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
    }
    const family = families.get(name) ?? families.get(name.replace(/_(bucket|sum|count)$/, ""));
    assertOk(family !== undefined, `${at}: sample before its TYPE line`);
    if (family!.type === "histogram") assertOk(/_(bucket|sum|count)$/.test(name), `${at}: histogram sample must be _bucket, _sum or _count`);
    family!.samples.push({ name, labels, value: parseValue(m![m!.length - 1]!) });
  });
  for (const [name, family] of families) if (family.type === "histogram") checkHistogram(name, family);
  return families;
}

function checkHistogram(name: string, family: Family): void {
  const series = new Map<string, { buckets: Array<[number, number]>; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith("_bucket")) {
      assertOk(le !== undefined, `${name}: a bucket without le`);
      entry.buckets.push([parseValue(le!), sample.value]);
    } else if (sample.name.endsWith("_count")) entry.count = sample.value;
  }
  for (const [key, { buckets, count }] of series) {
    for (let i = 1; i < buckets.length; i++) {
      assertOk(buckets[i]![0] > buckets[i - 1]![0], `${name}${key}: le must rise`);
      assertOk(buckets[i]![1] >= buckets[i - 1]![1], `${name}${key}: bucket counts must not fall`);
    }
    const last = buckets[buckets.length - 1];
    assertOk(last !== undefined && last[0] === Infinity, `${name}${key}: the last bucket must be le="+Inf"`);
    assertOk(count === last![1], `${name}${key}: _count must equal the +Inf bucket`);
  }
}

function assertOk(condition: boolean, message: string): void {
  if (!condition) throw new Error(`Prometheus text: ${message}`);
}

/** The value of the sample `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v)) return sample.value;
    }
  }
  return undefined;
}
