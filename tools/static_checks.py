"""Static checks of ``make test`` (also ``make lint``).

- every XML file is well-formed;
- every manifest is valid: known keys, version 19.0.x.y.z, dependencies that
  exist on the addons path, data/demo/asset files that exist;
- every ir.model.access.csv row points at a real model and a real group;
- ruff, and pylint with the pylint-odoo plugin as the OCA's 19.0 repositories
  configure it (.pylintrc-mandatory).
Exits non-zero on any error.
"""

import ast
import csv
import glob
import re
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env

REPO = odoo_env.REPO
ADDONS_DIR = REPO / "addons"
VERSION = re.compile(r"^19\.0\.\d+\.\d+\.\d+$")
REQUIRED_KEYS = {"name", "version", "license", "author", "depends", "installable"}
KNOWN_KEYS = REQUIRED_KEYS | {
    "summary", "category", "sequence", "website", "development_status", "data", "demo",
    "assets", "application", "auto_install", "external_dependencies", "maintainers",
    "post_init_hook", "pre_init_hook", "uninstall_hook", "images", "countries", "icon",
}
LICENSES = {"AGPL-3", "GPL-2", "GPL-2 or any later version", "GPL-3",
            "GPL-3 or any later version", "LGPL-3", "OEEL-1", "OPL-1"}


