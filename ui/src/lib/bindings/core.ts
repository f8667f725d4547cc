// Generated from the Rust types by ts-rs (postdesk-core/src/bindings.rs). Do not edit.

export type Error = { kind: ErrorKind, message: string, };

export type ErrorKind = "not_found" | "not_a_repo" | "no_posts" | "outside_repo" | "io" | "front_matter" | "config" | "image" | "git" | "auth" | "network" | "rejected" | "conflict" | "invalid" | "identity" | "not_a_post" | "stale";

export type BlogInfo = { 
/**
 * Absolute path of the repository's working tree.
 */
root: string, 
/**
 * The folder's name, shown in the title bar.
 */
name: string, site: Site, };

export type PostFile = { 
/**
 * Repository-relative path.
 */
path: string, text: string, };

export type Site = { kind: SiteKind, 
/**
 * Repository-relative folders that hold posts.
 */
posts_dirs: Array<string>, 
/**
 * Repository-relative folder of drafts, if the site has one.
 */
drafts_dir: string | null, 
/**
 * File name pattern of a new post, relative to the first posts folder, e.g.
 * `{date}-{slug}.md` or `{slug}/index.md`. Tokens: `{date}` `{year}` `{month}` `{day}` `{slug}`.
 */
file_pattern: string, 
/**
 * Folder where a post's images go, e.g. `images/posts/{post}` or `{post_dir}`.
 */
image_dir_pattern: string, link_style: LinkStyle, 
/**
 * Widest an imported image may be, in pixels.
 */
max_image_width: number, 
/**
 * Front-matter fields every post must have, from `.postdesk.toml`; empty means "inferred
 * from the posts" (see `schema`).
 */
required_fields: Array<string>, 
/**
 * Longest description, in characters, when the blog sets one.
 */
description_max: number | null, 
/**
 * Front-matter values of a new post set in `.postdesk.toml` (`[defaults]`).
 */
defaults: Record<string, unknown>, 
/**
 * The Astro content-collection schema file, repository-relative, when there is one.
 */
content_config: string | null, 
/**
 * Where each setting came from.
 */
sources: SiteSources, 
/**
 * Why `.postdesk.toml` was ignored (file, line, key and what to do), when it is malformed.
 */
config_warning: string | null, 
/**
 * Folders of these settings that lead out of the repository: not read, not written to
 * (`site.rs` says how they are found). Optional in TypeScript only because it was added
 * after the type was published; the core always sends it.
 */
refused_dirs?: Array<{ 
/**
 * The folder (or, for `content_config`, the file) as the setting names it,
 * repository-relative.
 */
path: string, 
/**
 * What names it: `posts_dirs`, `drafts_dir`, `image_dir_pattern` (from `.postdesk.toml` or
 * detected), `content_config` (the Astro content config file), or the site's own file or
 * folder that names a collection (`src/content.config.ts`, `src/content`).
 */
setting: string, 
/**
 * Why, and what to do, in a sentence.
 */
message: string, }>, };

export type SiteKind = "jekyll" | "astro" | "hugo" | "zola" | "generic";

export type LinkStyle = "site_absolute" | "relative";

export type Source = "detected" | "default" | "config";

export type SiteSources = { kind: Source, posts_dirs: Source, drafts_dir: Source, file_pattern: Source, image_dir_pattern: Source, link_style: Source, max_image_width: Source, required_fields: Source, description_max: Source, defaults: Source, };

export type Schema = { 
/**
 * Front-matter syntax most posts use.
 */
format: Format, 
/**
 * Whether lists are written inline (`tags: [a, b]`) rather than one item a line.
 */
flow_lists: boolean, 
/**
 * Posts whose front matter could be read.
 */
posts: number, 
/**
 * Fields in the order most posts write them.
 */
fields: Array<Field>, authors: Array<Author>, 
/**
 * Repository-relative file or folder the authors came from.
 */
authors_source: string | null, 
/**
 * Repository-relative zod schema file used, if any.
 */
zod_source: string | null, 
/**
 * The collection of that file whose schema was used.
 */
zod_collection: string | null, };

