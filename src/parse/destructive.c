/* destructive.c: is a code block destructive? Shell text is split into
 * pipelines and simple commands the way bash reads them (quotes removed,
 * so `"rm" -rf` is rm; a path or wrapper in front, so `/bin/rm`,
 * `sudo rm`, `env X=1 rm` are rm too), and each command is judged by its
 * name and arguments against one table (doc/scripts.md, "Destructive
 * steps"). Words given to echo, grep and the other readers are data, never
 * commands. SQL (SQL blocks, and the strings an SQL client gets) is
 * destructive when a statement starts with DROP, TRUNCATE or DELETE. One
 * pass over the text (shell_read.c reads it). */
#include "parse/parse.h"
#include "parse/shell_read.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_DEPTH = 3 };   /* commands inside commands (ssh, bash -c, find -exec) */

static bool shell_destructive(const char *t, size_t n, int depth);

/* --- small word tests --- */

static bool eq(const struct rb_shell_word *w, const char *s) { return !strcmp(w->s, s); }
static bool eq_ci(const struct rb_shell_word *w, const char *s) { return !strcasecmp(w->s, s); }
static bool starts(const struct rb_shell_word *w, const char *p) { return !strncmp(w->s, p, strlen(p)); }
static bool is_opt(const struct rb_shell_word *w) { return w->s[0] == '-' && w->s[1]; }

/* A short-option cluster (-rf, not --x) holding letter c. */
static bool short_has(const struct rb_shell_word *w, char c)
{
	return w->s[0] == '-' && w->s[1] != '-' && strchr(w->s + 1, c) != NULL;
}

/* NAME=value: a shell assignment. */
static bool is_assignment(const struct rb_shell_word *w)
{
	const char *s = w->s;
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	while (isalnum((unsigned char)*s) || *s == '_')
		s++;
	return *s == '=' || (*s == '+' && s[1] == '=');
}

/* The program's name: the last path component ("/bin/rm" → "rm"). */
static const char *base_name(const char *s)
{
	const char *slash = strrchr(s, '/');
	return slash && slash[1] ? slash + 1 : s;
}

/* Any of the words w[0..n) equals s (ASCII case ignored when ci). */
static bool any_word(const struct rb_shell_word *w, size_t n, const char *s, bool ci)
{
	for (size_t i = 0; i < n; i++)
		if (ci ? eq_ci(&w[i], s) : eq(&w[i], s))
			return true;
	return false;
}

/* The first argument that is not an option, skipping the values of the
 * options listed in vals (" -n --namespace "); n when there is none. */
static size_t first_operand(const struct rb_shell_word *w, size_t n, const char *vals)
{
	for (size_t i = 0; i < n; i++) {
		if (!is_opt(&w[i]))
			return i;
		char key[40];
		if (w[i].len + 3 < sizeof key && !strchr(w[i].s, '=')) {
			key[0] = ' ';
			memcpy(key + 1, w[i].s, w[i].len);
			key[w[i].len + 1] = ' ';
			key[w[i].len + 2] = '\0';
			if (strstr(vals, key))
				i++;
		}
	}
	return n;
}

/* --- SQL --- */

/* Keyword kw (upper case) at s, in any case, followed by white space. */
static bool sql_keyword(const char *s, const char *end, const char *kw)
{
	size_t k = strlen(kw);
	return (*s | 0x20) == (kw[0] | 0x20) && (size_t)(end - s) > k && !strncasecmp(s, kw, k) &&
	       isspace((unsigned char)s[k]);
}

/* True when SQL text holds a statement that starts with DROP, TRUNCATE or
 * DELETE: at the start, after ';' or at a line's start, outside strings
 * and comments. ALTER ... DROP starts its DROP on a line or is caught by
 * the DROP after it only when written on one line: both are checked. */
