import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { describe, test } from "node:test";
import { bodyKind, encodeBody, type EncodedBody } from "../../../../src/runtime/request/encode-body.js";
import { RequestBuildError } from "../../../../src/runtime/request/request-build-error.js";
import type { BodyBinding } from "../../../../src/runtime/core/tool-definition.js";

function binding(contentType: string, extra: Partial<BodyBinding> = {}): BodyBinding {
  return { contentType, mediaTypes: [contentType], required: true, ...extra };
}

/** A deliberately small multipart parser: headers and raw bytes of each part. */
function parseMultipart(encoded: EncodedBody): Array<{ headers: Record<string, string>; data: Buffer }> {
  const boundary = /boundary=(.+)$/.exec(encoded.contentType)?.[1];
  assert.ok(boundary, "Content-Type carries a boundary");
  const raw = Buffer.from(encoded.body as Uint8Array);
  const text = raw.toString("latin1"); // 1 byte = 1 char, so indexes map to bytes
  assert.ok(text.endsWith(`--${boundary}--\r\n`), "closing delimiter");
  const pieces = text.split(`--${boundary}`).slice(1, -1);
  return pieces.map((piece) => {
    assert.ok(piece.startsWith("\r\n") && piece.endsWith("\r\n"));
    const headEnd = piece.indexOf("\r\n\r\n");
    const headers: Record<string, string> = {};
    for (const line of piece.slice(2, headEnd).split("\r\n")) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { headers, data: Buffer.from(piece.slice(headEnd + 4, -2), "latin1") };
  });
}

describe("bodyKind", () => {
  const CASES: Array<[string, { given: string; want: string }]> = [
    ["json", { given: "application/json", want: "json" }],
    ["json with charset", { given: "Application/JSON; charset=utf-8", want: "json" }],
    ["+json suffix", { given: "application/vnd.api+json", want: "json" }],
    ["problem+json", { given: "application/merge-patch+json", want: "json" }],
    ["any type", { given: "*/*", want: "json" }],
    ["form", { given: "application/x-www-form-urlencoded", want: "form" }],
    ["multipart", { given: "multipart/form-data", want: "multipart" }],
    ["text", { given: "text/plain", want: "text" }],
    ["xml", { given: "application/xml", want: "text" }],
    ["+xml", { given: "application/atom+xml", want: "text" }],
    ["octet-stream", { given: "application/octet-stream", want: "binary" }],
    ["image", { given: "image/png", want: "binary" }],
    ["image wildcard", { given: "image/*", want: "binary" }],
  ];
  for (const [name, { given, want }] of CASES) test(name, () => assert.equal(bodyKind(given), want));
});

describe("encodeBody: JSON and text", () => {
  const CASES: Array<[string, { given: { binding: BodyBinding; value: unknown }; want: EncodedBody }]> = [
    ["object", { given: { binding: binding("application/json"), value: { a: 1, b: [true, null] } }, want: { body: '{"a":1,"b":[true,null]}', contentType: "application/json" } }],
    ["array", { given: { binding: binding("application/json"), value: [1, "x"] }, want: { body: '[1,"x"]', contentType: "application/json" } }],
    ["string is JSON-quoted", { given: { binding: binding("application/json"), value: "hi" }, want: { body: '"hi"', contentType: "application/json" } }],
    ["+json keeps its type", { given: { binding: binding("application/vnd.api+json"), value: { data: null } }, want: { body: '{"data":null}', contentType: "application/vnd.api+json" } }],
    ["*/* sends application/json", { given: { binding: binding("*/*"), value: { a: 1 } }, want: { body: '{"a":1}', contentType: "application/json" } }],
    ["text/plain sends the string", { given: { binding: binding("text/plain"), value: "line 1\nline 2" }, want: { body: "line 1\nline 2", contentType: "text/plain" } }],
    ["text/plain stringifies a number", { given: { binding: binding("text/plain; charset=utf-8"), value: 42 }, want: { body: "42", contentType: "text/plain; charset=utf-8" } }],
    ["xml string", { given: { binding: binding("application/xml"), value: "<a/>" }, want: { body: "<a/>", contentType: "application/xml" } }],
  ];
  for (const [name, { given, want }] of CASES) test(name, () => assert.deepEqual(encodeBody(given.binding, given.value), want));

  test("JSON body round-trips", () => {
    const value = { name: "Rex", tags: ["a", "é", "😀"], nested: { n: 1.5 } };
    assert.deepEqual(JSON.parse(encodeBody(binding("application/json"), value).body as string), value);
  });

  test("text body refuses an object, naming the argument", () => {
    assert.throws(
      () => encodeBody(binding("text/plain"), { a: 1 }, { argumentFor: () => "content" }),
      (e: unknown) => e instanceof RequestBuildError && e.code === "invalid_value" && e.argument === "content",
    );
  });
});

