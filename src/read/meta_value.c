/* meta_value.c: one YAML scalar → a typed model field (see meta_value.h).
 * Apart from meta.c so that every reader of a YAML settings block (meta.c,
 * meta_alerts.c) stands on it without standing on the others. */
#include "read/meta_value.h"
#include "base/util.h"

/* Report that v (for key) is not the expected kind of value. */
void rb_meta_wrong_type(struct rb_build *b, const struct rb_value *v, const char *key, const char *want)
{
	rb_diag(b, RB_D_WRONG_TYPE, v->loc, "'%s' must be %s, not %s", key, want,
		rb_value_kind_name(v->kind));
}

bool rb_meta_text(struct rb_build *b, const struct rb_value *v, const char *key, struct rb_text *out)
{
	if (!v || v->kind == RB_V_NULL)
		return false;
	if (v->kind != RB_V_SCALAR) {
		rb_meta_wrong_type(b, v, key, "a single value");
		return false;
	}
	out->s = v->str;
	out->loc = v->loc;
	return true;
}

bool rb_meta_duration(struct rb_build *b, const struct rb_value *v, const char *key, struct rb_duration *out)
{
	if (!v || v->kind == RB_V_NULL)
		return false;
	if (v->kind != RB_V_SCALAR) {
		rb_meta_wrong_type(b, v, key, "a duration such as 15m");
		return false;
	}
	long lo, hi;
	if (!rb_parse_duration(v->str, &lo, &hi)) {
		rb_diag(b, RB_D_BAD_DURATION, v->loc, "%s: '%s'", key, v->str);
		return false;
	}
	out->set = true;
	out->lo = lo;
	out->hi = hi;
	out->text = v->str;
	out->loc = v->loc;
	return true;
}

bool rb_meta_date(struct rb_build *b, const struct rb_value *v, const char *key, struct rb_date *out)
{
	if (!v || v->kind == RB_V_NULL)
		return false;
	if (v->kind != RB_V_SCALAR) {
		rb_meta_wrong_type(b, v, key, "a date such as 2026-01-31");
		return false;
	}
	long days;
	if (!rb_parse_date(v->str, &days)) {
		rb_diag(b, RB_D_BAD_DATE, v->loc, "%s: '%s'", key, v->str);
		return false;
	}
	out->set = true;
	out->days = days;
	out->text = v->str;
	out->loc = v->loc;
	return true;
}