static bool sql_destructive(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	bool start = true, alter = false;
	while (p < end) {
		char c = *p;
		if (c == '\n' || c == ';') {
			start = true;
			alter = alter && c != ';';
			p++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '(') {
			p++;
		} else if (c == '-' && p + 1 < end && p[1] == '-') {
			while (p < end && *p != '\n')
				p++;
		} else if (c == '/' && p + 1 < end && p[1] == '*') {
			const char *q = p + 2;
			while (q + 1 < end && !(q[0] == '*' && q[1] == '/'))
				q++;
			p = q + 2 < end ? q + 2 : end;
		} else if (c == '\'' || c == '"' || c == '`') {
			const char *q = memchr(p + 1, c, (size_t)(end - p - 1));
			p = q ? q + 1 : end;
			start = false;
		} else if (isalpha((unsigned char)c)) {
			if (sql_keyword(p, end, "DROP") && (start || alter))
				return true;
			if (start && (sql_keyword(p, end, "TRUNCATE") || sql_keyword(p, end, "DELETE")))
				return true;
			if (start && sql_keyword(p, end, "ALTER"))
				alter = true;
			start = false;
			while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == '.'))
				p++;
		} else {
			start = false;
			p++;
		}
	}
	return false;
}

/* Redis commands that empty a database, as the first word of a line. */
static bool redis_destructive(const char *s)
{
	for (const char *p = s; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		p += strspn(p, " \t");
		if (!strncasecmp(p, "flushall", 8) || !strncasecmp(p, "flushdb", 7))
			return true;
	}
	return false;
}

/* --- the command table --- */

/* A handler judges a command by its arguments a[0..n); depth is the
 * nesting of commands inside commands (ssh, bash -c, find -exec). */
typedef bool (*judge_fn)(const struct rb_shell_word *a, size_t n, int depth);

/* Destructive whatever the arguments (killall, shred, mkfs...). */
static bool always(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)a, (void)n, (void)depth;
	return true;
}

/* SQL words typed as a command (an unlabelled block of SQL). */
static bool sql_word(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)a, (void)depth;
	return n > 0;
}

/* ALTER ... DROP typed as a command. */
static bool sql_alter(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	return any_word(a, n, "drop", true);
}

/* rm: recursive, or told to go past /. */
static bool rm(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	for (size_t i = 0; i < n && !eq(&a[i], "--"); i++)
		if (short_has(&a[i], 'r') || short_has(&a[i], 'R') || eq(&a[i], "--recursive") ||
		    eq(&a[i], "--no-preserve-root"))
			return true;
	return false;
}

/* A signal name or number that cannot be caught: 9, KILL, SIGKILL. */
static bool is_kill_signal(const char *s)
{
	return !strcmp(s, "9") || !strcasecmp(s, "KILL") || !strcasecmp(s, "SIGKILL");
}

/* kill: with a signal that cannot be caught. */
static bool kill_cmd(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	for (size_t i = 0; i < n && is_opt(&a[i]); i++) {
		if ((eq(&a[i], "-s") || eq(&a[i], "-n") || eq(&a[i], "--signal")) && i + 1 < n &&
		    is_kill_signal(a[i + 1].s))
			return true;
		if (is_kill_signal(a[i].s + 1) || (starts(&a[i], "--signal=") && is_kill_signal(a[i].s + 9)) ||
		    (starts(&a[i], "-s") && a[i].len > 2 && is_kill_signal(a[i].s + 2)))
			return true;
	}
	return false;
}

/* A size of zero: 0, 0K, 0B... */
static bool zero_size(const char *s)
{
	if (*s != '0')
		return false;
	s += strspn(s, "0");
	return strspn(s, "KMGTPEZYkmgtpezyiB") == strlen(s);
}

/* truncate -s 0 empties a file; without -s or -r it is SQL's TRUNCATE. */
static bool truncate_cmd(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	bool sized = false;
	for (size_t i = 0; i < n; i++) {
		if ((eq(&a[i], "-s") || eq(&a[i], "--size")) && i + 1 < n) {
			sized = true;
			if (zero_size(a[++i].s))
				return true;
		} else if (starts(&a[i], "--size=") || (starts(&a[i], "-s") && a[i].len > 2 && !starts(&a[i], "--"))) {
			sized = true;
			if (zero_size(a[i].s + (a[i].s[1] == '-' ? 7 : 2)))
				return true;
		} else if (short_has(&a[i], 'r') || starts(&a[i], "--reference")) {
			sized = true;
		}
	}
	return !sized && n > 0;
}

