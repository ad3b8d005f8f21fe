#!/bin/sh
# so-links.sh -- one manual page per public function, so that
# `man maillog_parser_feed` opens the page that documents it.
#
#   sh man/so-links.sh names HEADER...       the functions HEADERs declare
#                                            (MAILLOG_API), one a line
#   sh man/so-links.sh write DIR PAGE...     for each name on stdin, writes
#                                            DIR/NAME.3: ".so man3/PAGE"
#
# The page of a function is the one of PAGE... (man/*.3) that starts a .B
# or .BR line with its name; when several do, the one whose own name is the
# longest prefix of the function's (maillog_reason.3 before maillog.3 for
# maillog_reason_of).  A page that names the function only in running
# text is taken when no page has such a line.  A function no page names is
# an error: document it first.
set -eu
mode=$1
shift
case $mode in
names)
    sed -n 's/^MAILLOG_API[^(]*[ *]\(maillog_[A-Za-z0-9_]*\)(.*/\1/p' "$@" | sort -u
    ;;
write)
    dir=$1
    shift
    status=0
    while read -r name; do
        [ -n "$name" ] || continue
        best= bestlen=-1
        for pass in macro text; do
            for page in "$@"; do
                base=$(basename "$page" .3)
                [ "$base" != "$name" ] || { best=own; break 2; }
                if [ $pass = macro ]; then
                    grep -q -E "^\.BR? $name( |\$)" "$page" || continue
                else
                    grep -q -E "(^|[^A-Za-z0-9_]|\\\\f[BI])$name([^A-Za-z0-9_]|\$)" "$page" || continue
                fi
                case $name in "$base"_*) len=${#base} ;; *) len=0 ;; esac
                if [ "$len" -gt "$bestlen" ]; then best=$base; bestlen=$len; fi
            done
            [ -z "$best" ] || break
        done
        case $best in
        own) ;;
        '') echo "so-links.sh: no page in $* documents $name" >&2; status=1 ;;
        *) printf '.so man3/%s.3\n' "$best" > "$dir/$name.3" ;;
        esac
    done
    exit $status
    ;;
*)
    echo "usage: so-links.sh names HEADER... | so-links.sh write DIR PAGE..." >&2
    exit 2
    ;;
esac
