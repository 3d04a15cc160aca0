import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeBinary } from "../../../../src/runtime/request/decode-binary.js";
import { RequestBuildError } from "../../../../src/runtime/request/request-build-error.js";

const CASES: Array<[string, { given: unknown; want: { bytes: number[]; mediaType?: string; filename?: string } }]> = [
  ["base64", { given: "AAEC/w==", want: { bytes: [0, 1, 2, 255] } }],
  ["URL-safe base64 without padding", { given: "AAEC_w", want: { bytes: [0, 1, 2, 255] } }],
  ["surrounding and inner whitespace", { given: "  AAEC\r\n/w==  ", want: { bytes: [0, 1, 2, 255] } }],
  ["data URL with type and name", { given: "data:image/png;name=a%20b.png;base64,AAE=", want: { bytes: [0, 1], mediaType: "image/png", filename: "a b.png" } }],
  ["data URL keeps other parameters", { given: "data:text/plain;charset=utf-8;base64,aGk=", want: { bytes: [104, 105], mediaType: "text/plain;charset=utf-8" } }],
  ["data URL without type", { given: "data:;base64,aGk=", want: { bytes: [104, 105] } }],
  ["percent-encoded data URL", { given: "data:text/csv,a%2Cb", want: { bytes: [97, 44, 98], mediaType: "text/csv" } }],
  ["upper-case scheme", { given: "DATA:application/pdf;BASE64,aGk=", want: { bytes: [104, 105], mediaType: "application/pdf" } }],
  ["bytes pass through", { given: new Uint8Array([9, 8]), want: { bytes: [9, 8] } }],
];

describe("decodeBinary", () => {
  for (const [name, { given, want }] of CASES) {
    test(name, () => {
      const { bytes, ...rest } = decodeBinary(given);
      assert.deepEqual({ bytes: [...bytes], ...rest }, want);
    });
  }

  for (const bad of ["abc!", "A", "data:image/png;base64", "data:;base64,###", null, 5, {}]) {
    test(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () => decodeBinary(bad, "file"),
        (e: unknown) => e instanceof RequestBuildError && e.code === "invalid_value" && e.argument === "file",
      );
    });
  }
});
