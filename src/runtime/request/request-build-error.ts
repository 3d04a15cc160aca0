/**
 * The one error the request builder throws. It names the offending argument so the server can turn it
 * into an `isError` tool result the model can act on. Imports nothing: this folder is copied verbatim.
 */

/** What kind of problem stopped the request from being built. */
export type RequestBuildErrorCode =
  /** A path placeholder has no value (never send `{petId}` literally). */
  | "missing_path_parameter"
  /** A required query, header or cookie argument is missing or `null`, `[]` or `{}` (it would send nothing). */
  | "missing_parameter"
  /** A path value is empty, `.` or `..` (in any encoding): it could leave the API's base path. */
  | "unsafe_path_segment"
  /** A header argument tried to set a header the runtime owns (Authorization, Host, Cookie, …). */
  | "forbidden_header"
  /** A header name is not an RFC 9110 token, or a value holds CR, LF, NUL or non-Latin-1 text. */
  | "invalid_header"
  /** A required request body, or a required whole-body argument, is missing. */
  | "missing_body"
  /** A value cannot be encoded for its target (bad base64, an object for a text body, …). */
  | "invalid_value"
  /** The base URL or server URL is not an absolute http(s) URL. */
  | "invalid_base_url";

/** A tool call's arguments cannot become a safe HTTP request; `argument` names the culprit when known. */
export class RequestBuildError extends Error {
  /** The tool argument at fault, as named in the tool's input schema. */
  readonly argument?: string;
  /** A stable code for callers and tests. */
  readonly code: RequestBuildErrorCode;

  constructor(code: RequestBuildErrorCode, message: string, argument?: string) {
    super(argument === undefined ? message : `argument "${argument}": ${message}`);
    this.name = "RequestBuildError";
    this.code = code;
    if (argument !== undefined) this.argument = argument;
  }
}