describe("encodeBody: application/x-www-form-urlencoded", () => {
  const form = "application/x-www-form-urlencoded";
  const CASES: Array<[string, { given: { binding: BodyBinding; value: Record<string, unknown> }; want: string }]> = [
    ["primitives", { given: { binding: binding(form), value: { name: "Rex the dog", status: "sold", age: 3, ok: true } }, want: "name=Rex%20the%20dog&status=sold&age=3&ok=true" }],
    ["null and undefined fields are skipped", { given: { binding: binding(form), value: { a: null, b: undefined, c: "x" } }, want: "c=x" }],
    ["arrays default to form explode", { given: { binding: binding(form), value: { tag: ["a", "b"] } }, want: "tag=a&tag=b" }],
    ["un-annotated objects nest brackets (deepObject), not form's bare keys", { given: { binding: binding(form), value: { color: { R: 100, G: 200 } } }, want: "color[R]=100&color[G]=200" }],
    ["un-annotated arrays of objects take indexes", { given: { binding: binding(form), value: { items: [{ sku: "a", qty: 1 }, { sku: "b" }] } }, want: "items[0][sku]=a&items[0][qty]=1&items[1][sku]=b" }],
    ["un-annotated arrays mixing scalars and objects take indexes", { given: { binding: binding(form), value: { x: ["a", { b: 1 }] } }, want: "x[0]=a&x[1][b]=1" }],
    ["deepObject encoding with arrays of objects goes all the way down", { given: { binding: binding(form, { encoding: { line_items: { style: "deepObject", explode: true } } }), value: { line_items: [{ price_data: { currency: "usd", unit_amount: 100 } }] } }, want: "line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=100" }],
    ["deepObject encoding of an array of scalars takes indexes", { given: { binding: binding(form, { encoding: { expand: { style: "deepObject", explode: true } } }), value: { expand: ["a", "b"] } }, want: "expand[0]=a&expand[1]=b" }],
    ["deepObject encoding of a primitive sends it under the name", { given: { binding: binding(form, { encoding: { metadata: { style: "deepObject", explode: true } } }), value: { metadata: "" } }, want: "metadata=" }],
    ["style form explode=false", { given: { binding: binding(form, { encoding: { tag: { style: "form", explode: false } } }), value: { tag: ["a", "b"] } }, want: "tag=a,b" }],
    ["deepObject encoding", { given: { binding: binding(form, { encoding: { color: { style: "deepObject", explode: true } } }), value: { color: { R: 1 } } }, want: "color[R]=1" }],
    ["pipeDelimited encoding", { given: { binding: binding(form, { encoding: { ids: { style: "pipeDelimited" } } }), value: { ids: [1, 2] } }, want: "ids=1|2" }],
    ["allowReserved encoding", { given: { binding: binding(form, { encoding: { url: { allowReserved: true } } }), value: { url: "http://x/y" } }, want: "url=http://x/y" }],
    ["JSON contentType sends JSON text", { given: { binding: binding(form, { encoding: { address: { contentType: "application/json" } } }), value: { address: { city: "Oslo" } } }, want: "address=%7B%22city%22%3A%22Oslo%22%7D" }],
    ["explicit style wins over contentType", { given: { binding: binding(form, { encoding: { a: { contentType: "application/json", style: "form", explode: true } } }), value: { a: { x: 1 } } }, want: "x=1" }],
    ["nested objects inside an explicitly form-exploded object become JSON", { given: { binding: binding(form, { encoding: { o: { style: "form", explode: true } } }), value: { o: { inner: { z: 1 } } } }, want: "inner=%7B%22z%22%3A1%7D" }],
    ["un-annotated nested objects nest brackets", { given: { binding: binding(form), value: { o: { inner: { z: 1 } } } }, want: "o[inner][z]=1" }],
  ];
  for (const [name, { given, want }] of CASES) {
    test(name, () => {
      const encoded = encodeBody(given.binding, given.value);
      assert.equal(encoded.body, want);
      assert.equal(encoded.contentType, form);
    });
  }

  test("parses back with URLSearchParams", () => {
    const encoded = encodeBody(binding(form), { q: "a+b & c=d", emoji: "😀" });
    const parsed = new URLSearchParams(encoded.body as string);
    assert.equal(parsed.get("q"), "a+b & c=d");
    assert.equal(parsed.get("emoji"), "😀");
  });

  test("refuses a body that is neither an object of fields nor text", () => {
    assert.throws(() => encodeBody(binding(form), ["a", "b"]), (e: unknown) => e instanceof RequestBuildError && e.code === "invalid_value");
    assert.throws(() => encodeBody(binding(form), 7), (e: unknown) => e instanceof RequestBuildError && e.code === "invalid_value");
  });

  test("a string is already-encoded form text, sent as is", () => {
    assert.deepEqual(encodeBody(binding(form), "a=1&b=x%20y"), { body: "a=1&b=x%20y", contentType: form });
  });
});

