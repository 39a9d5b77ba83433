/* alert_files.h: the book's alert rule files (rbc.yaml alerts: rules:).
 * Three shapes are read: Prometheus rule files, PrometheusRule objects
 * (several per file, as a multi-document stream) and Grafana alerting
 * provisioning files. A file matched by the globs is never a runbook. */
#ifndef RB_ALERT_FILES_H
#define RB_ALERT_FILES_H
#include <stdbool.h>
#include "model/build.h"

/* A file the book walk found that the globs match. */
struct rb_alert_file {
	const char *path;         /* to open */
	const char *rel;          /* book-relative */
	const char *display;      /* for diagnostics */
};

/* True when book-relative path rel matches one of alerts: rules:. */
bool rb_alert_files_match(const struct rb_build *b, const char *rel);
/* Read the files (in the walk's order) into b->book.alerts and
 * b->book.alert_files; a glob that matched none of them, a file that is
 * not YAML or none of the three shapes, and a rule without a name are
 * errors at their file:line:col. */
void rb_alert_files_read(struct rb_build *b, const struct rb_alert_file *files, size_t n);

#endif