/* git: history or files thrown away (push --force, reset --hard, clean -f, branch -D). */
static bool git(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	size_t s = first_operand(a, n, " -C -c --git-dir --work-tree --namespace ");
	if (s == n)
		return false;
	const struct rb_shell_word *sub = &a[s], *r = a + s + 1;
	size_t m = n - s - 1;
	if (eq(sub, "push")) {
		for (size_t i = 0; i < m; i++)
			if (short_has(&r[i], 'f') || short_has(&r[i], 'd') || starts(&r[i], "--force") ||
			    eq(&r[i], "--delete") || eq(&r[i], "--mirror") || eq(&r[i], "--prune") ||
			    (!is_opt(&r[i]) && (r[i].s[0] == '+' || r[i].s[0] == ':')))
				return true;
		return false;
	}
	if (eq(sub, "reset"))
		return any_word(r, m, "--hard", false);
	if (eq(sub, "clean"))
		for (size_t i = 0; i < m; i++)
			if (short_has(&r[i], 'f') || eq(&r[i], "--force"))
				return true;
	if (eq(sub, "branch"))
		return any_word(r, m, "-D", false);
	return false;
}

/* dd: writes somewhere (of=). */
static bool dd(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	for (size_t i = 0; i < n; i++)
		if (starts(&a[i], "of="))
			return true;
	return false;
}

/* systemctl: stops or kills a unit, or the machine. */
static bool systemctl(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	size_t s = first_operand(a, n, " -H --host -M --machine -p --property -t --type -s --signal ");
	if (s == n)
		return false;
	static const char *const subs[] = {"stop", "kill", "mask", "poweroff", "reboot", "halt", NULL};
	for (size_t i = 0; subs[i]; i++)
		if (eq(&a[s], subs[i]))
			return true;
	return eq(&a[s], "disable") && any_word(a, n, "--now", false);   /* disable --now also stops it */
}

/* parted DEVICE rm N / mklabel: deletes a partition or the whole table. */
static bool parted(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	return any_word(a, n, "rm", false) || any_word(a, n, "mklabel", false);
}

/* crontab -r: removes the user's whole crontab, with no copy kept. */
static bool crontab(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	for (size_t i = 0; i < n; i++)
		if (short_has(&a[i], 'r'))
			return true;
	return false;
}

/* iptables, ip6tables: -F / --flush / -X drop every rule of a chain or table. */
static bool firewall(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	return any_word(a, n, "-F", false) || any_word(a, n, "--flush", false) || any_word(a, n, "-X", false) ||
	       any_word(a, n, "--delete-chain", false);
}

/* nft flush ... / nft delete ...: drops rules, chains or the whole ruleset. */
static bool nft(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	return any_word(a, n, "flush", false) || any_word(a, n, "delete", false);
}

/* service NAME stop. */
static bool service(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	return n >= 2 && eq(&a[1], "stop");
}

static bool nested_words(const struct rb_shell_word *a, size_t n, int depth);

/* kubectl, oc: delete, drain, scale to zero, or exec of a destructive command. */
static bool kubectl(const struct rb_shell_word *a, size_t n, int depth)
{
	for (size_t i = 0; i < n; i++) {
		if (eq(&a[i], "--"))     /* kubectl exec POD -- COMMAND... */
			return any_word(a, i, "exec", false) && nested_words(a + i + 1, n - i - 1, depth);
		if (!is_opt(&a[i]) && (eq(&a[i], "delete") || eq(&a[i], "drain")))
			return true;
		if (eq(&a[i], "--replicas=0") || (eq(&a[i], "--replicas") && i + 1 < n && eq(&a[i + 1], "0")))
			return true;
	}
	return false;
}

/* helm: uninstall (and its aliases). */
static bool helm(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	size_t s = first_operand(a, n, " -n --namespace --kube-context --kubeconfig --registry-config ");
	return s < n && (eq(&a[s], "uninstall") || eq(&a[s], "delete") || eq(&a[s], "del") || eq(&a[s], "un"));
}

