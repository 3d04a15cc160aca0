/**
 * In-memory data for the petstore upstream: the Pet, Order and User schemas of ../openapi.yaml
 * (#/components/schemas), input validation that names the offending field, a store seeded
 * deterministically from a number, and generated data for the large-list and benchmark routes.
 *
 * Seeded content (any seed): 12 pets (ids 1–12; 5 available, 4 pending, 3 sold; every pet carries one of
 * the spec's test tags `tag1`/`tag2`/`tag3`), 5 orders (ids 1–5) and 5 users (`user1`…`user4` and the
 * spec's example `theUser`, ids 1–5, all with password `12345`). The seed only shuffles names,
 * categories, extra tags and order details.
 */

/** Pet status values (#/components/schemas/Pet/properties/status). */
export const PET_STATUSES = ["available", "pending", "sold"] as const;
/** Order status values (#/components/schemas/Order/properties/status). */
export const ORDER_STATUSES = ["placed", "approved", "delivered"] as const;

export type PetStatus = (typeof PET_STATUSES)[number];
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** #/components/schemas/Category */
export interface Category {
  id?: number;
  name?: string;
}

/** #/components/schemas/Tag */
export interface Tag {
  id?: number;
  name?: string;
}

/** #/components/schemas/Pet; `id` is always set once stored. */
export interface Pet {
  id: number;
  name: string;
  category?: Category;
  photoUrls: string[];
  tags?: Tag[];
  status?: PetStatus;
}

/** #/components/schemas/Order; `id` is always set once stored. */
export interface Order {
  id: number;
  petId?: number;
  quantity?: number;
  shipDate?: string;
  status?: OrderStatus;
  complete?: boolean;
}

/** #/components/schemas/User; stored by `username`, which is therefore required here. */
export interface User {
  id: number;
  username: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  password?: string;
  phone?: string;
  userStatus?: number;
}

/** An input that does not fit its schema; `field` is a path such as `tags[0].name` or `body`. */
export class InputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "InputError";
  }
}

/** Options for the `*FromInput` validators. */
export interface InputOptions {
  /** Accept integers and booleans written as strings (form bodies carry only text). */
  coerce: boolean;
}

type Fields = Record<string, unknown>;

function objectAt(value: unknown, field: string): Fields {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Fields;
  throw new InputError(field, "must be an object");
}

function intAt(value: unknown, field: string, options: InputOptions): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = options.coerce && typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n === "number" && Number.isSafeInteger(n)) return n;
  throw new InputError(field, "must be an integer");
}

function stringAt(value: unknown, field: string, options: InputOptions): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (options.coerce && (typeof value === "number" || typeof value === "boolean")) return String(value);
  throw new InputError(field, "must be a string");
}

function boolAt(value: unknown, field: string, options: InputOptions): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (options.coerce && (value === "true" || value === "false")) return value === "true";
  throw new InputError(field, "must be a boolean");
}

function enumAt<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(field, `must be one of ${allowed.join(", ")}`);
}

/** Drops undefined members so stored objects serialise exactly as given. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}

function namedRefAt(value: unknown, field: string, options: InputOptions): Category {
  const fields = objectAt(value, field);
  return compact({ id: intAt(fields.id, `${field}.id`, options), name: stringAt(fields.name, `${field}.name`, options) });
}

/** A pet as sent to addPet/updatePet: `name` and `photoUrls` are required, `id` optional. */
export type PetInput = Omit<Pet, "id"> & { id?: number };

/** Validates a Pet body (#/components/schemas/Pet). Throws {@link InputError} naming the field. */
export function petFromInput(input: unknown, options: InputOptions): PetInput {
  const fields = objectAt(input, "body");
  const name = stringAt(fields.name, "name", options);
  if (name === undefined || name === "") throw new InputError("name", "is required");
  if (fields.photoUrls === undefined || fields.photoUrls === null) throw new InputError("photoUrls", "is required");
  if (!Array.isArray(fields.photoUrls)) throw new InputError("photoUrls", "must be an array of strings");
  const photoUrls = fields.photoUrls.map((url, i) => stringAt(url, `photoUrls[${i}]`, options) ?? "");
  let tags: Tag[] | undefined;
  if (fields.tags !== undefined && fields.tags !== null) {
    if (!Array.isArray(fields.tags)) throw new InputError("tags", "must be an array of tags");
    tags = fields.tags.map((tag, i) => namedRefAt(tag, `tags[${i}]`, options));
  }
  return compact({
    id: intAt(fields.id, "id", options),
    name,
    category: fields.category === undefined || fields.category === null ? undefined : namedRefAt(fields.category, "category", options),
    photoUrls,
    tags,
    status: enumAt(fields.status, "status", PET_STATUSES),
  });
}

