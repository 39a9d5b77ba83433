/* meta.c: YAML values → typed model fields, with a diagnostic for every
 * value that is missing its type, unparseable or unknown. */
#include "read/meta.h"
#include "base/minisign.h"
#include "read/meta_alerts.h"
#include "read/meta_value.h"
#include "model/format_words.h"
#include "model/review.h"
#include "base/util.h"
#include "read/load_file.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Warn about an unknown key, suggesting the nearest known one. */
static void unknown_key(struct rb_build *b, struct rb_loc loc, const char *key,
			const char *const *known, size_t n, const char *where)
{
	const char *near = rb_nearest(key, known, n);
	if (near)
		rb_diag(b, RB_D_UNKNOWN_KEY, loc, "'%s' in %s; did you mean '%s'?", key, where, near);
	else
		rb_diag(b, RB_D_UNKNOWN_KEY, loc, "'%s' in %s; it is ignored", key, where);
}

static bool is_known(const char *key, const char *const *known, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(key, known[i]) == 0)
			return true;
	return false;
}

/* tags: a list of words, or one scalar with comma-separated words. */
static void read_tags(struct rb_build *b, struct rb_runbook *rb, const struct rb_value *v)
{
	if (v->kind == RB_V_NULL)
		return;
	if (v->kind == RB_V_MAP) {
		rb_meta_wrong_type(b, v, "tags", "a list of words");
		return;
	}
	if (v->kind == RB_V_SCALAR) {
		size_t n = 1;
		for (const char *p = v->str; *p; p++)
			n += *p == ',';
		rb->tags = rb_arena_alloc(&b->arena, n * sizeof *rb->tags);
		char *copy = rb_arena_strdup(&b->arena, v->str), *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			t = rb_trim(t);
			if (*t)
				rb->tags[rb->ntags++] = (struct rb_text){t, v->loc};
		}
		return;
	}
	rb->tags = rb_arena_alloc(&b->arena, v->n * sizeof *rb->tags);
	for (size_t i = 0; i < v->n; i++) {
		struct rb_text t = {0};
		if (rb_meta_text(b, v->items[i], "tags", &t))
			rb->tags[rb->ntags++] = t;
	}
}

static void read_tier(struct rb_build *b, const struct rb_value *v, int *tier, struct rb_loc *loc)
{
	if (v->kind == RB_V_NULL)
		return;
	if (v->kind != RB_V_SCALAR) {
		rb_meta_wrong_type(b, v, "tier", "1, 2 or 3");
		return;
	}
	const char *s = v->str;
	if (strncasecmp(s, "tier", 4) == 0)
		s = rb_trim((char *)rb_arena_strdup(&b->arena, s + 4));
	if (strlen(s) == 1 && s[0] >= '1' && s[0] <= '3') {
		*tier = s[0] - '0';
		*loc = v->loc;
	} else {
		rb_diag(b, RB_D_BAD_TIER, v->loc, "got '%s'", v->str);
	}
}

/* Front-matter keys of the common site generators (Hugo, MkDocs, Jekyll,
 * Docusaurus): known, and ignored without a warning. */
static const char *const site_keys[] = {
	"weight", "bookHidden", "bookCollapseSection", "bookFlatSection", "bookToc", "draft", "aliases",
	"slug", "description", "summary", "date", "lastmod", "categories", "keywords", "layout", "menu",
	"sidebar_position", "sidebar_label", "nav_order", "parent", "hide", "toc", "type", "url"};
#define N_SITE_KEYS (sizeof site_keys / sizeof site_keys[0])

