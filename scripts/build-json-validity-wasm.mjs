// Builds the WebAssembly JSON validator from its C source (src/runtime/result/json-validity-wasm.c) and
// writes it, base64, into a TypeScript module beside it (json-validity-wasm-bytes.ts). The runtime is
// copied as .ts files into generated projects and must not read files at run time, so the bytes
// travel as source; this script is how they are made, and test/unit/scripts/build-json-validity-wasm.test.ts
// rebuilds them and requires the committed module to be exactly this script's output.
//
//   node scripts/build-json-validity-wasm.mjs            rewrites src/runtime/result/json-validity-wasm-bytes.ts
//   node scripts/build-json-validity-wasm.mjs --stdout   prints the module instead
//
// Needs Debian's clang-14 and lld-14 (`apt-get install clang-14 lld-14`; .ci/run installs them). The
// flags are fixed and the output carries no paths, names or producer versions (--strip-all), so the
// same compiler gives the same bytes on any machine.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SOURCE = "src/runtime/result/json-validity-wasm.c";
const TARGET = "src/runtime/result/json-validity-wasm-bytes.ts";
const CLANG = process.env.CLANG ?? "clang-14";

/**
 * The compiler flags: wasm32 with SIMD128 (Node 16.4+) and bulk memory (memset as memory.fill),
 * freestanding without libc, no entry point, exports named in the source, symbols stripped.
 */
export const FLAGS = [
  "--target=wasm32",
  "-msimd128",
  "-mbulk-memory",
  "-O3",
  "-ffreestanding",
  "-nostdlib",
  "-Wall",
  "-Werror",
  "-Wl,--no-entry",
  "-Wl,--strip-all",
];

/** Compiles the C source; returns the .wasm bytes, or throws with the compiler's output. */
export function buildWasm() {
  const dir = mkdtempSync(join(tmpdir(), "json-validity-wasm-"));
  try {
    const out = join(dir, "json-validity.wasm");
    const result = spawnSync(CLANG, [...FLAGS, "-o", out, SOURCE], { cwd: root, encoding: "utf8" });
    if (result.error?.code === "ENOENT") throw new Error(`${CLANG} is not installed: apt-get install -y clang-14 lld-14 (or set CLANG)`);
    if (result.status !== 0) throw new Error(`${CLANG} failed on ${SOURCE}:\n${result.stdout}${result.stderr}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The TypeScript module that carries `bytes`. */
export function renderModule(bytes) {
  const base64 = bytes.toString("base64");
  const lines = base64.match(/.{1,100}/g) ?? [];
  return [
    "/**",
    ` * The WebAssembly JSON validator, compiled from json-validity-wasm.c by scripts/build-json-validity-wasm.mjs`,
    " * (generated — do not edit; rerun the script after changing the C source). Base64 so that the runtime, copied",
    " * into generated projects as .ts files, carries it without reading a file at run time.",
    ` * ${bytes.length} bytes, flags: ${FLAGS.join(" ")}`,
    " */",
    "export const JSON_VALIDITY_WASM_BASE64 =",
    ...lines.map((line, i) => `  "${line}"${i === lines.length - 1 ? ";" : " +"}`),
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = renderModule(buildWasm());
  if (process.argv.includes("--stdout")) process.stdout.write(text);
  else {
    writeFileSync(join(root, TARGET), text);
    console.log(`wrote ${TARGET}`);
  }
}
