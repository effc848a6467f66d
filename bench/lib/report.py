"""Turns one size's measurements (run.sh's TSV) into the printed table, <output>.md and <output>.json."""
import argparse
import json
import os
import statistics
from datetime import datetime, timezone

TARGETS = {  # issue 7
    "migrator/pgloader": ("<=", 1 / 3),
    "migrator/native": ("<=", 1.3),
    "verifier/migrator": ("<=", 0.6),
}
RSS_LIMIT_MB = 400


def main():
    p = argparse.ArgumentParser()
    for name in ("size", "file", "rows", "measures", "migrator-report", "settings", "commit", "output"):
        p.add_argument("--" + name, required=True)
    # The cores the server and the contenders ran on (run.sh --cpus); the machine's when not given.
    p.add_argument("--cores", type=int, default=os.cpu_count())
    a = p.parse_args()
    rows = int(a.rows)

    # One list per contender, one entry per round (--repeat): the n-th line of a contender is its n-th round.
    rounds = {}
    load = {}
    with open(a.measures) as f:
        for line in f:
            size, name, seconds, rss_kb, rc, loadavg, client_cpu, server_cpu = line.rstrip("\n").split("\t")
            rounds.setdefault(name, []).append({
                "seconds": float(seconds), "peak_rss_mb": round(int(rss_kb) / 1024, 1), "exit_code": int(rc),
                "client_cpu_seconds": float(client_cpu), "server_cpu_seconds": float(server_cpu)})
            load.setdefault(name, []).append(loadavg)
    for whole in ("native", "native-target"):
        if whole + "-copy" in rounds and whole + "-keys" in rounds:
            rounds[whole] = [{"seconds": round(c["seconds"] + k["seconds"], 3),
                              "peak_rss_mb": max(c["peak_rss_mb"], k["peak_rss_mb"]),
                              "exit_code": c["exit_code"] or k["exit_code"],
                              "client_cpu_seconds": round(c["client_cpu_seconds"] + k["client_cpu_seconds"], 2),
                              "server_cpu_seconds": round(c["server_cpu_seconds"] + k["server_cpu_seconds"], 2)}
                             for c, k in zip(rounds[whole + "-copy"], rounds[whole + "-keys"])]
    cores = a.cores
    for per_round in rounds.values():
        for r in per_round:
            # The work a contender gives the machine, and the wall time it could not beat with every core busy all along.
            r["cpu_seconds"] = round(r["client_cpu_seconds"] + r["server_cpu_seconds"], 2)
    # Each figure is the median over the rounds (the only value when there is one); the exit code is the worst.
    runs = {}
    for name, per_round in rounds.items():
        r = {key: round(statistics.median(x[key] for x in per_round), 3)
             for key in ("seconds", "peak_rss_mb", "client_cpu_seconds", "server_cpu_seconds", "cpu_seconds")}
        r["exit_code"] = max(x["exit_code"] for x in per_round)
        r["rows_per_second"] = round(rows / r["seconds"]) if r["seconds"] > 0 else None
        r["cpu_floor_seconds"] = round(r["cpu_seconds"] / cores, 1)
        r["rounds_seconds"] = [x["seconds"] for x in per_round]
        runs[name] = r

    def per_round_ratio(x, y, key):
        # The median of each round's own ratio: contenders of one round ran minutes apart, under the same load.
        if x not in rounds or y not in rounds:
            return None
        values = [p[key] / q[key] for p, q in zip(rounds[x], rounds[y]) if q[key] > 0]
        return round(statistics.median(values), 3) if values else None

    def ratio(x, y):
        return per_round_ratio(x, y, "seconds")

    def cpu_ratio(x, y):
        return per_round_ratio(x, y, "cpu_seconds")

    # The same ratios in CPU seconds: the work each contender gives the machine, whatever the cores.
    cpu_ratios = {"migrator/pgloader": cpu_ratio("migrator", "pgloader"), "migrator/native": cpu_ratio("migrator", "native"),
                  "verifier/migrator": cpu_ratio("verifier", "migrator")}
    ratios = {"migrator/pgloader": ratio("migrator", "pgloader"), "migrator/native": ratio("migrator", "native"),
              "verifier/migrator": ratio("verifier", "migrator")}
    # No target: how the migrator compares with the plainest route to the same schema (the native builds
    # only id keys), and how much of pgloader's time that route alone needs.
    context = {"migrator/native-target": ratio("migrator", "native-target"),
               "native-target/pgloader": ratio("native-target", "pgloader"),
               "native-target/native": ratio("native-target", "native")}
    checks = {}
    for key, (op, limit) in TARGETS.items():
        if ratios[key] is not None:
            checks[key] = {"value": ratios[key], "limit": round(limit, 3), "met": ratios[key] <= limit}
    if "migrator" in runs:
        rss = runs["migrator"]["peak_rss_mb"]
        checks["migrator peak RSS MB"] = {"value": rss, "limit": RSS_LIMIT_MB, "met": rss < RSS_LIMIT_MB}

    tables, steps = [], []
    if os.path.exists(a.migrator_report):
        with open(a.migrator_report) as f:
            report = json.load(f)
        tables = [{"table": t["table"], "rows": t["migrated"], "seconds": round(t["seconds"], 2), "readers": t.get("readers", 1)} for t in report.get("tables", [])]
        steps = [{"step": t["step"], "seconds": round(t["seconds"], 2), "migrator_cpu_seconds": round(t["clientCpuSeconds"], 2)}
                 for t in report.get("timings", [])]

    result = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "size": a.size,
        "file": os.path.basename(a.file), "file_mb": round(os.path.getsize(a.file) / 2**20), "rows": rows,
        "commit": a.commit, "server_settings": a.settings, "machine": f"{os.cpu_count()} cores", "cores_used": cores,
        "rounds": max(len(r) for r in rounds.values()) if rounds else 0,
        "load_average_after_each_run": load, "runs": runs, "ratios": ratios, "cpu_ratios": cpu_ratios, "targets": checks,
        "ratios_without_target": context,
        "migrator_tables": tables,
        "migrator_steps": steps,
    }
    with open(a.output + ".json", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    order = ["pgloader", "native-copy", "native-keys", "native", "migrator", "verifier",
             "native-target-copy", "native-target-keys", "native-target"]
    n = result["rounds"]
    lines = [f"| contender | wall s | rows/s | peak RSS MB | exit | client CPU s | server CPU s | CPU floor s ({cores} cores) |"
             + (" wall s per round |" if n > 1 else ""),
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + (" ---: |" if n > 1 else "")]
    for name in order:
        if name in runs:
            r = runs[name]
            lines.append(f"| {name} | {r['seconds']:.1f} | {r['rows_per_second'] or 0:,} | {r['peak_rss_mb']:.0f} | {r['exit_code']} "
                         f"| {r['client_cpu_seconds']:.1f} | {r['server_cpu_seconds']:.1f} | {r['cpu_floor_seconds']:.1f} |"
                         + (f" {' / '.join(f'{x:.1f}' for x in r['rounds_seconds'])} |" if n > 1 else ""))
    ratio_lines = [f"| {k} | {v['value']} | {'≤' if 'RSS' not in k else '<'} {v['limit']} | {'met' if v['met'] else 'MISSED'} "
                   f"| {cpu_ratios.get(k) if cpu_ratios.get(k) is not None else ''} |"
                   for k, v in checks.items()]
    md = [f"# Bench {a.size}: {rows:,} rows, {result['file_mb']} MB ({result['date']}, commit {a.commit})", "",
          *([f"Each figure is the median of {n} rounds (every contender once per round, in turns); each ratio is the "
             "median of the rounds' own ratios.", ""] if n > 1 else []),
          *lines, "", "| target (wall time) | value | limit | | same ratio in CPU s |", "| --- | ---: | ---: | --- | ---: |", *ratio_lines, ""]
    context_lines = [f"| {k} | {v} |" for k, v in context.items() if v is not None]
    if context_lines:
        md += ["The same schema by the plainest route (native-target: the native pipeline into the migrator's tables, "
               "account columns looked up in SQL, then pg_dump's post-data; no data rules applied), no target:", "",
               "| ratio (wall time) | value |", "| --- | ---: |", *context_lines, ""]
    if tables:
        md += [f"Migrator per table (copy only{', last round' if n > 1 else ''}):", "", "| table | rows | s |", "| --- | ---: | ---: |",
               *[f"| {t['table']} | {t['rows']:,} | {t['seconds']} |" for t in tables], ""]
    if steps:
        total = sum(t["seconds"] for t in steps)
        md += [f"Where the migrator's time went ({'last round, ' if n > 1 else ''}the timings of its report: each step's span; "
               "the migrator's own CPU beside it, so a step with little of it was the server working or the disk):", "",
               "| step | s | share | migrator CPU s |", "| --- | ---: | ---: | ---: |",
               *[f"| {t['step']} | {t['seconds']:.2f} | {100 * t['seconds'] / total:.0f}% | {t['migrator_cpu_seconds']:.2f} |" for t in steps],
               f"| all steps | {total:.2f} | | {sum(t['migrator_cpu_seconds'] for t in steps):.2f} |", ""]
    md += [f"Server: PostgreSQL 15, {a.settings}. The migrator and the verifier run published ReadyToRun "
           "(dotnet publish --use-current-runtime), as a cutover deploys them. Peak RSS is the client's largest process (/usr/bin/time -v), "
           "not the server's. Client CPU is user + system time of the command and its children; server CPU is what the "
           "PostgreSQL server's processes used during the run. CPU floor is their sum divided by the cores: the wall time "
           "the contender could not beat on this machine even with every core busy from start to end. "
           "Load average after each run: " + "; ".join(f"{k} {' / '.join(v)}" for k, v in load.items()), ""]
    with open(a.output + ".md", "w") as f:
        f.write("\n".join(md))
    print("\n".join(md))


main()