/** Validates an Order body (#/components/schemas/Order). Throws {@link InputError} naming the field. */
export function orderFromInput(input: unknown, options: InputOptions): Omit<Order, "id"> & { id?: number } {
  const fields = objectAt(input, "body");
  const shipDate = stringAt(fields.shipDate, "shipDate", options);
  if (shipDate !== undefined && Number.isNaN(Date.parse(shipDate))) throw new InputError("shipDate", "must be a date-time");
  return compact({
    id: intAt(fields.id, "id", options),
    petId: intAt(fields.petId, "petId", options),
    quantity: intAt(fields.quantity, "quantity", options),
    shipDate,
    status: enumAt(fields.status, "status", ORDER_STATUSES),
    complete: boolAt(fields.complete, "complete", options),
  });
}

/** Validates a User body (#/components/schemas/User); `username` is required. `prefix` locates list items. */
export function userFromInput(input: unknown, options: InputOptions, prefix = ""): Omit<User, "id"> & { id?: number } {
  const fields = objectAt(input, prefix === "" ? "body" : prefix);
  const at = (name: string): string => (prefix === "" ? name : `${prefix}.${name}`);
  const username = stringAt(fields.username, at("username"), options);
  if (username === undefined || username === "") throw new InputError(at("username"), "is required");
  return compact({
    id: intAt(fields.id, at("id"), options),
    username,
    firstName: stringAt(fields.firstName, at("firstName"), options),
    lastName: stringAt(fields.lastName, at("lastName"), options),
    email: stringAt(fields.email, at("email"), options),
    password: stringAt(fields.password, at("password"), options),
    phone: stringAt(fields.phone, at("phone"), options),
    userStatus: intAt(fields.userStatus, at("userStatus"), options),
  });
}

/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

const PET_NAMES = ["doggie", "Bella", "Max", "Luna", "Charlie", "Lucy", "Cooper", "Daisy", "Milo", "Bailey", "Rocky", "Sadie", "Tweety", "Nemo", "Whiskers", "Shadow", "Coco", "Pepper", "Ziggy", "Oreo"];
const CATEGORIES: Category[] = [
  { id: 1, name: "Dogs" },
  { id: 2, name: "Cats" },
  { id: 3, name: "Birds" },
  { id: 4, name: "Fish" },
  { id: 5, name: "Reptiles" },
];
const TAGS: Tag[] = [
  { id: 1, name: "tag1" },
  { id: 2, name: "tag2" },
  { id: 3, name: "tag3" },
  { id: 4, name: "friendly" },
  { id: 5, name: "young" },
  { id: 6, name: "senior" },
  { id: 7, name: "trained" },
];
const FIRST_NAMES = ["John", "Ada", "Grace", "Alan", "Linus", "Barbara", "Ken", "Margaret"];
const LAST_NAMES = ["James", "Lovelace", "Hopper", "Turing", "Torvalds", "Liskov", "Thompson", "Hamilton"];
const SEEDED_STATUSES: PetStatus[] = ["available", "available", "available", "available", "available", "pending", "pending", "pending", "pending", "sold", "sold", "sold"];

/** The petstore's mutable state; {@link PetStore.reset} restores the seeded content. */
export class PetStore {
  readonly pets = new Map<number, Pet>();
  readonly orders = new Map<number, Order>();
  readonly users = new Map<string, User>();
  private nextPetId = 1;
  private nextOrderId = 1;
  private nextUserId = 1;
  private sessions = 0;

  constructor(readonly seed = 1) {
    this.reset();
  }

  /** Clears everything and re-creates the seeded pets, orders and users. */
  reset(): void {
    this.pets.clear();
    this.orders.clear();
    this.users.clear();
    this.nextPetId = this.nextOrderId = this.nextUserId = 1;
    this.sessions = 0;
    const random = createRandom(this.seed);
    const names = shuffle(PET_NAMES, random);
    const statuses = shuffle(SEEDED_STATUSES, random);
    statuses.forEach((status, i) => {
      const extra = shuffle(TAGS.slice(3), random).slice(0, Math.floor(random() * 3));
      const name = names[i] ?? `pet${i + 1}`;
      this.addPet({
        name,
        category: { ...pick(CATEGORIES, random) },
        photoUrls: [`https://petstore.example/images/${name.toLowerCase()}-${i + 1}.jpg`],
        tags: [{ ...(TAGS[i % 3] as Tag) }, ...extra.map((tag) => ({ ...tag }))],
        status,
      });
    });
    for (let i = 0; i < 5; i++) {
      const status = ORDER_STATUSES[i % 3] as OrderStatus;
      const hour = Math.floor(random() * 24);
      this.addOrder({
        petId: 1 + Math.floor(random() * 12),
        quantity: 1 + Math.floor(random() * 5),
        shipDate: new Date(Date.UTC(2024, 0, 1 + i * 3, hour)).toISOString(),
        status,
        complete: status === "delivered",
      });
    }
    for (const [i, username] of ["user1", "user2", "user3", "user4", "theUser"].entries()) {
      const firstName = pick(FIRST_NAMES, random);
      const lastName = pick(LAST_NAMES, random);
      this.putUser({
        username,
        firstName,
        lastName,
        email: `${username.toLowerCase()}@email.com`,
        password: "12345",
        phone: `555-01${String(10 + i)}`,
        userStatus: 1,
      });
    }
  }