void rb_meta_front_matter(struct rb_build *b, struct rb_runbook *rb,
			  const struct rb_value *front, bool yaml_form)
{
	rb->front = front;
	if (!front || front->kind == RB_V_NULL)
		return;
	if (front->kind != RB_V_MAP) {
		rb_diag(b, RB_D_FM_NOT_MAP, front->loc, "found %s", rb_value_kind_name(front->kind));
		return;
	}
	size_t n_md, n_yaml;
	const char *const *front_keys = rb_format_words_front_keys(&n_md, &n_yaml);
	size_t nknown = yaml_form ? n_yaml : n_md;
	for (size_t i = 0; i < front->n; i++) {
		const char *k = front->keys[i];
		const struct rb_value *v = front->items[i];
		if (strcmp(k, "id") == 0) {
			if (rb_meta_text(b, v, k, &rb->id) && !rb_is_plain_id(rb->id.s)) {
				rb_diag(b, RB_D_BAD_ID, v->loc, "got '%s'", rb->id.s);
				rb->id.s = NULL;
			}
		} else if (strcmp(k, "title") == 0) {
			rb_meta_text(b, v, k, &rb->title);
		} else if (strcmp(k, "service") == 0) {
			rb_meta_text(b, v, k, &rb->service);
		} else if (strcmp(k, "owner") == 0) {
			rb_meta_text(b, v, k, &rb->owner);
		} else if (strcmp(k, "tier") == 0) {
			read_tier(b, v, &rb->tier, &rb->tier_loc);
		} else if (strcmp(k, "tags") == 0) {
			read_tags(b, rb, v);
		} else if (strcmp(k, "reviewed") == 0) {
			rb_meta_date(b, v, k, &rb->reviewed);
		} else if (strcmp(k, "review_every") == 0) {
			if (rb_meta_duration(b, v, k, &rb->review_every))
				rb->review_every_default = false;
		} else if (strcmp(k, "rto") == 0) {
			rb_meta_duration(b, v, k, &rb->rto);
		} else if (strcmp(k, "rpo") == 0) {
			rb_meta_duration(b, v, k, &rb->rpo);
		} else if (!is_known(k, front_keys, nknown) && !is_known(k, site_keys, N_SITE_KEYS) &&
			   !is_known(k, b->book.config.ignore_keys, b->book.config.nignore_keys)) {
			/* the did-you-mean looks among the generators' keys too ("weigth") */
			const char **near = rb_arena_alloc(&b->arena, (nknown + N_SITE_KEYS) * sizeof *near);
			memcpy(near, front_keys, nknown * sizeof *near);
			memcpy(near + nknown, site_keys, N_SITE_KEYS * sizeof *near);
			unknown_key(b, front->key_locs[i], k, near, nknown + N_SITE_KEYS, "front matter");
		}
	}
}

void rb_meta_config_defaults(struct rb_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->review_every = (struct rb_duration){true, RB_REVIEW_EVERY_DAYS * 86400L, RB_REVIEW_EVERY_DAYS * 86400L,
						 "90d", {0}};
	cfg->contact_verify_every = (struct rb_duration){true, RB_VERIFY_EVERY_DAYS * 86400L,
							 RB_VERIFY_EVERY_DAYS * 86400L, "180d", {0}};
}

/* tiers: {1: {rto: 1h, rpo: 5m}, ...} */
static void read_tiers(struct rb_build *b, const struct rb_value *v, struct rb_config *cfg)
{
	if (v->kind != RB_V_MAP) {
		rb_meta_wrong_type(b, v, "tiers", "a mapping such as {1: {rto: 1h}}");
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const char *k = v->keys[i];
		int t = (strlen(k) == 1 && k[0] >= '1' && k[0] <= '3') ? k[0] - '0' : 0;
		if (!t) {
			rb_diag(b, RB_D_BAD_TIER, v->key_locs[i], "tiers: got '%s'", k);
			continue;
		}
		const struct rb_value *p = v->items[i];
		if (p->kind != RB_V_MAP) {
			rb_meta_wrong_type(b, p, "tiers", "a mapping such as {rto: 1h, rpo: 5m}");
			continue;
		}
		for (size_t j = 0; j < p->n; j++) {
			if (strcmp(p->keys[j], "rto") == 0)
				rb_meta_duration(b, p->items[j], "rto", &cfg->tiers[t].rto);
			else if (strcmp(p->keys[j], "rpo") == 0)
				rb_meta_duration(b, p->items[j], "rpo", &cfg->tiers[t].rpo);
			else if (strcmp(p->keys[j], "drill_every") == 0)
				rb_meta_duration(b, p->items[j], "drill_every", &cfg->tiers[t].drill_every);
			else
				unknown_key(b, p->key_locs[j], p->keys[j], (const char *const[]){"rto", "rpo", "drill_every"},
					    3, "a tier");
		}
	}
}

