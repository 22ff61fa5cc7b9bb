#!/usr/bin/env python3
"""Checks the library's documentation: every public declaration in the library's modules has a
doc comment, and the DocC catalog builds without warnings.

    python3 docs/check.py            # both checks
    python3 docs/check.py --comments # only the doc-comment check (no build)

DocC's own coverage report also counts members the compiler synthesizes (`!=`, `init(rawValue:)`,
protocol defaults), which no source can document; so the comment check reads the sources.
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The library product's modules (the executable's front end is not part of the library).
MODULES = ["Expr", "Parser", "Simplify", "Calculus", "Compile", "Optimize", "Emit", "Plot",
           "SymDiff", "Session", "Tensor"]

DECLARATION = re.compile(
    r"^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*(?:(?:public|open)\s+)(?:(?:final|static|class|override|"
    r"nonisolated|mutating|nonmutating|indirect|convenience|required|lazy|private\(set\)|"
    r"fileprivate\(set\)|internal\(set\))\s+)*"
    r"(func|var|let|init|subscript|struct|enum|class|protocol|typealias|actor|case|associatedtype)\b")
ATTRIBUTE = re.compile(r"^\s*@[\w.]+(\(.*\))?\s*$")


def undocumented(path: pathlib.Path):
    """(line number, text) of each public declaration in `path` without a doc comment above it."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found = []
    for i, line in enumerate(lines):
        if not DECLARATION.match(line):
            continue
        j = i - 1
        while j >= 0 and ATTRIBUTE.match(lines[j]):
            j -= 1
        above = lines[j].strip() if j >= 0 else ""
        if not (above.startswith("///") or above.endswith("*/")):
            found.append((i + 1, line.strip()))
    return found


def check_comments() -> int:
    missing = 0
    for module in MODULES:
        for path in sorted((ROOT / "Sources" / module).rglob("*.swift")):
            for number, text in undocumented(path):
                print(f"{path.relative_to(ROOT)}:{number}: public declaration without a doc comment: {text}")
                missing += 1
    print(f"doc comments: {missing} public declarations without one" if missing
          else "doc comments: every public declaration of the library has one")
    return missing


def check_catalog() -> int:
    targets = [arg for module in MODULES for arg in ("--target", module)]
    command = ["swift", "package", "generate-documentation", "--enable-experimental-combined-documentation",
               "--warnings-as-errors", *targets]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-4000:] + result.stderr[-4000:])
        print("catalog: generate-documentation failed (warnings are errors)")
        return 1
    print("catalog: generate-documentation built the combined archive without warnings")
    return 0


def main() -> int:
    failures = check_comments()
    if "--comments" not in sys.argv[1:]:
        failures += check_catalog()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
