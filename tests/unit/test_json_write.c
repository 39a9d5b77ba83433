/* test_json_write.c: the streaming JSON writer gives the bytes jansson
 * gives for the same document, compact and indented: nesting, empty
 * containers, null, booleans, negative and large integers, and every
 * kind of string escape, also with every non-ASCII character escaped
 * (JSON_ENSURE_ASCII, as the search index is written). A big document arrives in several pieces.
 * Bytes that are not well-formed UTF-8 become U+FFFD, so the document
 * stays valid JSON whatever a file name or a rule's message holds; DEL,
 * C1 and bidi controls are escaped (jansson writes them raw), so a
 * terminal showing the file never acts on them. */
#include "harness.h"
#include "base/json_write.h"
#include <jansson.h>
#include <stdlib.h>

/* put: collect everything into a buffer and count the pieces. */
struct sink {
	struct rb_buf text;
	int pieces;
};

static void put(void *ctx, const char *text, size_t len)
{
	struct sink *s = ctx;
	rb_buf_add(&s->text, text, len);
	s->pieces++;
}

static const char *const strings[] = {
	"plain", "", "quote \" and backslash \\", "tab\there\nnewline\r\f\b", "ctl \x01\x1f", "utf-8 é ✓ 😀", "2-4 bytes: ß € 𠀋 \xf4\x8f\xbf\xbf end",
	"slash / stays",
};

/* The same document written by the writer. */
static void write_doc(struct rb_jw *w)
{
	rb_jw_object(w);
	rb_jw_kint(w, "n", -42);
	rb_jw_kint(w, "big", 9007199254740993LL);
	rb_jw_kbool(w, "yes", true);
	rb_jw_kbool(w, "no", false);
	rb_jw_kstr(w, "none", NULL);
	rb_jw_key(w, "empty_list");
	rb_jw_array(w);
	rb_jw_end(w, ']');
	rb_jw_key(w, "empty_map");
	rb_jw_object(w);
	rb_jw_end(w, '}');
	rb_jw_key(w, "strings");
	rb_jw_array(w);
	for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
		rb_jw_str(w, strings[i]);
	rb_jw_end(w, ']');
	rb_jw_key(w, "nested");
	rb_jw_array(w);
	rb_jw_object(w);
	rb_jw_key(w, "k \"q\"");
	rb_jw_array(w);
	rb_jw_array(w);
	rb_jw_end(w, ']');
	rb_jw_null(w);
	rb_jw_end(w, ']');
	rb_jw_end(w, '}');
	rb_jw_end(w, ']');
	rb_jw_end(w, '}');
}

/* The same document built by jansson. */
static json_t *jansson_doc(void)
{
	json_t *strs = json_array();
	for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
		json_array_append_new(strs, json_string(strings[i]));
	json_t *inner = json_pack("{s:[[],n]}", "k \"q\"");
	return json_pack("{s:i,s:I,s:b,s:b,s:n,s:[],s:{},s:o,s:[o]}", "n", -42, "big", (json_int_t)9007199254740993LL,
			 "yes", 1, "no", 0, "none", "empty_list", "empty_map", "strings", strs, "nested", inner);
}

/* The writer's bytes equal jansson's, indented by indent (0: compact),
 * with ascii as JSON_ENSURE_ASCII. */
static void same_as_jansson(const char *name, int indent, bool ascii)
{
	struct sink s = {0};
	rb_buf_init(&s.text);
	struct rb_jw w;
	rb_jw_init(&w, indent, put, &s);
	w.ascii = ascii;
	write_doc(&w);
	rb_jw_finish(&w);
	json_t *j = jansson_doc();
	char *want = json_dumps(j, (indent ? JSON_INDENT(indent) : JSON_COMPACT) | (ascii ? JSON_ENSURE_ASCII : 0));
	STR_EQ(name, rb_buf_cstr(&s.text), want);
	free(want);
	json_decref(j);
	rb_buf_free(&s.text);
}

UNIT_SUITE(test_json_write)
static void test_json_write(void)
{
	same_as_jansson("json-write/compact", 0, false);
	same_as_jansson("json-write/indent-2", 2, false);
	same_as_jansson("json-write/indent-4", 4, false);
	/* the search index: every non-ASCII character escaped, astral ones as
	 * surrogate pairs (the emoji and the 4-byte CJK below) */
	same_as_jansson("json-write/ascii-compact", 0, true);
	same_as_jansson("json-write/ascii-indent-2", 2, true);

	/* 20,000 strings of 40 bytes: about 900 KB, sent in 64 KB pieces */
	struct sink s = {0};
	rb_buf_init(&s.text);
	struct rb_jw w;
	rb_jw_init(&w, 0, put, &s);
	rb_jw_array(&w);
	for (int i = 0; i < 20000; i++)
		rb_jw_str(&w, "0123456789012345678901234567890123456789");
	rb_jw_end(&w, ']');
	rb_jw_finish(&w);
	json_error_t err;
	json_t *back = json_loadb(s.text.data, s.text.len, 0, &err);
	OK("json-write/big-parses-back", back && json_array_size(back) == 20000);
	OK("json-write/big-in-pieces", s.pieces > 10 && s.pieces < 20);
	json_decref(back);
	rb_buf_free(&s.text);

	/* DEL, C1 (CSI) and the bidi override and isolate: \uXXXX, and they
	 * read back as the same string */
	static const char *const hidden = "del\x7f csi\xc2\x9b rlo\xe2\x80\xae pdi\xe2\x81\xa9 \xc3\xa9";
	struct sink h = {0};
	rb_buf_init(&h.text);
	rb_jw_init(&w, 0, put, &h);
	rb_jw_str(&w, hidden);
	rb_jw_finish(&w);
	STR_EQ("json-write/hidden-escaped", h.text.data, "\"del\\u007F csi\\u009B rlo\\u202E pdi\\u2069 \xc3\xa9\"");
	back = json_loadb(h.text.data, h.text.len, JSON_DECODE_ANY, &err);
	STR_EQ("json-write/hidden-reads-back", back ? json_string_value(back) : "(no JSON)", hidden);
	json_decref(back);
	rb_buf_free(&h.text);

	/* ill-formed UTF-8: a stray byte, a surrogate, an overlong '/', a
	 * sequence cut short at the end; well-formed text around it stays */
	static const char *const bad = "a\xff b\xed\xa0\x80 c\xc0\xaf \xc3\xa9 \xe2\x9c";
	for (int ascii = 0; ascii < 2; ascii++) {
		struct sink t = {0};
		rb_buf_init(&t.text);
		rb_jw_init(&w, 0, put, &t);
		w.ascii = ascii;
		rb_jw_array(&w);
		rb_jw_str(&w, bad);
		rb_jw_end(&w, ']');
		rb_jw_finish(&w);
		back = json_loadb(t.text.data, t.text.len, 0, &err);
		STR_EQ(ascii ? "json-write/ill-formed-utf8-ascii" : "json-write/ill-formed-utf8",
		       back ? json_string_value(json_array_get(back, 0)) : t.text.data,
		       "a\xef\xbf\xbd b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd c\xef\xbf\xbd\xef\xbf\xbd \xc3\xa9 "
		       "\xef\xbf\xbd\xef\xbf\xbd");
		json_decref(back);
		rb_buf_free(&t.text);
	}
}
