import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeOsError, EXPLAINED_OS_ERRORS } from "../../../src/cli/os-error.js";

/** An error shaped as Node makes them (code, syscall, path / address, port). */
function systemError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.code)), fields);
}

describe("describeOsError", () => {
  // The e2e suite (first-hour.test.ts) meets the common ones for real; this table holds every code's line.
  const cases: Array<[string, { given: Record<string, unknown>; want: RegExp }]> = [
    ["EADDRINUSE", { given: { code: "EADDRINUSE", syscall: "listen", address: "127.0.0.1", port: 3000 }, want: /^port 3000 on 127\.0\.0\.1 is in use: pass --port with a free port/ }],
    ["EADDRNOTAVAIL", { given: { code: "EADDRNOTAVAIL", syscall: "listen", address: "192.0.2.1", port: 3000 }, want: /^cannot bind port 3000 on 192\.0\.2\.1: .*pass --host/ }],
    ["EACCES on listen", { given: { code: "EACCES", syscall: "listen", address: "0.0.0.0", port: 80 }, want: /^no permission to listen on port 80 on 0\.0\.0\.0: .*pass --port 1024 or higher$/ }],
    ["EACCES on a file", { given: { code: "EACCES", syscall: "open", path: "/x/c.yaml" }, want: /^permission denied: \/x\/c\.yaml \(open\): check its permissions/ }],
    ["EPERM on a file", { given: { code: "EPERM", syscall: "open", path: "/x/c.yaml" }, want: /^permission denied: \/x\/c\.yaml/ }],
    ["EROFS", { given: { code: "EROFS", syscall: "open", path: "/ro/c.yaml" }, want: /^\/ro\/c\.yaml is on a read-only file system: choose another path/ }],
    ["ENOENT", { given: { code: "ENOENT", syscall: "open", path: "/no/c.yaml" }, want: /^\/no\/c\.yaml: no such file or directory \(open\): check the path/ }],
    ["ENOTDIR", { given: { code: "ENOTDIR", syscall: "open", path: "/f/c.yaml" }, want: /^\/f\/c\.yaml: a part of this path is a file, not a directory/ }],
    ["EISDIR", { given: { code: "EISDIR", syscall: "open", path: "/d" }, want: /^\/d is a directory, where a file was expected/ }],
    ["ENOSPC", { given: { code: "ENOSPC", syscall: "write", path: "/dev/full" }, want: /^no space left on the device writing \/dev\/full/ }],
    ["EPIPE", { given: { code: "EPIPE", syscall: "write" }, want: /^the output pipe closed before everything was written \(EPIPE\)/ }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.match(describeOsError(systemError(given)) ?? "(none)", want));

  it("covers every code it claims to explain", () => {
    assert.deepEqual(new Set(cases.map(([, c]) => c.given.code)), new Set(EXPLAINED_OS_ERRORS));
  });
  it("leaves other errors to the internal-error path", () => {
    assert.equal(describeOsError(new TypeError("x is undefined")), undefined);
    assert.equal(describeOsError(systemError({ code: "ECONNRESET" })), undefined);
    assert.equal(describeOsError("ENOENT"), undefined);
  });
});
