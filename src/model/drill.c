/* drill.c: the drill statuses' names and a scenario's content digest. */
#include "model/drill.h"
#include "base/buf.h"
#include "base/sha256.h"
#include <stdio.h>
#include <string.h>

const char *rb_drill_status_name(enum rb_drill_status s)
{
	static const char *const names[] = {"OVER RTO", "NOT VERIFIED", "DUE", "NEVER DRILLED", "OK"};
	return names[s];
}

const char *rb_drill_status_slug(enum rb_drill_status s)
{
	static const char *const slugs[] = {"over-rto", "not-verified", "due", "never", "ok"};
	return slugs[s];
}

bool rb_drill_status_diag(enum rb_drill_status s, enum rb_code *code)
{
	static const enum rb_code codes[] = {RB_D_DRILL_OVER_RTO, RB_D_DRILL_NOT_VERIFIED, RB_D_DRILL_DUE,
					     RB_D_DRILL_NEVER};
	if (s == RB_DRILL_OK)
		return false;
	*code = codes[s];
	return true;
}

/* Add text s to h as its length in decimal, a colon and its bytes (""
 * for NULL), so that no two different field lists hash alike. */
static void field(struct rb_buf *h, const char *s)
{
	char n[24], *p = n + sizeof n;
	size_t len = s ? strlen(s) : 0, v = len;
	*--p = ':';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	rb_buf_add(h, p, (size_t)(n + sizeof n - p));
	rb_buf_add(h, s ? s : "", len);
}

void rb_scenario_digest(const struct rb_scenario *s, char out[65])
{
	/* the fields are gathered and hashed at once: hashing them one by one
	 * costs a call into the hash per field, most of them a few bytes */
	struct rb_buf h;
	rb_buf_init(&h);
	field(&h, "rbc-scenario-1");
	field(&h, s->title);
	field(&h, s->severity.s);
	field(&h, s->rto.text);
	field(&h, s->rpo.text);
	field(&h, s->owner.s);
	for (size_t i = 0; i < s->nsections; i++) {
		const struct rb_section *sec = &s->sections[i];
		field(&h, rb_section_kind_name(sec->kind));
		field(&h, sec->title);
		field(&h, sec->text);
		for (size_t k = 0; sec->steps && k < sec->nsteps; k++) {
			const struct rb_step *st = &sec->steps[k];
			field(&h, st->id);
			field(&h, st->text);
			field(&h, st->estimate.text);
			field(&h, st->destructive ? "destructive" : "");
			for (size_t c = 0; c < st->ncommands; c++) {
				field(&h, st->commands[c].info);
				field(&h, st->commands[c].text);
			}
		}
	}
	rb_sha256_of(h.data ? h.data : "", h.len, out);
	rb_buf_free(&h);
}