export type Field = { name: string, type: FieldType, 
/**
 * How many readable posts have it.
 */
count: number, 
/**
 * `count` / number of readable posts, 0 to 1.
 */
frequency: number, 
/**
 * Required: filled in ≥ 90% of the posts (of 5 or more), or named so by the zod schema or
 * `.postdesk.toml`. `postdesk check` and the form both go by it.
 */
required: boolean, source: FieldSource, 
/**
 * Values seen, most used first (vocabularies only: tags, layouts, languages, authors…).
 */
values: Array<ValueCount>, 
/**
 * The only values allowed (a zod `z.enum`).
 */
options: Array<string>, 
/**
 * The value most recent posts share, used by new posts.
 */
default: unknown, 
/**
 * `authors` when the field holds author ids.
 */
relation: string | null, 
/**
 * Longest value allowed, in characters (zod `.max(n)`, `description_max`).
 */
max_length: number | null, 
/**
 * Whether a new post gets this field (most recent posts have it, or it is required).
 */
in_new_post: boolean, };

export type FieldType = "string" | "text" | "date" | "bool" | "number" | "string_list" | "color" | "image" | "map" | "list";

export type FieldSource = "inferred" | "zod" | "config";

export type ValueCount = { value: string, count: number, };

export type Author = { 
/**
 * What posts write in their `author` field.
 */
id: string, 
/**
 * Display name (the id when the data file has none).
 */
name: string, avatar: string | null, url: string | null, };

export type NewPostRequest = { title: string, 
/**
 * `YYYY-MM-DD`; today when absent.
 */
date: string | null, 
/**
 * An author id; git's `user.name` matched against the authors file when absent.
 */
author: string | null, draft: boolean, };

export type NewPostPlan = { 
/**
 * Repository-relative path of the new file.
 */
path: string, slug: string, date: string, 
/**
 * The author id used, if any.
 */
author: string | null, 
/**
 * The whole file: front matter and an empty body.
 */
text: string, 
/**
 * A file (or bundle folder) is already there: `create` will refuse.
 */
exists: boolean, };

export type ImportOptions = { 
/**
 * Alt text for the Markdown (and the file name when the original name says nothing).
 */
alt: string | null, 
/**
 * Widest output in pixels; `None` uses the site's `max_image_width`.
 */
max_width: number | null, 
/**
 * Refuse images with more pixels than this (checked from the header, before decoding).
 */
max_pixels: number, 
/**
 * Refuse images whose decoding would allocate more bytes than this.
 */
max_memory: number, 
/**
 * JPEG quality (1–100) of re-encoded photos.
 */
jpeg_quality: number, };

export type Destination = { 
/**
 * Repository-relative path of the post.
 */
post: string, 
/**
 * Repository-relative folder the images are written to (no trailing slash).
 */
dir: string, 
/**
 * What goes before the file name in a link: `/images/posts/x/`, `./`, `../img/`.
 */
link_prefix: string, 
/**
 * True when the folder was taken from images the post already links.
 */
from_existing_links: boolean, 
/**
 * The site's widest image, used when the options give none.
 */
max_width: number, };

export type ImportProgress = { 
/**
 * Files finished so far (imported, failed or cancelled).
 */
done: number, total: number, 
/**
 * Name of the file that just finished.
 */
file: string, };

export type ImportOutcome = { "status": "imported", 
/**
 * The name of the file as dropped (or the paste's name).
 */
file: string, 
/**
 * Repository-relative path of the image written (or reused).
 */
repo_rel_path: string, 
/**
 * The URL as the post links it.
 */
url: string, 
/**
 * `![alt](url)`, ready to insert.
 */
markdown: string, 
/**
 * True when an identical image already in the folder was reused instead of copied.
 */
reused: boolean, width: number, height: number, 
/**
 * Size of the file in the blog.
 */
bytes: number, 
/**
 * Size of the file as dropped.
 */
original_bytes: number, 
/**
 * `jpeg`, `png`, `gif`, `webp` or `svg`.
 */
format: string, 
/**
 * Things the writer should know (an animation kept at full size, a big file…).
 */
warnings: Array<string>, } | { "status": "failed", file: string, 
/**
 * A sentence that names the file and says what to do.
 */
message: string, kind: ErrorKind, } | { "status": "cancelled", file: string, };

export type Rendered = { 
/**
 * The sanitized article body (an HTML fragment).
 */
html: string, header: PostHeader, 
/**
 * The header as HTML (`<header class="pd-post-header">…`), escaped, ready to show.
 */
header_html: string, headings: Array<Heading>, 
/**
 * 1-based line where the body starts (after the front matter).
 */
body_line: number, 
/**
 * Why the front matter could not be read, if it could not (the body is still rendered).
 */
front_matter_error: string | null, 
/**
 * Whether the post has raw HTML (it was then sanitized by ammonia).
 */
has_raw_html: boolean, };

