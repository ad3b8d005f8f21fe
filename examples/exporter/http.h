/* http.h -- maillog-exporter's HTTP server (libmicrohttpd, on a thread of
 * its own): /metrics is the metrics as Prometheus text, written under the
 * lock that the reading loop holds while it changes them. */
#ifndef MAILLOG_EXPORTER_HTTP_H
#define MAILLOG_EXPORTER_HTTP_H

#include <pthread.h>

#include "metrics.h"

typedef struct ex_http {
    struct MHD_Daemon *d;
    pthread_mutex_t *lock;
    const ex_metrics *m;
} ex_http;

/* Listen on ADDR:PORT ("[::1]:9154", "127.0.0.1:9154", ":9154" for every
 * address).  0, or -1 after printing why not. */
int ex_http_start(ex_http *h, const char *listen, pthread_mutex_t *lock, const ex_metrics *m);
void ex_http_stop(ex_http *h);

#endif
