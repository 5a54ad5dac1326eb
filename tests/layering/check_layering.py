#!/usr/bin/env python3
"""Fails when a Candor library includes or links a library it may not use.

The rule, bottom up (issue 13, docs/architecture.md):
  core, importers  use nothing of Candor's;
  matching, gcms   use importers;
  services         uses core, importers, matching and gcms;
  alerts, print    use core (and services where they must);
  app, cli         sit on top, and nothing includes or links them.

Checked in every C++ source and header under each library's folder (its include/
folder too): `#include "lib/..."` or `#include <lib/...>` naming another library, and
any include that climbs out with "../". Checked in each library's CMake files: the
candor_* targets it links. And core must build without Qt: no Qt include, no Qt target.

Usage: check_layering.py ROOT        (exit 1 and one line per violation)
       check_layering.py --self-test  (the check finds each kind of violation)
"""
import pathlib
import re
import sys

ALLOWED = {
    "core": set(),
    "importers": set(),
    "matching": {"importers"},
    "gcms": {"importers"},
    "services": {"core", "importers", "matching", "gcms"},
    "alerts": {"core", "services"},
    "print": {"core", "services"},
    "app": {"core", "importers", "matching", "gcms", "services", "alerts", "print"},
    "cli": {"core", "importers", "matching", "gcms", "services", "alerts", "print"},
}
# CMake targets that are not named candor_<library>, and the library each belongs to.
TARGET_OWNER = {
    "candor_alerts_poster": "alerts",
    "candor_spectrumjson": "cli",
    "candor_matchjson": "cli",
    "candor_cli_lib": "cli",
    "candor_appplugin": "app",
    "candor_app": "app",
}
WITHOUT_QT = {"core", "importers", "matching", "gcms"}

INCLUDE = re.compile(r'^[ \t]*#[ \t]*include\s*[<"]([^>"]+)[>"]', re.MULTILINE)
LINK = re.compile(r"target_link_libraries\s*\(\s*(\S+)([^)]*)\)", re.DOTALL)
SOURCE_SUFFIXES = {".h", ".hpp", ".cpp", ".cc", ".in"}


def owner_of_target(target):
    if target in TARGET_OWNER:
        return TARGET_OWNER[target]
    if target.startswith("candor_") and target[len("candor_"):] in ALLOWED:
        return target[len("candor_"):]
    return None


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def check(root):
    problems = []
    for library, allowed in ALLOWED.items():
        folder = root / library
        if not folder.is_dir():
            problems.append(f"{library}/: the library's folder is missing")
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            where = path.relative_to(root)
            for match in INCLUDE.finditer(text):
                included = match.group(1)
                line = line_of(text, match.start())
                if "../" in included:
                    problems.append(f"{where}:{line}: includes \"{included}\", which climbs out of its folder")
                    continue
                first = included.split("/", 1)[0]
                if "/" in included and first in ALLOWED and first != library and first not in allowed:
                    problems.append(f"{where}:{line}: {library} may not include {first} (\"{included}\")")
                if library in WITHOUT_QT and re.match(r"Q[A-Za-z]+(/|$)", included):
                    problems.append(f"{where}:{line}: {library} must build without Qt (includes <{included}>)")
        for cmake in sorted(list(folder.rglob("CMakeLists.txt")) + list(folder.rglob("*.cmake"))):
            text = cmake.read_text(encoding="utf-8")
            where = cmake.relative_to(root)
            for match in LINK.finditer(text):
                target_owner = owner_of_target(match.group(1))
                if target_owner != library:
                    continue
                line = line_of(text, match.start())
                for item in match.group(2).split():
                    used = owner_of_target(item)
                    if used and used != library and used not in allowed:
                        problems.append(f"{where}:{line}: {match.group(1)} may not link {item} ({used})")
                    if library in WITHOUT_QT and item.startswith("Qt"):
                        problems.append(f"{where}:{line}: {library} must build without Qt (links {item})")
    return problems


def self_test():
    """Builds a small tree with one violation of each kind and requires each be found,
    and a clean tree be passed, so that the check itself cannot silently pass."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for library in ALLOWED:
            (root / library).mkdir()
            (root / library / "ok.cpp").write_text(
                "".join(f'#include "{used}/x.h"\n' for used in sorted(ALLOWED[library])) + "#include <vector>\n")
        clean = check(root)
        if clean:
            print("self-test: a clean tree was refused:", *clean, sep="\n  ")
            return 1
        (root / "services" / "bad.cpp").write_text('#include "core/x.h"\n\n#include "cli/spectrumjson.h"\n')
        (root / "core" / "include" / "core").mkdir(parents=True)
        (root / "core" / "include" / "core" / "bad.h").write_text("#include <QString>\n#include \"../../app/x.h\"\n")
        (root / "alerts" / "CMakeLists.txt").write_text("target_link_libraries(candor_alerts PUBLIC candor_core\n  candor_app_x candor_appplugin)\n")
        (root / "matching" / "CMakeLists.txt").write_text("target_link_libraries(candor_matching PUBLIC Qt6::Core)\n")
        expected = [
            "services/bad.cpp:3: services may not include cli",
            "core/include/core/bad.h:1: core must build without Qt",
            "core/include/core/bad.h:2: includes \"../../app/x.h\", which climbs",
            "alerts/CMakeLists.txt:1: candor_alerts may not link candor_appplugin (app)",
            "matching/CMakeLists.txt:1: matching must build without Qt",
        ]
        found = check(root)
        missing = [e for e in expected if not any(f.startswith(e) for f in found)]
        if missing or len(found) != len(expected):
            print("self-test: expected", *expected, "found", *found, sep="\n  ")
            return 1
    print(f"self-test: all {len(expected)} kinds of violation found, the clean tree passed")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1])
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} layering violation(s); the rule is in tests/layering/check_layering.py")
        return 1
    print("layering: every include and link follows the rule")
    return 0


if __name__ == "__main__":
    sys.exit(main())
