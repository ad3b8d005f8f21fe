/* rotated.h -- the tools' list of inputs: a directory stands for the log
 * files in it, and rotated sets of log files (mail.log.2.gz, mail.log.1,
 * mail.log; .xz, .bz2 and .zst too) are put in time order, whatever the
 * order they were named in. */
#ifndef MAILLOG_TOOL_ROTATED_H
#define MAILLOG_TOOL_ROTATED_H

/* Put each rotated set in time order, oldest first; sets keep the order
 * in which their first member was named. */
void tool_sort_rotated(const char **files, int n);

/* The inputs as the tools read them: each directory among the n names of
 * *files (an array from malloc) replaced by its regular files that are
 * not hidden, in byte order of their names (Exchange's MSGTRK*.LOG,
 * hMailServer's and MailEnable's dated files sort by time so), then
 * tool_sort_rotated.  *files may be replaced by a new array (the old one
 * freed; free() the new one as the old).  0, or 2 after saying on
 * standard error why a directory cannot be read or holds no file. */
int tool_list_inputs(const char ***files, int *n, const char *prog);

#endif
