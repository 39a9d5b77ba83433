/* cmd_bundle.c: `rbc bundle BOOK -o KIT.tar.gz [--sign KEY] [--pdf]`, the
 * offline DR kit (doc/bundle.md). Builds the book into a private temporary
 * folder, adds README.txt, PROVENANCE.json, SHA256SUMS (and handbook.pdf),
 * packs it reproducibly (kit_pack.c) into a temporary file beside KIT and
 * renames it into place, then signs it: a failed bundle leaves no kit.
 * Everything is dated at the source date: SOURCE_DATE_EPOCH, else the
 * book's commit time, so the same commit gives the same bytes anywhere. */
#include "cli/cli.h"
#include "cli/kit_keys.h"
#include "base/arena.h"
#include "base/git.h"
#include "base/json_write.h"
#include "base/util.h"
#include "model/review.h"
#include "render/kit.h"
#include "render/outguard.h"
#include "render/output.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Where the kit comes from and when it is dated. */
struct source {
	long long epoch;             /* seconds: SOURCE_DATE_EPOCH or the commit time */
	const char *commit;          /* full hash, or NULL outside git */
	int clean;                   /* 1 clean, 0 changed files, -1 unknown */
	const char *epoch_from;      /* "SOURCE_DATE_EPOCH", "commit" or "clock" */
};

/* The earliest review due date of the book, and whose it is. */
struct validity {
	long until;                  /* days since the epoch; -1 when nothing has a date */
	const char *what;            /* the runbook's file or the contact */
	size_t unreviewed;           /* runbooks never reviewed (no date to count from) */
};

/* Run git in the book with args; its trimmed output (arena) or NULL. */
static const char *git_out(struct rb_build *b, const char *a1, const char *a2, const char *a3, const char *a4)
{
	char *argv[] = {"git", "-C", (char *)b->opt.book, (char *)a1, (char *)a2, (char *)a3, (char *)a4, NULL};
	struct rb_buf out;
	rb_buf_init(&out);
	int st = rb_git_run(argv, &out);
	char *s = st == 0 ? rb_arena_strdup(&b->arena, rb_buf_cstr(&out)) : NULL;
	rb_buf_free(&out);
	return s ? rb_trim(s) : NULL;
}

/* The book's commit, whether its folder is clean, and the source date. */
static bool find_source(struct rb_build *b, struct source *src)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	const char *head = git_out(b, "rev-parse", "--verify", "HEAD", NULL);
	src->commit = head && strspn(head, "0123456789abcdef") >= 40 ? head : NULL;
	const char *status = src->commit ? git_out(b, "status", "--porcelain", "--", ".") : NULL;
	src->clean = status ? !*status : -1;
	const char *ct = src->commit ? git_out(b, "log", "-1", "--format=%ct", "HEAD") : NULL;
	char *end;
	if (sde) {
		src->epoch = strtoll(sde, &end, 10);
		src->epoch_from = "SOURCE_DATE_EPOCH";
		if (!*sde || *end || src->epoch < 0) {
			fprintf(stderr, "rbc: SOURCE_DATE_EPOCH must be a number of seconds, not '%s'\n", sde);
			return false;
		}
	} else if (ct && *ct) {
		src->epoch = strtoll(ct, &end, 10);
		src->epoch_from = "commit";
	} else {
		src->epoch = (long long)time(NULL);
		src->epoch_from = "clock";
		fprintf(stderr, "rbc: warning: %s is not in git and SOURCE_DATE_EPOCH is not set: the kit is dated "
			"now and will not be reproducible\n", b->opt.book);
	}
	if (src->clean == 0)
		fprintf(stderr, "rbc: warning: %s has changes not committed: PROVENANCE.json says so, and the kit "
			"cannot be rebuilt from commit %.12s\n", b->opt.book, src->commit);
	return true;
}

/* Fold one due date into v. */
static void earliest(struct validity *v, const struct rb_review *r, const char *what)
{
	if (r->state != RB_REVIEW_NEVER && (v->until < 0 || r->due < v->until)) {
		v->until = r->due;
		v->what = what;
	}
}

/* The earliest review (runbooks) or verification (contacts) due date. */
static struct validity find_validity(const struct rb_build *b)
{
	struct validity v = {-1, NULL, 0};
	for (size_t i = 0; i < b->book.nrunbooks; i++) {
		struct rb_review r = rb_review_runbook(b, b->book.runbooks[i], 0);
		v.unreviewed += r.state == RB_REVIEW_NEVER;
		earliest(&v, &r, b->book.runbooks[i]->path);
	}
	for (size_t i = 0; i < b->book.ncontacts; i++) {
		struct rb_review r = rb_review_contact(b, &b->book.contacts[i], 0);
		earliest(&v, &r, b->book.contacts_path ? b->book.contacts_path : "contacts.yaml");
	}
	return v;
}

