/* script_scan.c: what a shell command needs before it can run. A small
 * quote-aware scanner finds the variables a command reads (minus those it
 * assigns and bash's own), the placeholders it holds (<snapshot-id>,
 * YOUR_TOKEN) and the programs it calls (first word of each simple
 * command). It errs towards asking: a false parameter costs one export. */
#include "render/render_script.h"
#include <ctype.h>
#include <string.h>

/* Variables bash or the login environment always provides. */
static const char *const specials[] = {
	"HOME", "PATH", "PWD", "OLDPWD", "USER", "LOGNAME", "SHELL", "RANDOM", "SECONDS", "LINENO",
	"HOSTNAME", "UID", "EUID", "PPID", "BASHPID", "IFS", "TERM", "TMPDIR", "LANG", "LC_ALL",
	"BASH", "BASH_VERSION", "OSTYPE", "HOSTTYPE", "SHLVL", "PIPESTATUS", "BASH_SOURCE",
	"FUNCNAME", "EPOCHSECONDS", "EPOCHREALTIME", "REPLY", "OPTARG", "OPTIND", "COLUMNS",
	"LINES", "EDITOR", "PAGER", "BASH_REMATCH", "GROUPS", "MACHTYPE", "SRANDOM", "DISPLAY"};

/* Shell builtins: not programs to look for on PATH; their arguments are
 * not commands either. */
static const char *const builtins[] = {
	".", ":", "[", "[[", "alias", "bg", "break", "builtin", "cd", "continue", "declare", "dirs",
	"disown", "echo", "enable", "eval", "exit", "export", "false", "fg", "getopts", "hash",
	"help", "history", "jobs", "kill", "let", "local", "logout", "mapfile", "popd", "printf",
	"pushd", "pwd", "read", "readarray", "readonly", "return", "set", "shift", "shopt", "source",
	"test", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset",
	"wait", "fi", "done", "esac", "]]", "}"};

/* Keywords and wrappers: the next word is the command. */
static const char *const prefixes[] = {
	"if", "then", "else", "elif", "do", "while", "until", "time", "!", "{", "exec", "command",
	"nohup", "sudo", "env", "nice", "xargs", "timeout", "watch"};

/* Keywords after which the segment is not a command (loop heads, case). */
static const char *const skip_segment[] = {"for", "case", "select", "function", "in"};

static bool in_list(const char *const *list, size_t n, const char *w, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], w, len))
			return true;
	return false;
}
#define IN(list, w, len) in_list(list, sizeof list / sizeof list[0], w, len)

static bool is_name_start(int c) { return isalpha(c) || c == '_'; }
static bool is_name_char(int c) { return isalnum(c) || c == '_'; }

/* Add a parameter (name, placeholder) unless the same pair is there. */
void rb_script_add_param(struct rb_arena *a, struct rb_script_needs *n, const char *name, const char *ph)
{
	for (size_t i = 0; i < n->nparams; i++)
		if (!strcmp(n->params[i], name) && !strcmp(n->placeholders[i], ph))
			return;
	if (n->nparams == n->capparams) {
		size_t cap = n->capparams ? 2 * n->capparams : 8;
		const char **p = rb_arena_alloc(a, cap * sizeof *p), **q = rb_arena_alloc(a, cap * sizeof *q);
		if (n->nparams) {
			memcpy(p, n->params, n->nparams * sizeof *p);
			memcpy(q, n->placeholders, n->nparams * sizeof *q);
		}
		n->params = p;
		n->placeholders = q;
		n->capparams = cap;
	}
	n->params[n->nparams] = rb_arena_strdup(a, name);
	n->placeholders[n->nparams++] = rb_arena_strdup(a, ph);
}

/* Add a tool name unless it is there already. */
void rb_script_add_tool(struct rb_arena *a, struct rb_script_needs *n, const char *w, size_t len)
{
	for (size_t i = 0; i < n->ntools; i++)
		if (strlen(n->tools[i]) == len && !memcmp(n->tools[i], w, len))
			return;
	if (n->ntools == n->captools) {
		size_t cap = n->captools ? 2 * n->captools : 8;
		const char **p = rb_arena_alloc(a, cap * sizeof *p);
		if (n->ntools)
			memcpy(p, n->tools, n->ntools * sizeof *p);
		n->tools = p;
		n->captools = cap;
	}
	n->tools[n->ntools++] = rb_arena_strndup(a, w, len);
}

