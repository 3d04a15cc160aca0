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
}

/**
 * Intents. Only the query's first action word counts — in "show the open PRs", "open" describes
 * the PRs, it does not ask to open one — and it both adds the API's verb and ranks operations
 * whose method does it a little higher: text alone cannot tell `GET /repos/{o}/{r}/pulls` from
 * `POST` on the same path, their words are the same.
 */
export const INTENTS: readonly IntentRule[] = [
  {
    words: ["create", "add", "new", "open", "make", "raise", "start", "submit", "publish", "share", "invite", "set up", "trigger", "kick off", "post", "leave", "write", "give", "grant", "plan", "schedule"],
    means: ["create", "add"],
    methods: ["POST", "PUT"],
  },
  { words: ["update", "edit", "change", "modify", "rename", "set", "close", "reopen", "move", "switch"], means: ["update"], methods: ["PATCH", "PUT", "POST"] },
  { words: ["delete", "remove", "erase", "drop", "destroy", "cancel", "stop", "revoke", "nuke", "wipe", "purge", "get rid"], means: ["delete", "remove"], methods: ["DELETE", "POST"] },
  { words: ["get", "show", "see", "view", "fetch", "read", "retrieve", "what", "which", "how much"], means: ["get", "list", "retrieve"], methods: GET },
  { words: ["list", "all", "every", "browse", "who"], means: ["list"], methods: GET },
  { words: ["find", "lookup", "look", "search"], means: ["search", "get"], methods: GET },
  { words: ["download"], means: ["download"], methods: GET },
];

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
];