static bool parse_level(const char *s, enum rb_level *level)
{
	static const char *names[] = {"note", "warning", "error", "off"};
	for (int i = 0; i < 4; i++)
		if (rb_str_ieq(s, names[i])) {
			*level = (enum rb_level)i;
			return true;
		}
	if (rb_str_ieq(s, "false")) {
		*level = RB_OFF;
		return true;
	}
	return false;
}

/* rules: {id: off|note|warning|error} or {id: {level: warning, ...settings}} */
static void read_rules(struct rb_build *b, const struct rb_value *v, struct rb_config *cfg)
{
	if (v->kind != RB_V_MAP) {
		rb_meta_wrong_type(b, v, "rules", "a mapping of rule ids to levels");
		return;
	}
	cfg->rules = rb_arena_alloc(&b->arena, v->n * sizeof *cfg->rules);
	for (size_t i = 0; i < v->n; i++) {
		struct rb_rule_setting *r = &cfg->rules[cfg->nrules++];
		const struct rb_value *item = v->items[i];
		r->id = v->keys[i];
		r->loc = v->key_locs[i];
		r->value = item;
		const struct rb_value *lv = item->kind == RB_V_MAP ? rb_value_get(item, "level") : item;
		if (!lv)
			continue;
		if (lv->kind != RB_V_SCALAR || !parse_level(lv->str, &r->level)) {
			rb_diag(b, RB_D_CONFIG, lv->loc, "rules: %s: level must be off, note, warning or error",
				r->id);
			continue;
		}
		r->has_level = true;
	}
}

/* The Lua limits: name, built-in default (also the most rbc.yaml may
 * set), and the most --lua-limits may set. */
static const struct {
	const char *name;
	long dflt, ceiling;
} lua_limits[RB_LUA_NLIMITS] = {
	[RB_LUA_INSTRUCTIONS] = {"instructions", 10L * 1000 * 1000, 1000L * 1000 * 1000},
	[RB_LUA_MEMORY] = {"memory", 64L << 20, 4096L << 20},
	[RB_LUA_TIMEOUT_MS] = {"timeout_ms", 2000, 600000},
};

const char *rb_meta_lua_name(int k) { return lua_limits[k].name; }
long rb_meta_lua_ceiling(int k) { return lua_limits[k].ceiling; }

int rb_meta_lua_find(const char *name, size_t n)
{
	for (int k = 0; k < RB_LUA_NLIMITS; k++)
		if (strlen(lua_limits[k].name) == n && !memcmp(lua_limits[k].name, name, n))
			return k;
	return -1;
}

long rb_meta_lua_max(const struct rb_build *b, int k)
{
	return b->opt.lua_max[k] > 0 ? b->opt.lua_max[k] : lua_limits[k].dflt;
}

long rb_meta_lua_limit(const struct rb_build *b, int k)
{
	long max = rb_meta_lua_max(b, k), set = b->book.config.lua[k];
	return set > 0 && set < max ? set : max;
}

/* lua: {instructions:, memory:, timeout_ms:}: each may lower its limit,
 * never raise it past the maximum (the person running rbc raises that
 * with --lua-limits). */
