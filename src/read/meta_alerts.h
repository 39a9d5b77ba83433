/* meta_alerts.h: rbc.yaml's alerts: settings (doc/alerts.md). */
#ifndef RB_META_ALERTS_H
#define RB_META_ALERTS_H
#include "model/build.h"

/* Read rbc.yaml's alerts: settings v into cfg. */
void rb_meta_alerts(struct rb_build *b, const struct rb_value *v, struct rb_config *cfg);

#endif