/* terraform, tofu, terragrunt: destroy, or apply -destroy. */
static bool terraform(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	size_t s = first_operand(a, n, "");
	if (s == n)
		return false;
	if (eq(&a[s], "destroy"))
		return true;
	if (eq(&a[s], "apply"))
		for (size_t i = s + 1; i < n; i++)
			if (eq(&a[i], "-destroy") || eq(&a[i], "--destroy"))
				return true;
	return false;
}

/* aws: delete-* and terminate-* operations, recursive s3 rm/mv, s3 rb, s3 sync --delete. */
static bool aws(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	for (size_t i = 0; i < n; i++)
		if (!is_opt(&a[i]) && (starts(&a[i], "delete-") || starts(&a[i], "terminate-")))
			return true;
	size_t s = first_operand(a, n, " --profile --region --output --endpoint-url --query ");
	if (s + 1 >= n || !eq(&a[s], "s3"))
		return false;
	const struct rb_shell_word *op = &a[s + 1];
	return eq(op, "rb") || ((eq(op, "rm") || eq(op, "mv")) && any_word(a, n, "--recursive", false)) ||
	       (eq(op, "sync") && any_word(a, n, "--delete", false));
}

/* docker, podman, nerdctl: rm, rmi, prune, kill. */
static bool docker(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	for (size_t i = 0; i < n; i++)
		if (!is_opt(&a[i]) && (eq(&a[i], "rm") || eq(&a[i], "rmi") || eq(&a[i], "prune") || eq(&a[i], "kill")))
			return true;
	return false;
}

/* redis-cli: FLUSHALL or FLUSHDB. */
static bool redis_cli(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	return any_word(a, n, "flushall", true) || any_word(a, n, "flushdb", true);
}

/* curl, wget, httpie: the DELETE method. */
static bool http_delete(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)depth;
	for (size_t i = 0; i < n; i++)
		if (((eq(&a[i], "-X") || eq(&a[i], "--request")) && i + 1 < n && eq_ci(&a[i + 1], "DELETE")) ||
		    eq_ci(&a[i], "-XDELETE") || eq_ci(&a[i], "--request=DELETE") || eq_ci(&a[i], "--method=DELETE") ||
		    (i == 0 && eq_ci(&a[i], "DELETE")))
			return true;
	return false;
}

/* find: -delete, or -exec of a destructive command. */
static bool find(const struct rb_shell_word *a, size_t n, int depth)
{
	for (size_t i = 0; i < n; i++) {
		if (eq(&a[i], "-delete"))
			return true;
		if (eq(&a[i], "-exec") || eq(&a[i], "-execdir") || eq(&a[i], "-ok") || eq(&a[i], "-okdir")) {
			size_t j = i + 1;
			while (j < n && !eq(&a[j], ";") && !eq(&a[j], "+"))
				j++;
			if (nested_words(a + i + 1, j - i - 1, depth))
				return true;
			i = j;
		}
	}
	return false;
}

/* Words a[from..n) joined with spaces, read as shell text (what ssh and
 * eval run). */
static bool joined_shell(const struct rb_shell_word *a, size_t from, size_t n, int depth)
{
	size_t len = 1;
	for (size_t i = from; i < n; i++)
		len += a[i].len + 1;
	char *text = malloc(len), *p = text;
	*p = '\0';
	for (size_t i = from; i < n; i++)
		p += sprintf(p, "%s%s", i > from ? " " : "", a[i].s);
	bool hit = shell_destructive(text, 0, depth + 1);
	free(text);
	return hit;
}

/* ssh HOST COMMAND...: the remote command is shell text. */
static bool ssh(const struct rb_shell_word *a, size_t n, int depth)
{
	size_t h = first_operand(a, n, " -p -i -l -o -F -J -L -R -D -W -b -c -E -e -m -O -Q -S -w -B ");
	return joined_shell(a, h + 1, n, depth);
}