static void read_lua(struct rb_build *b, const struct rb_value *v, struct rb_config *cfg)
{
	const char *keys[RB_LUA_NLIMITS];
	for (int k = 0; k < RB_LUA_NLIMITS; k++)
		keys[k] = lua_limits[k].name;
	if (v->kind != RB_V_MAP) {
		rb_meta_wrong_type(b, v, "lua", "a mapping");
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		int k = rb_meta_lua_find(v->keys[i], strlen(v->keys[i]));
		const struct rb_value *x = v->items[i];
		long n, max = k < 0 ? 0 : rb_meta_lua_max(b, k);
		if (k < 0)
			unknown_key(b, v->key_locs[i], v->keys[i], keys, RB_LUA_NLIMITS, "lua settings");
		else if (x->kind != RB_V_SCALAR)
			rb_meta_wrong_type(b, x, v->keys[i], "a whole number");
		else if (!rb_parse_amount(x->str, &n))
			rb_diag(b, RB_D_CONFIG, x->loc, "lua: %s: must be a positive whole number, got '%s'",
				v->keys[i], x->str);
		else if (n > max)
			rb_diag(b, RB_D_CONFIG, x->loc, "lua: %s: %s is above the maximum of %ld; a book may only "
				"lower the sandbox's limits (the person running rbc may raise them with "
				"--lua-limits %s=N)", v->keys[i], x->str, max, v->keys[i]);
		else
			cfg->lua[k] = n;
	}
}

/* exclude: ["site/", "drafts/"]: globs of paths that are not read
 * (bookfs.h); one glob alone may be written as a string. */
static void read_exclude(struct rb_build *b, const struct rb_value *v, struct rb_config *cfg)
{
	size_t n = v->kind == RB_V_SEQ ? v->n : 1;
	if (v->kind != RB_V_SEQ && v->kind != RB_V_SCALAR) {
		rb_meta_wrong_type(b, v, "exclude", "a list of globs such as [\"site/\", \"drafts/**\"]");
		return;
	}
	cfg->exclude = rb_arena_alloc(&b->arena, (n + 1) * sizeof *cfg->exclude);
	for (size_t i = 0; i < n; i++) {
		const struct rb_value *g = v->kind == RB_V_SEQ ? v->items[i] : v;
		if (g->kind != RB_V_SCALAR || !g->str[0] || strlen(g->str) >= 4096)
			rb_meta_wrong_type(b, g, "exclude", "a glob such as \"site/\" or \"drafts/**\"");
		else
			cfg->exclude[cfg->nexclude++] = g->str;
	}
}

/* ignore_keys: [weight, my_generator_key]: front-matter keys that are not
 * rbc's, read without an unknown-key warning; a list of keys only. */
static void read_ignore_keys(struct rb_build *b, const struct rb_value *v, struct rb_config *cfg)
{
	if (v->kind != RB_V_SEQ) {
		rb_meta_wrong_type(b, v, "ignore_keys", "a list of front-matter keys such as [weight, bookHidden]");
		return;
	}
	cfg->ignore_keys = rb_arena_alloc(&b->arena, (v->n + 1) * sizeof *cfg->ignore_keys);
	for (size_t i = 0; i < v->n; i++) {
		const struct rb_value *k = v->items[i];
		if (k->kind != RB_V_SCALAR || !k->str[0])
			rb_meta_wrong_type(b, k, "ignore_keys", "a list of front-matter keys, each a string");
		else
			cfg->ignore_keys[cfg->nignore_keys++] = k->str;
	}
}

/* scripts: {secrets: [NAME or glob, ...]}: variables whose values the
 * step scripts mask, beside the built-in patterns (doc/scripts.md). */
