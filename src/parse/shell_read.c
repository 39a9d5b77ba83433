/* shell_read.c: bash's reading of shell text, as much of it as judging a
 * command needs (shell_read.h): words and their quotes, operators,
 * comments, redirections, heredocs. One pass; the unquoted words go to one
 * scratch copy (on the stack for short text). */
#include "parse/shell_read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_HEREDOCS = 4 };   /* heredocs opened on one line */

struct reader_state {
	const char *t;
	size_t i, n;
	char *out;               /* scratch for unquoted words */
	size_t o;
	struct rb_shell_pipeline p;
	bool in_word, quoted_word;
	size_t word_start;
	char heredoc[MAX_HEREDOCS][64];
	bool heredoc_dash[MAX_HEREDOCS];
	size_t nheredocs;
	int pending;             /* the next word is 1: a heredoc delimiter, 2: a here-string,
				    3: an output file, 4: an input file */
	bool (*fn)(void *ctx, const struct rb_shell_pipeline *p);   /* judges each pipeline */
	void *ctx;
	bool hit;                /* fn said so: stop */
};

/* Close the word being read, if any. */
static void end_word(struct reader_state *r)
{
	if (!r->in_word)
		return;
	r->in_word = false;
	char *s = r->out + r->word_start;
	size_t len = r->o - r->word_start;
	r->out[r->o++] = '\0';
	int pending = r->pending;
	r->pending = 0;
	if (pending == 1) {
		if (r->nheredocs < MAX_HEREDOCS) {
			snprintf(r->heredoc[r->nheredocs], sizeof r->heredoc[0], "%s", s);
			r->nheredocs++;
		}
		return;
	}
	if (pending == 2) {
		if (r->p.ndata < RB_SHELL_MAX_DATA)
			r->p.data[r->p.ndata++] = (struct rb_shell_word){s, len};
		return;
	}
	if (pending == 3 && r->p.nout < RB_SHELL_MAX_DATA)
		r->p.out[r->p.nout++] = (struct rb_shell_word){s, len};
	if (pending == 0 && r->p.nw < RB_SHELL_MAX_WORDS && r->p.ncmds < RB_SHELL_MAX_CMDS)
		r->p.w[r->p.nw++] = (struct rb_shell_word){s, len};
}

/* Close the simple command being read. */
static void end_command(struct reader_state *r)
{
	end_word(r);
	if (r->p.nw > r->p.start[r->p.ncmds] && r->p.ncmds < RB_SHELL_MAX_CMDS) {
		r->p.ncmds++;
		r->p.start[r->p.ncmds] = r->p.nw;
	}
}

/* Hand the pipeline read so far to fn and start a new one. */
static void end_pipeline(struct reader_state *r)
{
	end_command(r);
	if (!r->hit && (r->p.ncmds || r->p.ndata || r->p.nout))
		r->hit = r->fn(r->ctx, &r->p);
	r->p.nw = r->p.ncmds = r->p.ndata = r->p.nout = 0;
	r->p.start[0] = 0;
}

/* Append byte c to the word being read. */
static void put(struct reader_state *r, char c)
{
	if (!r->in_word) {
		r->in_word = true;
		r->quoted_word = false;
		r->word_start = r->o;
	}
	r->out[r->o++] = c;
}

/* After a newline: read the bodies of the heredocs opened on its line. */
static void read_heredocs(struct reader_state *r)
{
	for (size_t h = 0; h < r->nheredocs; h++) {
		const char *delim = r->heredoc[h];
		size_t dl = strlen(delim), body = r->i;
		while (r->i < r->n) {
			size_t s = r->i;
			if (r->heredoc_dash[h])
				s += strspn(r->t + s, "\t");
			size_t e = s;
			while (e < r->n && r->t[e] != '\n')
				e++;
			bool last = e - s == dl && !memcmp(r->t + s, delim, dl);
			if (last && r->p.ndata < RB_SHELL_MAX_DATA)
				r->p.data[r->p.ndata++] = (struct rb_shell_word){r->t + body, r->i - body};
			r->i = e < r->n ? e + 1 : e;
			if (last)
				break;
		}
	}
	r->nheredocs = 0;
}

