/* report_out.h -- maillog-report's output: readable text, or one JSON
 * object with the same figures. */
#ifndef MAILLOG_REPORT_OUT_H
#define MAILLOG_REPORT_OUT_H

#include "report_data.h"

/* The report on standard output; files are the names read, as given. */
void report_print_text(report *r, const char **files, int nfiles);
void report_print_json(report *r, const char **files, int nfiles);

#endif
