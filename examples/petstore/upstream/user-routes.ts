/**
 * The spec's `user` operations: createUser, createUsersWithListInput, loginUser, logoutUser, getUserByName,
 * updateUser and deleteUser.
 */
import { bodyOf, PLAIN_FORM } from "./form-body.js";
import { badRequest, HttpError, json, notFound, text } from "./http-reply.js";
import { route, type Handler, type Route } from "./route.js";
import { userFromInput, type PetStore, type User } from "./store.js";

const userOf = (store: PetStore, username: string): User => store.users.get(username) ?? notFound("User", username);

const createUsersWithListInput: Handler = (req, { store }) => {
  const { value, coerce } = bodyOf(req, PLAIN_FORM);
  if (!Array.isArray(value) || value.length === 0) throw badRequest("body", "must be a non-empty array of users");
  const users = value.map((item, i) => userFromInput(item, { coerce }, `[${i}]`));
  return json(users.map((user) => store.putUser(user)).at(-1));
};

/** Answers a session token as a JSON string, with the spec's `X-Rate-Limit` and `X-Expires-After` headers. */
const loginUser: Handler = (req, { store }) => {
  const username = req.query.get("username");
  const password = req.query.get("password");
  if (username === null || username === "") throw badRequest("username", "is required");
  if (password === null) throw badRequest("password", "is required");
  const user = store.users.get(username);
  if (user === undefined || user.password !== password) throw new HttpError(400, "Invalid username/password supplied", { field: "password" });
  const expires = new Date(Date.now() + 60 * 60 * 1000).toISOString();
  return json(store.nextSessionToken(), { "x-rate-limit": "5000", "x-expires-after": expires });
};

/** The `user` routes, in the spec's order. */
export const USER_ROUTES: Route[] = [
  route("POST", "/user", (req, { store }) => {
    const { value, coerce } = bodyOf(req, PLAIN_FORM);
    return json(store.putUser(userFromInput(value, { coerce })));
  }),
  route("POST", "/user/createWithList", createUsersWithListInput),
  route("GET", "/user/login", loginUser),
  route("GET", "/user/logout", () => text("User logged out")),
  route("GET", "/user/{username}", (req, { store }) => json(userOf(store, req.params.username ?? ""))),
  route("PUT", "/user/{username}", (req, { store }) => {
    const username = req.params.username ?? "";
    userOf(store, username);
    const { value, coerce } = bodyOf(req, PLAIN_FORM);
    return json(store.putUser(userFromInput(value, { coerce }), username));
  }),
  route("DELETE", "/user/{username}", (req, { store }) => {
    const username = req.params.username ?? "";
    if (!store.users.delete(username)) notFound("User", username);
    return text("User deleted");
  }),
];