/* Read a quoted run starting at t[i] (a quote), appending its bytes. */
static void quoted(struct reader_state *r)
{
	const char *t = r->t;
	char q = t[r->i];
	bool ansi = q == '$';
	if (ansi)
		q = t[++r->i];
	put(r, '\0');
	r->o--;                   /* open the word even for "" */
	r->quoted_word = true;
	for (r->i++; r->i < r->n && t[r->i] != q; r->i++) {
		if (t[r->i] == '\\' && r->i + 1 < r->n && (ansi || (q == '"' && strchr("\"\\$`\n", t[r->i + 1]))))
			r->i++;
		put(r, t[r->i]);
	}
	r->i++;
}

/* At t[i] (one of < >): a redirection. Notes what the next word is. */
static void redirection(struct reader_state *r)
{
	const char *t = r->t;
	size_t n = r->n;
	char c = t[r->i];
	size_t digits = 0;        /* the out buffer is not NUL-terminated: count within the word */
	while (r->word_start + digits < r->o && r->out[r->word_start + digits] >= '0' &&
	       r->out[r->word_start + digits] <= '9')
		digits++;
	if (r->in_word && digits == r->o - r->word_start) {
		r->in_word = false;     /* 2>: the fd number is not a word */
		r->o = r->word_start;
	}
	end_word(r);
	if (c == '<' && r->i + 2 < n && t[r->i + 1] == '<' && t[r->i + 2] == '<') {
		r->pending = 2;
		r->i += 3;
	} else if (c == '<' && r->i + 1 < n && t[r->i + 1] == '<') {
		r->i += 2;
		bool dash = r->i < n && t[r->i] == '-';
		r->i += dash;
		if (r->nheredocs < MAX_HEREDOCS)
			r->heredoc_dash[r->nheredocs] = dash;
		r->pending = 1;
	} else {
		r->pending = c == '>' ? 3 : 4;
		r->i++;
		while (r->i < n && (t[r->i] == '>' || t[r->i] == '&' || t[r->i] == '|'))
			r->i++;
	}
	while (r->i < n && (t[r->i] == ' ' || t[r->i] == '\t'))
		r->i++;
}

bool rb_shell_read(const char *t, size_t n, bool (*fn)(void *ctx, const struct rb_shell_pipeline *p), void *ctx)
{
	if (!n)
		n = strlen(t);
	struct reader_state r;
	r.t = t, r.i = 0, r.n = n, r.o = 0, r.fn = fn, r.ctx = ctx, r.hit = false;
	r.in_word = r.quoted_word = false;
	r.nheredocs = 0, r.pending = 0;
	r.p.nw = r.p.ncmds = r.p.ndata = r.p.nout = 0, r.p.start[0] = 0;
	char small[4096];        /* the unquoted words: at most 2 bytes per byte of text */
	r.out = 2 * n + 2 <= sizeof small ? small : malloc(2 * n + 2);
	while (r.i < n && !r.hit) {
		char c = t[r.i];
		switch (c) {
		case '\\':
			if (r.i + 1 < n && t[r.i + 1] != '\n')
				put(&r, t[r.i + 1]);
			r.i += 2;
			break;
		case '\'':
		case '"':
			quoted(&r);
			break;
		case '#':
			if (r.in_word) {
				put(&r, c);
				r.i++;
			} else {
				while (r.i < n && t[r.i] != '\n')
					r.i++;
			}
			break;
		case ' ':
		case '\t':
		case '\r':
			end_word(&r);
			r.i++;
			break;
		case '\n':
			end_word(&r);
			r.i++;
			read_heredocs(&r);
			end_pipeline(&r);
			break;
		case '<':
		case '>':
			redirection(&r);
			break;
		case '|':
			if (r.i + 1 >= n || t[r.i + 1] != '|') {   /* a pipe: the pipeline goes on */
				end_command(&r);
				r.i += r.i + 1 < n && t[r.i + 1] == '&' ? 2 : 1;
				break;
			}
			/* || ends the pipeline, as ; does */
			/* fall through */
		case ';':
		case '&':
			end_pipeline(&r);
			r.i += r.i + 1 < n && t[r.i + 1] == c ? 2 : 1;
			break;
		case '(':
		case ')':
		case '`':
			end_pipeline(&r);
			r.i++;
			break;
		case '$':
			if (r.i + 1 < n && t[r.i + 1] == '\'') {
				quoted(&r);
				break;
			}
			if (r.i + 1 < n && t[r.i + 1] == '(') {
				end_pipeline(&r);
				r.i += 2;
				break;
			}
			/* fall through */
		default:
			put(&r, c);
			r.i++;
		}
	}
	if (!r.hit)
		end_pipeline(&r);
	if (r.out != small)
		free(r.out);
	return r.hit;
}

