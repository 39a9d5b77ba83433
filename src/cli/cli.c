/* cli.c: one table of commands and one of options; parsing, usage errors
 * and help are all generated from them. */
#include "cli/cli.h"
#include "read/meta.h"
#include "base/util.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define C_DUMP    (1u << 0)
#define C_BUILD   (1u << 1)
#define C_LINT    (1u << 2)
#define C_SCRIPTS (1u << 3)
#define C_STALE   (1u << 4)
#define C_IMPORT  (1u << 5)
#define C_COMPLETION (1u << 6)
#define C_SERVE   (1u << 7)
#define C_BUNDLE  (1u << 8)
#define C_VERIFY  (1u << 9)
#define C_ALERTS  (1u << 10)
#define C_DRILLS  (1u << 11)
#define C_BOOK    (C_DUMP | C_BUILD | C_LINT | C_SCRIPTS | C_STALE | C_SERVE | C_BUNDLE | C_ALERTS | C_DRILLS)   /* commands that read a book */
#define C_ALL     0xffffu

static const struct rb_subcommand commands[] = {
	{"alerts", rb_cmd_alerts, "alerts [BOOK] [--urls]",
	 "report which alerts land on which scenarios, and which do not (doc/alerts.md)", C_ALERTS, 1,
	 "text json csv md",
	 "rbc alerts runbooks\nrbc alerts runbooks --format md\nrbc alerts runbooks --urls"},
	{"build", rb_cmd_build, "build [BOOK] -o OUT",
	 "compile the book into a static site, print handbook and step scripts", C_BUILD, 1, NULL,
	 "rbc build runbooks -o site\nrbc build runbooks -o site --as-of 2026-12-31 --paper letter"},
	{"bundle", rb_cmd_bundle, "bundle [BOOK] -o KIT.tar.gz",
	 "pack the site, handbook and scripts into one reproducible, signed archive (or: bundle keygen -o NAME)",
	 C_BUNDLE, 1, NULL,
	 "rbc bundle runbooks -o dr-kit.tar.gz --sign dr-kit.key\nrbc bundle keygen -o dr-kit"},
	{"completion", rb_cmd_completion, "completion SHELL",
	 "print a bash or zsh completion script for rbc", C_COMPLETION, 4, NULL,
	 "source <(rbc completion bash)\nrbc completion zsh > \"${fpath[1]}/_rbc\""},
	{"drills", rb_cmd_drills, "drills [BOOK] --runs DIR | drills verify DIR",
	 "report measured recovery times from drill records against each RTO; verify the records' hash chains",
	 C_DRILLS, 5, "text md csv json html",
	 "rbc drills runbooks --runs runbooks/drills --format md\nrbc drills verify runbooks/drills"},
	{"dump", rb_cmd_dump, "dump [BOOK]", "print the whole model as JSON (schema in doc/format.md)", C_DUMP, 1,
	 NULL, "rbc dump runbooks | less\nrbc dump runbooks --strict > model.json"},
	{"import", rb_cmd_import, "import FILE [-o OUT]",
	 "convert a freehand runbook to the canonical format and report its gaps", C_IMPORT, 3, NULL,
	 "rbc import old-dr-plan.md -o runbooks/payments.md\nrbc import old-dr-plan.md --fix-encoding -o old-dr-plan.md"},
	{"lint", rb_cmd_lint, "lint [BOOK] [FILE...]",
	 "check the book with the built-in and the book's own Lua rules", C_LINT, 2,
	 "text json github sarif junit",
	 "rbc lint runbooks\nrbc lint runbooks runbooks/orders-db.md --format github"},
	{"scripts", rb_cmd_scripts, "scripts [BOOK] -o DIR", "write one bash step script per scenario", C_SCRIPTS, 1,
	 NULL, "rbc scripts runbooks -o scripts"},
	{"serve", rb_cmd_serve, "serve [BOOK] [--port N] [--bind ADDR] [--open]",
	 "build the book and serve it with live reload while you edit it", C_SERVE, 1, NULL,
	 "rbc serve runbooks\nrbc serve runbooks --port 0 --open\nrbc serve runbooks --poll 1s"},
	{"stale", rb_cmd_stale, "stale [BOOK]", "report runbooks and contacts due for review, by owner", C_STALE, 1,
	 "text md csv json html",
	 "rbc stale runbooks --format md\nrbc stale runbooks --owner dba-oncall --fail-on overdue"},
	{"verify", rb_cmd_verify, "verify KIT.tar.gz [--pubkey FILE | --book DIR]",
	 "check a kit offline: signature, checksums, no missing, extra or unsafe files, valid-until", C_VERIFY, 3,
	 NULL, "rbc verify dr-kit.tar.gz --pubkey dr-kit.pub\n"
	 "rbc verify dr-kit.tar.gz --book runbooks     # the key runbooks/rbc.yaml names in bundle: {pubkey: FILE}\n"
	 "cd runbooks && rbc verify ../dr-kit.tar.gz   # the same, from the current folder's rbc.yaml"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

enum opt_id {
	O_AS_OF, O_BASELINE, O_BIND, O_BOOK, O_COLOR, O_FAIL_ON, O_FIX_ENCODING, O_FORCE, O_FORCE_CLEAN, O_FORMAT, O_HELP,
	O_JOBS, O_LUA_LIMITS, O_MAX_WARNINGS, O_NO_CACHE, O_NO_PASSWORD, O_OPEN, O_OUTPUT, O_OWNER, O_PAPER,
	O_PASSWORD_FILE, O_PDF, O_POLL, O_PORT, O_PUBKEY, O_QUIET, O_RUNS, O_SIGN, O_SINCE, O_STRICT, O_URLS,
	O_VERSION, O_WITHIN
};

/* Sorted by long name; help lists them in this order. */
static const struct rb_option options[] = {
	{"as-of", 0, "DATE", C_LINT | C_STALE | C_BUILD | C_DUMP | C_SCRIPTS | C_SERVE | C_BUNDLE | C_VERIFY | C_ALERTS |
	 C_DRILLS, O_AS_OF,
	 "judge review dates as of DATE (default: today, or SOURCE_DATE_EPOCH)"},
	{"baseline", 0, "FILE", C_LINT, O_BASELINE,
	 "report only findings not recorded in FILE (written when FILE does not exist)"},
	{"bind", 0, "ADDR", C_SERVE, O_BIND,
	 "serve on address ADDR (default 127.0.0.1; any other is reachable from the network)"},
	{"book", 0, "DIR", C_VERIFY, O_BOOK,
	 "without --pubkey: trust the key of DIR/rbc.yaml's bundle: {pubkey: FILE} (default: ./rbc.yaml's, if any)"},
	{"color", 0, "WHEN", C_BOOK | C_IMPORT, O_COLOR, "colour diagnostics: auto, always or never (NO_COLOR is honoured)"},
	{"fail-on", 0, "LEVEL", C_STALE, O_FAIL_ON, "exit 1 when anything is 'overdue', or 'due' or overdue"},
	{"fix-encoding", 0, NULL, C_IMPORT, O_FIX_ENCODING, "repair mojibake (UTF-8 read as Windows-1252)"},
	{"force", 0, NULL, C_BUNDLE, O_FORCE,
	 "replace a kit, signature or key file that rbc did not write"},
	{"force-clean", 0, NULL, C_BUILD | C_SCRIPTS, O_FORCE_CLEAN,
	 "replace an output folder rbc did not write (no OUT/.rbc-manifest), deleting what it holds"},
	{"format", 'f', "FMT", C_LINT | C_STALE | C_ALERTS | C_DRILLS, O_FORMAT,
	 "output format (each command lists its own)"},
	{"help", 'h', NULL, C_ALL, O_HELP, "show this help"},
	{"jobs", 'j', "N", C_BUILD | C_BUNDLE | C_LINT | C_DUMP | C_SCRIPTS | C_SERVE | C_ALERTS, O_JOBS, "use N threads, and in lint N rule processes (default: the number of cores)"},
	{"lua-limits", 0, "K=N,...", C_BOOK, O_LUA_LIMITS,
	 "raise the Lua rules' limits past what a book may set: instructions=N, memory=SIZE, timeout_ms=MS"},
	{"max-warnings", 0, "N", C_LINT, O_MAX_WARNINGS, "exit 1 when there are more than N warnings"},
	{"no-cache", 0, NULL, C_BUILD | C_LINT, O_NO_CACHE,
	 "run cold: neither read nor write the cache of builds or lint results (doc/cache.md)"},
	{"no-password", 0, NULL, C_BUNDLE, O_NO_PASSWORD, "bundle keygen: leave the secret key unencrypted"},
	{"open", 0, NULL, C_SERVE, O_OPEN, "open the served book in a browser (xdg-open)"},
	{"output", 'o', "DIR", C_BUILD | C_SCRIPTS | C_IMPORT | C_BUNDLE, O_OUTPUT,
	 "write the output to DIR (import: to a file; bundle: the kit file, or keygen's NAME.pub and NAME.key)"},
	{"owner", 0, "ID", C_STALE, O_OWNER, "report only what contact ID owns"},
	{"paper", 0, "SIZE", C_BUILD | C_SERVE | C_BUNDLE, O_PAPER, "handbook paper size: a4 (default) or letter"},
	{"password-file", 0, "FILE", C_BUNDLE, O_PASSWORD_FILE,
	 "read the secret key's password from FILE's first line (else RBC_KEY_PASSWORD, else a prompt)"},
	{"pdf", 0, NULL, C_BUNDLE, O_PDF, "add handbook.pdf to the kit (needs WeasyPrint)"},
	{"poll", 0, "INTERVAL", C_SERVE, O_POLL,
	 "look for changes every INTERVAL (e.g. 1s, 500ms) instead of with inotify"},
	{"port", 0, "N", C_SERVE, O_PORT, "serve on port N (default 8000; 0: any free port)"},
	{"pubkey", 0, "FILE", C_VERIFY, O_PUBKEY,
	 "check the kit's signature with this minisign public key (wins over the book's bundle: pubkey)"},
	{"quiet", 'q', NULL, C_BOOK | C_IMPORT, O_QUIET, "print no progress"},
	{"runs", 0, "DIR", C_DRILLS, O_RUNS,
	 "read the drill records under DIR (default: rbc.yaml's drills: {runs: DIR}, in the book)"},
	{"sign", 0, "KEY", C_BUNDLE, O_SIGN, "sign the kit with this minisign secret key (writes KIT.minisig)"},
	{"since", 0, "DATE", C_DRILLS, O_SINCE, "count only the runs that started on or after DATE"},
	{"strict", 0, NULL, C_BOOK, O_STRICT, "read only the canonical format (no lenient reading of legacy runbooks)"},
	{"urls", 0, NULL, C_ALERTS, O_URLS,
	 "print alert<TAB>url for every alert a scenario names, for generating runbook_url annotations"},
	{"version", 'V', NULL, C_ALL, O_VERSION, "print rbc's version"},
	{"within", 0, "DURATION", C_STALE, O_WITHIN, "count as due what falls due within DURATION (default: the quarter's end)"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static void usage_error(const char *fmt, const char *arg)
{
	fputs("rbc: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'rbc --help'.\n", stderr);
}

const struct rb_subcommand *rb_cli_commands(size_t *n)
{
	*n = NCOMMANDS;
	return commands;
}

const struct rb_option *rb_cli_options(size_t *n)
{
	*n = NOPTIONS;
	return options;
}

bool rb_cli_option_applies(const struct rb_option *o, const struct rb_subcommand *cmd)
{
	return (o->cmds & cmd->bit) != 0;
}

const char *rb_cli_option_choices(const struct rb_option *o, const struct rb_subcommand *cmd)
{
	switch ((enum opt_id)o->id) {
	case O_FORMAT: return cmd ? cmd->formats : NULL;
	case O_COLOR: return "auto always never";
	case O_PAPER: return "a4 letter";
	case O_FAIL_ON: return "overdue due";
	default: return NULL;
	}
}

/* Print one option's help line; --format names the command's own formats. */
static void help_option(FILE *f, const struct rb_option *o, const struct rb_subcommand *cmd)
{
	char lhs[64];
	snprintf(lhs, sizeof lhs, "%c%c%s--%s%s%s", o->shrt ? '-' : ' ', o->shrt ? o->shrt : ' ',
		 o->shrt ? ", " : "  ", o->lng, o->metavar ? " " : "", o->metavar ? o->metavar : "");
	if (o->id == O_FORMAT && cmd && cmd->formats) {
		fprintf(f, "  %-26s output format:", lhs);
		for (const char *p = cmd->formats; *p;) {
			size_t n = strcspn(p, " ");
			fprintf(f, " %.*s%s", (int)n, p, p == cmd->formats ? " (default)" : "");
			p += n + (p[n] == ' ');
			fputs(*p ? "," : "\n", f);
		}
	} else {
		fprintf(f, "  %-26s %s\n", lhs, o->help);
	}
}

void rb_cli_help(FILE *f, const struct rb_subcommand *cmd)
{
	if (cmd) {
		fprintf(f, "Usage: rbc %s [OPTION...]\n\n%s.\n\nOptions:\n", cmd->synopsis, cmd->summary);
	} else {
		fputs("Usage: rbc COMMAND [OPTION...] [BOOK]\n\n"
		      "rbc compiles a repository of runbooks (Markdown with YAML front matter, or YAML)\n"
		      "into an offline site, a print handbook, step scripts and lint results.\n\nCommands:\n", f);
		for (size_t i = 0; i < NCOMMANDS; i++)
			fprintf(f, "  %-26s %s\n", commands[i].synopsis, commands[i].summary);
		fputs("  help COMMAND               show the options and examples of COMMAND\n\nOptions:\n", f);
	}
	for (size_t i = 0; i < NOPTIONS; i++)
		if (!cmd || rb_cli_option_applies(&options[i], cmd))
			help_option(f, &options[i], cmd);
	if (cmd && cmd->examples) {
		fputs("\nExamples:\n", f);
		for (const char *p = cmd->examples; *p;) {
			size_t n = strcspn(p, "\n");
			fprintf(f, "  %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	fputs("\nExit status: 0 clean, 1 errors in the book, 2 usage or I/O failure.\n"
	      "Format reference: doc/format.md; rule API: doc/rules.md.\n", f);
}

static const struct rb_subcommand *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static bool parse_long(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return false;
	*out = v;
	return true;
}

/* An interval "500ms", "1s", "2m" or "1h" (a bare number is seconds)
 * in milliseconds, from 10 ms to an hour; false when s is not one. */
static bool parse_interval(const char *s, long *ms)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	long unit = !*end || !strcmp(end, "s") ? 1000 : !strcmp(end, "ms") ? 1 : !strcmp(end, "m") ? 60000
		  : !strcmp(end, "h") ? 3600000 : 0;
	if (errno || end == s || !unit || v < 0 || v > 3600000 || v * unit < 10 || v * unit > 3600000)
		return false;
	*ms = v * unit;
	return true;
}

/* --lua-limits instructions=N,memory=SIZE,timeout_ms=MS: the maxima a
 * book's lua: settings may reach, and the limits when it sets none.
 * False (after a message) on a bad list. */
static bool parse_lua_limits(struct rb_options *opt, const char *val)
{
	for (const char *p = val; p == val || *p;) {
		size_t n = strcspn(p, ",");
		const char *eq = memchr(p, '=', n);
		int k = eq ? rb_meta_lua_find(p, (size_t)(eq - p)) : -1;
		char num[32];
		size_t vn = eq ? n - (size_t)(eq + 1 - p) : 0;
		long x;
		if (k < 0 || vn >= sizeof num) {
			const char *names[RB_LUA_NLIMITS], *near = NULL;
			for (int i = 0; i < RB_LUA_NLIMITS; i++)
				names[i] = rb_meta_lua_name(i);
			if (eq) {
				char key[32];
				snprintf(key, sizeof key, "%.*s", (int)(eq - p), p);
				near = rb_nearest(key, names, RB_LUA_NLIMITS);
			}
			fprintf(stderr, "rbc: --lua-limits takes instructions=N, memory=SIZE and timeout_ms=MS, "
				"separated by commas, not '%.*s'%s%s%s\nTry 'rbc --help'.\n", (int)n, p,
				near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
			return false;
		}
		memcpy(num, eq + 1, vn);
		num[vn] = '\0';
		if (!rb_parse_amount(num, &x) || x > rb_meta_lua_ceiling(k)) {
			fprintf(stderr, "rbc: --lua-limits: %s takes a whole number from 1 to %ld%s, not '%s'\n"
				"Try 'rbc --help'.\n", rb_meta_lua_name(k), rb_meta_lua_ceiling(k),
				k == RB_LUA_MEMORY ? " (bytes; a k, M or G suffix means KiB, MiB or GiB)" : "", num);
			return false;
		}
		opt->lua_max[k] = x;
		p += n + (p[n] == ',');
	}
	return true;
}

/* Store one option's value; false (after a message) on a bad value. */
static bool apply_option(struct rb_build *b, const struct rb_option *o, const char *val)
{
	struct rb_options *opt = &b->opt;
	long n;
	switch ((enum opt_id)o->id) {
	case O_AS_OF: opt->as_of = val; break;
	case O_BASELINE: opt->baseline = val; break;
	case O_BIND: opt->serve_bind = val; break;
	case O_BOOK: opt->key_book = val; break;
	case O_OPEN: opt->serve_open = true; break;
	case O_POLL:
		if (!parse_interval(val, &opt->serve_poll_ms)) {
			usage_error("--poll takes an interval from 10ms to 1h such as 1s or 500ms, not '%s'", val);
			return false;
		}
		break;
	case O_PORT:
		if (!parse_long(val, &n) || n > 65535) {
			usage_error("--port takes a port number from 0 to 65535 (0: any free port), not '%s'", val);
			return false;
		}
		opt->serve_port = (int)n;
		break;
	case O_FAIL_ON:
		if (strcmp(val, "overdue") && strcmp(val, "due")) {
			usage_error("--fail-on takes 'overdue' or 'due', not '%s'", val);
			return false;
		}
		opt->fail_on = val;
		break;
	case O_COLOR:
		if (!strcmp(val, "auto")) opt->color = RB_COLOR_AUTO;
		else if (!strcmp(val, "always")) opt->color = RB_COLOR_ALWAYS;
		else if (!strcmp(val, "never")) opt->color = RB_COLOR_NEVER;
		else {
			usage_error("--color takes auto, always or never, not '%s'", val);
			return false;
		}
		break;
	case O_FIX_ENCODING: opt->fix_encoding = true; break;
	case O_FORCE: opt->force = true; break;
	case O_FORCE_CLEAN: opt->force_clean = true; break;
	case O_FORMAT: opt->format = val; break;
	case O_JOBS:
		if (!parse_long(val, &n) || n < 1 || n > 256) {
			usage_error("--jobs takes a number from 1 to 256, not '%s'", val);
			return false;
		}
		opt->jobs = (int)n;
		break;
	case O_LUA_LIMITS:
		if (!parse_lua_limits(opt, val))
			return false;
		break;
	case O_MAX_WARNINGS:
		if (!parse_long(val, &n)) {
			usage_error("--max-warnings takes a whole number, not '%s'", val);
			return false;
		}
		opt->max_warnings = n;
		break;
	case O_OUTPUT: opt->out = val; break;
	case O_OWNER: opt->owner = val; break;
	case O_PAPER:
		if (strcmp(val, "a4") && strcmp(val, "letter")) {
			usage_error("--paper takes a4 or letter, not '%s'", val);
			return false;
		}
		opt->paper = val;
		break;
	case O_NO_CACHE: opt->no_cache = true; break;
	case O_NO_PASSWORD: opt->no_password = true; break;
	case O_PASSWORD_FILE: opt->password_file = val; break;
	case O_PDF: opt->pdf = true; break;
	case O_PUBKEY: opt->pubkey = val; break;
	case O_SIGN: opt->sign = val; break;
	case O_QUIET: opt->quiet = true; break;
	case O_RUNS: opt->runs = val; break;
	case O_SINCE: opt->since = val; break;
	case O_STRICT: opt->strict = true; break;
	case O_URLS: opt->urls = true; break;
	case O_WITHIN: opt->within = val; break;
	case O_HELP: case O_VERSION: break;
	}
	return true;
}

static const struct rb_option *find_long(const char *name, size_t n)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strlen(options[i].lng) == n && !strncmp(options[i].lng, name, n))
			return &options[i];
	return NULL;
}

static const struct rb_option *find_short(char c)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].shrt == c)
			return &options[i];
	return NULL;
}

/* Handle argv[*i] as an option; advances *i past a separate value.
 * Returns 0 to go on, 1 for --help, 3 for --version, 2 for an error. */
static int take_option(struct rb_build *b, const struct rb_subcommand *cmd, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *val = NULL;
	const struct rb_option *o;
	if (arg[1] == '-') {
		const char *eq = strchr(arg + 2, '=');
		size_t n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		o = find_long(arg + 2, n);
		if (!o) {
			usage_error("unknown option '%s'", arg);
			return 2;
		}
		if (eq && !o->metavar) {
			usage_error("option '--%s' takes no value", o->lng);
			return 2;
		}
		val = eq ? eq + 1 : NULL;
	} else {
		o = find_short(arg[1]);
		if (!o) {
			usage_error("unknown option '%s'", arg);
			return 2;
		}
		if (arg[2] && o->metavar)
			val = arg + 2;
		else if (arg[2]) {
			usage_error("option '%s': write flags that take no value separately", arg);
			return 2;
		}
	}
	if (o->id == O_HELP)
		return 1;
	if (o->id == O_VERSION)
		return 3;
	if (cmd && !rb_cli_option_applies(o, cmd)) {
		fprintf(stderr, "rbc: option '--%s' does not apply to 'rbc %s'\nTry 'rbc help %s'.\n", o->lng,
			cmd->name, cmd->name);
		return 2;
	}
	if (o->metavar && !val) {
		if (*i + 1 >= argc) {
			usage_error("option '--%s' needs a value", o->lng);
			return 2;
		}
		val = argv[++*i];
	}
	return apply_option(b, o, val) ? 0 : 2;
}

/* Keep FILE operands in the arena. */
static void set_files(struct rb_build *b, char **ops, size_t n)
{
	b->opt.files = rb_arena_alloc(&b->arena, (n + 1) * sizeof *b->opt.files);
	for (size_t i = 0; i < n; i++)
		b->opt.files[i] = rb_arena_strdup(&b->arena, ops[i]);
	b->opt.nfiles = n;
}

/* Assign operands: BOOK, or BOOK and FILEs, or one FILE. */
static bool assign_operands(struct rb_build *b, const struct rb_subcommand *cmd, char **ops, size_t n)
{
	struct rb_options *opt = &b->opt;
	opt->book = ".";
	if (cmd->operands == 3 || cmd->operands == 4) {
		if (n != 1) {
			usage_error("'rbc %s' takes exactly one operand", cmd->synopsis);
			return false;
		}
		set_files(b, ops, 1);
		return true;
	}
	if (cmd->operands == 5 && n >= 1 && !strcmp(ops[0], "verify")) {
		/* drills verify DIR */
		if (n != 2) {
			usage_error("'rbc drills verify' takes one folder of drill records%s", "");
			return false;
		}
		opt->drills_verify = true;
		set_files(b, ops + 1, 1);
		return true;
	}
	if (n == 0)
		return true;
	if ((cmd->operands == 1 || cmd->operands == 5) && n > 1) {
		usage_error("too many operands starting at '%s'", ops[1]);
		return false;
	}
	if (cmd->operands == 2) {
		/* lint [BOOK] [FILE...]: a first operand that is a folder is the book */
		if (rb_is_dir(ops[0])) {
			opt->book = rb_arena_strdup(&b->arena, ops[0]);
			ops++, n--;
		}
		set_files(b, ops, n);
		return true;
	}
	opt->book = rb_arena_strdup(&b->arena, ops[0]);
	return true;
}

const struct rb_subcommand *rb_cli_parse(struct rb_build *b, int argc, char **argv, int *exit_code)
{
	const struct rb_subcommand *cmd = NULL;
	char **ops = rb_xcalloc((size_t)argc + 1, sizeof *ops);
	size_t nops = 0;
	bool help = false, dashdash = false;
	*exit_code = RB_EXIT_USAGE;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!dashdash && !strcmp(a, "--")) {
			dashdash = true;
		} else if (!dashdash && a[0] == '-' && a[1]) {
			int r = take_option(b, cmd, argc, argv, &i);
			if (r == 1)
				help = true;
			else if (r == 3) {
				printf("rbc %s\n", RB_VERSION);
				*exit_code = RB_EXIT_OK;
				goto done;
			} else if (r == 2)
				goto done;
		} else if (!cmd) {
			if (!strcmp(a, "help")) {
				help = true;
				if (i + 1 < argc && !(cmd = find_command(argv[++i]))) {
					usage_error("unknown command '%s'", argv[i]);
					goto done;
				}
				continue;
			}
			cmd = find_command(a);
			if (!cmd) {
				usage_error("unknown command '%s'", a);
				goto done;
			}
		} else {
			ops[nops++] = (char *)a;
		}
	}
	if (help || !cmd) {
		rb_cli_help(help ? stdout : stderr, cmd);
		*exit_code = help ? RB_EXIT_OK : RB_EXIT_USAGE;
		cmd = NULL;
		goto done;
	}
	if (!assign_operands(b, cmd, ops, nops)) {
		cmd = NULL;
		goto done;
	}
	free(ops);
	return cmd;
done:
	free(ops);
	return NULL;
}
