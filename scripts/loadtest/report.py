"""The figures of a `make loadtest` run, against their targets.

Reads Locust's statistics (``--csv PREFIX``: PREFIX_stats.csv) and prints, per
action, the count, the failures, the median and the 95th percentile; exits 1
when a target is missed: p95 under 1 s for forms and lists, under 2 s for
wizards and postings, no failure at all.

With the server's log, it then prints where the workers' time went: per
route, the requests, the median and 95th percentile of the time the server
spent on each (its SQL and the rest, from Odoo's request log lines) and their
sum; what a user waited beyond that, the request waited for a free worker.

Usage: python3 scripts/loadtest/report.py PREFIX [SERVER_LOG]
"""

import csv
import re
import sys
from collections import defaultdict

# Odoo's request line: "... "POST /route HTTP/1.1" 200 - queries sql_s other_s
REQUEST = re.compile(r'"(?:GET|POST) (\S+) HTTP[^"]*" \d+ - \d+ ([\d.]+) ([\d.]+)')
# Milliseconds, by the class the action's name starts with.
TARGETS = {"form": 1000, "list": 1000, "page": 1000, "wizard": 2000, "post": 2000}


def _ms(value):
    """A time of Locust's CSV, in whole milliseconds (it writes "N/A" for an
    action never timed, and a lone request's time with all its decimals)."""
    try:
        return "%.0f" % float(value)
    except (TypeError, ValueError):
        return value or "-"


def _percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))]


def server_time(log):
    """Per route, the time the server spent: the workers' share."""
    routes = defaultdict(list)
    with open(log, encoding="utf-8", errors="replace") as file:
        for line in file:
            match = REQUEST.search(line)
            if match:
                route = re.sub(r"^/(slip|report/xlsx/[^/]+)/.*", r"/\1/…", match[1])
                routes[route].append(float(match[2]) + float(match[3]))
    total = sum(sum(times) for times in routes.values()) or 1
    print("\nWhere the workers' time went (server side, seconds):")
    print("%-62s %6s %7s %7s %7s" % ("route", "count", "median", "p95", "share"))
    for route, times in sorted(routes.items(), key=lambda item: -sum(item[1]))[:15]:
        print(
            "%-62s %6d %7.2f %7.2f %6.0f %%"
            % (
                route[:62],
                len(times),
                _percentile(times, 0.5),
                _percentile(times, 0.95),
                100 * sum(times) / total,
            )
        )


def main(prefix, log=None):
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
            % (name[:52], count, failed, _ms(median), _ms(p95), verdict)
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
    if log:
        server_time(log)
    print("loadtest: %s" % ("every target met" if ok else "a target MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