/* A date (days) as YYYY-MM-DD into out (16 bytes), or NULL for -1. */
static const char *date_or_null(long days, char *out)
{
	if (days < 0)
		return NULL;
	rb_format_date(days, out, 16);
	return out;
}

/* PROVENANCE.json. */
static void provenance(const struct rb_build *b, const struct source *src, const struct validity *v, bool pdf,
		       struct rb_buf *out)
{
	char until[16], as_of[16], built[32];
	time_t t = (time_t)src->epoch;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(built, sizeof built, "%Y-%m-%dT%H:%M:%SZ", &tm);
	size_t nscen = 0;
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		nscen += b->book.runbooks[i]->nscenarios;
	struct rb_jw w;
	rb_jw_init(&w, 2, rb_jw_put_buf, out);
	rb_jw_object(&w);
	rb_jw_kstr(&w, "generator", "rbc");
	rb_jw_kstr(&w, "rbc_version", RB_VERSION);
	rb_jw_kstr(&w, "commit", src->commit);
	rb_jw_key(&w, "tree_clean");
	if (src->clean < 0)
		rb_jw_null(&w);
	else
		rb_jw_bool(&w, src->clean == 1);
	rb_jw_kstr(&w, "build_date", built);
	rb_jw_kstr(&w, "build_date_from", src->epoch_from);
	rb_jw_kstr(&w, "as_of", date_or_null(b->as_of, as_of));
	rb_jw_kint(&w, "runbooks", (long long)b->book.nrunbooks);
	rb_jw_kint(&w, "scenarios", (long long)nscen);
	rb_jw_kstr(&w, "valid_until", date_or_null(v->until, until));
	rb_jw_kstr(&w, "valid_until_from", v->what);
	rb_jw_kint(&w, "unreviewed_runbooks", (long long)v->unreviewed);
	rb_jw_kbool(&w, "handbook_pdf", pdf);
	rb_jw_end(&w, '}');
	rb_jw_finish(&w);
	rb_buf_putc(out, '\n');
}

static const char README[] =
	"Offline DR kit, made by rbc bundle: the runbook site, the print handbook and the step scripts.\n"
	"\n"
	"Check it before you trust it: the step scripts in scripts/ run with production credentials.\n"
	"\n"
	"1. With the public key printed on the handbook binder's cover (never a key that came with the kit):\n"
	"     minisign -Vm KIT.tar.gz -p dr-kit.pub\n"
	"     rbc verify KIT.tar.gz --pubkey dr-kit.pub   (also every file, nothing extra, the valid-until date)\n"
	"2. After unpacking, to catch damage (not tampering: anyone can rewrite SHA256SUMS):\n"
	"     cd " RB_KIT_ROOT " && sha256sum -c SHA256SUMS\n"
	"\n"
	"Open index.html in a browser; it needs no server and no network. handbook.html is the print\n"
	"handbook (handbook.pdf when the kit was made with --pdf). Each scenario's step script is in\n"
	"scripts/; run it with --dry-run first. PROVENANCE.json names the commit the kit was built from,\n"
	"the date it describes (as_of) and the date it stops being current (valid_until).\n";

