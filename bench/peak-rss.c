/* peak-rss [--cpu] PROGRAM [ARGS...] -- run PROGRAM with its output
 * discarded and print "SECONDS PEAK_RSS_KIB" of it.  With --cpu (for
 * bench/bench-scale.sh and tests/test_scale.sh), a third field, its user +
 * system CPU seconds, and PROGRAM's exit status as its own (128 + the
 * signal that killed it), so that a tool that failed is not taken for a
 * small one.  bench-tools.py measures through this small process because Linux counts a child's pages from before its exec
 * in its peak RSS: forked from Python, every tool would show Python's
 * 10-14 MiB at least. */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct timespec t0, t1;
    struct rusage ru;
    int status;
    pid_t pid;
    int cpu = argc > 1 && strcmp(argv[1], "--cpu") == 0;
    argc -= cpu;
    argv += cpu;
    if (argc < 2) {
        fprintf(stderr, "usage: peak-rss [--cpu] PROGRAM [ARGS...]\n");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid = fork();
    if (pid < 0) {
        perror("peak-rss: fork");
        return 2;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (wait4(pid, &status, 0, &ru) != pid) {
        perror("peak-rss: wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.6f %ld", (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
           ru.ru_maxrss);
    if (cpu)
        printf(" %.3f", (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                            (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
    putchar('\n');
    if (cpu)
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? 2 : 0;
}