export type PostHeader = { title: string | null, description: string | null, 
/**
 * Display names (ids looked up in the authors file; unknown ids shown as written).
 */
authors: Array<string>, 
/**
 * As written in the front matter, or taken from a `YYYY-MM-DD-` file name.
 */
date: string | null, 
/**
 * URL of the thumbnail (served by the app), when it exists (or is remote and allowed).
 */
thumbnail: string | null, 
/**
 * Repository path of a thumbnail the front matter names but that does not exist.
 */
thumbnail_missing: string | null, };

export type Heading = { 
/**
 * 1 to 6.
 */
level: number, 
/**
 * Plain text.
 */
text: string, 
/**
 * The id the site generates (or the explicit `{#id}`).
 */
id: string, 
/**
 * 1-based line in the whole post text.
 */
line: number, };

export type PreviewDelta = { 
/**
 * The version of the article this delta produces.
 */
version: number, 
/**
 * The version it applies to; `None`: `html` is the whole article.
 */
base: number | null, 
/**
 * How many blocks of the new article there are (the part before the first block, such
 * as the post's header, counts as block 0).
 */
blocks: number, 
/**
 * Blocks kept from the start and from the end of the old article.
 */
keep_head: number, keep_tail: number, 
/**
 * The HTML of the new blocks between them.
 */
html: string, 
/**
 * The new `data-line` of kept blocks whose lines moved: (index in the new article, value).
 */
lines: Array<[number, string]>, };

export type TextEdit = { from: number, to: number, insert: string, };

export type Loaded = { 
/**
 * The text with `\n` line breaks and no byte-order mark.
 */
text: string, 
/**
 * SHA-256 (lowercase hex) of the bytes on disk; pass it back as `expected` when saving.
 */
hash: string, line_ending: LineEnding, 
/**
 * The file starts with a UTF-8 byte-order mark.
 */
bom: boolean, };

export type SaveOutcome = { 
/**
 * SHA-256 (lowercase hex) of the bytes now on disk: the new `expected` for the next save,
 * and the hash to give `Watcher::expect_write` so the app's own write is not reported.
 */
hash: string, 
/**
 * False when the file already held exactly this text (nothing was written).
 */
written: boolean, };

export type LineEnding = "lf" | "crlf";

export type JournalEntry = { 
/**
 * Absolute path of the repository's working tree (`BlogInfo.root`).
 */
repo: string, 
/**
 * Repository-relative path of the post.
 */
path: string, 
/**
 * The whole buffer, front matter included, as the editor has it (`\n` line breaks).
 */
text: string, 
/**
 * Hash of the file on disk the buffer was loaded from or last saved to (`Loaded.hash`);
 * `None` for a post not yet saved.
 */
base_hash: string | null, };

export type Recovered = { repo: string, path: string, text: string, base_hash: string | null, 
/**
 * The file on disk is no longer the version the buffer was based on (edited elsewhere,
 * another branch checked out, or deleted): show a comparison before restoring.
 */
disk_text_now_differs: boolean, 
/**
 * The file is not on disk at all (deleted, renamed, other branch, or never saved).
 */
disk_missing: boolean, 
/**
 * When the text was journaled, RFC 3339 (UTC).
 */
journaled_at: string, };

export type Change = { "kind": "branch_changed", branch: string, detached: boolean, } | { "kind": "degraded", message: string, } | { "kind": "renamed", from: string, to: string, } | { "kind": "removed", path: string, } | { "kind": "created", path: string, } | { "kind": "modified", path: string, };

export type CommitOptions = { 
/**
 * The commit message; default `Add post: <title>` or `Update post: <title>`.
 */
message: string | null, 
/**
 * Commit on this branch (created from HEAD and switched to when it does not exist).
 */
branch: string | null, 
/**
 * Commit on the current branch even when it is the default branch.
 */
no_branch: boolean, 
/**
 * Media files the post links that Git ignores, which the writer confirmed by name
 * (repository-relative, as `PostStatus::refused` lists them): they are committed, as
 * `git add -f` would. Naming a file the post does not link is refused; a file refused for
 * another reason (not media, inside `.git`) stays out whatever this says.
 */
include_ignored?: Array<string>, 
/**
 * Skip the `pre-commit` and `commit-msg` hooks, as `git commit --no-verify` does.
 */
no_verify?: boolean, };