describe("encodeBody: multipart/form-data", () => {
  const multipart = (extra: Partial<BodyBinding> = {}): BodyBinding => binding("multipart/form-data", extra);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);

  test("parts, content types and file fields, parsed by hand", () => {
    const encoded = encodeBody(
      multipart({ binaryProperties: ["file"] }),
      { id: "42", count: 3, meta: { a: 1 }, tags: ["x", "y"], file: `data:image/png;name=pic.png;base64,${png.toString("base64")}`, skip: null },
      { boundary: "BOUNDARY" },
    );
    assert.equal(encoded.contentType, "multipart/form-data; boundary=BOUNDARY");
    const parts = parseMultipart(encoded);
    const summary = parts.map((p) => [p.headers["content-disposition"], p.headers["content-type"], p.data.toString("latin1")]);
    assert.deepEqual(summary, [
      ['form-data; name="id"', "text/plain; charset=utf-8", "42"],
      ['form-data; name="count"', "text/plain; charset=utf-8", "3"],
      ['form-data; name="meta"', "application/json", '{"a":1}'],
      ['form-data; name="tags"', "text/plain; charset=utf-8", "x"],
      ['form-data; name="tags"', "text/plain; charset=utf-8", "y"],
      ['form-data; name="file"; filename="pic.png"', "image/png", png.toString("latin1")],
    ]);
  });

  test("parses back with Response.formData()", async () => {
    const encoded = encodeBody(multipart({ binaryProperties: ["upload"] }), { title: "Hello wörld", upload: png.toString("base64"), obj: { k: ["v"] } });
    const form = await new Response(encoded.body, { headers: { "content-type": encoded.contentType } }).formData();
    assert.equal(form.get("title"), "Hello wörld");
    assert.equal(form.get("obj"), '{"k":["v"]}');
    const file = form.get("upload");
    assert.ok(file instanceof Blob);
    assert.equal((file as File).name, "upload");
    assert.equal(file.type, "application/octet-stream");
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), png);
  });

  test("several files in an array property become several parts", async () => {
    const encoded = encodeBody(multipart({ binaryProperties: ["files"] }), { files: ["YQ==", "data:text/plain,b%20c"] });
    const form = await new Response(encoded.body, { headers: { "content-type": encoded.contentType } }).formData();
    const files = form.getAll("files") as File[];
    assert.deepEqual(await Promise.all(files.map((f) => f.text())), ["a", "b c"]);
    assert.deepEqual(files.map((f) => f.type), ["application/octet-stream", "text/plain"]);
  });

  test("a deepObject-encoded field becomes one text part per leaf, named with brackets", async () => {
    const encoded = encodeBody(multipart({ encoding: { file_link_data: { style: "deepObject", explode: true }, expand: { style: "deepObject", explode: true } } }), {
      purpose: "dispute_evidence",
      file_link_data: { create: true, metadata: { a: "b" } },
      expand: ["links"],
    });
    const form = await new Response(encoded.body, { headers: { "content-type": encoded.contentType } }).formData();
    assert.deepEqual([...form.entries()], [
      ["purpose", "dispute_evidence"],
      ["file_link_data[create]", "true"],
      ["file_link_data[metadata][a]", "b"],
      ["expand[0]", "links"],
    ]);
  });

  test("a data: URL in a field the spec left as text goes as a file part with its name and type", async () => {
    const encoded = encodeBody(multipart(), { purpose: "identity_document", file: "data:text/plain;name=evidence.txt;base64,aGVsbG8=" });
    const form = await new Response(encoded.body, { headers: { "content-type": encoded.contentType } }).formData();
    assert.equal(form.get("purpose"), "identity_document");
    const file = form.get("file") as File;
    assert.equal(file.name, "evidence.txt");
    assert.equal(file.type, "text/plain");
    assert.equal(await file.text(), "hello");
  });

  test("encoding contentType is used for a part", () => {
    const encoded = encodeBody(
      multipart({ encoding: { history: { contentType: "application/xml; charset=utf-8" }, ids: { contentType: "application/json" }, pic: { contentType: "image/png, image/jpeg" } }, binaryProperties: ["pic"] }),
      { history: "<h/>", ids: [1, 2], pic: "AAE=" },
      { boundary: "b" },
    );
    const parts = parseMultipart(encoded).map((p) => [p.headers["content-type"], p.data.toString("latin1")]);
    assert.deepEqual(parts, [
      ["application/xml; charset=utf-8", "<h/>"],
      ["application/json", "[1,2]"],
      ["image/png", "\u0000\u0001"],
    ]);
  });

  test("quotes and newlines in names are escaped", () => {
    const encoded = encodeBody(multipart(), { 'a"b\r\nc': "v" }, { boundary: "b" });
    assert.equal(parseMultipart(encoded)[0]?.headers["content-disposition"], 'form-data; name="a%22b%0D%0Ac"');
  });

  test("the random boundary differs per body and is absent from the content", () => {
    const a = encodeBody(multipart(), { x: "1" });
    const b = encodeBody(multipart(), { x: "1" });
    assert.notEqual(a.contentType, b.contentType);
    assert.match(a.contentType, /^multipart\/form-data; boundary=[-\w]{20,70}$/);
  });

  test("bad base64 in a file field names its argument", () => {
    assert.throws(
      () => encodeBody(multipart({ binaryProperties: ["file"] }), { file: "not base64!" }, { argumentFor: (p) => (p === "file" ? "upload_file" : undefined) }),
      (e: unknown) => e instanceof RequestBuildError && e.code === "invalid_value" && e.argument === "upload_file",
    );
  });
});

