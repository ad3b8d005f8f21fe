/* http.c -- maillog-exporter's HTTP server (http.h). */
#include "http.h"

#include <microhttpd.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#if MHD_VERSION < 0x00097002
typedef int MHD_Result;
#else
typedef enum MHD_Result MHD_Result;
#endif

static char ex_index[] = "<html><head><title>maillog-exporter</title></head><body>"
                               "<h1>maillog-exporter</h1><p><a href=\"/metrics\">Metrics</a></p>"
                               "</body></html>\n";

static MHD_Result ex_reply(struct MHD_Connection *c, unsigned code, char *body, size_t len,
                           const char *type, int owned)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    MHD_Result rc;
    if (!r) {
        if (owned)
            free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    rc = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return rc;
}

static MHD_Result ex_handler(void *cls, struct MHD_Connection *c, const char *url,
                             const char *method, const char *version, const char *upload,
                             size_t *upload_size, void **con_cls)
{
    ex_http *h = cls;
    char *text;
    size_t len = 0;
    static char get_only[] = "GET only\n", not_found[] = "not found\n", oom[] = "out of memory\n";
    (void)version, (void)upload, (void)upload_size, (void)con_cls;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return ex_reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, get_only, sizeof get_only - 1, "text/plain", 0);
    if (strcmp(url, "/") == 0)
        return ex_reply(c, MHD_HTTP_OK, ex_index, sizeof ex_index - 1, "text/html", 0);
    if (strcmp(url, "/metrics") != 0)
        return ex_reply(c, MHD_HTTP_NOT_FOUND, not_found, sizeof not_found - 1, "text/plain", 0);
    pthread_mutex_lock(h->lock);
    text = ex_metrics_text(h->m, &len);
    pthread_mutex_unlock(h->lock);
    if (!text)
        return ex_reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, oom, sizeof oom - 1,
                        "text/plain", 0);
    return ex_reply(c, MHD_HTTP_OK, text, len, "text/plain; version=0.0.4; charset=utf-8", 1);
}

int ex_http_start(ex_http *h, const char *listen, pthread_mutex_t *lock, const ex_metrics *m)
{
    struct addrinfo hints, *ai = NULL;
    const char *colon = strrchr(listen, ':');
    char host[256];
    size_t hn;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    int rc;
    if (!colon || !colon[1]) {
        fprintf(stderr, "maillog-exporter: bad --listen '%s' (want ADDR:PORT)\n", listen);
        return -1;
    }
    hn = (size_t)(colon - listen);
    if (hn >= 2 && listen[0] == '[' && listen[hn - 1] == ']')
        listen++, hn -= 2; /* [v6 address] */
    if (hn >= sizeof host) {
        fprintf(stderr, "maillog-exporter: bad --listen '%s'\n", listen);
        return -1;
    }
    memcpy(host, listen, hn);
    host[hn] = 0;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if ((rc = getaddrinfo(hn ? host : NULL, colon + 1, &hints, &ai)) != 0) {
        fprintf(stderr, "maillog-exporter: --listen %s: %s\n", listen, gai_strerror(rc));
        return -1;
    }
    if (ai->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    h->lock = lock;
    h->m = m;
    h->d = MHD_start_daemon(flags, 0, NULL, NULL, ex_handler, h, MHD_OPTION_SOCK_ADDR,
                            ai->ai_addr, MHD_OPTION_CONNECTION_LIMIT, 64u,
                            MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!h->d) {
        fprintf(stderr, "maillog-exporter: cannot listen on %s\n", listen);
        return -1;
    }
    return 0;
}

void ex_http_stop(ex_http *h)
{
    if (h->d)
        MHD_stop_daemon(h->d);
    h->d = NULL;
}