export type CommitOutcome = { 
/**
 * The branch the commit is on (now the current branch).
 */
branch: string, 
/**
 * The new commit's id (hex).
 */
commit: string, 
/**
 * Whether the branch was created by this commit.
 */
created_branch: boolean, 
/**
 * The files committed, repository-relative.
 */
files: Array<string>, 
/**
 * The files the post links that were not committed, each with why (as
 * `PostStatus::refused`, less the ignored files the writer confirmed).
 */
left_out: Array<RefusedFile>, message: string, 
/**
 * Whether the commit was signed (the config asks for it).
 */
signed: boolean, 
/**
 * What the commit hooks printed (stdout and stderr, in order), hints about skipped hooks
 * included; empty when none ran or none printed.
 */
hook_output: string, };

export type Identity = { name: string | null, email: string | null, };

export type PushOutcome = { remote: string, 
/**
 * The remote's URL with any password or token removed.
 */
url: string, branch: string, status: PushStatus, 
/**
 * The web page that opens a pull/merge request of `branch`, when the host is known.
 */
compare_url: string | null, };

export type PushStatus = "created" | "updated" | "up_to_date";

export type PullOutcome = { branch: string, upstream: string, state: PullState, ahead: number, behind: number, 
/**
 * What happened, for the writer.
 */
message: string, 
/**
 * The files changed on both sides when `state` is `conflicted`.
 */
conflicts: Array<string>, };

export type PullState = "up_to_date" | "fast_forwarded" | "ahead" | "diverged" | "merged" | "conflicted";

export type FetchOutcome = { remote: string, 
/**
 * The remote's URL with any password or token removed.
 */
url: string, };

export type PostStatus = { 
/**
 * The post, repository-relative.
 */
path: string, 
/**
 * The post's title (front matter), else its file name; used by the commit message.
 */
title: string, 
/**
 * Current branch; `None` on a detached HEAD.
 */
branch: string | null, detached: boolean, 
/**
 * Commit id of HEAD (hex); `None` before the first commit.
 */
head: string | null, default_branch: string | null, on_default_branch: boolean, 
/**
 * The branch a commit would create when on the default branch: `post/<slug>`.
 */
suggested_branch: string, 
/**
 * Remote-tracking branch, e.g. `origin/post/my-trip`.
 */
upstream: string | null, 
/**
 * Commits on the branch not on its upstream, and the other way round.
 */
ahead: number, behind: number, 
/**
 * A merge, rebase… in progress, which blocks committing.
 */
operation: string | null, state: PostState, files: Array<PostFileState>, 
/**
 * The files the post links that Publish leaves out (not media, ignored by Git, inside
 * `.git`…), each with its reason. They do not count in `state`.
 */
refused: Array<RefusedFile>, };

export type PostState = "new" | "modified" | "committed" | "pushed";

export type PostFileState = { 
/**
 * Repository-relative path.
 */
path: string, role: FileRole, state: FileState, };

export type FileState = "new" | "modified" | "committed" | "pushed";

export type FileRole = "post" | "image" | "authors";

export type RefusedFile = { 
/**
 * Repository-relative path, as the post's link resolves.
 */
path: string, reason: RefusedReason, 
/**
 * One sentence for the writer, naming the file and saying why it is left out.
 */
message: string, };

export type RefusedReason = "not_media" | "ignored" | "inside_git" | "outside_repo" | "unreadable";

export type BranchInfo = { 
/**
 * Short name: `post/my-trip` (local) or `origin/post/my-trip` (remote-tracking); also a
 * valid `rev` for the other functions.
 */
name: string, 
/**
 * The remote of a remote-tracking branch; `None` for a local branch.
 */
remote: string | null, 
/**
 * The checked-out branch.
 */
is_head: boolean, 
/**
 * Tip commit id (hex).
 */
commit: string, 
/**
 * First line of the tip commit's message.
 */
summary: string, author: string, 
/**
 * Tip commit time, seconds since the Unix epoch.
 */
time: number, };

export type ChangedPost = { 
/**
 * Path at `rev` (at the base for a deleted post).
 */
path: string, change: ChangeKind, 
/**
 * The path at the base, for a renamed post.
 */
old_path: string | null, 
/**
 * Title at `rev` (at the base for a deleted post).
 */
title: string, };

export type ChangeKind = "added" | "modified" | "deleted" | "renamed";

