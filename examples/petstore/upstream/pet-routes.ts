/**
 * The spec's `pet` operations: updatePet, addPet, findPetsByStatus, findPetsByTags, getPetById,
 * updatePetWithForm, deletePet and uploadFile.
 */
import { bodyOf, PET_FORM } from "./form-body.js";
import { badRequest, json, notFound, text } from "./http-reply.js";
import { largeList, page } from "./pet-lists.js";
import { listQuery, mediaType, pathId, petStatus } from "./request-params.js";
import { route, type Handler, type Route, type UpstreamRequest } from "./route.js";
import { petFromInput, type Pet, type PetInput, type PetStore } from "./store.js";

function petBody(req: UpstreamRequest): PetInput {
  const { value, coerce } = bodyOf(req, PET_FORM);
  return petFromInput(value, { coerce });
}

const petOf = (store: PetStore, id: number): Pet => store.pets.get(id) ?? notFound("Pet", id);

const findPetsByStatus: Handler = (req, state) => {
  const given = listQuery(req.query, "status");
  const statuses = (given.length === 0 ? ["available"] : given).map((s) => petStatus(s, "status"));
  const size = req.query.get("size");
  if (size !== null) {
    if (size !== "large") throw badRequest("size", `must be "large", got "${size}"`);
    return largeList(req, state, statuses);
  }
  return page(req.query, state.store.listPets().filter((p) => p.status !== undefined && statuses.includes(p.status)));
};

const findPetsByTags: Handler = (req, { store }) => {
  const tags = listQuery(req.query, "tags");
  if (tags.length === 0) throw badRequest("tags", "at least one tag is required");
  return page(req.query, store.listPets().filter((p) => p.tags?.some((t) => t.name !== undefined && tags.includes(t.name))));
};

const updatePet: Handler = (req, { store }) => {
  const input = petBody(req);
  if (input.id === undefined) throw badRequest("id", "is required to update a pet");
  petOf(store, input.id);
  return json(store.addPet(input));
};

const updatePetWithForm: Handler = (req, { store }) => {
  const pet = petOf(store, pathId(req, "petId"));
  const form = mediaType(req.headers) === "application/x-www-form-urlencoded" ? new URLSearchParams(req.body.toString("utf8")) : undefined;
  const name = req.query.get("name") ?? form?.get("name") ?? undefined;
  const status = req.query.get("status") ?? form?.get("status") ?? undefined;
  if (name === "") throw badRequest("name", "must not be empty");
  const newStatus = status === undefined || status === "" ? undefined : petStatus(status, "status");
  if (name !== undefined) pet.name = name;
  if (newStatus !== undefined) pet.status = newStatus;
  return json(pet);
};

const uploadFile: Handler = (req, { store }) => {
  const id = pathId(req, "petId");
  const pet = petOf(store, id);
  if (req.body.length === 0) throw badRequest("body", "no file uploaded");
  pet.photoUrls.push(`https://petstore.example/images/${id}/upload-${pet.photoUrls.length + 1}`);
  const metadata = req.query.get("additionalMetadata");
  const prefix = metadata === null ? "" : `additionalMetadata: ${metadata}\n`;
  return json({ code: 200, type: "unknown", message: `${prefix}File uploaded, ${req.body.length} bytes` });
};

/** The `pet` routes, in the spec's order. */
export const PET_ROUTES: Route[] = [
  route("PUT", "/pet", updatePet),
  route("POST", "/pet", (req, { store }) => json(store.addPet(petBody(req)))),
  route("GET", "/pet/findByStatus", findPetsByStatus),
  route("GET", "/pet/findByTags", findPetsByTags),
  route("GET", "/pet/{petId}", (req, { store }) => json(petOf(store, pathId(req, "petId")))),
  route("POST", "/pet/{petId}", updatePetWithForm),
  route("DELETE", "/pet/{petId}", (req, { store }) => {
    const id = pathId(req, "petId");
    petOf(store, id);
    store.pets.delete(id);
    return text("Pet deleted");
  }),
  route("POST", "/pet/{petId}/uploadImage", uploadFile),
];
