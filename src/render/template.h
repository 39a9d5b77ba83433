/* template.h: rbc's template language, a small Mustache. Pages and the
 * handbook are filled from a value tree built by the renderers; values are
 * escaped unless the renderer marked them as HTML it produced itself.
 * Templates are the files of templates/, compiled into the binary; a book
 * overrides any of them with a file of the same name in BOOK/templates/.
 * Syntax (doc/templates.md):
 *   {{name}}  {{a.b.c}}   the value, HTML-escaped ("." is the current item)
 *   {{{name}}}            the value unescaped: only for RB_TV_HTML values
 *   {{#name}}...{{/name}} a list: once per item; a map: once, inside it;
 *                         a true/non-empty value: once; else skipped
 *   {{^name}}...{{/name}} only when name is false, empty or missing
 *   {{> partial}}         another template, with the same context
 *   {{! comment }}        nothing
 * Names are looked up in the current item, then outward. */
#ifndef RB_TEMPLATE_H
#define RB_TEMPLATE_H
#include "base/arena.h"
#include "base/buf.h"
#include <stdbool.h>

struct rb_build;

enum rb_tv_kind { RB_TV_TEXT, RB_TV_HTML, RB_TV_BOOL, RB_TV_LIST, RB_TV_MAP };

/* A template value. Build with the functions below; everything lives in
 * the arena given at creation (use a per-page arena for bounded memory). */
struct rb_tvalue;

struct rb_tvalue *rb_tv_map(struct rb_arena *a);
struct rb_tvalue *rb_tv_list(struct rb_arena *a);
struct rb_tvalue *rb_tv_text(struct rb_arena *a, const char *s);   /* escaped on output */
struct rb_tvalue *rb_tv_html(struct rb_arena *a, const char *html); /* trusted, for {{{ }}} */
struct rb_tvalue *rb_tv_bool(struct rb_arena *a, bool v);
/* map[key] = v (replaces); NULL v is ignored. Returns map. */
struct rb_tvalue *rb_tv_set(struct rb_tvalue *map, const char *key, struct rb_tvalue *v);
/* Shorthands: map[key] = text(s) (nothing when s is NULL), html, bool, "%ld". */
void rb_tv_set_text(struct rb_tvalue *map, const char *key, const char *s);
void rb_tv_set_html(struct rb_tvalue *map, const char *key, const char *html);
void rb_tv_set_bool(struct rb_tvalue *map, const char *key, bool v);
void rb_tv_set_int(struct rb_tvalue *map, const char *key, long v);
/* Append v to list. Returns list. */
struct rb_tvalue *rb_tv_push(struct rb_tvalue *list, struct rb_tvalue *v);
/* HTML made by rendering template name, with the outermost context of the
 * render that writes it, straight into that render's output when {{{ }}}
 * names it (a layout's {{{content}}}: the page is never held twice).
 * Inside its own rendering the value is empty. */
struct rb_tvalue *rb_tv_template(struct rb_arena *a, const char *name);
/* A list of n items made one at a time while the list is rendered:
 * make(ctx, i, item_arena) returns item i, built in item_arena, which is
 * emptied once the item is written. A page of 60,000 rows never holds
 * more than one row's values. Nothing can be pushed onto it. */
typedef struct rb_tvalue *(*rb_tv_maker)(void *ctx, size_t i, struct rb_arena *item_arena);
struct rb_tvalue *rb_tv_lazy_list(struct rb_arena *a, size_t n, rb_tv_maker make, void *ctx);

/* The text of template name: BOOK/templates/name when the book has it,
 * else the built-in one; NULL when neither exists. *len gets its length.
 * Book files are read once and kept for the build. */
const char *rb_template_text(struct rb_build *b, const char *name, size_t *len);

/* Read and tokenise template name and the partials it names, as their
 * first render would (a syntax error is its diagnostic, once), so that
 * child builds forked after it (rb_build_fork) find them made: renders
 * on several threads then only read them. A missing one is left to the
 * renders, which report it. */
void rb_template_preload(struct rb_build *b, const char *name);

/* Render template name with ctx, appending to out. A syntax error or a
 * missing template is a diagnostic at template-file:line:col (false). */
bool rb_template_render(struct rb_build *b, const char *name, const struct rb_tvalue *ctx, struct rb_buf *out);
/* The same for pages too big to hold: between two items of a lazy list,
 * once out holds RB_TEMPLATE_FLUSH_AT bytes or more, flush(ctx, out) is
 * called and must take out's text and empty it. What is left at the end
 * stays in out. */
enum { RB_TEMPLATE_FLUSH_AT = 256 * 1024 };
typedef void (*rb_template_flush)(void *ctx, struct rb_buf *out);
bool rb_template_render_flushing(struct rb_build *b, const char *name, const struct rb_tvalue *ctx,
				 struct rb_buf *out, rb_template_flush flush, void *flush_ctx);

#endif
