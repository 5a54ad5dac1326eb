# Shared by scripts/fuzz (open-ended, random seed) and tests/fuzz/replay (CI,
# deterministic): where the fuzz build lives, which targets exist, and how to build them.
# Sourced, not run.

fuzz_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fuzz_build=${CANDOR_FUZZ_BUILD_DIR:-$fuzz_root/build-fuzz}
fuzz_formats=(jcamp spc opus andi chemstation csv)
# Flags every run shares: a hang or a huge allocation is a bug like a crash.
fuzz_flags=(-timeout=10 -rss_limit_mb=2048 -max_len=262144)

# Configures build-fuzz/ with clang (ASan + UBSan + libFuzzer) and builds the targets.
# Needs clang and its runtimes (Debian: clang, libclang-rt-14-dev; see scripts/deps).
fuzz_build_targets()
{
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  CC=clang CXX=clang++ cmake -S "$fuzz_root" -B "$fuzz_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCANDOR_FUZZ=ON -DCANDOR_BUILD_QT=OFF -DCANDOR_BUILD_TESTS=OFF -DCANDOR_BUILD_BENCH=OFF \
    "${launcher[@]}" >/dev/null
  cmake --build "$fuzz_build" -j"$(nproc)" --target "$@"
}

# Checks that each argument is a known format; prints usage and exits otherwise.
fuzz_check_formats()
{
  local f known
  for f in "$@"; do
    known=0
    for k in "${fuzz_formats[@]}"; do [ "$f" = "$k" ] && known=1; done
    if [ $known -eq 0 ]; then
      echo "unknown fuzz target '$f' (known: ${fuzz_formats[*]})" >&2
      exit 2
    fi
  done
}