class Checker:
    def __init__(self):
        self.errors = []
        self.addons_path = [Path(p) for p in odoo_env.addons_path().split(",")]

    def error(self, where, message):
        self.errors.append(f"{where}: {message}")

    def module_dir(self, name):
        for base in self.addons_path:
            if (base / name / "__manifest__.py").is_file():
                return base / name
        return None

    def our_addons(self):
        return sorted(p.parent for p in ADDONS_DIR.glob("*/__manifest__.py"))

    # -- XML -------------------------------------------------------------
    def check_xml(self):
        for path in sorted(ADDONS_DIR.rglob("*.xml")):
            try:
                etree.parse(str(path))
            except etree.XMLSyntaxError as exc:
                self.error(path.relative_to(REPO), f"XML is not well-formed: {exc}")

    # -- manifests -------------------------------------------------------
    def check_manifests(self):
        for addon in self.our_addons():
            where = (addon / "__manifest__.py").relative_to(REPO)
            try:
                manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
            except (SyntaxError, ValueError) as exc:
                self.error(where, f"not a Python literal: {exc}")
                continue
            if not isinstance(manifest, dict):
                self.error(where, "is not a dict")
                continue
            for key in REQUIRED_KEYS - manifest.keys():
                self.error(where, f"missing key {key!r}")
            for key in manifest.keys() - KNOWN_KEYS:
                self.error(where, f"unknown or deprecated key {key!r}")
            if not VERSION.match(str(manifest.get("version", ""))):
                self.error(where, f"version {manifest.get('version')!r} is not 19.0.x.y.z")
            if manifest.get("license") not in LICENSES:
                self.error(where, f"license {manifest.get('license')!r} is not allowed")
            for dep in manifest.get("depends", []):
                if not self.module_dir(dep):
                    self.error(where, f"dependency {dep!r} is not on the addons path")
            for key in ("data", "demo"):
                for rel in manifest.get(key, []):
                    if not (addon / rel).is_file():
                        self.error(where, f"{key} file {rel!r} does not exist")
            self.check_assets(addon, where, manifest.get("assets", {}))

    def check_assets(self, addon, where, assets):
        for bundle, files in assets.items():
            for entry in files:
                pattern = entry[-1] if isinstance(entry, (list, tuple)) else entry
                if not isinstance(pattern, str) or "/" not in pattern:
                    continue
                module, _sep, rest = pattern.partition("/")
                base = addon if module == addon.name else self.module_dir(module)
                if base is None or not glob.glob(str(base / rest), recursive=True):
                    self.error(where, f"asset {pattern!r} of {bundle} matches no file")

    # -- access rights -----------------------------------------------------
    def models_of(self, module_dir, cache={}):  # noqa: B006 (a cache on purpose)
        if module_dir not in cache:
            names = set()
            for py in module_dir.rglob("*.py"):
                if "/tests/" in str(py):
                    continue
                try:
                    tree = ast.parse(py.read_text())
                except SyntaxError:
                    continue
                for node in ast.walk(tree):
                    if isinstance(node, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == "_name" for t in node.targets
                    ) and isinstance(node.value, ast.Constant):
                        names.add(node.value.value)
            cache[module_dir] = names
        return cache[module_dir]

    def xml_ids_of(self, module_dir, model, cache={}):  # noqa: B006 (a cache on purpose)
        key = (module_dir, model)
        if key not in cache:
            ids = set()
            for path in module_dir.rglob("*.xml"):
                try:
                    tree = etree.parse(str(path))
                except etree.XMLSyntaxError:
                    continue
                ids.update(r.get("id") for r in tree.iter("record") if r.get("model") == model)
            cache[key] = ids
        return cache[key]

    def dependency_closure(self, addon_dir):
        seen, todo = {}, [addon_dir.name]
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            path = self.module_dir(name)
            if not path:
                continue
            seen[name] = path
            try:
                manifest = ast.literal_eval((path / "__manifest__.py").read_text())
            except (SyntaxError, ValueError):
                continue
            todo.extend(manifest.get("depends", []))
            if name != "base":
                todo.append("base")
        return seen

    def check_access_csv(self):
        for addon in self.our_addons():
            csv_path = addon / "security" / "ir.model.access.csv"
            if not csv_path.is_file():
                continue
            modules = self.dependency_closure(addon)
            model_xmlids = {}
            for name, path in modules.items():
                for model in self.models_of(path):
                    model_xmlids["model_" + model.replace(".", "_")] = name
            where = csv_path.relative_to(REPO)
            with csv_path.open(newline="") as handle:
                for lineno, row in enumerate(csv.DictReader(handle), start=2):
                    model_ref = row.get("model_id:id", "")
                    module, _dot, xmlid = model_ref.rpartition(".")
                    if xmlid not in model_xmlids or (module and module not in modules):
                        self.error(f"{where}:{lineno}", f"model {model_ref!r} does not exist")
                    group_ref = row.get("group_id:id", "")
                    if group_ref:
                        module, _dot, xmlid = group_ref.rpartition(".")
                        module_path = modules.get(module or addon.name)
                        if not module_path or xmlid not in self.xml_ids_of(
                            module_path, "res.groups"
                        ):
                            self.error(f"{where}:{lineno}", f"group {group_ref!r} does not exist")
                    for perm in ("perm_read", "perm_write", "perm_create", "perm_unlink"):
                        if row.get(perm) not in ("0", "1"):
                            self.error(f"{where}:{lineno}", f"{perm} must be 0 or 1")

    # -- linters -------------------------------------------------------------
    def run(self, title, cmd):
        print(f"-- {title}", flush=True)
        proc = subprocess.run(cmd, cwd=REPO, check=False)
        if proc.returncode:
            self.error(title, f"exit code {proc.returncode}")


def main():
    checker = Checker()
    checker.check_xml()
    checker.check_manifests()
    checker.check_access_csv()
    for error in checker.errors:
        print(error)
    print(f"-- XML, manifests, access rights: {len(checker.errors)} error(s)", flush=True)
    targets = [str(p.relative_to(REPO)) for p in checker.our_addons()]
    checker.run("ruff", [sys.executable, "-m", "ruff", "check", "--no-fix", "addons", "tests",
                         "tools"])
    checker.run("pylint-odoo", [sys.executable, "-m", "pylint",
                                "--rcfile=.pylintrc-mandatory", *targets])
    if shutil.which("docker-compose"):
        checker.run("docker-compose config", ["docker-compose", "config", "-q"])
    else:
        checker.error("docker-compose", "not installed: cannot check docker-compose.yml")
    if checker.errors:
        print(f"static checks: {len(checker.errors)} error(s)")
        return 1
    print("static checks: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