/* eval WORDS...: bash joins them with spaces and runs the text. */
static bool eval_cmd(const struct rb_shell_word *a, size_t n, int depth)
{
	return joined_shell(a, 0, n, depth);
}

/* bash -c TEXT, su -c TEXT: the text is shell. */
static bool shell_c(const struct rb_shell_word *a, size_t n, int depth)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (eq(&a[i], "-c") || eq(&a[i], "--command"))
			return shell_destructive(a[i + 1].s, 0, depth + 1);
	return false;
}

/* Unknown programs: a subcommand or option that names destruction. */
static bool generic(const struct rb_shell_word *a, size_t n, int depth)
{
	static const char *const verbs[] = {"delete", "destroy", "purge", "prune", "uninstall", "drain", "wipe",
		"--force", "--hard", "--no-preserve-root", "--purge", "--delete", "--replicas=0", NULL};
	(void)depth;
	for (size_t i = 0; i < n; i++) {
		if (!strchr("dpuwt-", a[i].s[0]) || !a[i].s[0])
			continue;
		for (size_t v = 0; verbs[v]; v++)
			if (eq(&a[i], verbs[v]))
				return true;
		if (starts(&a[i], "delete-") || starts(&a[i], "terminate-"))
			return true;
	}
	return false;
}

/* Readers: their arguments are text, patterns or names, never actions. */
static bool reader(const struct rb_shell_word *a, size_t n, int depth)
{
	(void)a, (void)n, (void)depth;
	return false;
}

enum kind { K_RULE, K_WRAPPER, K_SQL_CLIENT };

/* A program rbc knows: a rule judging its arguments, a wrapper running
 * the command after its options (vals: the options that take a value;
 * operands: the plain words before the command, timeout's duration), or
 * an SQL client, whose input is read as SQL. */
struct entry {
	const char *name;      /* lower case; matched in any ASCII case */
	enum kind kind;
	judge_fn judge;
	const char *vals;
	int operands;
};

#define RULE(n, f) {n, K_RULE, f, "", 0}
#define WRAP(n, v, o) {n, K_WRAPPER, NULL, v, o}
#define SQLC(n) {n, K_SQL_CLIENT, reader, "", 0}

/* The programs, sorted by name for bsearch (a unit test checks the
 * order); mkfs* is matched by prefix in judge. Readers' arguments are
 * text, patterns or names, never actions. */
