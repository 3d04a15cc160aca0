/**
 * Operating-system errors a command can meet through no fault of this tool — a busy port, a missing
 * directory, a full disk, a reader that went away — as one line with the fix, instead of
 * "internal error … a bug in openapi-mcp". Node attaches `code`, `syscall`, `path`, `address` and
 * `port` to these errors (https://nodejs.org/docs/latest-v20.x/api/errors.html#class-systemerror).
 */

/** The fields of a Node system error that the messages use. */
interface SystemErrorFields {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
  address?: string;
  port?: number;
}

/** The codes {@link describeOsError} explains. */
export const EXPLAINED_OS_ERRORS = ["EADDRINUSE", "EADDRNOTAVAIL", "ENOENT", "ENOTDIR", "EISDIR", "EACCES", "EPERM", "EROFS", "EPIPE", "ENOSPC"] as const;

/** One line saying what happened and how to fix it, or undefined when `error` is not an OS error we explain. */
export function describeOsError(error: unknown): string | undefined {
  const e = systemError(error);
  if (e === undefined || !(EXPLAINED_OS_ERRORS as readonly string[]).includes(e.code)) return undefined;
  const where = e.path ?? e.dest;
  const socket = e.port !== undefined ? `port ${e.port} on ${e.address ?? "this host"}` : e.address !== undefined ? `address ${e.address}` : undefined;
  switch (e.code) {
    case "EADDRINUSE":
      return `${socket ?? "the address"} is in use: pass --port with a free port (or 0 to pick one), or stop the process holding it`;
    case "EADDRNOTAVAIL":
      return `cannot bind ${socket ?? "the address"}: no network interface has that address; pass --host with an address of this machine (127.0.0.1 for local use)`;
    case "EACCES":
    case "EPERM":
      if (socket !== undefined || e.syscall === "listen" || e.syscall === "bind") {
        return `no permission to listen on ${socket ?? "that address"}: ports below 1024 need privileges; pass --port 1024 or higher`;
      }
      return `permission denied${where ? `: ${where}` : ""} (${e.syscall ?? "access"}): check its permissions, or choose a path you can ${e.syscall === "open" || e.syscall === "mkdir" ? "write" : "use"}`;
    case "EROFS":
      return `${where ?? "that path"} is on a read-only file system: choose another path (--out)`;
    case "ENOENT":
      return `${where ?? "a file"}: no such file or directory (${e.syscall ?? "open"}): check the path; a directory to write into must exist`;
    case "ENOTDIR":
      return `${where ?? "a path"}: a part of this path is a file, not a directory: check the path (--out)`;
    case "EISDIR":
      return `${where ?? "a path"} is a directory, where a file was expected: name a file (e.g. --out ${where ?? "DIR"}/name.yaml)`;
    case "ENOSPC":
      return `no space left on the device${where ? ` writing ${where}` : ""}: free some space, or write elsewhere (--out)`;
    case "EPIPE":
      return "the output pipe closed before everything was written (EPIPE): the program reading openapi-mcp's output exited early; read the whole output, or redirect it to a file";
  }
  return undefined;
}

function systemError(error: unknown): SystemErrorFields | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, syscall, path, dest, address, port } = error as Record<string, unknown>;
  if (typeof code !== "string") return undefined;
  return {
    code,
    ...(typeof syscall === "string" ? { syscall } : {}),
    ...(typeof path === "string" ? { path } : {}),
    ...(typeof dest === "string" ? { dest } : {}),
    ...(typeof address === "string" ? { address } : {}),
    ...(typeof port === "number" ? { port } : {}),
  };
}
