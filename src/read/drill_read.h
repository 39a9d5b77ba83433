/* drill_read.h: read the step scripts' JSON-lines drill records. */
#ifndef RB_DRILL_READ_H
#define RB_DRILL_READ_H
#include "model/build.h"
#include "model/drill.h"

/* Read every record (a file ending .jsonl, at any depth, symlinks not
 * followed) under folder dir into r->runs, sorted by start time, and set
 * r->nrecords and r->records_sha256. Every line of every record is
 * checked: JSON, its seq, its hash chain (prev is the SHA-256 of the line
 * before), its event and fields, run_start first and seal last. Each
 * problem is a diagnostic at file:line:col; a broken record adds no run.
 * False (after a message on stderr) when dir cannot be read at all. */
bool rb_drill_read_dir(struct rb_build *b, const char *dir, struct rb_drill_report *r);

#endif
