/** The spec's `store` operations: getInventory, placeOrder, getOrderById and deleteOrder. */
import { bodyOf, PLAIN_FORM } from "./form-body.js";
import { HttpError, json, notFound, text } from "./http-reply.js";
import { pathId } from "./request-params.js";
import { route, type Handler, type Route } from "./route.js";
import { orderFromInput } from "./store.js";

/** Requires a non-empty `api_key` header, the spec's apiKey security scheme. */
const getInventory: Handler = (req, { store }) => {
  const key = req.headers["api_key"];
  if (typeof key !== "string" || key === "") {
    throw new HttpError(401, "api_key header is required (security scheme api_key)", { field: "api_key" });
  }
  return json(store.inventory());
};

/** The `store` routes, in the spec's order. */
export const STORE_ROUTES: Route[] = [
  route("GET", "/store/inventory", getInventory),
  route("POST", "/store/order", (req, { store }) => {
    const { value, coerce } = bodyOf(req, PLAIN_FORM);
    return json(store.addOrder(orderFromInput(value, { coerce })));
  }),
  route("GET", "/store/order/{orderId}", (req, { store }) => {
    const id = pathId(req, "orderId");
    return json(store.orders.get(id) ?? notFound("Order", id));
  }),
  route("DELETE", "/store/order/{orderId}", (req, { store }) => {
    const id = pathId(req, "orderId");
    if (!store.orders.delete(id)) notFound("Order", id);
    return text("Order deleted");
  }),
];