/* True when NAME (len bytes) is assigned somewhere in text: NAME= at a
 * word start, or NAME after for/read/export/local/declare/readonly. */
static bool is_assigned(const char *text, const char *name, size_t len)
{
	static const char *const heads[] = {"for ", "read ", "read -r ", "export ", "local ",
		"declare ", "readonly ", "read -rp ", "typeset "};
	for (const char *p = text; (p = strstr(p, name)); p++) {
		bool start = p == text || strchr(" \t\n;&|(", p[-1]);
		if (start && p[len] == '=')
			return true;
		if (p > text && is_name_char((unsigned char)p[-1]))
			continue;
		for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++) {
			size_t hl = strlen(heads[h]);
			if ((size_t)(p - text) >= hl && !memcmp(p - hl, heads[h], hl) &&
			    !is_name_char((unsigned char)p[len]))
				return true;
		}
	}
	return false;
}

/* The parameter name of placeholder text: "<snapshot-id>" → SNAPSHOT_ID. */
static const char *placeholder_name(struct rb_arena *a, const char *p, size_t len)
{
	char *s = rb_arena_strndup(a, p, len);
	for (char *q = s; *q; q++)
		*q = is_name_char((unsigned char)*q) ? (char)toupper((unsigned char)*q) : '_';
	return s;
}

/* A variable reference at text[i] == '$': add it when required. Returns
 * the index after the name. */
static size_t scan_var(struct rb_arena *a, const char *text, size_t i, struct rb_script_needs *n)
{
	size_t j = i + 1;
	bool brace = text[j] == '{';
	if (brace)
		j++;
	if (!is_name_start((unsigned char)text[j]))
		return j;
	size_t s = j;
	while (is_name_char((unsigned char)text[j]))
		j++;
	if (brace) {
		/* ${X:-d}, ${X-d}, ${X:=d}, ${X+d}...: has a default, not required */
		char c = text[j], d = c ? text[j + 1] : '\0';
		if (c == '-' || c == '=' || c == '+' || c == '?' ||
		    (c == ':' && (d == '-' || d == '=' || d == '+' || d == '?')))
			return j;
	}
	size_t len = j - s;
	char *name = rb_arena_strndup(a, text + s, len);
	if (IN(specials, name, len) || is_assigned(text, name, len))
		return j;
	rb_script_add_param(a, n, name, "");
	return j;
}

