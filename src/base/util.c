/* util.c: durations, dates, slugs, UTF-8 checks and string distance. */
#include "base/util.h"
#include "base/buf.h"
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

struct unit { const char *name; long secs; };
static const struct unit units[] = {
	{"seconds", 1}, {"second", 1}, {"secs", 1}, {"sec", 1}, {"s", 1},
	{"minutes", 60}, {"minute", 60}, {"mins", 60}, {"min", 60}, {"m", 60},
	{"hours", 3600}, {"hour", 3600}, {"hrs", 3600}, {"hr", 3600}, {"h", 3600},
	{"days", 86400}, {"day", 86400}, {"d", 86400},
	{"weeks", 604800}, {"week", 604800}, {"wks", 604800}, {"wk", 604800}, {"w", 604800},
};

/* Match a unit word at p (case-insensitive, whole word); 0 when none. */
static long match_unit(const char **pp)
{
	const char *p = *pp;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t n = strlen(units[i].name);
		if (strncasecmp(p, units[i].name, n) == 0 && !isalpha((unsigned char)p[n])) {
			*pp = p + n;
			return units[i].secs;
		}
	}
	return 0;
}

/* Read a number (digits with an optional fraction); false when none. */
static bool read_number(const char **pp, double *v)
{
	const char *p = *pp;
	if (!isdigit((unsigned char)*p))
		return false;
	double x = 0;
	while (isdigit((unsigned char)*p)) {
		x = x * 10 + (*p - '0');
		if (x > 1e9)
			return false;
		p++;
	}
	if (*p == '.' && isdigit((unsigned char)p[1])) {
		double scale = 0.1;
		for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
			x += (*p - '0') * scale;
	}
	*v = x;
	*pp = p;
	return true;
}

/* A term is "N unit" repeated ("1h30m", "1 hour 30 minutes"). A bare number
 * sets *bare and leaves its value for the caller to scale. */
static bool read_term(const char **pp, double *secs, bool *bare, long *unit)
{
	const char *p = *pp;
	double total = 0, v;
	bool any = false;
	*bare = false;
	*unit = 0;
	while (read_number(&p, &v)) {
		const char *q = skip_space(p);
		long u = match_unit(&q);
		if (!u) {
			if (any)
				return false;
			*bare = true;
			total = v;
			p = q;
			any = true;
			break;
		}
		total += v * (double)u;
		*unit = u;
		any = true;
		p = skip_space(q);
		if (*p == ',' )
			break;
	}
	if (!any)
		return false;
	*secs = total;
	*pp = p;
	return true;
}

bool rb_parse_duration(const char *s, long *lo, long *hi)
{
	if (!s)
		return false;
	const char *p = skip_space(s);
	bool upto = false;
	if (*p == '<') {
		upto = true;
		p++;
		if (*p == '=')
			p++;
	} else if (strncmp(p, "\u2264", 3) == 0) {
		upto = true;
		p += 3;
	} else if (strncasecmp(p, "up to ", 6) == 0) {
		upto = true;
		p += 6;
	} else if (*p == '~') {
		p++;
	}
	p = skip_space(p);
	double a, b = 0;
	long aunit, bunit = 0;
	bool abare, bbare = false, range = false;
	if (!read_term(&p, &a, &abare, &aunit))
		return false;
	p = skip_space(p);
	if (*p == '-' || strncmp(p, "\u2013", 3) == 0 || strncasecmp(p, "to ", 3) == 0) {
		p += (*p == '-') ? 1 : 3;
		p = skip_space(p);
		if (!read_term(&p, &b, &bbare, &bunit) || bbare)
			return false;
		range = true;
	}
	p = skip_space(p);
	if (*p != '\0')
		return false;
	if (abare) {
		/* "10-15 minutes": the unit of the upper end applies to both. */
		if (!range)
			return false;
		a *= (double)bunit;
	}
	if ((upto && range) || !(a <= RB_MAX_DURATION_SECS) || !(b <= RB_MAX_DURATION_SECS))
		return false;   /* also keeps the conversions below defined */
	if (upto) {
		*lo = 0;
		*hi = (long)a;
	} else if (range) {
		*lo = (long)a;
		*hi = (long)b;
		if (*lo > *hi)
			return false;
	} else {
		*lo = *hi = (long)a;
	}
	return true;
}

