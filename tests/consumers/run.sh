#!/bin/sh
# run.sh KIND STAGE WORK VERSION -- build tests/consumers/consumer.c against
# the libmaillog installed under the staging directory STAGE (by
# `make install-lib DESTDIR=STAGE PREFIX=/usr`, or .debs unpacked with
# dpkg -x), run it with LD_LIBRARY_PATH into STAGE on the bundled Postfix
# log, and check what it prints.  KIND is how the consumer finds the
# library:
#   pkg-config     cc $(pkg-config --cflags --libs libmaillog)
#   cmake          CMake, pkg_check_modules(... IMPORTED_TARGET libmaillog)
#   cmake-config   CMake, find_package(libmaillog CONFIG) (also links the
#                  static library)
#   meson          Meson, dependency('libmaillog')
# pkg-config looks only into STAGE (PKG_CONFIG_LIBDIR) and prefixes STAGE
# to the paths the .pc gives (PKG_CONFIG_SYSROOT_DIR); CMake's config mode
# is pointed there with CMAKE_PREFIX_PATH.
set -eu
kind=$1 stage=$(cd "$2" && pwd) work=$3 version=$4
src=$(cd "$(dirname "$0")" && pwd)
log=$src/../data/postfix-loopback.log
mkdir -p "$work"
work=$(cd "$work" && pwd)
out=$work/$kind
rm -rf "$out"
mkdir -p "$out"

pc=$(find "$stage" -name libmaillog.pc | head -1)
so=$(find "$stage" -name 'libmaillog.so.[0-9]' | head -1)
[ -n "$pc" ] && [ -n "$so" ] || { echo "run.sh: no libmaillog.pc or libmaillog.so.N under $stage"; exit 1; }
PKG_CONFIG_LIBDIR=$(dirname "$pc")
PKG_CONFIG_SYSROOT_DIR=$stage
export PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
unset PKG_CONFIG_PATH
prefix=$stage$(sed -n 's/^prefix=//p' "$pc")

case $kind in
pkg-config)
    # shellcheck disable=SC2046
    ${CC:-cc} -std=c99 -Wall -Wextra -Werror $(pkg-config --cflags libmaillog) "$src/consumer.c" \
        -o "$out/consumer" $(pkg-config --libs libmaillog)
    bin=$out/consumer
    ;;
cmake | cmake-config)
    how=pkg-config
    [ "$kind" = cmake ] || how=config
    cmake -S "$src/cmake" -B "$out" -DMAILLOG_FIND=$how -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF > "$out/configure.log" 2>&1 \
        || { cat "$out/configure.log"; exit 1; }
    cmake --build "$out" > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
    bin=$out/consumer
    ;;
meson)
    meson setup "$out" "$src/meson" > "$work/meson-setup.log" 2>&1 || { cat "$work/meson-setup.log"; exit 1; }
    ninja -C "$out" > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
    bin=$out/consumer
    ;;
*)
    echo "run.sh: unknown kind $kind"; exit 2 ;;
esac

libdir=$(dirname "$so")
check() {
    LD_LIBRARY_PATH=$libdir "$1" < "$log" > "$1.out"
    head -1 "$1.out" | grep -qx "libmaillog $version" \
        || { echo "run.sh: $kind: $1 says $(head -1 "$1.out"), not libmaillog $version"; exit 1; }
    grep -qx 'alice@test.example sent' "$1.out" || { echo "run.sh: $kind: no delivery to alice"; exit 1; }
    grep -qx 'messages [1-9][0-9]*' "$1.out" || { echo "run.sh: $kind: no message correlated"; exit 1; }
}
check "$bin"
# The library it ran with is the staged one.
LD_LIBRARY_PATH=$libdir ldd "$bin" | grep -q "libmaillog.so.[0-9]* => $libdir/" \
    || { echo "run.sh: $kind: $bin does not load $libdir/libmaillog.so"; LD_LIBRARY_PATH=$libdir ldd "$bin"; exit 1; }
if [ "$kind" = cmake-config ]; then
    check "$out/consumer_static"
    ! ldd "$out/consumer_static" | grep -q libmaillog || { echo "run.sh: consumer_static loads libmaillog.so"; exit 1; }
fi
echo "consumer ($kind): built against $stage and ran: $(head -1 "$bin.out"), $(grep -c ' sent$' "$bin.out") deliveries sent, $(tail -1 "$bin.out")"
