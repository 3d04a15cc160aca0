/**
 * IR rules that decide what goes on the wire: Swagger 2.0 tsv, required single-value arguments,
 * bodies that admit only `{}`, form bodies that are text or arrays, and AWS `#` path keys (on
 * operations copied verbatim from APIs.guru's EC2, Lambda and S3 specs).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildIr } from "../../../src/ir/build-ir.js";
import type { OperationIr } from "../../../src/ir/types.js";
import { loadSpec, type LoadedSpec } from "../../../src/load/load-spec.js";
import { buildRequest } from "../../../src/runtime/request/build-request.js";

function spec(document: Record<string, unknown>, specVersion: LoadedSpec["specVersion"] = "3.0"): LoadedSpec {
  return { source: "inline.yaml", location: "/tmp/inline.yaml", isUrl: false, specVersion, document, problems: [] };
}

const ok = { "200": { description: "ok" } };

function only(document: Record<string, unknown>, version: LoadedSpec["specVersion"] = "3.0"): OperationIr {
  const ir = buildIr(spec(document, version));
  assert.equal(ir.operations.length, 1);
  return ir.operations[0]!;
}

function properties(operation: OperationIr): string[] {
  return Object.keys((operation.tool.inputSchema.properties ?? {}) as object);
}

describe("Swagger 2.0 collectionFormat: tsv", () => {
  it("is sent tab-separated", () => {
    const op = only({
      swagger: "2.0", info: { title: "t", version: "1" }, host: "api.example.com",
      paths: { "/x": { get: { parameters: [{ name: "f", in: "query", type: "array", items: { type: "string" }, collectionFormat: "tsv" }], responses: ok } } },
    }, "2.0");
    assert.deepEqual(op.tool.http.arguments[0]!.target, { in: "query", name: "f", allowReserved: false, style: "tabDelimited", explode: false });
    assert.equal(buildRequest(op.tool, { f: ["a", "b"] }, "https://h").url, "https://h/x?f=a%09b");
  });
});

describe("required single-value arguments", () => {
  const doc = (parameters: unknown[], requestBody?: unknown) => ({
    openapi: "3.1.0", info: { title: "t", version: "1" },
    paths: { "/x": { post: { parameters, ...(requestBody ? { requestBody } : {}), responses: ok } } },
  });
  const cases: Array<[string, { given: Record<string, unknown>; hidden: string[]; visible: string[]; url?: string; body?: string }]> = [
    ["one-element enum and const are fixed and hidden", {
      given: doc([
        { name: "Action", in: "query", required: true, schema: { type: "string", enum: ["RunInstances"] } },
        { name: "Version", in: "query", required: true, schema: { const: "2016-11-15" } },
        { name: "Mode", in: "query", required: false, schema: { enum: ["fast"] } },
        { name: "Kind", in: "query", required: true, schema: { enum: ["a", "b"] } },
      ]),
      hidden: ["Action", "Version"], visible: ["Mode", "Kind"], url: "https://h/x?Action=RunInstances&Version=2016-11-15&Kind=a",
    }],
    ["a required body property of a required body too", {
      given: doc([], { required: true, content: { "application/json": { schema: { type: "object", required: ["type", "name"], properties: { type: { enum: ["card"] }, name: { type: "string" } } } } } }),
      hidden: ["type"], visible: ["name"], body: '{"type":"card"}',
    }],
    ["not when the body is optional", {
      given: doc([], { content: { "application/json": { schema: { type: "object", required: ["type"], properties: { type: { enum: ["card"] } } } } } }),
      hidden: [], visible: ["type"],
    }],
  ];
  for (const [name, { given, hidden, visible, url, body }] of cases) {
    it(name, () => {
      const op = only(given);
      assert.deepEqual(properties(op), visible);
      assert.deepEqual(op.tool.http.arguments.filter((b) => b.hidden === true).map((b) => b.argument), hidden);
      for (const b of op.tool.http.arguments.filter((b) => b.hidden === true)) assert.ok(b.fixedValue !== undefined);
      assert.ok(!hidden.some((h) => op.tool.description.includes(`${h} (`)), "the description does not list hidden arguments");
      const args = visible.includes("Kind") ? { Kind: "a" } : {};
      const built = buildRequest(op.tool, args, "https://h");
      if (url !== undefined) assert.equal(built.url, url);
      if (body !== undefined) assert.equal(built.body, body);
    });
  }
});

describe("bodies", () => {
  const doc = (method: string, content: Record<string, unknown>) => ({
    openapi: "3.0.3", info: { title: "t", version: "1" },
    paths: { "/x": { [method]: { requestBody: { content }, responses: ok } } },
  });
  it("a body that admits only {} (Stripe's GETs) is no body: no argument, no binding", () => {
    const op = only(doc("get", { "application/x-www-form-urlencoded": { encoding: {}, schema: { type: "object", properties: {}, additionalProperties: false } } }));
    assert.deepEqual(properties(op), []);
    assert.equal(op.tool.http.body, undefined);
    const built = buildRequest(op.tool, { body: {} }, "https://h");
    assert.deepEqual(built, { method: "GET", url: "https://h/x", headers: {} });
  });
  it("maxProperties: 0 is the same", () => {
    const op = only(doc("post", { "application/json": { schema: { type: "object", maxProperties: 0 } } }));
    assert.equal(op.tool.http.body, undefined);
  });
  it("an open object body is still offered", () => {
    const op = only(doc("post", { "application/json": { schema: { type: "object" } } }));
    assert.deepEqual(properties(op), ["body"]);
  });
  it("a form body of type string is already-encoded form text, sent verbatim", () => {
    const op = only(doc("post", { "application/x-www-form-urlencoded": { schema: { type: "string" } } }));
    assert.deepEqual(properties(op), ["body"]);
    assert.match(String((op.tool.inputSchema.properties as Record<string, Record<string, unknown>>).body!.description), /Already-encoded form text/);
    const built = buildRequest(op.tool, { body: "a=1&b=2" }, "https://h");
    assert.equal(built.body, "a=1&b=2");
    assert.equal(built.headers["Content-Type"], "application/x-www-form-urlencoded");
  });
  it("a form body of type array falls back to another declared media type", () => {
    const op = only(doc("post", {
      "application/x-www-form-urlencoded": { schema: { type: "array", items: { type: "string" } } },
      "text/plain": { schema: { type: "string" } },
    }));
    assert.equal(op.tool.http.body?.contentType, "text/plain");
    assert.equal(buildRequest(op.tool, { body: "x" }, "https://h").body, "x");
  });
  it("a form body of type array with no alternative is not offered, with a warning", () => {
    const ir = buildIr(spec(doc("post", { "application/x-www-form-urlencoded": { schema: { type: "array", items: { type: "string" } } } })));
    assert.equal(ir.operations[0]!.tool.http.body, undefined);
    assert.deepEqual(properties(ir.operations[0]!), []);
    assert.match(ir.warnings.map((w) => w.message).join("\n"), /must be an object of fields or already-encoded text, not type array/);
  });
});

describe("AWS '#' path keys (APIs.guru, operations verbatim)", () => {
  const cases: Array<[string, { file: string; operation: string; args: Record<string, unknown>; url: string; headers?: Record<string, string> }]> = [
    ["EC2 GET: Action and Version fixed, query kept", { file: "aws-ec2.json", operation: "GET /#Action=AcceptAddressTransfer", args: { Address: "1.2.3.4", DryRun: true }, url: "https://h/?Address=1.2.3.4&DryRun=true&Action=AcceptAddressTransfer&Version=2016-11-15" }],
    ["EC2 DescribeInstances with filters", { file: "aws-ec2.json", operation: "GET /#Action=DescribeInstances", args: { MaxResults: 5 }, url: "https://h/?MaxResults=5&Action=DescribeInstances&Version=2016-11-15" }],
    ["Lambda UntagResource: tagKeys is a declared query parameter", { file: "aws-lambda.json", operation: "DELETE /2017-03-31/tags/{ARN}#tagKeys", args: { ARN: "arn:aws:lambda:f", tagKeys: ["a", "b"] }, url: "https://h/2017-03-31/tags/arn%3Aaws%3Alambda%3Af?tagKeys=a&tagKeys=b" }],
    ["Lambda GetLayerVersionByArn: find fixed by its one-value enum", { file: "aws-lambda.json", operation: "GET /2018-10-31/layers#find=LayerVersion&Arn", args: { Arn: "arn:x" }, url: "https://h/2018-10-31/layers?Arn=arn%3Ax&find=LayerVersion" }],
    ["Lambda provisioned concurrency List=ALL", { file: "aws-lambda.json", operation: "GET /2019-09-30/functions/{FunctionName}/provisioned-concurrency#List=ALL", args: { FunctionName: "f" }, url: "https://h/2019-09-30/functions/f/provisioned-concurrency?List=ALL" }],
    ["S3 GetBucketCors: the cors flag is sent", { file: "aws-s3.json", operation: "GET /{Bucket}#cors", args: { Bucket: "b" }, url: "https://h/b?cors=true" }],
    ["S3 CopyObject: the '#' names a header, nothing extra in the URL", { file: "aws-s3.json", operation: "PUT /{Bucket}/{Key}#x-amz-copy-source", args: { Bucket: "b", Key: "k", "x-amz-copy-source": "src/k", body: "<CopyObjectRequest/>" }, url: "https://h/b/k", headers: { "x-amz-copy-source": "src/k" } }],
  ];
  for (const [name, { file, operation, args, url, headers }] of cases) {
    it(name, async () => {
      const ir = buildIr(await loadSpec(`fixtures/specs/${file}`));
      const op = ir.operations.find((o) => `${o.method} ${o.path}` === operation);
      assert.ok(op, `${operation} in ${file}`);
      assert.ok(!op.tool.http.path.includes("#"), op.tool.http.path);
      const built = buildRequest(op.tool, args, "https://h");
      assert.equal(built.url, url);
      for (const [header, value] of Object.entries(headers ?? {})) assert.equal(built.headers[header], value);
    });
  }
  it("the spec path stays the operation's identity", async () => {
    const ir = buildIr(await loadSpec("fixtures/specs/aws-lambda.json"));
    assert.ok(ir.operations.some((o) => o.path === "/2017-03-31/tags/{ARN}#tagKeys"));
  });
});

describe("header parameters the runtime never sends (issue 9, 11c)", () => {
  const doc = (parameters: unknown[]) => ({
    openapi: "3.1.0", info: { title: "t", version: "1" },
    paths: { "/x": { get: { parameters, responses: ok } } },
  });
  it("a Cookie header parameter is not offered as an argument (it could only be refused), with a warning naming in: cookie", () => {
    const ir = buildIr(spec(doc([
      { name: "Cookie", in: "header", required: true, schema: { type: "string" } },
      { name: "session", in: "cookie", schema: { type: "string" } },
      { name: "X-Trace", in: "header", schema: { type: "string" } },
    ])));
    const op = ir.operations[0]!;
    assert.deepEqual(properties(op), ["session", "X-Trace"]);
    const warning = ir.warnings.find((w) => /"Cookie"/.test(w.message));
    assert.ok(warning, JSON.stringify(ir.warnings));
    assert.equal(warning.pointer, "#/paths/~1x/get/parameters/0");
    assert.match(warning.message, /in: cookie/);
    // What the model can pass is what gets sent: the cookie argument reaches the Cookie header.
    assert.deepEqual(buildRequest(op.tool, { session: "abc", "X-Trace": "t" }, "https://h").headers, { "X-Trace": "t", Cookie: "session=abc" });
  });
  it("nor are Host, Proxy-Authorization or framing headers", () => {
    const op = only(doc(["Host", "Proxy-Authorization", "Content-Length", "Transfer-Encoding", "Connection", "X-Ok"].map((name) => ({ name, in: "header", schema: { type: "string" } }))));
    assert.deepEqual(properties(op), ["X-Ok"]);
  });
});