export type HunkKind = "same" | "mine" | "theirs" | "both" | "conflict";

export type MergeHunk = { kind: HunkKind, 
/**
 * The front-matter field this hunk is (its key line and value lines); `None` in the body.
 */
field: string | null, 
/**
 * The merged text; empty for a conflict.
 */
text: string, 
/**
 * The three versions of this piece (empty for `same`; an absent field is empty).
 */
base: string, mine: string, theirs: string, };

export type FieldMerge = { key: string, kind: HunkKind, };

export type TextMerge = { hunks: Array<MergeHunk>, 
/**
 * The front-matter fields either side changed (merged or conflicting), in file order.
 */
fields: Array<FieldMerge>, };

export type MergeKind = "merge" | "rebase";

export type Side = "mine" | "theirs";

export type MergeConflict = { path: string, 
/**
 * The three versions (index stages 1, and 2 / 3: mine and theirs); `None` when the file
 * is absent on that side or is not text.
 */
base: string | null, mine: string | null, theirs: string | null, 
/**
 * Only a whole side can be taken (with [`take`]): the file is not text (a picture, an LFS
 * pointer) or one side deleted it.
 */
whole_file: boolean, 
/**
 * The merged file by hunks (empty for a whole-file conflict).
 */
hunks: Array<MergeHunk>, 
/**
 * Its front-matter fields either side changed.
 */
fields: Array<FieldMerge>, };

export type MergeState = { kind: MergeKind, 
/**
 * The branch being updated (`None` on a detached HEAD).
 */
branch: string | null, 
/**
 * What is being merged in, for the writer (`origin/post/x`, `main`).
 */
theirs: string, 
/**
 * The files still conflicted; empty when all are resolved and the merge can be finished.
 */
conflicts: Array<MergeConflict>, 
/**
 * Postdesk recorded the state before it started: Abort restores it byte for byte.
 */
exact_abort: boolean, message: string, };

export type FinishOutcome = { 
/**
 * The commit made, when the merge (rebase) is done.
 */
commit: string | null, 
/**
 * A rebase that stopped again at a later commit's conflicts.
 */
next: MergeState | null, message: string, };

export type UpdateHow = "merge" | "rebase";

export type BaseStatus = { branch: string, 
/**
 * The base branch's name (`main`).
 */
base: string, 
/**
 * The revision compared with: the newer of `main` and `origin/main`.
 */
base_ref: string, 
/**
 * Commits the base has that the branch lacks.
 */
behind: number, 
/**
 * Commits the branch has that the base lacks.
 */
ahead: number, 
/**
 * The branch is on the remote: updating it merges (a rebase would rewrite pushed commits).
 */
pushed: boolean, 
/**
 * What "Update" does by default: rebase when not pushed and nothing is left uncommitted.
 */
how: UpdateHow, };

export type UpdateState = "up_to_date" | "updated" | "conflicted";

export type UpdateOutcome = { branch: string, base_ref: string, how: UpdateHow, state: UpdateState, 
/**
 * Commits the branch was behind.
 */
behind: number, 
/**
 * The conflicted files.
 */
conflicts: Array<string>, 
/**
 * The branch's new commit when updated.
 */
commit: string | null, message: string, };

export type Finding = { 
/**
 * Stable rule id, e.g. `img-missing` (see `RULES`).
 */
rule: string, severity: Severity, 
/**
 * Repository-relative path (forward slashes) of the post, or of the image for `img-orphan`.
 */
path: string, 
/**
 * 1-based line in the whole file (front matter included); `None` for a whole file.
 */
line: number | null, 
/**
 * 1-based column (in characters) when known.
 */
column: number | null, 
/**
 * What is wrong and what to do.
 */
message: string, 
/**
 * The front-matter field concerned, so the app can focus its form field.
 */
field: string | null, };

export type Severity = "notice" | "warning" | "error";

export type Report = { 
/**
 * Sorted by path, line, column, rule.
 */
findings: Array<Finding>, posts_checked: number, 
/**
 * Distinct image files whose headers were read.
 */
images_checked: number, errors: number, warnings: number, notices: number, };

export type RuleInfo = { id: string, default_severity: Severity, description: string, };

export type RuleLevel = "off" | "notice" | "warning" | "error";

export type PostSummary = { 
/**
 * Repository-relative path, forward slashes.
 */
path: string, title: string, 
/**
 * `YYYY-MM-DD`, from the front matter, else from the file name.
 */
date: string | null, authors: Array<string>, tags: Array<string>, draft: boolean, 
/**
 * Why the post could not be read, if it could not.
 */
error: string | null, };

