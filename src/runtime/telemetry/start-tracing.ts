/**
 * Turns tracing on from the standard OpenTelemetry environment variables alone
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/), with no code
 * change: the SDK and exporter are imported only when those variables ask for traces, so a server
 * without them loads nothing and its per-call hooks stay off (tracing.ts).
 *
 * On when `OTEL_TRACES_EXPORTER` names an exporter, or when it is unset and an OTLP endpoint is
 * (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`); off with
 * `OTEL_TRACES_EXPORTER=none` or `OTEL_SDK_DISABLED=true`. Exporters: `otlp` (OTLP/HTTP, JSON
 * encoding — the exporter installed for Node 20; it reads the endpoint, headers, timeout and
 * compression variables itself) and `console` (HTTP transport only: on stdio, stdout is the
 * protocol). The SDK reads `OTEL_TRACES_SAMPLER`(`_ARG`), `OTEL_BSP_*` and the span limits;
 * `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` name the service (default: the server's name).
 */
import type { TracerConfig } from "@opentelemetry/sdk-trace-node";
import { enableTracing } from "./tracing.js";

/** What the environment asks for; see {@link tracingPlanFromEnv}. */
export interface TracingPlan {
  exporters: Array<"otlp" | "console">;
  /** Things the operator should know (an unsupported exporter or protocol), for the log. */
  warnings: string[];
}

/** Reads the environment; undefined when tracing stays off. Pure. */
export function tracingPlanFromEnv(env: Record<string, string | undefined>, transport: "stdio" | "http"): TracingPlan | undefined {
  if ((env.OTEL_SDK_DISABLED ?? "").trim().toLowerCase() === "true") return undefined;
  const warnings: string[] = [];
  const raw = env.OTEL_TRACES_EXPORTER?.trim();
  let names: string[];
  if (raw === undefined || raw === "") {
    const endpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
    if (endpoint === undefined) return undefined;
    names = ["otlp"];
  } else {
    names = raw.split(",").map((name) => name.trim().toLowerCase()).filter((name) => name !== "");
    if (names.includes("none")) return undefined;
  }
  const exporters: TracingPlan["exporters"] = [];
  for (const name of new Set(names)) {
    if (name === "otlp") {
      const protocol = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_PROTOCOL);
      if (protocol === "grpc") {
        warnings.push("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported (no gRPC exporter is installed): traces are not exported; use http/json and the collector's OTLP/HTTP port (4318)");
        continue;
      }
      if (protocol !== undefined && protocol !== "http/json") {
        warnings.push(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}: traces are sent as OTLP/HTTP with JSON encoding (http/json), which the OpenTelemetry Collector's OTLP/HTTP receiver accepts; set it to http/json to silence this`);
      }
      exporters.push("otlp");
    } else if (name === "console") {
      if (transport === "stdio") warnings.push("OTEL_TRACES_EXPORTER=console is ignored over stdio: spans on stdout would corrupt the JSON-RPC stream; use otlp");
      else exporters.push("console");
    } else {
      warnings.push(`OTEL_TRACES_EXPORTER=${name} is not supported (otlp, console or none): ignored`);
    }
  }
  return { exporters, warnings };
}

/**
 * Registers the SDK when the environment asks for traces and switches the hooks on; resolves with
 * a function that flushes and stops it (call it at shutdown), or undefined when tracing stays off.
 */
export async function startTracing(
  env: Record<string, string | undefined>,
  transport: "stdio" | "http",
  serviceName: string,
  log: (level: "debug" | "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void,
): Promise<(() => Promise<void>) | undefined> {
  const plan = tracingPlanFromEnv(env, transport);
  if (plan === undefined) return undefined;
  for (const warning of plan.warnings) log("warn", warning);
  if (plan.exporters.length === 0) return undefined;
  const [api, sdk] = await Promise.all([import("@opentelemetry/api"), import("@opentelemetry/sdk-trace-node")]);
  const processors = [];
  if (plan.exporters.includes("otlp")) {
    const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
    processors.push(new sdk.BatchSpanProcessor(new OTLPTraceExporter()));
  }
  if (plan.exporters.includes("console")) processors.push(new sdk.SimpleSpanProcessor(new sdk.ConsoleSpanExporter()));
  const provider = new sdk.NodeTracerProvider({ spanProcessors: processors, ...(await resourceFor(serviceName, log)) });
  // The global provider, the W3C trace-context and baggage propagators, and the AsyncLocalStorage
  // context manager that carries a tool call's span into its upstream requests.
  provider.register();
  enableTracing(api);
  log("info", `tracing on: exporting spans to ${plan.exporters.join(", ")}`, env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT } : {});
  return async () => {
    enableTracing(undefined);
    await provider.shutdown();
  };
}

/**
 * The service's resource: OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES (the SDK's own env detector)
 * over the server's name. `@opentelemetry/resources` comes with the SDK (a dependency of it); when a
 * strict installer keeps it out of reach, the SDK's default resource is used and this is said.
 */
async function resourceFor(serviceName: string, log: (level: "warn", message: string) => void): Promise<{ resource?: TracerConfig["resource"] }> {
  try {
    // Not a dependency of generated projects in its own right (the SDK's), hence the untyped specifier.
    const resources = (await import("@opentelemetry/resources" as string)) as ResourcesModule;
    const base = resources.defaultResource().merge(resources.resourceFromAttributes({ "service.name": serviceName }));
    return { resource: base.merge(resources.detectResources({ detectors: [resources.envDetector] })) as unknown as TracerConfig["resource"] };
  } catch {
    log("warn", "tracing: @opentelemetry/resources cannot be loaded, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES are not applied");
    return {};
  }
}

/** The part of `@opentelemetry/resources` 2.x used here. */
interface ResourcesModule {
  defaultResource(): Resource;
  resourceFromAttributes(attributes: Record<string, string>): Resource;
  detectResources(options: { detectors: unknown[] }): Resource;
  envDetector: unknown;
}
interface Resource {
  merge(other: Resource | null): Resource;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}
