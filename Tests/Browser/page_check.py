#!/usr/bin/env python3
"""The page of `symdiff serve` in a real browser: headless Chromium loads it with an expression
in its address (as a bookmarked or shared result does), runs its script against the API, and the
DOM it ends with is checked: the derivative's text, the typeset result, the steps with their
rules, the plot's curves, the code. A screenshot is saved.

    python3 Tests/Browser/page_check.py .build/debug/symdiff [--screenshot page.png]

Exit status 0 when every check holds, 1 when one fails, 2 when Chromium is not installed.
"""
import argparse
import re
import shutil
import subprocess
import sys

CHECKS = {
    "x^2*sin(x)": "x*(x*cos(x) + 2*sin(x))",
    "sigmoid(x)": "sigmoid(x)*(1 - sigmoid(x))",
}


def browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    return None


def load(chrome, url, extra):
    command = [chrome, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--virtual-time-budget=20000", *extra, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=120).stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--screenshot", default=None)
    args = parser.parse_args()
    chrome = browser()
    if chrome is None:
        print("page check: no Chromium installed; skipped")
        return 2
    server = subprocess.Popen([args.binary, "serve", "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if not match:
            print(f"page check: the server did not start: {line.strip()}")
            return 1
        base = match.group(0)
        failures = []
        for expression, derivative in CHECKS.items():
            address = base + "#f=" + expression.replace("^", "%5E")
            dom = load(chrome, address, ["--dump-dom"])
            plain = re.search(r'<code id="plain">(.*?)</code>', dom)
            shown = plain.group(1).replace("&amp;", "&") if plain else None
            if shown != derivative:
                failures.append(f"{expression}: the derivative shown is {shown!r}, expected {derivative!r}")
            if 'class="katex' not in dom and "data-math=\"none\"" not in dom:
                failures.append(f"{expression}: the result is not typeset")
            steps = re.search(r'<ol id="steps">(.*?)</ol>', dom, re.S)
            if not steps or steps.group(1).count("<li>") < 1 or 'class="rule"' not in steps.group(1):
                failures.append(f"{expression}: no steps with their rules")
            plot = re.search(r'<div id="plot">(.*?)</div>', dom, re.S)
            curves = len(re.findall(r"<(polyline|path)\b", plot.group(1))) if plot else 0
            if curves < 2:
                failures.append(f"{expression}: the plot has {curves} curves, expected f and f'")
            if "double f(" not in dom:
                failures.append(f"{expression}: no C code")
        if args.screenshot:
            load(chrome, base + "#f=sigmoid(x)", ["--window-size=1100,2100", f"--screenshot={args.screenshot}"])
        for failure in failures:
            print("page check: " + failure)
        print(f"page check: {len(CHECKS)} pages loaded in {chrome}, {len(failures)} failures")
        return 1 if failures else 0
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
