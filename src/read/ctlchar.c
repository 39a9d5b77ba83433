/* ctlchar.c: find, name, report and write out the characters of
 * ctlchar.h. The scan looks at one byte per character and decodes only
 * the few lead bytes that can start one (C2, E2, EF), so a book without
 * them costs one pass. One finding per line is enough to find them all. */
#include "read/ctlchar.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_REPORTS = 20 };   /* per file: a file full of escapes is said once, not 10,000 times */

enum rb_ctl_class rb_ctl_at(const char *str, size_t n, unsigned *cp, size_t *len)
{
	const unsigned char *s = (const unsigned char *)str;
	*len = 1;
	*cp = s[0];
	if (s[0] < 0x20)
		return s[0] == '\t' || s[0] == '\n' || s[0] == 0 ? RB_CTL_NONE : RB_CTL_CONTROL;
	if (s[0] == 0x7f)
		return RB_CTL_CONTROL;
	if (s[0] == 0xC2 && n >= 2 && s[1] >= 0x80 && s[1] <= 0x9F) {
		*len = 2;
		*cp = s[1];
		return RB_CTL_CONTROL;
	}
	if ((s[0] != 0xE2 && s[0] != 0xEF) || n < 3)
		return RB_CTL_NONE;
	unsigned c = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
	enum rb_ctl_class k = (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ? RB_CTL_BIDI
			      : (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF ? RB_CTL_ZERO_WIDTH
			      : RB_CTL_NONE;
	if (k) {
		*len = 3;
		*cp = c;
	}
	return k;
}

/* The bytes that may start a character of some class: C0 but tab and
 * newline, DEL, and the lead bytes C2, E2 and EF. */
static const unsigned char starts[256] = {
	[0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1, [0x08] = 1,
	[0x0B] = 1, [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1,
	[0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1,
	[0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [0x7F] = 1, [0xC2] = 1, [0xE2] = 1,
	[0xEF] = 1,
};

/* The high bit of each byte of v that is zero, exactly. */
static uint64_t zero_bytes(uint64_t v)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7Fu;
	return ~(((v & low7) + low7) | v | low7);
}

/* True when the 8 bytes at p are printable ASCII, tab or newline: none
 * can start a character of a class (the usual text). */
static bool word_is_plain(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t x;
	memcpy(&x, p, sizeof x);
	if (x & highs)
		return false;
	uint64_t below = ~(x + 0x60 * ones) & highs;   /* bytes < 0x20: no carry, all are < 0x80 */
	below &= ~zero_bytes(x ^ ('\n' * ones)) & ~zero_bytes(x ^ ('\t' * ones));
	return !(below | zero_bytes(x ^ (0x7F * ones)));
}

size_t rb_ctl_find(const char *str, size_t n, unsigned mask)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		if (i + 8 <= n && word_is_plain(s + i)) {   /* the usual text: 8 bytes a step */
			i += 8;
			continue;
		}
		for (size_t end = i + 8 < n ? i + 8 : n; i < end; i++) {
			unsigned cp;
			size_t len;
			if (starts[s[i]] && (rb_ctl_at(str + i, n - i, &cp, &len) & mask))
				return i;
		}
	}
	return n;
}

const char *rb_ctl_name(unsigned cp)
{
	static const char *const c0[32] = {"null", "start of heading", "start of text", "end of text",
		"end of transmission", "enquiry", "acknowledge", "bell", "backspace", "tab", "line feed",
		"vertical tab", "form feed", "carriage return", "shift out", "shift in", "data link escape",
		"device control 1", "device control 2", "device control 3", "device control 4",
		"negative acknowledge", "synchronous idle", "end of transmission block", "cancel",
		"end of medium", "substitute", "escape", "file separator", "group separator",
		"record separator", "unit separator"};
	static const char *const bidi[] = {"left-to-right embedding", "right-to-left embedding",
		"pop directional formatting", "left-to-right override", "right-to-left override"};
	static const char *const isolates[] = {"left-to-right isolate", "right-to-left isolate",
		"first strong isolate", "pop directional isolate"};
	static const char *const zw[] = {"zero-width space", "zero-width non-joiner", "zero-width joiner"};
	if (cp < 32)
		return c0[cp];
	if (cp == 0x7f)
		return "delete";
	if (cp == 0x9b)
		return "C1 control sequence introducer";
	if (cp >= 0x80 && cp <= 0x9f)
		return "C1 control";
	if (cp >= 0x202A && cp <= 0x202E)
		return bidi[cp - 0x202A];
	if (cp >= 0x2066 && cp <= 0x2069)
		return isolates[cp - 0x2066];
	if (cp >= 0x200B && cp <= 0x200D)
		return zw[cp - 0x200B];
	return cp == 0x2060 ? "word joiner" : cp == 0xFEFF ? "zero-width no-break space (byte-order mark)" : "character";
}

/* One finding at loc for code point cp; in_command picks the message. */
static void report(struct rb_build *b, struct rb_loc loc, unsigned cp, enum rb_ctl_class k, bool in_command,
		   unsigned *count)
{
	if (++*count > MAX_REPORTS)
		return;
	enum rb_code code = k == RB_CTL_ZERO_WIDTH ? RB_D_ZERO_WIDTH : in_command ? RB_D_CONTROL_CHAR_CMD
											 : RB_D_CONTROL_CHAR;
	rb_diag(b, code, loc, "U+%04X %s%s", cp, rb_ctl_name(cp),
		*count == MAX_REPORTS ? "; further ones in this file are not reported" : "");
}

/* A fenced command's code lines, as file lines first..last. */
struct range {
	unsigned first, last;
};

/* qsort order of ranges: by first line. */
static int cmp_range(const void *x, const void *y)
{
	const struct range *a = x, *b = y;
	return a->first < b->first ? -1 : a->first > b->first;
}

/* The code lines of every command of rb, sorted; *n their number. */
static struct range *command_ranges(const struct rb_runbook *rb, size_t *n)
{
	size_t cap = 16;
	struct range *r = malloc(cap * sizeof *r);
	*n = 0;
	for (size_t i = 0; i < rb->nscenarios; i++) {
		const struct rb_scenario *sc = &rb->scenarios[i];
		for (size_t j = 0; j < sc->nsections; j++)
			for (size_t k = 0; sc->sections[j].steps && k < sc->sections[j].nsteps; k++) {
				const struct rb_step *st = &sc->sections[j].steps[k];
				for (size_t c = 0; c < st->ncommands; c++) {
					const struct rb_command *cmd = &st->commands[c];
					unsigned lines = 0;
					for (const char *p = cmd->text; (p = strchr(p, '\n')); p++)
						lines++;
					if (*n == cap)
						r = realloc(r, (cap *= 2) * sizeof *r);
					r[(*n)++] = (struct range){cmd->loc.line + 1, cmd->loc.line + (lines ? lines : 1)};
				}
			}
	}
	qsort(r, *n, sizeof *r, cmp_range);
	return r;
}

/* Count the line ends in s[from..to) into *line, and where the last line
 * starts into *line_start; a lone CR ends a line, as for cmark and libyaml. */
static void count_lines(const char *s, size_t from, size_t to, unsigned *line, size_t *line_start)
{
	for (size_t i = from; i < to; i++)
		if (s[i] == '\n' || s[i] == '\r')
			++*line, *line_start = i + 1;
}

/* YAML runbooks: their commands' bidi and zero-width characters, at the
 * command (their control characters were reported as YAML scalars). */
static void check_yaml_commands(struct rb_build *b, const struct rb_runbook *rb)
{
	unsigned count = 0;
	for (size_t i = 0; i < rb->nscenarios; i++) {
		const struct rb_scenario *sc = &rb->scenarios[i];
		for (size_t j = 0; j < sc->nsections; j++)
			for (size_t k = 0; sc->sections[j].steps && k < sc->sections[j].nsteps; k++) {
				const struct rb_step *st = &sc->sections[j].steps[k];
				for (size_t c = 0; c < st->ncommands; c++) {
					const char *t = st->commands[c].text;
					size_t n = strlen(t), at = rb_ctl_find(t, n, RB_CTL_BIDI | RB_CTL_ZERO_WIDTH);
					unsigned cp;
					size_t len;
					if (at == n)
						continue;
					enum rb_ctl_class kind = rb_ctl_at(t + at, n - at, &cp, &len);
					report(b, st->commands[c].loc, cp, kind, true, &count);
				}
			}
	}
}

void rb_ctl_check_runbook(struct rb_build *b, const struct rb_runbook *rb)
{
	const char *s = rb->body;
	size_t n = rb->body_len;
	if (!s || rb_ctl_find(s, n, RB_CTL_ALL) == n)
		return;          /* the usual case: nothing to say */
	if (rb->format == RB_FMT_YAML) {
		check_yaml_commands(b, rb);
		return;
	}
	size_t nr, r = 0;
	struct range *ranges = command_ranges(rb, &nr);
	unsigned line = rb->body_line, count = 0, said = 0;   /* said: the last line reported */
	size_t line_start = 0, scanned = 0;
	for (size_t at; (at = rb_ctl_find(s + scanned, n - scanned, RB_CTL_ALL) + scanned) < n;) {
		count_lines(s, scanned, at, &line, &line_start);
		unsigned cp;
		size_t len;
		enum rb_ctl_class k = rb_ctl_at(s + at, n - at, &cp, &len);
		while (r < nr && ranges[r].last < line)
			r++;
		bool in_command = r < nr && ranges[r].first <= line;
		if ((k == RB_CTL_CONTROL || in_command) && said != line && (said = line))
			report(b, (struct rb_loc){rb->file, line, (unsigned)(at - line_start) + 1}, cp, k, in_command,
			       &count);
		if (cp == '\r')
			line++, line_start = at + 1;
		scanned = at + len;
	}
	free(ranges);
}

bool rb_ctl_check_yaml_text(struct rb_build *b, const char *file, const char *text, size_t len,
			    unsigned line_offset)
{
	unsigned line = 1 + line_offset, count = 0, said = 0;
	size_t line_start = 0, scanned = 0;
	for (size_t at; (at = rb_ctl_find(text + scanned, len - scanned, RB_CTL_CONTROL) + scanned) < len;) {
		count_lines(text, scanned, at, &line, &line_start);
		unsigned cp;
		size_t l;
		rb_ctl_at(text + at, len - at, &cp, &l);
		if (said != line && (said = line))
			report(b, (struct rb_loc){file, line, (unsigned)(at - line_start) + 1}, cp, RB_CTL_CONTROL,
			       false, &count);
		if (cp == '\r')
			line++, line_start = at + 1;
		scanned = at + l;
	}
	return said == 0;
}

void rb_ctl_check_scalar(struct rb_build *b, struct rb_loc loc, const char *s, size_t n)
{
	size_t at = rb_ctl_find(s, n, RB_CTL_CONTROL);
	if (at == n)
		return;
	unsigned cp, count = 0;
	size_t len;
	rb_ctl_at(s + at, n - at, &cp, &len);
	report(b, loc, cp, RB_CTL_CONTROL, false, &count);
}