  /** Pets in id order. */
  listPets(): Pet[] {
    return [...this.pets.values()].sort((a, b) => a.id - b.id);
  }

  /** Stores a pet, assigning the next free id when it has none; an existing id is replaced. */
  addPet(input: PetInput): Pet {
    const { id = this.nextPetId, ...fields } = input;
    const pet: Pet = { id, ...fields };
    this.pets.set(id, pet);
    this.nextPetId = Math.max(this.nextPetId, id + 1);
    return pet;
  }

  /** Counts of pets per status, every status present (getInventory). */
  inventory(): Record<PetStatus, number> {
    const counts: Record<PetStatus, number> = { available: 0, pending: 0, sold: 0 };
    for (const pet of this.pets.values()) if (pet.status !== undefined) counts[pet.status]++;
    return counts;
  }

  /** Stores an order, assigning the next free id when it has none. */
  addOrder(input: Omit<Order, "id"> & { id?: number }): Order {
    const { id = this.nextOrderId, ...fields } = input;
    const order: Order = { id, ...fields };
    this.orders.set(id, order);
    this.nextOrderId = Math.max(this.nextOrderId, id + 1);
    return order;
  }

  /** Creates or replaces a user by username, keeping the existing id unless one is given. */
  putUser(input: Omit<User, "id"> & { id?: number }, previousUsername = input.username): User {
    const existing = this.users.get(previousUsername);
    const { id = existing?.id ?? this.nextUserId, ...fields } = input;
    const user: User = { id, ...fields };
    this.users.delete(previousUsername);
    this.users.set(user.username, user);
    this.nextUserId = Math.max(this.nextUserId, id + 1);
    return user;
  }

  /** A deterministic session token for loginUser. */
  nextSessionToken(): string {
    this.sessions++;
    return `logged in user session:${this.seed}-${this.sessions}`;
  }
}

/** Ids of generated pets start here, clear of the seeded store. */
export const GENERATED_PET_ID_BASE = 1_000_000;

/**
 * `count` generated pets cycling through `statuses`, ids from {@link GENERATED_PET_ID_BASE} + 1. With
 * `itemBytes`, each pet's single photo URL is padded so the pet serialises to about that many bytes.
 */
export function generatePets(count: number, statuses: readonly PetStatus[], itemBytes?: number): Pet[] {
  const pets: Pet[] = [];
  for (let i = 0; i < count; i++) {
    const id = GENERATED_PET_ID_BASE + i + 1;
    const category = CATEGORIES[i % CATEGORIES.length] as Category;
    const pet: Pet = {
      id,
      name: `pet-${id}`,
      category,
      photoUrls: [`https://petstore.example/images/${id}.jpg`],
      tags: [TAGS[i % TAGS.length] as Tag],
      status: statuses[i % statuses.length] as PetStatus,
    };
    if (itemBytes !== undefined) {
      const missing = itemBytes - JSON.stringify(pet).length;
      if (missing > 0) pet.photoUrls = [`https://petstore.example/images/${id}.jpg?pad=${"x".repeat(Math.max(0, missing - 5))}`];
    }
    pets.push(pet);
  }
  return pets;
}

/**
 * A compact JSON object of exactly `bytes` bytes when `bytes` ≥ 40 (smaller requests get the smallest
 * object): `{"bytes":N,"items":[{"id":0,"name":"item-0",...},...],"pad":"xxx"}`. ASCII only.
 */
export function createPayloadJson(bytes: number): string {
  const head = `{"bytes":${bytes},"items":[`;
  const tail = `],"pad":""}`;
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const item = `${i === 0 ? "" : ","}{"id":${i},"name":"item-${i}","even":${i % 2 === 0},"tags":["alpha","beta"]}`;
    if (size + item.length > bytes) break;
    parts.push(item);
    size += item.length;
  }
  parts.push(`],"pad":"${"x".repeat(Math.max(0, bytes - size))}"}`);
  return parts.join("");
}
