/* maillog-index -- store the messages (with each recipient's final
 * outcome), sessions and unparsed lines of mail logs in a database that
 * maillog-trace --db and SQL can search: an SQLite file, or a PostgreSQL
 * database that several hosts write to.  Incremental: each file goes on
 * from where the last run stopped, and reading the same lines again adds
 * nothing (load.c says how). */
#include <maillog.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tool/run.h"
#include "db.h"
#include "load.h"
#include "schema.h"

static void usage(FILE *out)
{
    fputs("Usage: maillog-index --db=DB [OPTION]... [FILE]...\n"
          "Store the messages, recipients, sessions and unparsed lines of mail logs (FILEs,\n"
          "or standard input for - or none) in DB, for maillog-trace --db and SQL.\n"
          TOOL_FILES_HELP
          "Each FILE goes on from where the last run with the same --label stopped (it is\n"
          "known by its first line, so a renamed or compressed rotated file is the same\n"
          "file); reading the same lines again adds nothing.\n\n"
          "  --db=DB             an SQLite file (created when missing), or a PostgreSQL\n"
          "                      connection URI: postgresql://[user@][host][:port]/dbname\n"
          "  --label=NAME        who indexes: checkpoints and open messages are kept per\n"
          "                      label (default: this host's name)\n"
          "  --batch=N           rows per transaction (default 20000)\n"
          "  -h, --help, -V, --version\n"
          "Input:\n" TOOL_COMMON_HELP "\n"
          "Exit status: 0; 1 when a FILE could not be read whole; 2 on errors.\n",
          out);
}

enum { OPT_DB = TOOL_OPT_OWN, OPT_LABEL, OPT_BATCH };

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        TOOL_LONG_OPTS,
        {"db", required_argument, NULL, OPT_DB},
        {"label", required_argument, NULL, OPT_LABEL},
        {"batch", required_argument, NULL, OPT_BATCH},
        {NULL, 0, NULL, 0}};
    static char name[] = "maillog-index";
    char host[256], err[512], *end;
    const char *spec = NULL, *label = NULL, **files = calloc((size_t)argc + 1, sizeof *files);
    long batch = 20000;
    int opt, rc, nfiles = 0;
    tool_opts o;
    idx_db *db;
    idx_stats st;

    tool_opts_init(&o, name);
    argv[0] = name;
    if (!files)
        return 2;
    while ((opt = getopt_long(argc, argv, TOOL_SHORT_OPTS, longopts, NULL)) != -1) {
        if (opt == 'f' || opt == 'd' || opt == TOOL_OPT_SINCE || opt == TOOL_OPT_UNTIL) {
            fprintf(stderr, "%s: --follow, --since, --until and --day are not for indexing "
                            "(run it again to add new lines)\n", name);
            free(files);
            return tool_usage_error(&o);
        }
        if ((rc = tool_common_option(&o, opt, optarg)) != 0) {
            if (rc < 0) {
                free(files);
                return 2;
            }
            continue;
        }
        switch (opt) {
        case 'h':
            usage(stdout);
            free(files);
            return 0;
        case 'V':
            printf("maillog-index (libmaillog) %s\n", maillog_version_string());
            free(files);
            return 0;
        case OPT_DB: spec = optarg; break;
        case OPT_LABEL: label = optarg; break;
        case OPT_BATCH:
            batch = strtol(optarg, &end, 10);
            if (*end || end == optarg || batch < 1) {
                fprintf(stderr, "%s: --batch must be a positive number\n", name);
                free(files);
                return 2;
            }
            break;
        default:
            free(files);
            return tool_usage_error(&o);
        }
    }
    if (!spec) {
        fprintf(stderr, "%s: --db is required\n", name);
        free(files);
        return tool_usage_error(&o);
    }
    if (!label) {
        if (gethostname(host, sizeof host) != 0)
            strcpy(host, "localhost");
        host[sizeof host - 1] = '\0';
        label = host;
    }
    while (optind < argc)
        files[nfiles++] = argv[optind++];
    if (!nfiles)
        files[nfiles++] = "-";
    if (!(db = idx_db_open(spec, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", name, err);
        free(files);
        return 2;
    }
    if (idx_schema_load(db) != 0) {
        fprintf(stderr, "%s: %s: %s\n", name, spec, idx_db_error(db));
        idx_db_close(db);
        free(files);
        return 2;
    }
    rc = idx_load(&o, db, label, batch, files, nfiles, &st);
    if (!o.quiet && rc != 2)
        fprintf(stderr, "%s: %llu lines read (%llu bytes skipped in %d resumed files, %d open "
                        "messages replayed); %llu messages (%llu new or grown), %llu recipients, "
                        "%llu sessions, %llu unparsed lines\n",
                name, st.lines - 0, st.skipped_bytes, st.resumed, st.replayed, st.messages,
                st.written, st.recipients, st.sessions, st.unparsed);
    idx_db_close(db);
    free(files);
    return rc;
}
