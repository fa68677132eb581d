"""Reads Odoo test logs and prints `N passed, N failed` as its last line.

Arguments: a log and Odoo's exit code, for each database the tests ran in
(scripts/test.sh runs the suite as two shards, each on its own database);
the counts are the sums of the logs'.

Exits non-zero on any failed test, error, skipped test (Odoo skips browser
tests silently when Chromium or websocket-client is missing), ERROR or
CRITICAL line in the log, or when no test ran at all.
"""

import re
import sys

SUMMARY = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
LEVEL = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
# Odoo only warns when demo data fails; for us it is a failure.
FATAL_WARNING = re.compile(r"demo data failed to install")
SKIPPED = re.compile(r" skipped (\S+)")


def read_log(path):
    """(failed, errors, tests, ERROR lines, skipped tests) of one log."""
    failed = errors = total = 0
    bad_lines, skipped = [], []
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = SUMMARY.search(line)
            if match:
                failed, errors, total = map(int, match.groups())
            if (LEVEL.match(line) or FATAL_WARNING.search(line)) and not SUMMARY.search(
                line
            ):
                bad_lines.append(line.rstrip())
            match = SKIPPED.search(line)
            if match and " INFO " in line:
                skipped.append(match.group(1))
    return failed, errors, total, bad_lines, skipped


def shard(path, odoo_rc):
    """(passed, failed) of one database's run, its errors printed."""
    try:
        failed, errors, total, bad_lines, skipped = read_log(path)
    except OSError as error:
        print("%s: %s" % (path, error))
        return 0, 1
    for line in bad_lines:
        print(line[:300])
    for name in skipped:
        print("skipped: %s" % name)
    not_passed = failed + errors + len(skipped)
    passed = max(total - not_passed, 0)
    # A log error outside any test still fails the run, counted once.
    extra = 1 if bad_lines and not (failed or errors) else 0
    if odoo_rc and not (not_passed or extra):
        extra = 1
    if total == 0:
        print("%s: no test ran" % path)
        extra = 1
    return passed, not_passed + extra


def main(args):
    passed = failed = 0
    for index in range(0, len(args), 2):
        # A shard stopped before Odoo ended has no exit code: a failure.
        rc = args[index + 1].strip() if index + 1 < len(args) else "0"
        odoo_rc = int(rc) if rc.lstrip("-").isdigit() else 1
        shard_passed, shard_failed = shard(args[index], odoo_rc)
        passed += shard_passed
        failed += shard_failed
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
