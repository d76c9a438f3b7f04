#!/usr/bin/env python3
"""Lists every endpoint method of the Python driver `mattermostautodriver` as TSV
(module, method, operationId, HTTP method, path), for `xtask/data/python-names.tsv`.

    python3 xtask/scripts/python_names.py [VERSION] > xtask/data/python-names.tsv

Downloads the wheel with pip into a temporary folder (nothing is installed) and reads the
generated endpoint modules with `ast`. Codegen reads the TSV to give each mm method the
Python name as a doc alias and to report the Python names mm lacks (docs/python-names.md).
"""
import ast
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

VERSION = sys.argv[1] if len(sys.argv) > 1 else "11.11.1"
DOCS = re.compile(r"\(([^()]*) - (\w+)\) <https://developers\.mattermost\.com")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary", ":all:", f"mattermostautodriver=={VERSION}", "-d", tmp],
            check=True,
        )
        wheel = next(pathlib.Path(tmp).glob("*.whl"))
        rows = []
        with zipfile.ZipFile(wheel) as archive:
            for name in sorted(archive.namelist()):
                match = re.fullmatch(r"mattermostautodriver/endpoints/(\w+)\.py", name)
                if not match or match.group(1).startswith("_"):
                    continue
                module = match.group(1)
                tree = ast.parse(archive.read(name).decode())
                for node in ast.walk(tree):
                    if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                        rows.append((module, node.name, *describe(node)))
    print(f"# mattermostautodriver {VERSION}: module\tmethod\toperationId\tHTTP method\tpath")
    for row in rows:
        print("\t".join(row))


def describe(function):
    doc = ast.get_docstring(function) or ""
    found = DOCS.search(doc)
    operation = found.group(2) if found else ""
    method, path = "", ""
    for node in ast.walk(function):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "client" and node.args):
            method = node.func.attr.upper()
            target = node.args[0]
            if isinstance(target, ast.Constant):
                path = target.value
            elif isinstance(target, ast.JoinedStr):
                path = "".join(
                    part.value if isinstance(part, ast.Constant)
                    else "{" + ast.unparse(part.value) + "}"
                    for part in target.values
                )
            break
    return operation, method, path


if __name__ == "__main__":
    main()
