import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { get } from "node:http";
import { once } from "node:events";
import { after, before, beforeEach, describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../../examples/petstore/upstream/server.js";
import { PetStore } from "../../../examples/petstore/upstream/store.js";

const ROOT = new URL("../../../", import.meta.url);
const SPEC = parseYaml(readFileSync(new URL("examples/petstore/openapi.yaml", ROOT), "utf8")) as {
  paths: Record<string, Record<string, { operationId?: string }>>;
};

interface Given {
  method: string;
  /** The spec's path template; `params` fill it. */
  template: string;
  params?: Record<string, string | number>;
  query?: string;
  body?: string | Uint8Array;
  type?: string;
  headers?: Record<string, string>;
}

interface Got {
  status: number;
  headers: Headers;
  text: string;
  json: () => any;
}

let upstream: PetstoreUpstream;

async function call(given: Omit<Given, "template"> & { path: string }): Promise<Got> {
  const headers: Record<string, string> = { ...given.headers };
  if (given.type !== undefined) headers["content-type"] = given.type;
  const res = await fetch(`${upstream.url}${given.path}${given.query === undefined ? "" : `?${given.query}`}`, {
    method: given.method,
    headers,
    body: given.body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

const fill = (given: Given): string => given.template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(given.params?.[name])));
const send = (given: Given): Promise<Got> => call({ ...given, path: fill(given) });
const getJson = async (path: string, query?: string): Promise<any> => (await call({ method: "GET", path, query })).json();
const asJson = (value: unknown): string => JSON.stringify(value);

function assertProblem(got: Got, status: number, field?: string): void {
  assert.equal(got.status, status, got.text);
  assert.equal(got.headers.get("content-type"), "application/problem+json");
  const body = got.json();
  assert.deepEqual(Object.keys(body).slice(0, 4), ["type", "title", "status", "detail"]);
  assert.equal(body.status, status);
  if (field !== undefined) {
    assert.equal(body.field, field);
    assert.match(body.detail, new RegExp(field.replace(/[[\]]/g, "\\$&")));
  }
}

const PET = { name: "Rex", photoUrls: ["https://img.example/rex.jpg"], category: { id: 1, name: "Dogs" }, tags: [{ id: 1, name: "tag1" }], status: "available" };
const JSON_TYPE = "application/json";

/** One call per spec operation, each against a freshly reset store. */
const OPERATIONS: Array<[string, { given: Given; want: (got: Got) => void | Promise<void> }]> = [
  [
    "updatePet",
    {
      given: { method: "PUT", template: "/pet", body: asJson({ ...PET, id: 3, name: "Renamed" }), type: JSON_TYPE },
      want: async (got) => {
        assert.equal(got.status, 200);
        assert.deepEqual(got.json(), { id: 3, ...PET, name: "Renamed" });
        assert.equal((await getJson("/pet/3")).name, "Renamed");
      },
    },
  ],
  [
    "addPet",
    {
      given: { method: "POST", template: "/pet", body: asJson(PET), type: JSON_TYPE },
      want: async (got) => {
        assert.equal(got.status, 200);
        assert.deepEqual(got.json(), { id: 13, ...PET });
        assert.deepEqual(await getJson("/pet/13"), { id: 13, ...PET });
      },
    },
  ],
  [
    "findPetsByStatus",
    {
      given: { method: "GET", template: "/pet/findByStatus", query: "status=sold" },
      want: (got) => {
        assert.equal(got.status, 200);
        const pets = got.json();
        assert.equal(pets.length, 3);
        for (const pet of pets) assert.equal(pet.status, "sold");
      },
    },
  ],
  [
    "findPetsByTags",
    {
      given: { method: "GET", template: "/pet/findByTags", query: "tags=tag1&tags=tag2" },
      want: (got) => {
        assert.equal(got.status, 200);
        const pets = got.json();
        assert.equal(pets.length, 8);
        for (const pet of pets) assert.ok(pet.tags.some((t: { name: string }) => t.name === "tag1" || t.name === "tag2"));
      },
    },
  ],
  [
    "getPetById",
    {
      given: { method: "GET", template: "/pet/{petId}", params: { petId: 1 } },
      want: (got) => {
        assert.equal(got.status, 200);
        assert.equal(got.headers.get("content-type"), JSON_TYPE);
        const pet = got.json();
        assert.equal(pet.id, 1);
        assert.equal(typeof pet.name, "string");
        assert.ok(Array.isArray(pet.photoUrls) && pet.photoUrls.length > 0);
        assert.deepEqual(Object.keys(pet.category).sort(), ["id", "name"]);
        assert.ok(["available", "pending", "sold"].includes(pet.status));
      },
    },
  ],
  [
    "updatePetWithForm",
    {
      given: { method: "POST", template: "/pet/{petId}", params: { petId: 2 }, query: "name=Fido&status=sold" },
      want: async (got) => {
        assert.equal(got.status, 200);
        assert.equal(got.json().name, "Fido");
        assert.deepEqual(await getJson("/pet/2"), got.json());
        assert.equal(got.json().status, "sold");
      },
    },
  ],
  [
    "deletePet",
    {
      given: { method: "DELETE", template: "/pet/{petId}", params: { petId: 4 }, headers: { api_key: "special-key" } },
      want: async (got) => {
        assert.equal(got.status, 200);
        assertProblem(await call({ method: "GET", path: "/pet/4" }), 404);
      },
    },
  ],
  [
    "uploadFile",
    {
      given: {
        method: "POST",
        template: "/pet/{petId}/uploadImage",
        params: { petId: 5 },
        query: "additionalMetadata=front",
        body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]),
        type: "application/octet-stream",
      },
      want: (got) => {
        assert.equal(got.status, 200);
        const body = got.json();
        assert.equal(body.code, 200);
        assert.equal(typeof body.type, "string");
        assert.match(body.message, /additionalMetadata: front/);
        assert.match(body.message, /8 bytes/);
      },
    },
  ],
  [
    "getInventory",
    {
      given: { method: "GET", template: "/store/inventory", headers: { api_key: "special-key" } },
      want: (got) => {
        assert.equal(got.status, 200);
        assert.deepEqual(got.json(), { available: 5, pending: 4, sold: 3 });
      },
    },
  ],
  [
    "placeOrder",
    {
      given: {
        method: "POST",
        template: "/store/order",
        body: asJson({ petId: 1, quantity: 2, shipDate: "2025-01-02T03:04:05.000Z", status: "placed", complete: false }),
        type: JSON_TYPE,
      },
      want: async (got) => {
        assert.equal(got.status, 200);
        const want = { id: 6, petId: 1, quantity: 2, shipDate: "2025-01-02T03:04:05.000Z", status: "placed", complete: false };
        assert.deepEqual(got.json(), want);
        assert.deepEqual(await getJson("/store/order/6"), want);
      },
    },
  ],
  [
    "getOrderById",
    {
      given: { method: "GET", template: "/store/order/{orderId}", params: { orderId: 1 } },
      want: (got) => {
        assert.equal(got.status, 200);
        const order = got.json();
        assert.equal(order.id, 1);
        assert.deepEqual(Object.keys(order).sort(), ["complete", "id", "petId", "quantity", "shipDate", "status"]);
      },
    },
  ],
  [
    "deleteOrder",
    {
      given: { method: "DELETE", template: "/store/order/{orderId}", params: { orderId: 2 } },
      want: async (got) => {
        assert.equal(got.status, 200);
        assertProblem(await call({ method: "GET", path: "/store/order/2" }), 404);
      },
    },
  ],
  [
    "createUser",
    {
      given: { method: "POST", template: "/user", body: asJson({ username: "neo", firstName: "Thomas", password: "red" }), type: JSON_TYPE },
      want: async (got) => {
        assert.equal(got.status, 200);
        assert.deepEqual(got.json(), { id: 6, username: "neo", firstName: "Thomas", password: "red" });
        assert.equal((await getJson("/user/neo")).firstName, "Thomas");
      },
    },
  ],
  [
    "createUsersWithListInput",
    {
      given: { method: "POST", template: "/user/createWithList", body: asJson([{ username: "a1" }, { username: "a2", email: "a2@x.io" }]), type: JSON_TYPE },
      want: async (got) => {
        assert.equal(got.status, 200);
        assert.deepEqual(got.json(), { id: 7, username: "a2", email: "a2@x.io" }, "the last user, as the spec's single User response");
        assert.equal((await getJson("/user/a1")).id, 6);
      },
    },
  ],
  [
    "loginUser",
    {
      given: { method: "GET", template: "/user/login", query: "username=user1&password=12345" },
      want: (got) => {
        assert.equal(got.status, 200);
        assert.equal(typeof got.json(), "string");
        assert.equal(got.headers.get("x-rate-limit"), "5000");
        const expires = Date.parse(got.headers.get("x-expires-after") ?? "");
        assert.ok(expires > Date.now());
      },
    },
  ],
  [
    "logoutUser",
    {
      given: { method: "GET", template: "/user/logout" },
      want: (got) => assert.equal(got.status, 200),
    },
  ],
  [
    "getUserByName",
    {
      given: { method: "GET", template: "/user/{username}", params: { username: "user1" } },
      want: (got) => {
        assert.equal(got.status, 200);
        const user = got.json();
        assert.equal(user.username, "user1");
        assert.deepEqual(Object.keys(user).sort(), ["email", "firstName", "id", "lastName", "password", "phone", "userStatus", "username"]);
      },
    },
  ],
  [
    "updateUser",
    {
      given: { method: "PUT", template: "/user/{username}", params: { username: "user2" }, body: asJson({ username: "user2", email: "new@x.io" }), type: JSON_TYPE },
      want: async (got) => {
        assert.equal(got.status, 200);
        assert.deepEqual(await getJson("/user/user2"), { id: 2, username: "user2", email: "new@x.io" });
      },
    },
  ],
  [
    "deleteUser",
    {
      given: { method: "DELETE", template: "/user/{username}", params: { username: "user3" } },
      want: async (got) => {
        assert.equal(got.status, 200);
        assertProblem(await call({ method: "GET", path: "/user/user3" }), 404);
      },
    },
  ],
];