void rb_format_duration(long secs, char *out, size_t n)
{
	if (secs == 0) {
		snprintf(out, n, "0m");
	} else if (secs % 86400 == 0) {
		snprintf(out, n, "%ldd", secs / 86400);
	} else if (secs % 3600 == 0) {
		snprintf(out, n, "%ldh", secs / 3600);
	} else if (secs >= 3600 && secs % 60 == 0) {
		snprintf(out, n, "%ldh%ldm", secs / 3600, (secs % 3600) / 60);
	} else if (secs % 60 == 0) {
		snprintf(out, n, "%ldm", secs / 60);
	} else {
		snprintf(out, n, "%lds", secs);
	}
}

/* Howard Hinnant's days-from-civil algorithm (proleptic Gregorian). */
long rb_days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

void rb_civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

static bool is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool rb_parse_date(const char *s, long *days)
{
	if (!s)
		return false;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (!isdigit((unsigned char)s[i])) {
			return false;
		}
	}
	if (s[10] != '\0')
		return false;
	long y = atol(s);
	unsigned m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	unsigned d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1)
		return false;
	unsigned max = mdays[m - 1] + (m == 2 && is_leap(y));
	if (d > max)
		return false;
	*days = rb_days_from_civil(y, m, d);
	return true;
}

void rb_format_date(long days, char *out, size_t n)
{
	long y;
	unsigned m, d;
	rb_civil_from_days(days, &y, &m, &d);
	snprintf(out, n, "%04ld-%02u-%02u", y, m, d);
}

bool rb_parse_amount(const char *s, long *out)
{
	static const char suffix[] = "kKMG";
	static const int shift[] = {10, 10, 20, 30};
	long x = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (x > (LONG_MAX - 9) / 10)
			return false;
		x = x * 10 + (*p - '0');
	}
	const char *k = *p ? strchr(suffix, *p) : NULL;
	if (k) {
		int sh = shift[k - suffix];
		if (x > LONG_MAX >> sh)
			return false;
		x <<= sh;
		p++;
	}
	if (p == s || *p || x <= 0)
		return false;
	*out = x;
	return true;
}

long rb_today(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long t;
	if (sde && *sde) {
		char *end;
		t = strtoll(sde, &end, 10);
		if (*end != '\0')
			t = (long long)time(NULL);
	} else {
		t = (long long)time(NULL);
	}
	long long days = t / 86400;
	if (t < 0 && t % 86400)
		days--;
	return (long)days;
}

char *rb_slug(struct rb_arena *a, const char *text)
{
	size_t n = strlen(text);
	char *out = rb_arena_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c >= 0x80) {
			out[j++] = (char)c;     /* keep UTF-8 letters as GitHub does */
		} else if (isalnum(c)) {
			out[j++] = (char)tolower(c);
		} else if (c == ' ') {
			out[j++] = '-';
		} else if (c == '-' || c == '_') {
			out[j++] = (char)c;
		}
	}
	out[j] = '\0';
	return out;
}

bool rb_is_plain_id(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
			return false;
	return true;
}

char *rb_file_component(struct rb_arena *a, const char *id)
{
	const unsigned char *p = (const unsigned char *)(id && *id ? id : "unnamed");
	/* a character of k >= 2 bytes becomes at most 7 bytes (u10ffff), never more than 3k */
	char *s = rb_arena_alloc(a, 3 * strlen((const char *)p) + 1), *o = s;
	while (*p) {
		unsigned char c = *p;
		/* the sequence's length from its lead byte; 0 for a stray byte */
		size_t len = c < 0x80 ? 1 : c >= 0xF8 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0, k = 1;
		unsigned cp = c & (0x7Fu >> len);   /* the lead byte's payload bits */
		while (k < len && (p[k] & 0xC0) == 0x80)
			cp = cp << 6 | (p[k++] & 0x3Fu);
		if (len == 1 && (isalnum(c) || strchr("._-", c))) {
			*o++ = (char)c;
		} else if (len < 2 || k < len) {
			*o++ = '-';     /* other ASCII, or not UTF-8 (load refuses it): one byte */
			len = 1;
		} else {
			o += snprintf(o, 8, "u%04x", cp);
		}
		p += len;
	}
	*o = '\0';
	if (*s == '.')
		*s = '_';
	return s;
}

size_t rb_skip_ascii8(const char *s, size_t i, size_t n)
{
	uint64_t w;
	while (n - i >= 8 && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ull)))
		i += 8;
	return i;
}

size_t rb_utf8_decode(const char *str, size_t n, unsigned *cp_out)
{
	const unsigned char *s = (const unsigned char *)str;
	if (!n)
		return 0;
	unsigned char c = s[0];
	size_t len;
	unsigned cp;
	if (c < 0x80) {
		len = 1;
		cp = c;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp_out)
		*cp_out = cp;
	return len;
}