/* Placeholders outside single quotes too: <lower-kebab> and YOUR_X. */
static void scan_placeholders(struct rb_arena *a, const char *text, struct rb_script_needs *n)
{
	for (const char *p = text; *p; p++) {
		if (*p == '<' && p[1] != '<' && (p == text || p[-1] != '<') && isalpha((unsigned char)p[1])) {
			const char *q = p + 1;
			while (isalnum((unsigned char)*q) || *q == '-' || *q == '_')
				q++;
			if (*q == '>' && q[1] != '>') {
				const char *ph = rb_arena_strndup(a, p, (size_t)(q - p + 1));
				rb_script_add_param(a, n, placeholder_name(a, p + 1, (size_t)(q - p - 1)), ph);
				p = q;
			}
		} else if (!strncmp(p, "YOUR_", 5) && (p == text || !strchr("${_", p[-1])) &&
			   (p == text || !isalnum((unsigned char)p[-1]))) {
			const char *q = p + 5;
			while (isupper((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '_')
				q++;
			if (q > p + 5) {
				const char *ph = rb_arena_strndup(a, p, (size_t)(q - p));
				rb_script_add_param(a, n, ph, ph);
				p = q - 1;
			}
		}
	}
}

/* The end of the word at text[i] (quotes inside a word are skipped). */
static size_t word_end(const char *t, size_t i)
{
	while (t[i] && !strchr(" \t\n;&|()`<>", t[i])) {
		if (t[i] == '\\' && t[i + 1])
			i++;
		else if (t[i] == '\'' || t[i] == '"') {
			char q = t[i++];
			while (t[i] && t[i] != q)
				i += (q == '"' && t[i] == '\\' && t[i + 1]) ? 2 : 1;
			if (!t[i])
				return i;
		}
		i++;
	}
	return i;
}

/* The command word of the simple command starting at text[i]: skips
 * assignments, keywords and wrappers; adds it as a tool when it looks
 * like a program name. */
static void scan_command_word(struct rb_arena *a, const char *t, size_t i, struct rb_script_needs *n)
{
	for (int guard = 0; guard < 16; guard++) {
		while (t[i] == ' ' || t[i] == '\t')
			i++;
		size_t e = word_end(t, i), len = e - i;
		if (!len)
			return;
		const char *w = t + i;
		const char *eq = memchr(w, '=', len);
		bool assign = eq && eq > w && is_name_start((unsigned char)*w);
		for (const char *q = w; assign && q < eq; q++)
			assign = is_name_char((unsigned char)*q);
		if (IN(builtins, w, len) || IN(skip_segment, w, len))
			return;
		if (assign || *w == '-' || IN(prefixes, w, len)) {
			if (len == 4 && !memcmp(w, "sudo", 4))
				rb_script_add_tool(a, n, w, len);
			if (len == 2 && !memcmp(w, "-u", 2)) {   /* sudo -u USER */
				i = word_end(t, e + strspn(t + e, " \t"));
				continue;
			}
			i = e;
			continue;
		}
		if (t[e] == ')')
			return;   /* a case pattern */
		for (size_t k = 0; k < len; k++)
			if (!isalnum((unsigned char)w[k]) && !strchr("_.+-", w[k]))
				return;   /* paths, $VAR, quoted words: not checked */
		if (strspn(w, "0123456789") == len) {   /* timeout 30 CMD */
			i = e;
			continue;
		}
		rb_script_add_tool(a, n, w, len);
		return;
	}
}

/* After "<<" at t[i]: the heredoc delimiter into delim; returns the index
 * after it. */
static size_t heredoc_delim(const char *t, size_t i, char *delim, size_t cap, bool *dash)
{
	i += 2;
	*dash = t[i] == '-';
	if (*dash)
		i++;
	while (t[i] == ' ' || t[i] == '\t')
		i++;
	size_t j = 0;
	while (t[i] && !strchr(" \t\n;&|()<>", t[i])) {
		if (t[i] != '\'' && t[i] != '"' && t[i] != '\\' && j + 1 < cap)
			delim[j++] = t[i];
		i++;
	}
	delim[j] = '\0';
	return i;
}

/* Skip heredoc bodies from the line after t[i] (a newline); returns the
 * index of the newline ending the delimiter line. */
static size_t skip_heredoc(const char *t, size_t i, const char *delim, bool dash)
{
	size_t dl = strlen(delim);
	while (t[i] == '\n') {
		size_t s = i + 1;
		if (dash)
			s += strspn(t + s, "\t");
		size_t e = s + strcspn(t + s, "\n");
		i = e;
		if (e - s == dl && !memcmp(t + s, delim, dl))
			return i;
	}
	return i;
}

void rb_script_scan(struct rb_arena *a, const char *t, struct rb_script_needs *n)
{
	bool cmd_start = true, dq = false;
	char delim[64] = "";
	bool dash = false;
	scan_placeholders(a, t, n);
	for (size_t i = 0; t[i];) {
		char c = t[i];
		if (cmd_start && !dq && c != ' ' && c != '\t' && c != '\n') {
			cmd_start = false;
			if (c == '#') {
				i += strcspn(t + i, "\n");
				continue;
			}
			scan_command_word(a, t, i, n);
		}
		if (c == '\\' && t[i + 1]) {
			i += 2;
		} else if (c == '\'' && !dq) {
			const char *q = strchr(t + i + 1, '\'');
			i = q ? (size_t)(q - t) + 1 : strlen(t);
		} else if (c == '"') {
			dq = !dq;
			i++;
		} else if (c == '$' && t[i + 1] == '(' && t[i + 2] != '(') {
			scan_command_word(a, t, i + 2, n);
			i += 2;
		} else if (c == '$') {
			i = scan_var(a, t, i, n);
		} else if (dq) {
			i++;
		} else if (c == '<' && t[i + 1] == '<' && t[i + 2] != '<') {
			i = heredoc_delim(t, i, delim, sizeof delim, &dash);
		} else if (c == '#' && i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t')) {
			i += strcspn(t + i, "\n");
		} else {
			if (c == '\n' && delim[0]) {
				i = skip_heredoc(t, i, delim, dash);
				delim[0] = '\0';
				continue;
			}
			if (strchr("\n;&|(`", c))
				cmd_start = true;
			i++;
		}
	}
}