describe("petstore upstream", () => {
  before(async () => {
    upstream = await startPetstoreUpstream();
  });
  after(async () => {
    await upstream.close();
  });
  beforeEach(() => upstream.reset());

  test("listens on a loopback URL ending in /api/v3", () => {
    assert.match(upstream.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
  });

  test("the table covers every operation of openapi.yaml with its method and path", () => {
    const specOperations = new Map<string, string>();
    for (const [path, item] of Object.entries(SPEC.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (operation.operationId !== undefined) specOperations.set(operation.operationId, `${method.toUpperCase()} ${path}`);
      }
    }
    assert.equal(specOperations.size, 19);
    const tableOperations = new Map(OPERATIONS.map(([id, { given }]) => [id, `${given.method} ${given.template}`]));
    assert.deepEqual(new Map([...tableOperations].sort()), new Map([...specOperations].sort()));
  });

  describe("spec operations", () => {
    for (const [operationId, { given, want }] of OPERATIONS) {
      test(operationId, async () => {
        upstream.reset();
        await want(await send(given));
      });
    }
  });

  test("form bodies for addPet, updatePet and placeOrder", async () => {
    const form = "name=Rex&photoUrls=a&photoUrls=b&category%5Bname%5D=Dogs&tags=tag9&tags=%7B%22id%22%3A3%2C%22name%22%3A%22tag3%22%7D&status=pending";
    const added = await call({ method: "POST", path: "/pet", body: form, type: "application/x-www-form-urlencoded" });
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(added.json(), {
      id: 13,
      name: "Rex",
      category: { name: "Dogs" },
      photoUrls: ["a", "b"],
      tags: [{ name: "tag9" }, { id: 3, name: "tag3" }],
      status: "pending",
    });
    const updated = await call({ method: "PUT", path: "/pet", body: "id=13&name=Max&photoUrls=c", type: "application/x-www-form-urlencoded; charset=utf-8" });
    assert.deepEqual(updated.json(), { id: 13, name: "Max", photoUrls: ["c"] });
    const nested = "name=Kit&photoUrls%5B%5D=p1&photoUrls%5B%5D=p2&category.id=2&category.name=Cats&tags%5B0%5D%5Bid%5D=4&tags%5B0%5D%5Bname%5D=friendly";
    const deep = await call({ method: "POST", path: "/pet", body: nested, type: "application/x-www-form-urlencoded" });
    assert.deepEqual(deep.json(), { id: 14, name: "Kit", category: { id: 2, name: "Cats" }, photoUrls: ["p1", "p2"], tags: [{ id: 4, name: "friendly" }] });
    const order = await call({ method: "POST", path: "/store/order", body: "petId=13&quantity=4&complete=true", type: "application/x-www-form-urlencoded" });
    assert.deepEqual(order.json(), { id: 6, petId: 13, quantity: 4, complete: true });
  });

  test("findPetsByStatus takes comma-separated and repeated values, default available", async () => {
    assert.equal((await getJson("/pet/findByStatus")).length, 5);
    assert.equal((await getJson("/pet/findByStatus", "status=available,pending")).length, 9);
    assert.equal((await getJson("/pet/findByStatus", "status=pending&status=sold")).length, 7);
  });

  test("pagination with limit and offset, and X-Total-Count", async () => {
    const all = await getJson("/pet/findByStatus", "status=available,pending,sold");
    assert.deepEqual(all.map((p: { id: number }) => p.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const pages = [];
    for (let offset = 0; offset < 12; offset += 5) {
      const got = await call({ method: "GET", path: "/pet/findByStatus", query: `status=available,pending,sold&limit=5&offset=${offset}` });
      assert.equal(got.headers.get("x-total-count"), "12");
      pages.push(...got.json());
    }
    assert.deepEqual(pages, all);
    assert.deepEqual(await getJson("/pet/findByTags", "tags=tag1&limit=2&offset=1"), (await getJson("/pet/findByTags", "tags=tag1")).slice(1, 3));
    assert.deepEqual(await getJson("/pet/findByStatus", "status=sold&offset=99"), []);
    assertProblem(await call({ method: "GET", path: "/pet/findByStatus", query: "limit=-1" }), 400, "limit");
    assertProblem(await call({ method: "GET", path: "/pet/findByTags", query: "tags=tag1&offset=x" }), 400, "offset");
  });

  test("404 problem+json for unknown pets, orders, users and routes; 405 for other methods", async () => {
    assertProblem(await call({ method: "GET", path: "/pet/999" }), 404);
    assertProblem(await call({ method: "PUT", path: "/pet", body: asJson({ ...PET, id: 999 }), type: JSON_TYPE }), 404);
    assertProblem(await call({ method: "POST", path: "/pet/999", query: "name=x" }), 404);
    assertProblem(await call({ method: "DELETE", path: "/pet/999" }), 404);
    assertProblem(await call({ method: "POST", path: "/pet/999/uploadImage", body: "x", type: "application/octet-stream" }), 404);
    assertProblem(await call({ method: "GET", path: "/store/order/999" }), 404);
    assertProblem(await call({ method: "DELETE", path: "/store/order/999" }), 404);
    assertProblem(await call({ method: "GET", path: "/user/nobody" }), 404);
    assertProblem(await call({ method: "PUT", path: "/user/nobody", body: asJson({ username: "x" }), type: JSON_TYPE }), 404);
    assertProblem(await call({ method: "DELETE", path: "/user/nobody" }), 404);
    assertProblem(await call({ method: "GET", path: "/nope" }), 404);
    const wrongMethod = await call({ method: "DELETE", path: "/pet/findByStatus" });
    assertProblem(wrongMethod, 405);
    assert.equal(wrongMethod.headers.get("allow"), "GET");
  });

  test("400 problem+json naming the field for bad ids, bodies and parameters", async () => {
    const bad: Array<[string, Omit<Given, "template"> & { path: string }, string]> = [
      ["non-integer petId", { method: "GET", path: "/pet/abc" }, "petId"],
      ["non-integer orderId", { method: "DELETE", path: "/store/order/1.5" }, "orderId"],
      ["addPet without name", { method: "POST", path: "/pet", body: asJson({ photoUrls: [] }), type: JSON_TYPE }, "name"],
      ["addPet without photoUrls", { method: "POST", path: "/pet", body: asJson({ name: "x" }), type: JSON_TYPE }, "photoUrls"],
      ["addPet with a bad status", { method: "POST", path: "/pet", body: asJson({ ...PET, status: "lost" }), type: JSON_TYPE }, "status"],
      ["addPet with a bad tag", { method: "POST", path: "/pet", body: asJson({ ...PET, tags: [{ id: "x" }] }), type: JSON_TYPE }, "tags[0].id"],
      ["invalid JSON", { method: "POST", path: "/pet", body: "{", type: JSON_TYPE }, "body"],
      ["updatePet without id", { method: "PUT", path: "/pet", body: asJson(PET), type: JSON_TYPE }, "id"],
      ["findPetsByStatus with a bad status", { method: "GET", path: "/pet/findByStatus", query: "status=lost" }, "status"],
      ["findPetsByTags without tags", { method: "GET", path: "/pet/findByTags" }, "tags"],
      ["updatePetWithForm with a bad status", { method: "POST", path: "/pet/1", query: "status=lost" }, "status"],
      ["uploadFile without a file", { method: "POST", path: "/pet/1/uploadImage" }, "body"],
      ["placeOrder with a bad status", { method: "POST", path: "/store/order", body: asJson({ status: "lost" }), type: JSON_TYPE }, "status"],
      ["createUser without username", { method: "POST", path: "/user", body: asJson({ email: "x" }), type: JSON_TYPE }, "username"],
      ["createWithList item without username", { method: "POST", path: "/user/createWithList", body: asJson([{ username: "ok" }, {}]), type: JSON_TYPE }, "[1].username"],
      ["loginUser with a wrong password", { method: "GET", path: "/user/login", query: "username=user1&password=nope" }, "password"],
      ["loginUser without username", { method: "GET", path: "/user/login" }, "username"],
    ];
    for (const [name, given, field] of bad) {
      const got = await call(given);
      assert.equal(got.status, 400, `${name}: ${got.text}`);
      assertProblem(got, 400, field);
    }
    assertProblem(await call({ method: "POST", path: "/pet", body: "<pet/>", type: "application/xml" }), 415, "body");
    assert.equal((await getJson("/pet/findByStatus", "status=available,pending,sold")).length, 12, "nothing was stored");
  });

  test("getInventory requires the api_key header", async () => {
    assertProblem(await call({ method: "GET", path: "/store/inventory" }), 401);
    assertProblem(await call({ method: "GET", path: "/store/inventory", headers: { api_key: "" } }), 401);
    assert.equal((await call({ method: "GET", path: "/store/inventory", headers: { api_key: "k" } })).status, 200);
  });

  test("slow route waits the requested time", async () => {
    const started = performance.now();
    const got = await call({ method: "GET", path: "/slow", query: "ms=150" });
    const elapsed = performance.now() - started;
    assert.deepEqual(got.json(), { waitedMs: 150 });
    assert.ok(elapsed >= 140, `took ${elapsed} ms`);
    assertProblem(await call({ method: "GET", path: "/slow", query: "ms=soon" }), 400, "ms");
  });

  test("latencyMs delays every route", async () => {
    const slowUpstream = await startPetstoreUpstream({ latencyMs: 120 });
    try {
      const started = performance.now();
      const res = await fetch(`${slowUpstream.url}/pet/1`);
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      assert.ok(performance.now() - started >= 110);
    } finally {
      await slowUpstream.close();
    }
  });

  test("flaky route fails N times per key, then counts attempts", async () => {
    const flaky = (key: string): Promise<Got> => call({ method: "GET", path: "/flaky", query: `key=${key}&failures=2&status=503&retryAfter=1` });
    for (const attempt of [1, 2]) {
      const got = await flaky("a");
      assertProblem(got, 503);
      assert.equal(got.headers.get("retry-after"), "1");
      assert.equal(got.json().attempt, attempt);
    }
    assert.deepEqual((await flaky("a")).json(), { attempt: 3 });
    assert.deepEqual((await flaky("a")).json(), { attempt: 4 });
    assert.equal((await flaky("b")).status, 503, "keys count separately");
    const other = await call({ method: "POST", path: "/flaky", query: "key=c&failures=1&status=429" });
    assertProblem(other, 429);
    assert.equal(other.headers.get("retry-after"), null);
    upstream.reset();
    assert.equal((await flaky("a")).status, 503, "reset clears the counters");
  });

  test("large lists: findByStatus size=large and /large", async () => {
    const large = await getJson("/pet/findByStatus", "status=available&size=large");
    assert.equal(large.length, 10_000);
    assert.ok(large.every((p: { status: string }) => p.status === "available"));
    assert.equal(new Set(large.map((p: { id: number }) => p.id)).size, 10_000);
    const sized = await getJson("/large", "count=50&itemBytes=500");
    assert.equal(sized.length, 50);
    for (const pet of sized) assert.ok(Math.abs(JSON.stringify(pet).length - 500) <= 5);
    assert.deepEqual(new Set(sized.map((p: { status: string }) => p.status)), new Set(["available", "pending", "sold"]));
    assert.deepEqual(await getJson("/large", "count=50&itemBytes=500&offset=10&limit=5"), sized.slice(10, 15));
    assert.equal((await getJson("/large")).length, 10_000);
    assertProblem(await call({ method: "GET", path: "/large", query: "count=1000000&itemBytes=1000000" }), 400, "count");
  });

  test("bench payload is about the requested size, deterministic; echo returns the body", async () => {
    for (const bytes of [64, 1_000, 100_000, 1_000_000]) {
      const got = await call({ method: "GET", path: "/bench/payload", query: `bytes=${bytes}` });
      const length = Number(got.headers.get("content-length"));
      assert.equal(length, Buffer.byteLength(got.text));
      assert.ok(Math.abs(length - bytes) <= bytes * 0.1, `${bytes} → ${length}`);
      assert.equal(got.json().bytes, bytes);
      assert.equal((await call({ method: "GET", path: "/bench/payload", query: `bytes=${bytes}` })).text, got.text);
    }
    const body = asJson({ nested: { list: [1, 2, 3], text: "héllo" } });
    const echo = await call({ method: "POST", path: "/bench/echo", body, type: JSON_TYPE });
    assert.equal(echo.status, 200);
    assert.equal(echo.headers.get("content-type"), JSON_TYPE);
    assert.equal(echo.text, body);
  });

  test("healthz, Content-Length and keep-alive", async () => {
    const res = await new Promise<import("node:http").IncomingMessage>((resolve, reject) => {
      get(new URL("/healthz", upstream.url), resolve).on("error", reject);
    });
    let text = "";
    for await (const chunk of res) text += chunk;
    assert.equal(res.statusCode, 200);
    assert.equal(text, "ok");
    assert.match(res.headers["content-type"] ?? "", /^text\/plain/);
    assert.equal(res.headers["content-length"], "2");
    assert.equal(res.headers.connection, "keep-alive");
  });

  test("records every request: method, path, query, headers and body", async () => {
    const requests = upstream.requests;
    await call({ method: "GET", path: "/pet/findByTags", query: "tags=tag1&tags=tag2&limit=1", headers: { api_key: "k1" } });
    await call({ method: "POST", path: "/store/order", body: asJson({ petId: 1 }), type: JSON_TYPE });
    assert.equal(requests.length, 2);
    const [first, second] = requests;
    assert.equal(first?.method, "GET");
    assert.equal(first?.path, "/api/v3/pet/findByTags");
    assert.equal(first?.url, "/api/v3/pet/findByTags?tags=tag1&tags=tag2&limit=1");
    assert.deepEqual(first?.query, { tags: ["tag1", "tag2"], limit: "1" });
    assert.equal(first?.headers.api_key, "k1");
    assert.equal(first?.body, "");
    assert.equal(second?.method, "POST");
    assert.equal(second?.headers["content-type"], JSON_TYPE);
    assert.equal(second?.body, '{"petId":1}');
    upstream.reset();
    assert.equal(upstream.requests, requests, "reset clears in place");
    assert.equal(requests.length, 0);
  });

  test("the store is deterministic from the seed", () => {
    const a = new PetStore(7).listPets();
    assert.deepEqual(new PetStore(7).listPets(), a);
    assert.notDeepEqual(new PetStore(8).listPets(), a);
    assert.equal(a.length, 12);
    assert.deepEqual(new PetStore(8).inventory(), { available: 5, pending: 4, sold: 3 });
  });
});

test("close() drops keep-alive and in-flight connections and is idempotent", async () => {
  const server = await startPetstoreUpstream();
  const res = await fetch(`${server.url}/pet/1`);
  await res.arrayBuffer();
  const inFlight = fetch(`${server.url}/slow?ms=30000`).then(
    () => "answered",
    () => "dropped",
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = performance.now();
  await Promise.all([server.close(), server.close()]);
  assert.ok(performance.now() - started < 1000);
  assert.equal(await inFlight, "dropped");
  await assert.rejects(fetch(`${server.url}/pet/1`));
});

test("main.ts prints the listening line and exits on SIGTERM", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "examples/petstore/upstream/main.ts", "--port", "0"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let stdout = "";
    child.stdout.setEncoding("utf8");
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: string) => {
        stdout += chunk;
        if (stdout.includes("\n")) resolve(stdout);
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code} before listening`)));
    });
    const match = /^petstore upstream listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v3)\n$/.exec(line);
    assert.ok(match, line);
    const res = await fetch(`${match[1]}/pet/1`);
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code, signal] = await exited;
    assert.equal(code, 0);
    assert.equal(signal, null);
    assert.equal(stdout, line, "exactly one line on stdout");
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});