size_t rb_utf8_invalid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while ((i = rb_skip_ascii8(str, i, n)) < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		size_t len = rb_utf8_decode(str + i, n - i, NULL);
		if (!len)
			return i;
		i += len;
	}
	return (size_t)-1;
}

unsigned rb_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return 100;
	unsigned d[66][66];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			unsigned cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			unsigned v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[n][m];
}

/* True when word (at least 3 bytes) abbreviates cand ("Sev" for
 * "Severity"), or cand is word's first part ("reviewed_on", "RTO target"). */
static bool is_prefix_match(const char *word, size_t wl, const char *cand)
{
	size_t cl = strlen(cand);
	if (wl >= 3 && wl < cl && strncasecmp(cand, word, wl) == 0)
		return true;
	return cl >= 3 && cl < wl && strncasecmp(word, cand, cl) == 0 && !isalnum((unsigned char)word[cl]);
}

const char *rb_nearest(const char *word, const char *const *cands, size_t n)
{
	/* A typo is a slip of a letter, or two in a long word: more, and it
	 * is another word ("Sev" is three from RTO, "Import" two from Impact). */
	size_t wl = strlen(word);
	unsigned most = wl < 8 ? 1 : 2, bestd = most + 1;
	size_t bestgap = 0;
	const char *best = NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned dist = rb_edit_distance(word, cands[i]);
		size_t cl = strlen(cands[i]), gap = cl > wl ? cl - wl : wl - cl;
		/* on a tie, one with the word's first letter wins ("bsh" is bash,
		 * "zhs" zsh), then one of the word's own length */
		bool first = tolower((unsigned char)*word) == tolower((unsigned char)*cands[i]);
		bool bestfirst = best && tolower((unsigned char)*word) == tolower((unsigned char)*best);
		if (dist < bestd || (dist == bestd && best && (first > bestfirst || (first == bestfirst && gap < bestgap)))) {
			bestd = dist;
			bestgap = gap;
			best = cands[i];
		}
	}
	for (size_t i = 0; !best && i < n; i++)
		if (is_prefix_match(word, wl, cands[i]))
			best = cands[i];
	return best;
}

char *rb_trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

bool rb_str_ieq(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

bool rb_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool rb_url_has_scheme(const char *url)
{
	const char *p = url;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (p > url && ((*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')))
		p++;
	return p > url && *p == ':';
}

bool rb_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool mention_char(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.';
}

/* The next "@contact-id" mention in s at or after p: returns the '@' and
 * sets *n to the id's length, or NULL. An '@' after an id character or
 * another '@' (an e-mail address) is no mention, trailing '.' or '-' ends
 * the sentence, and chat words (@here, @channel...) are skipped. */
const char *rb_mention_next(const char *s, const char *p, size_t *n)
{
	static const char *const chat[] = {"here", "channel", "everyone", "all"};
	for (; (p = strchr(p, '@')); p++) {
		if (p > s && (mention_char((unsigned char)p[-1]) || p[-1] == '@'))
			continue;
		size_t len = 0;
		while (mention_char((unsigned char)p[1 + len]))
			len++;
		while (len && (p[len] == '.' || p[len] == '-'))
			len--;
		if (!len || !isalpha((unsigned char)p[1]))
			continue;
		bool is_chat = false;
		for (size_t i = 0; i < 4; i++)
			is_chat |= strlen(chat[i]) == len && !strncmp(p + 1, chat[i], len);
		if (is_chat)
			continue;
		*n = len;
		return p;
	}
	return NULL;
}

uint64_t rb_hash64_mix(uint64_t h, uint64_t mul, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (; len >= 8; p += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = ((h ^ w) * mul);
		h ^= h >> 29;
	}
	for (; len; p++, len--)
		h = (h ^ *p) * mul;
	return h;
}

/* splitmix64's finaliser: spreads every input bit over the output. */
uint64_t rb_hash64_finish(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

uint64_t rb_hash64(const void *data, size_t len)
{
	return rb_hash64_finish(rb_hash64_mix(0x9e3779b97f4a7c15ULL, 0x100000001b3ULL, data, len));
}

/* The value of a hex digit, or -1. */
static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

void rb_url_decode(struct rb_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = hex_digit(s[i + 1])) >= 0 && (lo = hex_digit(s[i + 2])) >= 0) {
			rb_buf_putc(out, (char)(hi * 16 + lo));
			i += 2;
		} else {
			rb_buf_putc(out, s[i]);
		}
	}
}
