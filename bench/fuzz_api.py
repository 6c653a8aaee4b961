"""Fuzzing the coordinators' API with schemathesis, from its own OpenAPI document.

    python -m bench.fuzz_api [--max-examples 200] [--seed 1]

The real app runs in its own process on loopback (bench/fuzz_server.py: local mode, a temporary
SQLite database with a few demo boards). schemathesis reads /api/v1/openapi.json and generates
requests for every operation, valid and invalid, twice: with a valid API token of a coordinator,
and without one. The check is not_a_server_error: the target is no response of 500 or more.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from bench.fuzz_server import start_server


def api_token(base: str) -> str:
    request = urllib.request.Request(f"{base}/__bench/api-token", method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        token: str = json.loads(response.read())["token"]
    return token


def schemathesis(base: str, token: str | None, max_examples: int, seed: int) -> tuple[int, str]:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{base}/api/v1/openapi.json",
        "--checks", "not_a_server_error",
        "--max-examples", str(max_examples),
        "--seed", str(seed),
        "--phases", "examples,coverage,fuzzing,stateful",
        "--suppress-health-check", "all",
        "--request-timeout", "30",
        "--workers", "1",
    ]  # fmt: skip
    if token is not None:
        command += ["--header", f"Authorization: Bearer {token}"]
    with tempfile.TemporaryDirectory(
        prefix="eckbot-schemathesis-"
    ) as folder:  # its cache, not in the checkout
        finished = subprocess.run(
            command, capture_output=True, text=True, timeout=1800, check=False, cwd=folder
        )
    output = (finished.stdout + finished.stderr).replace(token or "\x00", "<token>")
    return finished.returncode, output


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--max-examples", type=int, default=200, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="print schemathesis's whole output")
    args = parser.parse_args()

    server = start_server(demo_boards=20)
    results = []
    try:
        token = api_token(server.base)
        for label, used in (("with a valid API token", token), ("without a token", None)):
            code, output = schemathesis(server.base, used, args.max_examples, args.seed)
            results.append((label, code, output))
    finally:
        server.stop()

    print(f"command: python -m bench.fuzz_api --max-examples {args.max_examples} --seed {args.seed}")
    for label, code, output in results:
        print()
        print(
            f"## {label}: schemathesis exit code {code} ({'no server errors' if code == 0 else 'FAILURES'})"
        )
        lines = output.splitlines()
        summary = next((n for n, line in enumerate(lines) if "SUMMARY" in line), 0)
        shown = lines if args.verbose or code != 0 else lines[summary:]
        print("\n".join(line for line in shown if line.strip()))
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
