/* json_write.h: the one JSON writer: dump, lint's JSON and SARIF, the
 * baseline, the search index and reports all write through it. It
 * streams, for documents too big to hold as a tree (the model of a
 * 10,000-runbook book): text goes out through a callback in chunks of
 * about 64 KB. The layout matches jansson's dumps, compact ("a":1,"b":[])
 * or indented by N spaces ("a": 1, one value per line); the unit test
 * holds it to jansson's bytes. jansson itself only reads (the baseline). */
#ifndef RB_JSON_WRITE_H
#define RB_JSON_WRITE_H
#include <stdbool.h>
#include <stddef.h>
#include "base/buf.h"

enum { RB_JW_MAX_DEPTH = 32 };

struct rb_jw {
	void (*put)(void *ctx, const char *text, size_t len);
	void *ctx;
	int indent;                        /* 0: compact */
	bool ascii;                        /* escape every non-ASCII character as
					      \uXXXX (jansson's JSON_ENSURE_ASCII) */
	int depth;
	bool has_items[RB_JW_MAX_DEPTH];   /* the open container has a value */
	bool after_key;                    /* the next value follows a key */
	struct rb_buf buf;
};

/* Start a document written through put(ctx, ...); indent 0 is compact. */
void rb_jw_init(struct rb_jw *w, int indent, void (*put)(void *, const char *, size_t), void *ctx);
/* Start a writer for a run of values inside containers that another
 * writer has open, depth deep (its innermost has a value when has_items):
 * the text is what that writer would write for the same values, to be
 * given to it later with rb_jw_replay. Close no container it did not open. */
void rb_jw_init_inside(struct rb_jw *w, int indent, void (*put)(void *, const char *, size_t), void *ctx, int depth,
		       bool has_items);
/* Ready-made sinks for rb_jw_init: ctx is a FILE * (errors show in
 * ferror), or a struct rb_buf * that collects the text. */
void rb_jw_put_file(void *ctx, const char *text, size_t len);
void rb_jw_put_buf(void *ctx, const char *text, size_t len);
/* Send what is buffered and free the writer's memory. */
void rb_jw_finish(struct rb_jw *w);
/* Send what is buffered now (the writer stays usable). */
void rb_jw_flush(struct rb_jw *w);
/* Send text, a run of whole values written earlier by a writer in the
 * same state (the separator before its first value included), as they
 * are; the open container then has a value. */
void rb_jw_replay(struct rb_jw *w, const char *text, size_t len);
/* rb_jw_replay of len bytes that put(arg) sends to the writer's sink
 * itself (a copy from file to file that never passes through memory). */
void rb_jw_replay_by(struct rb_jw *w, size_t len, void (*put)(void *arg), void *arg);

void rb_jw_object(struct rb_jw *w);
void rb_jw_array(struct rb_jw *w);
/* Close the innermost object or array. */
void rb_jw_end(struct rb_jw *w, char close);
/* The key of the next value in an object. */
void rb_jw_key(struct rb_jw *w, const char *key);
/* A string (NULL writes null), escaped as jansson does. */
void rb_jw_str(struct rb_jw *w, const char *s);
void rb_jw_int(struct rb_jw *w, long long v);
void rb_jw_bool(struct rb_jw *w, bool v);
void rb_jw_null(struct rb_jw *w);

/* Shorthands for "key": value inside an object. */
void rb_jw_kstr(struct rb_jw *w, const char *key, const char *s);
void rb_jw_kint(struct rb_jw *w, const char *key, long long v);
void rb_jw_kbool(struct rb_jw *w, const char *key, bool v);

#endif