static void read_scripts(struct rb_build *b, const struct rb_value *v, struct rb_config *cfg)
{
	static const char *const keys[] = {"secrets"};
	if (v->kind != RB_V_MAP) {
		rb_meta_wrong_type(b, v, "scripts", "a mapping such as {secrets: [NAME, ...]}");
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct rb_value *list = v->items[i];
		if (strcmp(v->keys[i], "secrets") != 0) {
			unknown_key(b, v->key_locs[i], v->keys[i], keys, 1, "scripts settings");
			continue;
		}
		if (list->kind != RB_V_SEQ) {
			rb_meta_wrong_type(b, list, "secrets", "a list of variable names");
			continue;
		}
		cfg->script_secrets = rb_arena_alloc(&b->arena, list->n * sizeof *cfg->script_secrets);
		for (size_t j = 0; j < list->n; j++) {
			const struct rb_value *name = list->items[j];
			if (name->kind != RB_V_SCALAR || !*name->str ||
			    strspn(name->str, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_*") !=
				    strlen(name->str))
				rb_diag(b, RB_D_CONFIG, name->loc, "scripts: secrets: '%s' is not a variable name "
					"(letters, digits, '_', and '*' as a wildcard)",
					name->kind == RB_V_SCALAR ? name->str : rb_value_kind_name(name->kind));
			else
				cfg->script_secrets[cfg->nscript_secrets++] = name->str;
		}
	}
}

/* edit_url: the web address that edits a book file, to which the file's
 * book path is appended (or put in place of "{path}"); http(s) only. */
static void read_edit_url(struct rb_build *b, const struct rb_value *v, struct rb_text *out)
{
	struct rb_text t = {0};
	if (!rb_meta_text(b, v, "edit_url", &t) || !t.s)
		return;
	if (strncmp(t.s, "https://", 8) && strncmp(t.s, "http://", 7)) {
		rb_diag(b, RB_D_CONFIG, v->loc, "edit_url: '%s' is not an http(s) address; write one such as "
			"https://github.com/ORG/REPO/edit/main/runbooks/", t.s);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)t.s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>') {
			rb_diag(b, RB_D_CONFIG, v->loc, "edit_url: '%s' holds a space, quote or control character; "
				"percent-encode it", t.s);
			return;
		}
	*out = t;
}

/* drills: {runs: FOLDER}: where rbc drills, rbc build and the
 * drill-current rule find the drill records, book-relative. */
static void read_drills(struct rb_build *b, const struct rb_value *v, struct rb_config *cfg)
{
	static const char *const keys[] = {"runs"};
	if (v->kind != RB_V_MAP) {
		rb_meta_wrong_type(b, v, "drills", "a mapping such as {runs: drills/}");
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		if (strcmp(v->keys[i], "runs") != 0)
			unknown_key(b, v->key_locs[i], v->keys[i], keys, 1, "drills settings");
		else if (rb_meta_text(b, v->items[i], "runs", &cfg->drill_runs) && cfg->drill_runs.s &&
			 (cfg->drill_runs.s[0] == '/' || strstr(cfg->drill_runs.s, ".."))) {
			rb_diag(b, RB_D_CONFIG, v->items[i]->loc, "drills: runs must be a folder inside the book, "
				"such as drills/, not '%s'", cfg->drill_runs.s);
			cfg->drill_runs.s = NULL;
		}
	}
}

