"""Merges the strings of the addon into i18n/vi.po and lists what is untranslated.

Usage: $(cat .build/python) scripts/update_vi_po.py DB
(the interpreter make setup chose)
Exports the addon's template from the database DB (where the addon is
installed, e.g. after `make test`), keeps every existing translation, drops
strings no longer used, and prints the msgids that still need a Vietnamese
translation. Odoo's own `--i18n-export --language=vi_VN` would do most of it,
but it drops translations equal to their source (the Vietnamese titles of the
official forms), which the completeness test then reports as missing.
"""

import hashlib
import os
import subprocess
import sys
import tempfile

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PO = os.path.join(ROOT, "i18n", "vi.po")


def addons_path():
    """The folder scripts/common.sh links the addon from (outside the checkout)."""
    digest = hashlib.sha1(ROOT.encode()).hexdigest()[:10]
    tmp = os.environ.get("TMPDIR", "/tmp")
    return os.path.join(tmp, "post_rehab_credit-addons-%s" % digest)


def main(db):
    with tempfile.TemporaryDirectory() as tmp:
        pot_path = os.path.join(tmp, "post_rehab_credit.pot")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "odoo",
                "-d",
                db,
                "--addons-path=%s" % addons_path(),
                "--i18n-export=%s" % pot_path,
                "--modules=post_rehab_credit",
                "--stop-after-init",
                "--no-http",
                "--log-level=warn",
            ],
            check=True,
        )
        pot = polib.pofile(pot_path)
    old = polib.pofile(PO) if os.path.exists(PO) else polib.POFile()
    known = {(e.msgctxt, e.msgid): e.msgstr for e in old}
    known_by_id = {e.msgid: e.msgstr for e in old}
    pot.metadata.update(
        {
            "Language": "vi_VN",
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=1; plural=0;",
        }
    )
    missing = []
    for entry in pot:
        entry.msgstr = known.get((entry.msgctxt, entry.msgid)) or known_by_id.get(
            entry.msgid, ""
        )
        if not entry.msgstr:
            missing.append(entry.msgid)
    pot.save(PO)
    for msgid in missing:
        print(repr(msgid))
    print("%d untranslated of %d" % (len(missing), len(pot)), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