describe("encodeBody: binary", () => {
  const CASES: Array<[string, { given: { binding: BodyBinding; value: unknown }; want: { bytes: number[]; contentType: string } }]> = [
    ["base64", { given: { binding: binding("application/octet-stream"), value: "AAEC/w==" }, want: { bytes: [0, 1, 2, 255], contentType: "application/octet-stream" } }],
    ["base64 without padding, with whitespace", { given: { binding: binding("application/octet-stream"), value: "AAEC\n/w" }, want: { bytes: [0, 1, 2, 255], contentType: "application/octet-stream" } }],
    ["url-safe base64", { given: { binding: binding("application/octet-stream"), value: "_-8=" }, want: { bytes: [255, 239], contentType: "application/octet-stream" } }],
    ["data URL keeps the declared type", { given: { binding: binding("image/png"), value: "data:image/jpeg;base64,AAE=" }, want: { bytes: [0, 1], contentType: "image/png" } }],
    ["data URL type fills a wildcard", { given: { binding: binding("image/*"), value: "data:image/jpeg;base64,AAE=" }, want: { bytes: [0, 1], contentType: "image/jpeg" } }],
    ["non-base64 data URL is percent-decoded text", { given: { binding: binding("application/pdf"), value: "data:,a%20b" }, want: { bytes: [97, 32, 98], contentType: "application/pdf" } }],
    ["empty", { given: { binding: binding("application/octet-stream"), value: "" }, want: { bytes: [], contentType: "application/octet-stream" } }],
  ];
  for (const [name, { given, want }] of CASES) {
    test(name, () => {
      const encoded = encodeBody(given.binding, given.value);
      assert.ok(encoded.body instanceof Uint8Array);
      assert.deepEqual([...encoded.body], want.bytes);
      assert.equal(encoded.contentType, want.contentType);
    });
  }

  for (const bad of ["abc$", "A", 12, { a: 1 }, "data:image/png;base64"]) {
    test(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(() => encodeBody(binding("application/octet-stream"), bad), (e: unknown) => e instanceof RequestBuildError && e.code === "invalid_value");
    });
  }
});
