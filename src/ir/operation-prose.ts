/**
 * Prose in an operation's description that speaks to whoever configures the server, not to the model
 * calling the tool: which scopes or permissions the upstream credential needs, and which response
 * media types a caller could ask for. The model can act on neither — the server holds the credential
 * (it comes from the environment, never from the model) and sends the Accept header itself — so each
 * is left out of the tool description. On GitHub's whole spec these were the two largest kinds of
 * prose left after markup cleaning (15,300 and 6,400 o200k tokens; `bench/surface-tokens.ts`).
 * What the credential needs is still in the spec for the operator, and an upstream 403 still reaches
 * the model as an error result naming the status.
 */

/** Words that name a credential the caller holds (GitHub, Slack, Google and Atlassian wording). */
const CREDENTIAL = /\b(?:OAuth(?: app)?s?|(?:[\w-]+ )?access tokens?|(?:OAuth|app|fine-grained|installation|bearer|API) tokens?|the token|GitHub Apps?|API keys?|JWTs?)\b/i;
/** …together with what it must be granted. */
const GRANT = /\b(?:scopes?|permissions?|token types?|granted access)\b/i;
/** A JSON Web Token the caller must sign with (GitHub Apps: "You must use a JWT to access this endpoint"): a kind of credential, so itself what is required. */
const JWT_REQUIRED = /\bmust use an? (?:JWT|JSON Web Token)\b/i;
/**
 * A sentence right after a dropped requirement that adds to it ("If the repository is private, the
 * `repo` scope is also required."; "They must also have been granted access to every repository…"):
 * it names no credential of its own, but says "also" about the one just dropped.
 */
const ALSO_REQUIRED = /\balso\b/i;
/** …stated as a requirement, not as what the operation does with tokens. */
const REQUIREMENT = /\b(?:needs?|must|requires?|required|(?:not )?supported|cannot|can use|works with)\b/i;
/** A heading such as `Fine-grained access tokens for "Get a task"` that introduces such a block. */
const CREDENTIAL_HEADING = /^[^.!?:]*\baccess tokens? for\b[^.!?:]*$/i;
/** A list item, as cleaned descriptions keep them. */
const LIST_ITEM = /^\s*(?:[*-]|\d+\.) /;
/** A list item that names a media type first (`- \`application/vnd.github.raw+json\`: …`). */
const MEDIA_TYPE_ITEM = /^\s*[*-] `?[a-z]+\/[\w.+-]+`?/i;

/** A sentence that tells how to use an argument ("use the `permissions` body parameter") is kept. */
const NAMES_ARGUMENT = /`[^`]+` (?:(?:body|query|path|header) )?(?:parameters?|arguments?|fields?|propert(?:y|ies)|keys?)\b/i;

/** What the signed-in user must be allowed to do is the model's to explain when a call is refused: kept. */
const USER_ROLE = /\b(?:authenticated|signed-in) user\b/i;

/** Whether a sentence only states what credential, scope or permission the caller needs. */
export function isCredentialRequirement(sentence: string): boolean {
  if (NAMES_ARGUMENT.test(sentence) || USER_ROLE.test(sentence)) return false;
  return JWT_REQUIRED.test(sentence) || (CREDENTIAL.test(sentence) && GRANT.test(sentence) && REQUIREMENT.test(sentence));
}

/** Whether `sentence`, following a dropped credential requirement, only adds to it (see {@link ALSO_REQUIRED}). */
function addsToRequirement(sentence: string): boolean {
  return ALSO_REQUIRED.test(sentence) && GRANT.test(sentence) && REQUIREMENT.test(sentence) && !NAMES_ARGUMENT.test(sentence) && !USER_ROLE.test(sentence);
}

/** What decides which prose an operation's model can act on. */
export interface ProseContext {
  /** The operation has an `Accept` header argument: the model can pick a media type, so the list stays. */
  acceptArgument: boolean;
  /**
   * The operation is about credentials (its summary names tokens or credentials: "Create a
   * scoped access token"): then what a token may be granted is its subject, and every sentence stays.
   */
  aboutCredentials: boolean;
}

/** A summary naming credentials as the operation's subject. */
export const CREDENTIAL_SUBJECT = /\b(?:tokens?|credentials?)\b/i;

/**
 * The description without credential requirements (each such sentence, a list it introduces with a
 * colon, and a heading naming access tokens) and, when the model cannot pick one, without a list of
 * response media types with its lead-in. Lines are kept otherwise; text must be cleaned first (single
 * line breaks, see `cleanMarkdown`).
 */
export function dropOperatorProse(text: string, { acceptArgument, aboutCredentials }: ProseContext): string {
  const credentials = !aboutCredentials && CREDENTIAL.test(text);
  if (!credentials && !/media type/i.test(text)) return text;
  const lines = text.split("\n");
  const kept: string[] = [];
  let skipList = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (skipList && LIST_ITEM.test(line)) continue;
    skipList = false;
    if (LIST_ITEM.test(line)) {
      kept.push(line);
      continue;
    }
    if (credentials && CREDENTIAL_HEADING.test(line.trim())) continue;
    const sentences = line.split(/(?<=[.!?])\s+/);
    let dropped = false;
    let rest = credentials
      ? sentences.filter((sentence) => {
          dropped = isCredentialRequirement(sentence) || (dropped && addsToRequirement(sentence));
          return !dropped;
        })
      : sentences;
    // The lead-in runs from its first sentence naming media types to the list; sentences of a wrapped
    // line joined before it keep their words.
    const leadIn = rest.findIndex((sentence) => /media types?\b/i.test(sentence));
    if (!acceptArgument && leadIn >= 0 && MEDIA_TYPE_ITEM.test(lines[i + 1] ?? "")) {
      rest = rest.slice(0, leadIn);
      skipList = true;
      if (rest.length > 0) kept.push(rest.join(" "));
      continue;
    }
    // A dropped "…must have the following permission set:" takes its list with it.
    if (rest.length < sentences.length && sentences.at(-1)!.trimEnd().endsWith(":") && rest.at(-1) !== sentences.at(-1)) skipList = true;
    if (rest.length > 0) kept.push(rest.join(" "));
  }
  return kept.join("\n").trim();
}

/** "The name must be URL encoded." */
const ENCODE_INSTRUCTION = /\b(?:must|should|needs? to|has to) be (?:URL|URI|percent)[- ]?encoded\b/i;
/** "For example, any slashes in the name must be replaced with `%2F`." */
const ESCAPE_INSTRUCTION = /\breplaced (?:with|by) `?%[0-9A-Fa-f]{2}\b/;

/**
 * A path argument's description without instructions to percent-encode the value (GitHub's
 * `environment_name`: "The name must be URL encoded. For example, any slashes in the name must be
 * replaced with `%2F`."). They speak to a caller building the URL by hand; here the runtime encodes
 * every path value (RFC 6570 simple expansion, https://spec.openapis.org/oas/v3.1.0#style-values),
 * so a model that followed them would send `%252F`. The model loses nothing it should act on.
 */
export function dropEncodingAdvice(description: string): string {
  if (!ENCODE_INSTRUCTION.test(description) && !ESCAPE_INSTRUCTION.test(description)) return description;
  return description
    .split(/(?<=[.!?])\s+/)
    .filter((sentence) => !ENCODE_INSTRUCTION.test(sentence) && !ESCAPE_INSTRUCTION.test(sentence))
    .join(" ");
}