/* site: {remote_images: allow | link} */
static void read_site(struct rb_build *b, const struct rb_value *v, struct rb_config *cfg)
{
	static const char *const keys[] = {"remote_images"}, *const values[] = {"allow", "link"};
	if (v->kind != RB_V_MAP) {
		rb_meta_wrong_type(b, v, "site", "a mapping such as {remote_images: allow}");
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct rb_value *x = v->items[i];
		if (strcmp(v->keys[i], "remote_images") != 0)
			unknown_key(b, v->key_locs[i], v->keys[i], keys, 1, "site settings");
		else if (x->kind == RB_V_SCALAR && (!strcmp(x->str, "allow") || !strcmp(x->str, "link")))
			cfg->remote_images = !strcmp(x->str, "allow");
		else {
			const char *near = x->kind == RB_V_SCALAR ? rb_nearest(x->str, values, 2) : NULL;
			rb_diag(b, RB_D_CONFIG, x->loc, "site: remote_images must be 'allow' or 'link'%s%s%s",
				near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
		}
	}
}

/* bundle: {pubkey: FILE}: the kit's minisign public key, a file in the
 * book, read here so that a missing or malformed key is an error at this
 * line (doc/bundle.md); the handbook's cover shows it. */
static void read_bundle(struct rb_build *b, const struct rb_value *v, struct rb_config *cfg)
{
	static const char *const keys[] = {"pubkey"};
	if (v->kind != RB_V_MAP) {
		rb_meta_wrong_type(b, v, "bundle", "a mapping such as {pubkey: dr-kit.pub}");
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct rb_value *x = v->items[i];
		struct rb_text t = {NULL, {0}};
		if (strcmp(v->keys[i], "pubkey") != 0) {
			unknown_key(b, v->key_locs[i], v->keys[i], keys, 1, "bundle settings");
			continue;
		}
		rb_meta_text(b, x, "pubkey", &t);
		if (!t.s)
			continue;
		if (t.s[0] == '/' || !strcmp(t.s, "..") || !strncmp(t.s, "../", 3) || strstr(t.s, "/../")) {
			rb_diag(b, RB_D_CONFIG, x->loc, "bundle: pubkey: '%s' must be a file inside the book, named "
				"relative to rbc.yaml", t.s);
			continue;
		}
		struct rb_file f;
		struct rb_minisign_pub pk;
		const char *err;
		char *path = rb_arena_printf(&b->arena, "%s/%s", b->opt.book, t.s), id[17], b64[57];
		struct stat st;
		errno = 0;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			rb_diag(b, RB_D_CONFIG, x->loc, "bundle: pubkey: %s %s; write the public key file's path "
				"relative to rbc.yaml", t.s, errno == ENOENT ? "does not exist" : "is not a readable file");
			continue;
		}
		if (!rb_load_file(b, path, path, 4096, &f))
			continue;
		if (!rb_minisign_pub_parse(f.data, f.len, &pk, &err)) {
			rb_diag(b, RB_D_CONFIG, x->loc, "bundle: pubkey: %s is %s", t.s, err);
			continue;
		}
		rb_minisign_key_id(pk.id, id);
		rb_minisign_pub_base64(&pk, b64);
		cfg->bundle_pubkey = t;
		cfg->bundle_key_id = rb_arena_strdup(&b->arena, id);
		cfg->bundle_key_b64 = rb_arena_strdup(&b->arena, b64);
	}
}

void rb_meta_config(struct rb_build *b, const struct rb_value *root, struct rb_config *cfg)
{
	static const char *const keys[] = {"title", "review_every", "contact_verify_every", "tiers", "rules", "lua",
					   "exclude", "scripts", "edit_url", "site", "alerts", "bundle", "drills",
					   "ignore_keys"};
	cfg->root = root;
	if (!root || root->kind == RB_V_NULL)
		return;
	if (root->kind != RB_V_MAP) {
		rb_diag(b, RB_D_CONFIG, root->loc, "rbc.yaml must be a mapping of settings");
		return;
	}
	for (size_t i = 0; i < root->n; i++) {
		const char *k = root->keys[i];
		const struct rb_value *v = root->items[i];
		if (strcmp(k, "title") == 0)
			rb_meta_text(b, v, k, &cfg->title);
		else if (strcmp(k, "review_every") == 0)
			rb_meta_duration(b, v, k, &cfg->review_every);
		else if (strcmp(k, "contact_verify_every") == 0)
			rb_meta_duration(b, v, k, &cfg->contact_verify_every);
		else if (strcmp(k, "tiers") == 0)
			read_tiers(b, v, cfg);
		else if (strcmp(k, "rules") == 0)
			read_rules(b, v, cfg);
		else if (strcmp(k, "lua") == 0)
			read_lua(b, v, cfg);
		else if (strcmp(k, "exclude") == 0)
			read_exclude(b, v, cfg);
		else if (strcmp(k, "ignore_keys") == 0)
			read_ignore_keys(b, v, cfg);
		else if (strcmp(k, "scripts") == 0)
			read_scripts(b, v, cfg);
		else if (strcmp(k, "edit_url") == 0)
			read_edit_url(b, v, &cfg->edit_url);
		else if (strcmp(k, "site") == 0)
			read_site(b, v, cfg);
		else if (strcmp(k, "alerts") == 0)
			rb_meta_alerts(b, v, cfg);
		else if (strcmp(k, "bundle") == 0)
			read_bundle(b, v, cfg);
		else if (strcmp(k, "drills") == 0)
			read_drills(b, v, cfg);
		else
			unknown_key(b, root->key_locs[i], k, keys, sizeof keys / sizeof *keys, "rbc.yaml");
	}
}

