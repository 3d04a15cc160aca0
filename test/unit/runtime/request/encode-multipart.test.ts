import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { describe, test } from "node:test";
import { encodeMultipart } from "../../../../src/runtime/request/encode-multipart.js";

describe("encodeMultipart", () => {
  test("exact bytes with a fixed boundary", () => {
    const encoded = encodeMultipart(
      [
        { name: "a", contentType: "text/plain", data: "x" },
        { name: "f", filename: "f.bin", contentType: "application/octet-stream", data: new Uint8Array([0, 255]) },
      ],
      "multipart/form-data",
      "B",
    );
    const want = Buffer.concat([
      Buffer.from('--B\r\nContent-Disposition: form-data; name="a"\r\nContent-Type: text/plain\r\n\r\nx\r\n'),
      Buffer.from('--B\r\nContent-Disposition: form-data; name="f"; filename="f.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'),
      Buffer.from([0, 255]),
      Buffer.from("\r\n--B--\r\n"),
    ]);
    assert.deepEqual(Buffer.from(encoded.body), want);
    assert.equal(encoded.contentType, "multipart/form-data; boundary=B");
  });

  test("no parts gives just the closing delimiter", () => {
    assert.equal(Buffer.from(encodeMultipart([], "multipart/form-data", "B").body).toString(), "--B--\r\n");
  });

  test("declared media type parameters are replaced by the boundary", () => {
    assert.equal(encodeMultipart([], "multipart/mixed; charset=utf-8", "B").contentType, "multipart/mixed; boundary=B");
  });

  test("UTF-8 names and filenames are sent as UTF-8", async () => {
    const encoded = encodeMultipart([{ name: "naïve", filename: "résumé.txt", contentType: "text/plain", data: "ok" }]);
    const form = await new Response(encoded.body, { headers: { "content-type": encoded.contentType } }).formData();
    assert.equal((form.get("naïve") as File).name, "résumé.txt");
  });
});
