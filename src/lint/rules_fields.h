/* rules_fields.h: what a model node of the Lua rules is made of (private
 * to rules_model.c, which makes the proxies, and rules_fields.c, which
 * holds the field tables): the node kinds, the field types, and each
 * object kind's fields as a table of {name, type, offset}. */
#ifndef RB_RULES_FIELDS_H
#define RB_RULES_FIELDS_H
#include <stddef.h>

enum kind {
	K_RUNBOOK, K_SCENARIO, K_SECTION, K_STEP, K_COMMAND, K_CONTACT, K_DURATION, K_LOC,
	K_ALERT, K_ALERT_REF, K_IGNORE, K_CALL, K_DRILL, K_DRILL_RUN,
	/* lists: item i is element i of an array of structs (or of pointers) */
	K_RUNBOOKS, K_SCENARIOS, K_SECTIONS, K_STEPS, K_COMMANDS, K_TAGS, K_CONTACTS,
	K_ALERTS, K_ALERT_REFS, K_IGNORES,
};

enum ftype {
	F_STR,          /* const char * */
	F_TEXT,         /* struct rb_text: its string */
	F_TEXT_LOC,     /* struct rb_text: its position, when the text is there */
	F_DATE,         /* struct rb_date: ISO string when set */
	F_DATE_LOC,     /* struct rb_date: its position, when set */
	F_DURATION,     /* struct rb_duration: a duration node when set */
	F_FILE,         /* struct rb_loc: file */
	F_LINE,         /* struct rb_loc: line */
	F_COL,          /* struct rb_loc: col */
	F_LINE_IF,      /* struct rb_loc: line, nil when 0 */
	F_LOC_IF,       /* struct rb_loc: a position node, nil when line is 0 */
	F_UINT,         /* unsigned */
	F_INT_IF,       /* int, nil when 0 */
	F_LONG,         /* long */
	F_BOOL,         /* bool */
	F_ONE,          /* the constant 1 */
	F_FORMAT,       /* enum rb_format, as "markdown" or "yaml" */
	F_SECTION_KIND, /* enum rb_section_kind, by name */
	F_LIST,         /* an array at off with its count (size_t) at off2 */
	F_PARENT,       /* the parent proxy */
	F_ESTIMATE_MIN, /* a section: the sum of its steps' estimates, lower */
	F_ESTIMATE_MAX, /* and upper ends (rb_section_estimate); nil if none */
	F_VALUE,        /* const struct rb_value *: a read-only table, nil if NULL */
	F_NODE,         /* a pointer to a struct of kind .list, nil if NULL */
	F_CALL,         /* a step's const struct rb_call *: nil if NULL, or when
			   a lenient call names no procedure */
	F_CALL_WORDS,   /* a call: its words when it names a procedure in words
			   alone (rb_call_words), else nil */
	F_CALL_PROC,    /* a call: the procedure it runs, with its runbook as
			   parent (a scenario node), nil when it names none */
	F_SHAPE,        /* enum rb_alert_shape, by name */
	F_LINK_KIND,    /* enum rb_alert_link, by name */
	F_SIZE,         /* size_t */
	F_INT,          /* int */
	F_LONG_IF,      /* long, nil when negative */
	F_DAY_IF,       /* long days since 1970: ISO date, nil when negative */
	F_TIME_DAY,     /* long seconds since 1970: its ISO date, nil when negative */
	F_TIME,         /* long seconds since 1970: ISO UTC time, nil when negative */
	F_DRILL_STATUS, /* enum rb_drill_status, as its slug ("over-rto"...) */
	F_DRILL_MESSAGE,/* enum rb_drill_status: its drill-current message, nil for OK */
	F_DRILL_LEVEL,  /* enum rb_drill_status: that message's level, nil for OK */
	F_DRILL_CURRENT,/* a drill run: its scenario's digest is still the one it ran */
};

struct field {
	const char *name;
	enum ftype type;
	size_t off, off2;      /* off2: F_LIST's count */
	enum kind list;        /* F_LIST: the list's kind */
};
/* The fields of object kind k, ended by a NULL name; NULL for a list kind. */
const struct field *rb_rules_fields_of(enum kind k);

#endif