/* One contacts.yaml entry: {name, role, email, phone, pager, verified}. */
static void read_contact(struct rb_build *b, struct rb_contact *c, const struct rb_value *v)
{
	static const char *const keys[] = {"name", "role", "email", "phone", "pager", "verified"};
	if (v->kind != RB_V_MAP) {
		rb_meta_wrong_type(b, v, c->id, "a mapping with name, role, email, phone, pager and verified");
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const char *k = v->keys[i];
		const struct rb_value *x = v->items[i];
		if (strcmp(k, "name") == 0)
			rb_meta_text(b, x, k, &c->name);
		else if (strcmp(k, "role") == 0)
			rb_meta_text(b, x, k, &c->role);
		else if (strcmp(k, "email") == 0)
			rb_meta_text(b, x, k, &c->email);
		else if (strcmp(k, "phone") == 0)
			rb_meta_text(b, x, k, &c->phone);
		else if (strcmp(k, "pager") == 0)
			rb_meta_text(b, x, k, &c->pager);
		else if (strcmp(k, "verified") == 0)
			rb_meta_date(b, x, k, &c->verified);
		else
			unknown_key(b, v->key_locs[i], k, keys, 6, "a contact");
	}
}

static void read_escalation(struct rb_build *b, const struct rb_value *v, struct rb_book *book)
{
	if (v->kind != RB_V_SEQ) {
		rb_meta_wrong_type(b, v, "escalation", "a list of {contact, after}");
		return;
	}
	book->escalation = rb_arena_alloc(&b->arena, v->n * sizeof *book->escalation);
	for (size_t i = 0; i < v->n; i++) {
		const struct rb_value *e = v->items[i];
		struct rb_escalation *x = &book->escalation[book->nescalation];
		if (e->kind != RB_V_MAP) {
			rb_meta_wrong_type(b, e, "escalation", "a mapping {contact: id, after: 15m}");
			continue;
		}
		x->loc = e->loc;
		for (size_t j = 0; j < e->n; j++) {
			if (strcmp(e->keys[j], "contact") == 0)
				rb_meta_text(b, e->items[j], "contact", &x->contact);
			else if (strcmp(e->keys[j], "after") == 0)
				rb_meta_duration(b, e->items[j], "after", &x->after);
			else
				unknown_key(b, e->key_locs[j], e->keys[j], (const char *const[]){"contact", "after"}, 2,
					    "an escalation step");
		}
		if (!x->contact.s)
			rb_diag(b, RB_D_CONTACTS, e->loc, "escalation step needs 'contact: <id>'");
		else
			book->nescalation++;
	}
}

void rb_meta_contacts(struct rb_build *b, const struct rb_value *root, struct rb_book *book)
{
	static const char *const keys[] = {"contacts", "escalation"};
	if (!root || root->kind == RB_V_NULL)
		return;
	if (root->kind != RB_V_MAP) {
		rb_diag(b, RB_D_CONTACTS, root->loc, "contacts.yaml must be a mapping with 'contacts:' and 'escalation:'");
		return;
	}
	for (size_t i = 0; i < root->n; i++) {
		const char *k = root->keys[i];
		const struct rb_value *v = root->items[i];
		if (strcmp(k, "contacts") == 0) {
			if (v->kind != RB_V_MAP) {
				rb_meta_wrong_type(b, v, "contacts", "a mapping from contact id to details");
				continue;
			}
			book->contacts = rb_arena_alloc(&b->arena, v->n * sizeof *book->contacts);
			for (size_t j = 0; j < v->n; j++) {
				struct rb_contact *c = &book->contacts[book->ncontacts++];
				c->id = v->keys[j];
				c->loc = v->key_locs[j];
				if (!rb_is_plain_id(c->id))
					rb_diag(b, RB_D_BAD_ID, c->loc, "contact id '%s'", c->id);
				read_contact(b, c, v->items[j]);
			}
		} else if (strcmp(k, "escalation") == 0) {
			read_escalation(b, v, book);
		} else {
			unknown_key(b, root->key_locs[i], k, keys, 2, "contacts.yaml");
		}
	}
}
