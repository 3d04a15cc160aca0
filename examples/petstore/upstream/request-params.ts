/** Reading and validating path, query and header parameters; failures are 400s naming the parameter. */
import type { IncomingHttpHeaders } from "node:http";
import { badRequest } from "./http-reply.js";
import type { UpstreamRequest } from "./route.js";
import { PET_STATUSES, type PetStatus } from "./store.js";

/** The integer path parameter `name`. */
export function pathId(req: UpstreamRequest, name: string): number {
  const raw = req.params[name] ?? "";
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw badRequest(name, `must be an integer, got "${raw}"`);
  return Number(raw);
}

/** The non-negative integer query parameter `name` within `[min, max]`; `fallback` when absent or empty. */
export function intQuery(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw badRequest(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** Values of a repeated and/or comma-separated query parameter (form style, either explode). */
export function listQuery(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

/** `value` as a pet status; `field` names it in the error. */
export function petStatus(value: string, field: string): PetStatus {
  if ((PET_STATUSES as readonly string[]).includes(value)) return value as PetStatus;
  throw badRequest(field, `must be one of ${PET_STATUSES.join(", ")}, got "${value}"`);
}

/** The Content-Type without parameters, lower-case; empty when absent. */
export function mediaType(headers: IncomingHttpHeaders): string {
  return (headers["content-type"]?.split(";")[0] ?? "").trim().toLowerCase();
}