static const struct entry table[] = {
	WRAP("!", "", 0), WRAP("$", "", 0), WRAP("%", "", 0), RULE(":", reader), RULE("[", reader),
	RULE("[[", reader), RULE("ack", reader), RULE("ag", reader), RULE("alias", reader),
	RULE("alter", sql_alter), RULE("aws", aws), RULE("bash", shell_c), RULE("blkdiscard", always), SQLC("bq"),
	WRAP("builtin", "", 0), WRAP("busybox", "", 0), RULE("case", reader), RULE("cat", reader), WRAP("chroot", "", 1),
	SQLC("clickhouse-client"), SQLC("cockroach"), WRAP("command", "", 0), SQLC("cqlsh"), RULE("crontab", crontab),
	RULE("curl", http_delete), RULE("cut", reader), RULE("dash", shell_c), RULE("dd", dd),
	RULE("declare", reader), RULE("delete", sql_word), RULE("diff", reader), WRAP("do", "", 0),
	WRAP("doas", " -u -C ", 0), RULE("docker", docker), RULE("drop", sql_word), RULE("dropdb", always),
	RULE("dropuser", always), SQLC("duckdb"), RULE("echo", reader), RULE("egrep", reader), WRAP("elif", "", 0),
	WRAP("else", "", 0), WRAP("env", " -u -C -S --unset --chdir --split-string ", 0), RULE("eval", eval_cmd),
	WRAP("exec", " -a ", 0),
	RULE("export", reader), RULE("false", reader), RULE("fgrep", reader), RULE("find", find),
	WRAP("flock", " -w -E --timeout --conflict-exit-code ", 1), RULE("for", reader), RULE("function", reader),
	RULE("git", git), RULE("grep", reader), RULE("halt", always), RULE("head", reader), RULE("helm", helm),
	RULE("help", reader), RULE("history", reader), RULE("http", http_delete), RULE("https", http_delete),
	WRAP("if", "", 0), WRAP("ionice", " -c -n -p -t --class --classdata ", 0), RULE("ip6tables", firewall),
	RULE("iptables", firewall), RULE("jq", reader),
	RULE("kill", kill_cmd), RULE("killall", always), RULE("ksh", shell_c), RULE("kubectl", kubectl),
	RULE("less", reader), RULE("local", reader), RULE("logger", reader), RULE("ls", reader), RULE("lvremove", always),
	RULE("man", reader), SQLC("mariadb"), RULE("mkswap", always), RULE("more", reader), SQLC("mysql"),
	RULE("nerdctl", docker), RULE("nft", nft), WRAP("nice", " -n --adjustment ", 0), WRAP("nohup", "", 0),
	RULE("oc", kubectl), RULE("parted", parted),
	RULE("pkill", always), RULE("podman", docker), RULE("poweroff", always), RULE("printenv", reader),
	RULE("printf", reader), SQLC("psql"), RULE("pvremove", always), RULE("read", reader), RULE("readonly", reader),
	RULE("reboot", always), RULE("redis-cli", redis_cli), RULE("rg", reader), RULE("rm", rm),
	RULE("select", reader), RULE("service", service), RULE("set", reader), WRAP("setsid", "", 0),
	RULE("sh", shell_c), RULE("shred", always), RULE("shutdown", always), RULE("sort", reader), SQLC("sqlcmd"),
	SQLC("sqlite3"), RULE("ssh", ssh), RULE("stat", reader), WRAP("stdbuf", " -i -o -e ", 0),
	RULE("su", shell_c), WRAP("sudo", " -u -g -C -D -h -p -r -t -T -U --user --group ", 0),
	RULE("systemctl", systemctl), RULE("tail", reader), RULE("terraform", terraform),
	RULE("terragrunt", terraform), RULE("test", reader), WRAP("then", "", 0), WRAP("time", "", 0),
	WRAP("timeout", " -s -k --signal --kill-after ", 1), RULE("tofu", terraform), RULE("tr", reader),
	RULE("true", reader), RULE("truncate", truncate_cmd), RULE("type", reader), RULE("uniq", reader),
	RULE("unset", reader), WRAP("unshare", "", 0), WRAP("until", "", 0), RULE("vgremove", always), SQLC("vsql"), RULE("wall", reader),
	WRAP("watch", " -n -d --interval ", 0), RULE("wc", reader), RULE("wget", http_delete),
	RULE("whereis", reader), RULE("which", reader), WRAP("while", "", 0), RULE("wipefs", always),
	WRAP("xargs", " -I -i -n -P -L -l -d -s -E -e -a --max-args --max-procs ", 0), RULE("yq", reader),
	RULE("zcat", reader), RULE("zgrep", reader), RULE("zsh", shell_c), WRAP("{", "", 0),
};

/* The table entry of program word w (its path dropped, any case), or NULL. */
static const struct entry *lookup(const struct rb_shell_word *w)
{
	const char *s = base_name(w->s);
	char low[24];
	size_t n = strlen(s);
	if (n >= sizeof low)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	size_t lo = 0, hi = sizeof table / sizeof table[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(low, table[mid].name);
		if (!c)
			return &table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

bool rb_destructive_table_sorted(void)
{
	for (size_t i = 1; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i - 1].name, table[i].name) >= 0)
			return false;
	return true;
}

/* The index of the program word of the simple command a[0..n), past
 * assignments and wrappers with their options; n when there is none (or
 * it only looks a name up: command -v). *e is its table entry. */
