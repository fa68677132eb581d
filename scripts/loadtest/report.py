"""The figures of a `make loadtest` run, against their targets.

Reads Locust's statistics (``--csv PREFIX``: PREFIX_stats.csv) and prints, per
action, the count, the failures, the median and the 95th percentile; exits 1
when a target is missed: p95 under 1 s for forms and lists, under 2 s for
wizards and postings, no failure at all.

Usage: python3 scripts/loadtest/report.py PREFIX
"""

import csv
import sys

# Milliseconds, by the class the action's name starts with.
TARGETS = {"form": 1000, "list": 1000, "page": 1000, "wizard": 2000, "post": 2000}


def main(prefix):
    with open(prefix + "_stats.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    failures_file = prefix + "_failures.csv"
    ok = True
    print(
        "%-52s %6s %6s %8s %8s  %s"
        % ("action", "count", "failed", "median", "p95", "target p95")
    )
    for row in rows:
        name = row["Name"]
        count, failed = int(row["Request Count"]), int(row["Failure Count"])
        median, p95 = row["Median Response Time"], row["95%"]
        kind = name.split(":")[0]
        target = TARGETS.get(kind)
        verdict = ""
        if name == "Aggregated":
            name = "all requests"
        elif target is not None:
            missed = float(p95 or 0) >= target
            verdict = "%5.1f s %s" % (target / 1000, "MISSED" if missed else "ok")
            ok &= not missed
        if failed:
            ok = False
            verdict += " FAILURES"
        print(
            "%-52s %6d %6d %6s ms %6s ms  %s"
            % (name[:52], count, failed, median, p95, verdict)
        )
    with open(failures_file, encoding="utf-8") as file:
        for row in csv.DictReader(file):
            print(
                "  failed %s× %s: %s"
                % (row["Occurrences"], row["Name"], row["Error"][:200])
            )
    with open(prefix + "_exceptions.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            ok = False
            print(
                "  error %s× in the simulated users: %s"
                % (row["Count"], row["Message"])
            )
    if not any(
        int(row["Request Count"]) for row in rows if row["Name"] == "Aggregated"
    ):
        ok = False
        print("  no request made")
    print("loadtest: %s" % ("every target met" if ok else "a target MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