export type Format = "yaml" | "toml";

export type FrontMatterView = { 
/**
 * `None` when the post has no front matter (adding a field creates a YAML block).
 */
format: Format | null, 
/**
 * The fields in file order; empty when `error` is set.
 */
fields: Array<FieldView>, 
/**
 * The front matter's source text between the fences (for the "Source" view).
 */
source: string, 
/**
 * Set when the front matter cannot be read: show the source with this message.
 */
error: FmError | null, };

export type FieldView = { key: string, 
/**
 * The value as JSON (YAML 1.2 core schema / TOML; dates as written).
 */
value: JsonValue, 
/**
 * The value's source text exactly as in the file (without the key and the comment on the
 * key's line). For a block value (lines below the key) it starts at the next line,
 * indentation included.
 */
raw: string, 
/**
 * 1-based line of the key in the whole file.
 */
line: number, style: ValueStyle, 
/**
 * The comment on the key's line, `#` included.
 */
comment: string | null, 
/**
 * `false` for values the form does not understand (nested maps, tags, anchors, aliases,
 * multi-line plain or quoted scalars): show `raw` and edit it with `set_raw`.
 */
editable: boolean, };

export type FmError = { message: string, 
/**
 * 1-based line in the whole file.
 */
line: number, 
/**
 * 1-based column (in characters).
 */
column: number, };

export type ValueStyle = "empty" | "plain" | "single_quoted" | "double_quoted" | "literal" | "folded" | "flow_sequence" | "block_sequence" | "flow_mapping" | "block_mapping" | "alias" | "multiline_string" | "datetime";

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

export type Link = { kind: LinkKind, 
/**
 * The URL as written.
 */
url: string, 
/**
 * Alt text (images) or link text.
 */
text: string, 
/**
 * 1-based line in the whole post text (front matter included).
 */
line: number, };

export type LinkKind = "image" | "link" | "thumbnail";

export type Generator = "jekyll" | "hugo" | "zola" | "astro" | "custom";

export type Plan = { generator: Generator, 
/**
 * The program and its arguments, as run (a `[preview] command` is `sh -c COMMAND`).
 */
argv: Array<string>, 
/**
 * The command as the writer would type it.
 */
command: string, port: number, 
/**
 * The site's root on the server: `http://127.0.0.1:PORT` and the site's base path
 * (Jekyll's `baseurl`, the path of Hugo's `baseURL`), ending in `/`.
 */
base_url: string, 
/**
 * Whether the command comes from `[preview]` of `.postdesk.toml`.
 */
from_config: boolean, };

export type SiteState = "starting" | "ready" | "failed" | "stopped";

export type SiteStatus = { state: SiteState, generator: Generator, 
/**
 * The command as run.
 */
command: string, 
/**
 * The site's root on the server.
 */
base_url: string, 
/**
 * Builds the generator finished (the first one included); a change means the pages changed.
 */
generation: number, 
/**
 * Why it failed, in a sentence naming what to install or fix.
 */
message: string | null, 
/**
 * The error the last rebuild reported (the server still serves the pages built before).
 */
build_error: string | null, 
/**
 * Lines of output so far (the log drawer asks for those after the ones it has).
 */
log_total: number, };

export type SiteLog = { 
/**
 * The number of the first line in `lines` (lines before it were dropped or asked before).
 */
first: number, lines: Array<string>, total: number, };

export type PageUrl = { 
/**
 * The page's full URL (`http://127.0.0.1:PORT/…`).
 */
url: string, 
/**
 * Whether the server answered it; `false`: the rules' best guess, which the server does
 * not know (the generator skipped the post, or the site routes it elsewhere).
 */
found: boolean, };

export type TrustInfo = { 
/**
 * The command, as it will run (the port is chosen when it starts).
 */
command: string, generator: Generator, 
/**
 * Whether the command itself comes from `.postdesk.toml` (of that revision).
 */
from_config: boolean, 
/**
 * Repository-relative files of the blog that run with it, with what they are
 * (`_plugins/x.rb — Jekyll plugin`).
 */
files: Array<string>, 
/**
 * The commit these are read from (a reviewed branch's tip), when it is one.
 */
commit: string | null, 
/**
 * Whether the reviewer already agreed to run this commit's code.
 */
approved: boolean, };