static size_t program(const struct rb_shell_word *a, size_t n, const struct entry **e)
{
	size_t i = 0;
	*e = NULL;
	for (int guard = 0; guard < 16; guard++) {
		while (i < n && is_assignment(&a[i]))
			i++;
		if (i == n)
			return n;
		*e = lookup(&a[i]);
		if (!*e || (*e)->kind != K_WRAPPER)
			return i;
		if (!strcmp((*e)->name, "command") && i + 1 < n && (eq(&a[i + 1], "-v") || eq(&a[i + 1], "-V")))
			return n;
		size_t k = i + 1 + first_operand(a + i + 1, n - i - 1, (*e)->vals);
		i = k + (size_t)(*e)->operands < n ? k + (size_t)(*e)->operands : n;
	}
	return n;
}

/* Judge one simple command: words a[0..n) after quote removal. *sql is
 * set when it runs an SQL client (may be NULL). */
static bool judge_sql(const struct rb_shell_word *a, size_t n, int depth, bool *sql)
{
	const struct entry *e;
	size_t i = program(a, n, &e);
	if (i >= n)
		return false;
	if (sql && e && e->kind == K_SQL_CLIENT)
		*sql = true;
	if (!strncmp(a[i].s, "mkfs", 4) || !strncmp(base_name(a[i].s), "mkfs", 4))
		return true;
	return e ? e->judge(a + i + 1, n - i - 1, depth) : generic(a + i + 1, n - i - 1, depth);
}

/* judge_sql without the SQL-client answer. */
static bool judge(const struct rb_shell_word *a, size_t n, int depth)
{
	return judge_sql(a, n, depth, NULL);
}

/* A command run by another (find -exec, kubectl exec --), one level deeper. */
static bool nested_words(const struct rb_shell_word *a, size_t n, int depth)
{
	return depth < MAX_DEPTH && n > 0 && judge(a, n, depth + 1);
}

/* Block devices: writing to one destroys a disk. */
static bool is_block_device(const char *s)
{
	static const char *const devs[] = {"/dev/sd", "/dev/nvme", "/dev/vd", "/dev/xvd", "/dev/hd", "/dev/mmcblk",
		"/dev/disk", "/dev/md", "/dev/dm-", "/dev/mapper/", NULL};
	for (size_t i = 0; devs[i]; i++)
		if (!strncmp(s, devs[i], strlen(devs[i])))
			return true;
	return false;
}

/* Judge one pipeline (fn of rb_shell_read); ctx points to the depth. */
static bool judge_pipeline(void *ctx, const struct rb_shell_pipeline *p)
{
	int depth = *(const int *)ctx;
	bool sql = false;
	for (size_t i = 0; i < p->nout; i++)
		if (is_block_device(p->out[i].s))
			return true;
	for (size_t c = 0; c < p->ncmds; c++)
		if (judge_sql(p->w + p->start[c], p->start[c + 1] - p->start[c], depth, &sql))
			return true;
	for (size_t i = 0; sql && i < p->nw; i++)
		if (sql_destructive(p->w[i].s, p->w[i].len))
			return true;
	for (size_t i = 0; sql && i < p->ndata; i++)
		if (sql_destructive(p->data[i].s, p->data[i].len))
			return true;
	return false;
}

/* Shell text t (n bytes; 0: up to its NUL) at nesting depth. */
static bool shell_destructive(const char *t, size_t n, int depth)
{
	return depth <= MAX_DEPTH && rb_shell_read(t, n, judge_pipeline, &depth);
}

/* SQL-like fence languages. */
static bool lang_is_sql(const char *lang)
{
	static const char *const sql[] = {"sql", "psql", "pgsql", "plpgsql", "postgres", "postgresql", "mysql",
		"mariadb", "sqlite", "sqlite3", "plsql", "tsql", "mssql", "cql", "hql", "sparksql", NULL};
	for (size_t i = 0; sql[i]; i++)
		if ((*lang | 0x20) == sql[i][0] && !strcasecmp(lang, sql[i]))
			return true;
	return false;
}

bool rb_command_is_destructive(const char *lang, const char *text)
{
	if (lang_is_sql(lang))
		return sql_destructive(text, strlen(text));
	if ((*lang | 0x20) == 'r' && !strcasecmp(lang, "redis"))
		return redis_destructive(text);
	return shell_destructive(text, strlen(text), 0);
}