/* True when name is an executable file in a PATH folder. */
static bool on_path(const char *name)
{
	const char *path = getenv("PATH");
	for (const char *p = path ? path : ""; *p;) {
		size_t n = strcspn(p, ":");
		char *full = rb_xasprintf("%.*s/%s", (int)n, p, name);
		bool ok = n && access(full, X_OK) == 0;
		free(full);
		if (ok)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

/* Write a text file at dir/rel; false after a message. */
static bool put_file(const char *dir, const char *rel, const char *text, size_t len)
{
	char *path = rb_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(text, 1, len, f) == len;
	ok = f && fclose(f) == 0 && ok;
	if (!ok)
		fprintf(stderr, "rbc: cannot write %s: %s\n", path, strerror(errno));
	free(path);
	return ok;
}

/* handbook.pdf from handbook.html with WeasyPrint, dated at the source date. */
static bool make_pdf(const char *site)
{
	char *html = rb_xasprintf("%s/handbook.html", site), *pdf = rb_xasprintf("%s/handbook.pdf", site);
	char *argv[] = {"weasyprint", "--quiet", html, pdf, NULL};
	struct rb_buf out;
	rb_buf_init(&out);
	int st = rb_git_run(argv, &out);      /* runs any program, never through a shell */
	struct stat sb;
	bool ok = st == 0 && stat(pdf, &sb) == 0 && sb.st_size > 0;
	if (!ok)
		fprintf(stderr, "rbc: weasyprint could not make handbook.pdf (exit %d); run 'weasyprint "
			"handbook.html x.pdf' on a built site to see why\n", st);
	rb_buf_free(&out);
	free(html);
	free(pdf);
	return ok;
}

/* Add the kit's own files to the built site, list it and pack it into
 * tmp_kit. */
static bool pack(const char *site, const char *prov, long long epoch, const char *tmp_kit)
{
	static const char *const skip[] = {RB_MANIFEST, NULL};
	struct rb_kit_list l;
	struct rb_buf sums;
	char err[1024];
	rb_buf_init(&sums);
	bool ok = put_file(site, "README.txt", README, sizeof README - 1) &&
		  put_file(site, "PROVENANCE.json", prov, strlen(prov));
	if (ok && !(ok = rb_kit_list(site, skip, &l, err, sizeof err) && rb_kit_sums(site, &l, &sums, err, sizeof err)))
		fprintf(stderr, "rbc: %s\n", err);
	if (ok)
		rb_kit_list_free(&l);
	ok = ok && put_file(site, "SHA256SUMS", sums.data, sums.len);
	if (ok && !(ok = rb_kit_list(site, skip, &l, err, sizeof err) && rb_kit_pack(site, &l, epoch, tmp_kit, err, sizeof err)))
		fprintf(stderr, "rbc: %s\n", err);
	if (ok)
		rb_kit_list_free(&l);
	rb_buf_free(&sums);
	return ok;
}

/* Sign the packed kit at tmp_kit into KIT.minisig's text. */
static void sign(const struct rb_minisign_key *key, const char *tmp_kit, const struct source *src, const char *until,
		 const struct rb_build *b, struct rb_buf *sig)
{
	unsigned char hash[RB_MINISIGN_HASH];
	char as_of[16];
	rb_format_date(b->as_of, as_of, sizeof as_of);
	if (!rb_minisign_hash_file(tmp_kit, hash))
		return;
	char *trusted = rb_xasprintf("rbc-kit commit:%s clean:%s valid-until:%s as-of:%s", src->commit ? src->commit : "none",
				     src->clean == 1 ? "yes" : src->clean == 0 ? "no" : "unknown", until ? until : "none", as_of);
	rb_minisign_sign(key, hash, "rbc DR kit signature; verify with minisign -V or rbc verify", trusted, sig);
	free(trusted);
}

/* After the build: pack, sign, and put the kit (and its signature) in place. */
static int finish(struct rb_build *b, const char *kit, const char *site, const struct source *src,
		  const struct rb_minisign_key *key)
{
	struct validity v = find_validity(b);
	struct rb_buf prov, sig;
	char until[16];
	const char *until_s = date_or_null(v.until, until);
	char *sig_path = rb_xasprintf("%s.minisig", kit), *tmp_kit = rb_xasprintf("%s.rbc-tmp-XXXXXX", kit);
	rb_buf_init(&prov), rb_buf_init(&sig);
	provenance(b, src, &v, b->opt.pdf, &prov);
	int fd = -1, code = RB_EXIT_USAGE;
	if (b->opt.pdf && !make_pdf(site))
		goto done;
	if ((fd = mkstemp(tmp_kit)) < 0) {
		fprintf(stderr, "rbc: cannot write beside %s: %s\n", kit, strerror(errno));
		goto done;
	}
	close(fd);
	if (!pack(site, prov.data, src->epoch, tmp_kit) || chmod(tmp_kit, 0644) != 0)
		goto done;
	if (key)
		sign(key, tmp_kit, src, until_s, b, &sig);
	if (key && !sig.len) {
		fprintf(stderr, "rbc: cannot read %s back to sign it: %s\n", tmp_kit, strerror(errno));
		goto done;
	}
	if (rename(tmp_kit, kit) != 0) {
		fprintf(stderr, "rbc: cannot write %s: %s\n", kit, strerror(errno));
		goto done;
	}
	fd = -1;
	if (key && !rb_kit_keys_write(b, sig_path, sig.data, sig.len, 0644, rb_kit_keys_is_sig))
		goto done;
	if (!key && rb_kit_keys_is_sig(sig_path) && unlink(sig_path) == 0)
		fprintf(stderr, "rbc: removed %s: it signed the kit this one replaces\n", sig_path);
	if (!b->opt.quiet)
		fprintf(stderr, "rbc: wrote %s%s%s: commit %.12s%s, valid until %s\n", kit, key ? " and " : "",
			key ? sig_path : "", src->commit ? src->commit : "none (not in git)",
			src->clean == 0 ? " with changes not committed" : "", until_s ? until_s : "- (no review dates)");
	code = RB_EXIT_OK;
done:
	if (fd >= 0 || code != RB_EXIT_OK)
		unlink(tmp_kit);
	rb_buf_free(&prov), rb_buf_free(&sig);
	free(sig_path);
	free(tmp_kit);
	return code;
}

/* Refuse, before any work, an existing KIT (or KIT.minisig) that rbc did not write. */
static bool kit_replaceable(const struct rb_build *b, const char *kit)
{
	struct stat st;
	char *sig = rb_xasprintf("%s.minisig", kit);
	const char *bad = NULL;
	if (!b->opt.force && lstat(kit, &st) == 0 && (!S_ISREG(st.st_mode) || !rb_kit_is_kit(kit)))
		bad = kit;
	else if (!b->opt.force && lstat(sig, &st) == 0 && (!S_ISREG(st.st_mode) || !rb_kit_keys_is_sig(sig)))
		bad = sig;
	if (bad)
		fprintf(stderr, "rbc: %s exists and is not a kit or signature rbc wrote; move it away, or give "
			"--force to replace it\n", bad);
	free(sig);
	return !bad;
}

/* True when the book names no public key (rbc.yaml bundle: {pubkey:}), or
 * key is its secret half: a kit signed with another key would not verify
 * with the key printed on the handbook's cover. */
static bool key_matches_cover(const struct rb_build *b, const struct rb_minisign_key *key)
{
	const struct rb_config *cfg = &b->book.config;
	struct rb_minisign_pub pk;
	char b64[57], id[17];
	if (!cfg->bundle_key_b64)
		return true;
	rb_minisign_key_public(key, &pk);
	rb_minisign_pub_base64(&pk, b64);
	if (!strcmp(b64, cfg->bundle_key_b64))
		return true;
	rb_minisign_key_id(pk.id, id);
	fprintf(stderr, "rbc: --sign %s is key %s, but rbc.yaml's bundle: pubkey: %s (on the handbook's cover) is "
		"key %s; sign with its secret key, or change rbc.yaml\n", b->opt.sign, id, cfg->bundle_pubkey.s,
		cfg->bundle_key_id);
	return false;
}

int rb_cmd_bundle(struct rb_build *b)
{
	if (!strcmp(b->opt.book, "keygen"))
		return rb_kit_keygen(b);
	const char *kit = b->opt.out;
	if (!kit) {
		fputs("rbc: 'rbc bundle' needs the kit's file name: -o KIT.tar.gz\nTry 'rbc help bundle'.\n", stderr);
		return RB_EXIT_USAGE;
	}
	if (b->opt.pdf && !on_path("weasyprint")) {
		fputs("rbc: --pdf needs WeasyPrint, which is not installed (Debian: apt-get install weasyprint); "
		      "no kit was written\n", stderr);
		return RB_EXIT_USAGE;
	}
	struct source src;
	struct rb_minisign_key key;
	if (!kit_replaceable(b, kit) || !find_source(b, &src))
		return RB_EXIT_USAGE;
	if (b->opt.sign && !rb_kit_keys_load(b, b->opt.sign, &key))
		return RB_EXIT_USAGE;
	/* The whole build is dated at the source date: review states, the
	 * handbook's cover and WeasyPrint's PDF dates all read it. */
	char epoch[32];
	snprintf(epoch, sizeof epoch, "%lld", src.epoch);
	setenv("SOURCE_DATE_EPOCH", epoch, 1);
	const char *tmpdir = getenv("TMPDIR");
	char *tmp = rb_xasprintf("%s/rbc-bundle-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int code = RB_EXIT_USAGE;
	if (!mkdtemp(tmp)) {
		fprintf(stderr, "rbc: cannot make a temporary folder %s: %s\n", tmp, strerror(errno));
	} else {
		char *site = rb_xasprintf("%s/site", tmp);
		b->opt.out = site;
		b->opt.no_cache = true;     /* a kit comes from a full build, and the book stays loaded in b */
		code = rb_cmd_build(b);
		b->opt.out = kit;
		if (code == RB_EXIT_OK && !rb_outguard_place(b, kit)) {
			rb_diag_print_all(b, stderr);
			code = RB_EXIT_USAGE;
		}
		if (code == RB_EXIT_OK && b->opt.sign && !key_matches_cover(b, &key))
			code = RB_EXIT_USAGE;
		if (code == RB_EXIT_OK)
			code = finish(b, kit, site, &src, b->opt.sign ? &key : NULL);
		rb_output_remove_tree(tmp);
		free(site);
	}
	if (b->opt.sign)
		rb_minisign_wipe(&key);
	free(tmp);
	return code;
}
