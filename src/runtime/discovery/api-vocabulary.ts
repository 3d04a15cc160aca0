/**
 * A small hand-written table of API vocabulary: the words people use for a need ("PR", "ticket",
 * "CI run", "money back") → the words API descriptions use for it ("pull request", "issue",
 * "workflow run", "refund"). Plain BM25 only matches words that are there; this closes most of the
 * gap without a model. Each group says where its equivalence comes from; the table was fitted
 * on bench/discovery/tasks.json, whose held-out tasks show how far it carries to new phrasings.
 *
 * `weight` scales what an expansion contributes: 1 for an abbreviation or a plain synonym (the
 * same thing), less for a related word that merely often means it.
 */
export interface VocabularyRule {
  /** Words as a user writes them (matched after the same stemming as the index). */
  words: string[];
  /** What the API calls it: each phrase's terms are added to the query. */
  means: string[];
  weight: number;
}

const GET = ["GET", "HEAD"];

/**
 * An action a request asks for: the words that say it, the verbs API summaries use for it
 * (GitHub: "Create", "Get", "List", "Update", "Delete", "Remove"; Stripe: "Create", "Retrieve",
 * "List", "Update", "Delete"; https://docs.github.com/en/rest, https://docs.stripe.com/api), and the
 * HTTP methods that perform it.
 */
export interface IntentRule {
  words: string[];
  means: string[];
  /**
   * Methods whose semantics (RFC 9110 §9.3, https://www.rfc-editor.org/rfc/rfc9110#section-9.3)
   * fit the action. PUT creates too (GitHub adds a collaborator or a star with PUT); POST is in
   * every changing intent because Stripe updates and cancels with POST
   * (https://docs.stripe.com/api/subscriptions/update).
   */
  methods: string[];
  /**
   * The verbs of `means` that name the action itself, for an operation's summary verb to agree
   * fully; the others are related (creating is "Create ...", "Add ..." attaches to something that
   * exists). Default: all of `means`.
   */
  primary?: string[];
}

/**
 * Intents. Only the query's first action word counts — in "show the open PRs", "open" describes
 * the PRs, it does not ask to open one — and it both adds the API's verb and ranks operations
 * whose method does it, and whose summary starts with one of `means`, a little higher: text alone
 * cannot tell `GET /repos/{o}/{r}/pulls` from `POST` on the same path, their words are the same.
 * The words are general English for each action (verbs of REST API docs and of requests), not
 * phrasings of the benchmark's tasks.
 */
export const INTENTS: readonly IntentRule[] = [
  {
    words: [
      "create", "add", "new", "open", "make", "raise", "start", "submit", "publish", "share", "invite", "set up", "trigger", "kick off", "spin up", "sign up", "back up", "file", "cut",
      "post", "leave", "write", "give", "grant", "plan", "schedule", "store", "save", "register", "upload", "put", "draft", "generate", "attach",
    ],
    means: ["create", "add"],
    primary: ["create"],
    methods: ["POST", "PUT"],
  },
  {
    words: ["update", "edit", "change", "modify", "rename", "set", "close", "reopen", "move", "switch", "mark", "archive", "pause", "resume", "enable", "disable", "turn", "replace", "assign", "fill in", "fill out", "bump"],
    means: ["update", "set", "edit", "change"],
    methods: ["PATCH", "PUT", "POST"],
  },
  { words: ["delete", "remove", "erase", "drop", "destroy", "revoke", "nuke", "wipe", "purge", "get rid", "give up", "let go", "tear down", "clean up", "throw away", "throw out", "kick out", "unstar", "unfollow", "unsubscribe", "unlink", "detach", "disconnect"], means: ["delete", "remove"], methods: ["DELETE", "POST"] },
  // Stopping something under way is cancelling it (GitHub "Cancel a workflow run", Stripe "Cancel a
  // PaymentIntent"), which some APIs do by deleting it (Stripe "Cancel a subscription" is DELETE).
  { words: ["cancel", "stop", "abort", "halt", "kill", "terminate", "hang up", "call off", "shut down", "wind down"], means: ["cancel", "stop"], methods: ["POST", "DELETE", "PUT"] },
  // Actions on a resource that are neither create nor update in REST terms: they are POSTs to an
  // action sub-resource (Stripe ".../finalize", ".../void", ".../capture"; GitHub ".../merge",
  // ".../dispatches"), named by the verb itself, which stays a search word.
  { words: ["approve", "accept", "reject", "decline", "confirm", "verify", "send", "email", "resend", "capture", "finalize", "void", "merge", "transfer", "pay", "refund", "rerun", "retry", "sync", "duplicate", "copy", "clone", "lock", "unlock"], means: [], methods: ["POST", "PUT"] },
  // Questions ask to read; whether one item or many is the object's number (see the search's cardinality).
  { words: ["get", "show", "see", "view", "fetch", "read", "retrieve", "what", "which", "who", "how much", "how many", "check", "tell", "display", "look up", "lookup", "pull up", "bring up"], means: ["get", "list", "retrieve"], methods: GET },
  { words: ["list", "all", "every", "browse", "enumerate"], means: ["list"], methods: GET },
  { words: ["find", "look", "search", "query", "filter"], means: ["search", "get", "retrieve", "list"], methods: GET },
  { words: ["download", "export"], means: ["download", "export"], methods: GET },
];

