/* rotated.h -- rotated sets of log files (mail.log.2.gz, mail.log.1,
 * mail.log; .xz, .bz2 and .zst too) put in time order, whatever the order
 * they were named in. */
#ifndef MAILLOG_TOOL_ROTATED_H
#define MAILLOG_TOOL_ROTATED_H

/* Put each rotated set in time order, oldest first; sets keep the order
 * in which their first member was named. */
void tool_sort_rotated(const char **files, int n);

#endif