/**
 * Intent words that are also adjectives: followed by a plural noun they describe it ("open PRs",
 * "new customers") rather than ask for the action ("open a ticket", "new repo").
 */
export const ADJECTIVE_INTENTS: ReadonlySet<string> = new Set(["open", "new", "draft", "archive", "pause"]);

/** What an expansion through an intent's `means` weighs (a related verb, not a synonym). */
export const INTENT_WEIGHT = 0.7;

/** The table; order does not matter. */
export const API_VOCABULARY: readonly VocabularyRule[] = [
  // Abbreviations GitHub itself uses in its UI and docs ("PR", "repo", "org"; GitHub glossary,
  // https://docs.github.com/en/get-started/learning-about-github/github-glossary); "MR" is GitLab's
  // name for a pull request (https://docs.gitlab.com/user/project/merge_requests/).
  { words: ["pr", "prs", "mr"], means: ["pull request"], weight: 1 },
  { words: ["repo", "repos"], means: ["repository"], weight: 1 },
  { words: ["org", "orgs"], means: ["organization"], weight: 1 },
  { words: ["webhook"], means: ["hook"], weight: 1 },
  // GitHub's REST paths say "/user/..." and its summaries "for the authenticated user" for what
  // a person calls "my ..." (https://docs.github.com/en/rest/repos/repos#list-repositories-for-the-authenticated-user).
  { words: ["my", "me", "mine", "myself"], means: ["authenticated user"], weight: 0.6 },
  { words: ["logged in", "signed in", "am i", "current user"], means: ["authenticated user"], weight: 1 },
  // Issue-tracker words: Jira and most help desks say "ticket"; "bug" is an issue's commonest kind.
  { words: ["ticket", "bug"], means: ["issue"], weight: 1 },
  // CI: GitHub Actions runs workflows ("workflow run", "job"), the Checks API reports "check runs"
  // (https://docs.github.com/en/actions/about-github-actions/understanding-github-actions,
  // https://docs.github.com/en/rest/checks/runs); people say "CI", "build", "pipeline".
  { words: ["ci", "pipeline"], means: ["actions workflow"], weight: 0.7 },
  { words: ["ci run", "build", "ci build", "pipeline run", "ci job"], means: ["workflow run", "check run"], weight: 0.7 },
  // GitHub's own names: "Re-run a workflow" (https://docs.github.com/en/rest/actions/workflow-runs),
  // an approval is a review with event APPROVE and asking for one is "Request reviewers"
  // (https://docs.github.com/en/rest/pulls/reviews, https://docs.github.com/en/rest/pulls/review-requests),
  // people on an issue are "assignees" (https://docs.github.com/en/rest/issues/assignees), a diff
  // is "Compare two commits" (https://docs.github.com/en/rest/commits/commits), gists are for
  // "sharing snippets" and notifications land in an "inbox" (GitHub Docs, "Creating gists" and
  // "Managing notifications from your inbox").
  { words: ["rerun", "retry", "restart"], means: ["re run"], weight: 1 },
  { words: ["approve"], means: ["review"], weight: 0.7 },
  { words: ["assign"], means: ["assignee"], weight: 1 },
  { words: ["ask"], means: ["request"], weight: 0.7 },
  { words: ["diff"], means: ["compare commit"], weight: 0.7 },
  { words: ["snippet"], means: ["gist"], weight: 1 },
  { words: ["inbox"], means: ["notification"], weight: 1 },
  // Git: a branch or a tag is a ref (refs/heads/..., refs/tags/...; https://git-scm.com/book/en/v2/Git-Internals-Git-References),
  // and GitHub's Git database API manages branches as refs (https://docs.github.com/en/rest/git/refs).
  { words: ["branch"], means: ["ref"], weight: 0.5 },
  // GitHub calls the people who starred a repository "stargazers" and people with access "collaborators"
  // (https://docs.github.com/en/rest/activity/starring, https://docs.github.com/en/rest/collaborators).
  { words: ["star", "starred"], means: ["stargazer"], weight: 0.7 },
  { words: ["colleague", "teammate", "coworker", "contributor"], means: ["collaborator", "member"], weight: 0.7 },
  // Our own reading, hence the low weights: people say "project" for a repository (GitHub also
  // has Projects, which keep the full weight of the word itself), and "who" asks for people.
  { words: ["project"], means: ["repository"], weight: 0.5 },
  { words: ["who"], means: ["member", "user"], weight: 0.4 },
  // Payments (Stripe's API reference and glossary, https://docs.stripe.com/api,
  // https://docs.stripe.com/glossary): a payment is a PaymentIntent or a Charge, a chargeback is a
  // Dispute, a saved card is a PaymentMethod, a bill is an Invoice, a discount is a Coupon or a
  // Promotion Code, money sent to a bank account is a Payout.
  { words: ["pay", "payment"], means: ["payment intent", "charge"], weight: 0.7 },
  { words: ["charge"], means: ["payment intent"], weight: 0.5 },
  { words: ["reimburse", "reimbursement", "money back", "repay"], means: ["refund"], weight: 1 },
  { words: ["chargeback"], means: ["dispute"], weight: 1 },
  { words: ["card"], means: ["payment method", "source"], weight: 0.6 },
  { words: ["bill", "receipt"], means: ["invoice"], weight: 0.8 },
  { words: ["client", "buyer", "shopper", "payer", "subscriber"], means: ["customer"], weight: 1 },
  { words: ["membership", "recurring"], means: ["subscription", "price"], weight: 0.6 },
  { words: ["discount", "promo", "voucher"], means: ["coupon", "promotion code"], weight: 1 },
  { words: ["withdraw", "withdrawal", "cashout"], means: ["payout"], weight: 1 },
  // Stripe: the balance is "funds in your Stripe account" (https://docs.stripe.com/api/balance).
  { words: ["money", "fund", "funds"], means: ["balance"], weight: 0.5 },
  // General words of REST APIs and collaboration tools, with the names APIs give those things:
  // a discussion is a resource's comments (GitHub "issue comments"; Asana calls comments
  // "stories" on a task, https://developers.asana.com/reference/stories); being told when
  // something happens is a webhook or an event subscription (Stripe webhook endpoints, GitHub
  // repository webhooks, Asana webhooks); a stored credential is a "secret" (GitHub Actions
  // secrets, Stripe Apps secrets); following a thing is being a follower or a subscriber
  // (Asana followers, GitHub watching = repository subscription).
  { words: ["discussion", "conversation", "thread", "reply", "replies", "feedback"], means: ["comment"], weight: 0.8 },
  { words: ["comment"], means: ["story"], weight: 0.4 },
  { words: ["notify", "notified", "alert", "callback", "ping", "listen"], means: ["webhook", "event"], weight: 0.7 },
  { words: ["token", "password", "credential", "api key"], means: ["secret"], weight: 0.5 },
  { words: ["watch", "subscribe"], means: ["follower", "subscription", "watcher"], weight: 0.7 },
  { words: ["depend", "depends", "blocker", "blocked by", "prerequisite"], means: ["dependency"], weight: 1 },
  { words: ["copy", "clone"], means: ["duplicate"], weight: 0.7 },
  { words: ["done", "complete", "completed", "finish", "finished", "resolve", "resolved"], means: ["completed", "close"], weight: 0.5 },
  { words: ["deadline", "due"], means: ["due"], weight: 0.7 },
  { words: ["pass", "passed", "passing", "fail", "failed", "failing", "green", "red"], means: ["status", "check"], weight: 0.5 },
  { words: ["belong", "member of", "part of"], means: ["membership"], weight: 0.5 },
];
