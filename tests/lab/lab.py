#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The lab's host side: everything after qemu has powered off.

  lab.py unpack-kernel VMLINUZ OUT      the ELF kernel inside a bzImage
  lab.py collect RAW OUT --workload W --setting S --rep N [--args A]
                                        one guest result -> one result JSON
  lab.py table RESULTS [--doc FILE]     the Markdown table (and docs/lab.md)
  lab.py plot RESULTS WORKLOAD OUTDIR   PNGs of one run per wmtune policy
  lab.py smoke RESULT                   the lab-smoke verdict (exit 0 or 1)

Only the standard library and gnuplot: no pip packages on the lab's host.
"""
import argparse
import glob
import gzip
import json
import lzma
import os
import statistics
import subprocess
import sys

PAGE_KB = 4

# The columns of the table: (key in "metrics", header, format).
COLUMNS = [
    ("fail_pages", "failed pages", "{:.0f}"),
    ("fail_bursts", "failing bursts", "{:.0f}"),
    ("counted_pct", "wmtune counted %", "{:.0f}"),
    ("mfk_mean", "min_free_kbytes mean", "{:.0f}"),
    ("mfk_peak", "mfk peak", "{:.0f}"),
    ("wsf_mean", "WSF mean", "{:.0f}"),
    ("wsf_peak", "WSF peak", "{:.0f}"),
    ("high_kb_mean", "high wmark kB mean", "{:.0f}"),
    ("free_kb_mean", "free kB mean", "{:.0f}"),
    ("avail_kb_mean", "MemAvailable kB mean", "{:.0f}"),
    ("allocstall", "allocstall", "{:.0f}"),
    ("psi_some10_mean", "PSI some avg10 mean", "{:.2f}"),
    ("writes", "wmtune writes", "{:.0f}"),
]


# --- unpack-kernel ---

def unpack_kernel(src, dst):
    """Write the ELF vmlinux inside a bzImage (xz or gzip payload).

    qemu boots an ELF kernel through its PVH entry point and so skips the
    decompressor, which under TCG costs about half of a boot. Anything
    unexpected: copy the bzImage itself, which boots too, only slower.
    """
    data = open(src, "rb").read()
    out = None
    for magic, unpack in ((b"\xfd7zXZ\x00", lambda b: lzma.LZMADecompressor().decompress(b)),
                          (b"\x1f\x8b\x08", lambda b: gzip.GzipFile(fileobj=_Bytes(b)).read())):
        at = data.find(magic)
        if at < 0:
            continue
        try:
            out = unpack(data[at:])
        except (lzma.LZMAError, OSError, EOFError):
            out = None
        if out and out[:4] == b"\x7fELF":
            break
        out = None
    with open(dst + ".tmp", "wb") as f:
        f.write(out if out else data)
    os.replace(dst + ".tmp", dst)
    print("lab: kernel %s -> %s (%s)" % (src, dst, "ELF, PVH boot" if out else "bzImage as is"))


class _Bytes:
    """The smallest file object gzip needs, reading a bytes object."""

    def __init__(self, b):
        self.b, self.at = b, 0

    def read(self, n=-1):
        end = len(self.b) if n < 0 else self.at + n
        chunk = self.b[self.at:end]
        self.at += len(chunk)
        return chunk


# --- collect: one run's metrics ---

def tw_mean(samples, key, t0, t1, f=lambda s, k: s[k]):
    """Time-weighted mean over [t0, t1]: a sample holds until the next."""
    total = weight = 0.0
    for a, b in zip(samples, samples[1:] + [None]):
        start = max(a["t"], t0)
        end = min(b["t"] if b else t1, t1)
        if end > start:
            total += f(a, key) * (end - start)
            weight += end - start
    return total / weight if weight else None


def unboosted(s, key):
    """A watermark summed over the zones, without the boost, in kB."""
    return (s[key] - max(s["boost"], 0)) * PAGE_KB


def in_window(samples, t0, t1):
    """The samples from the last one before t0 to the first one after t1."""
    first = max([i for i, s in enumerate(samples) if s["t"] <= t0] or [0])
    last = min([i for i, s in enumerate(samples) if s["t"] >= t1] or [len(samples) - 1])
    return samples[first:last + 1]


def metrics(raw):
    t0, t1 = raw["t0"], raw["t1"]
    win = in_window(raw["samples"], t0, t1)
    mod = raw["module"]
    summary = (raw.get("events") or {}).get("summary") or {}
    counted = summary.get("order0_atomic_failures")
    changes = [e for e in raw["watch_log"] if e.get("event") == "change"]
    m = {
        "fail_pages": mod["fail_pages"],
        "fail_bursts": mod["fail_bursts"],
        "bursts": mod["bursts"],
        "ok_pages": mod["ok_pages"],
        "counted": counted,
        "counted_reports": summary.get("order0_atomic_reports"),
        "counted_pct": (100.0 * counted / mod["fail_pages"]
                        if counted is not None and mod["fail_pages"] else None),
        "dmesg_reports": raw["dmesg"]["reports"],
        "dmesg_suppressed": raw["dmesg"]["suppressed"],
        "mfk_mean": tw_mean(win, "mfk", t0, t1),
        "mfk_peak": max(s["mfk"] for s in win),
        "wsf_mean": tw_mean(win, "wsf", t0, t1),
        "wsf_peak": max(s["wsf"] for s in win),
        "min_kb_mean": tw_mean(win, "wmin", t0, t1, unboosted),
        "high_kb_mean": tw_mean(win, "whigh", t0, t1, unboosted),
        "high_kb_peak": max(unboosted(s, "whigh") for s in win),
        "free_kb_mean": tw_mean(win, "free", t0, t1, lambda s, k: s[k] * PAGE_KB),
        "avail_kb_mean": tw_mean(win, "avail_kb", t0, t1),
        "allocstall": win[-1]["allocstall"] - win[0]["allocstall"],
        "psi_some10_mean": tw_mean(win, "psi_some10_x100", t0, t1,
                                   lambda s, k: s[k] / 100.0),
        "psi_some10_peak": max(s["psi_some10_x100"] for s in win) / 100.0,
        "writes": len(changes),
        "first_fail_s": first_time(win, lambda s: s["fail"] > 0, t0),
        "first_write_s": (changes[0]["t_usec"] / 1e6 - t0) if changes else None,
        "watch_rc": raw.get("watch_rc"),
    }
    return m


def first_time(samples, pred, t0):
    for s in samples:
        if pred(s):
            return round(s["t"] - t0, 3)
    return None


def host_times(console):
    """wall_ms and cpu_ms of the boot, from boot.sh's LABHOST line."""
    t = {}
    try:
        for line in open(console, errors="replace"):
            if line.startswith("LABHOST"):
                for kv in line.split()[1:]:
                    k, _, v = kv.partition("=")
                    if k in ("wall_ms", "cpu_ms") and v.isdigit():
                        t[k] = int(v)
    except OSError:
        pass
    return t


def collect(a):
    raw = json.load(open(os.path.join(a.raw, "result.json")))
    raw["events"] = {"summary": (raw.get("events") or {}).get("summary"),
                     "ts_usec": [e.get("ts_usec") for e in
                                 (raw.get("events") or {}).get("events", [])]}
    doc = {
        "schema": 1,
        "workload": a.workload,
        "setting": a.setting,
        "rep": a.rep,
        "setting_args": a.args,
        "kernel": raw["kernel"],
        "cmdline": raw["cmdline"],
        "host": host_times(a.raw.rstrip("/") + ".console"),
        "metrics": metrics(raw),
        "baseline": raw["baseline"],
        "t0": raw["t0"],
        "t1": raw["t1"],
        "module": raw["module"],
        "events_summary": raw["events"]["summary"],
        "event_ts_usec": raw["events"]["ts_usec"],
        "watch_log": raw["watch_log"],
        "samples": raw["samples"],
    }
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out + ".tmp", "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    os.replace(a.out + ".tmp", a.out)
    m = doc["metrics"]
    print("%-10s %-14s r%-2d failed %6d in %2d/%2d bursts, wmtune counted %s, "
          "mfk mean %5.0f peak %5d, wsf mean %4.0f peak %4d, writes %d" % (
              a.workload, a.setting, a.rep, m["fail_pages"], m["fail_bursts"],
              m["bursts"], m["counted"], m["mfk_mean"], m["mfk_peak"],
              m["wsf_mean"], m["wsf_peak"], m["writes"]))


# --- table ---

def load(results):
    """The runs under one directory, or several: a run of the same
    workload, setting and repetition in a later one replaces the earlier
    (tests/lab/results-policy-0.1 over tests/lab/results gives the 0.1
    policy's table against the same static runs)."""
    runs = {}
    for d in [results] if isinstance(results, str) else results:
        for p in sorted(glob.glob(os.path.join(d, "*", "*.json"))):
            r = json.load(open(p))
            runs[(r["workload"], r["setting"], r["rep"])] = r
    return list(runs.values())


def cell(values, fmt):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    med = statistics.median(values)
    lo, hi = min(values), max(values)
    if fmt.format(lo) == fmt.format(hi):
        return fmt.format(med)
    return "%s (%s–%s)" % (fmt.format(med), fmt.format(lo), fmt.format(hi))


def grouped(runs, order):
    """{workload: {setting: [runs]}} in the order the settings were run."""
    g = {}
    for r in runs:
        g.setdefault(r["workload"], {}).setdefault(r["setting"], []).append(r)
    for w in g:
        g[w] = dict(sorted(g[w].items(), key=lambda kv: order.index(kv[0])
                           if kv[0] in order else len(order)))
    return g


def table_md(runs, order, workloads):
    out = []
    g = grouped(runs, order)
    for w in [w for w in workloads if w in g] + [w for w in g if w not in workloads]:
        n = sorted({len(v) for v in g[w].values()})
        out.append("#### %s (%s runs per setting; median (min–max))\n" %
                   (w, "/".join(map(str, n))))
        out.append("| setting | " + " | ".join(c[1] for c in COLUMNS) + " |")
        out.append("|---" * (len(COLUMNS) + 1) + "|")
        for s, rs in g[w].items():
            out.append("| %s | " % s + " | ".join(
                cell([r["metrics"][k] for r in rs], f) for k, _, f in COLUMNS) + " |")
        out.append("")
        out.append(targets(g[w], w))
        out.append("")
    return "\n".join(out)


def med(rs, key):
    v = [r["metrics"][key] for r in rs if r["metrics"][key] is not None]
    return statistics.median(v) if v else None


def targets(settings, workload):
    """The issue's two targets, for wmtune default and each proposal."""
    if "kernel-default" not in settings:
        return ""
    base = med(settings["kernel-default"], "fail_pages")
    lines = []
    for who in [s for s in settings if s == "wmtune-default" or s.startswith("proposal-")]:
        lines.append(target_line(settings, workload, who, base))
    return "\n\n".join(lines)


def target_line(settings, workload, who, base):
    ours = med(settings[who], "fail_pages")
    cut = 100.0 * (1 - ours / base) if base else 0.0
    cost = med(settings[who], "high_kb_mean")
    statics = [(med(rs, "high_kb_mean"), s) for s, rs in settings.items()
               if s.startswith("static-") and med(rs, "fail_pages") <= ours]
    line = ("Targets (%s, %s): %.0f failed pages against the kernel default's "
            "%.0f, %.0f%% fewer (target >= 90%%: %s). " % (
                workload, who, ours, base, cut, "met" if cut >= 90 else "missed"))
    if not statics:
        return line + ("No static setting fails as few pages, so the memory "
                       "target has no reference.")
    ref, name = min(statics)
    return line + ("The smallest static setting that fails no more, %s, has "
                   "high watermarks of %.0f kB on average, %s %.0f kB: %.0f%% "
                   "(target <= 60%%: %s)." % (
                       name, ref, who, cost, 100.0 * cost / ref,
                       "met" if cost <= 0.6 * ref else "missed"))


def table(a):
    runs = load(a.results)
    order = [s.split(":", 1)[0] for s in a.settings.split("|")] if a.settings else []
    workloads = a.workloads.split() if a.workloads else []
    md = table_md(runs, order, workloads)
    print(md)
    if a.doc:
        text = open(a.doc).read()
        begin, end = "<!-- lab-table begin -->", "<!-- lab-table end -->"
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            text = head + begin + "\n" + md + "\n" + end + rest.split(end, 1)[1]
            with open(a.doc + ".tmp", "w") as f:
                f.write(text)
            os.replace(a.doc + ".tmp", a.doc)


# --- plot ---

def plot(a):
    """For each wmtune setting, its first run: knobs and failures over time."""
    runs = [r for r in load(a.results) if r["workload"] == a.workload]
    os.makedirs(a.outdir, exist_ok=True)
    by = {}
    for r in sorted(runs, key=lambda r: r["rep"]):
        by.setdefault(r["setting"], r)
    made = []
    for s, r in sorted(by.items()):
        if not s.startswith(("wmtune-", "proposal-")) and s != "kernel-default":
            continue
        png = os.path.join(a.outdir, "lab-%s-%s.png" % (a.workload, s))
        plot_run(r, png)
        made.append(png)
    for p in made:
        print(p)


def plot_run(r, png):
    t0 = r["t0"]
    dat, rep = png[:-4] + ".dat", png[:-4] + ".rep"
    prev = None
    with open(dat, "w") as f:
        f.write("# t mfk wsf high_kb failed_per_s free_kb burst\n")
        for s in r["samples"]:
            fail = max(s["fail"], 0)
            rate = 0 if prev is None else max(fail - prev[1], 0) / max(s["t"] - prev[0], 1e-3)
            prev = (s["t"], fail)
            f.write("%.2f %d %d %d %.1f %d %d\n" % (
                s["t"] - t0, s["mfk"], s["wsf"], unboosted(s, "whigh"), rate,
                s["free"] * PAGE_KB, max(s["burst"], 0)))
    with open(rep, "w") as f:
        f.write("# t of each allocation-failure report in the kernel log\n")
        for ts in r.get("event_ts_usec") or []:
            if ts is not None:
                f.write("%.2f\n" % (ts / 1e6 - t0))
    m = r["metrics"]
    title = ("%s, %s, run %d: %d pages failed in %d of %d bursts, %d writes" % (
        r["workload"], r["setting"], r["rep"], m["fail_pages"], m["fail_bursts"],
        m["bursts"], m["writes"]))
    script = """
set terminal pngcairo size 1000,680 font "sans,10"
set output '{png}'
set multiplot layout 2,1 title "{title}"
set xrange [{x0}:{x1}]
set grid
set key top left opaque
set ylabel "kB"
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set y2label "watermark\\\\_scale\\\\_factor"
set y2range [0:50<*]
set ytics nomirror
set y2tics
plot '{dat}' u 1:2 w steps lw 2 t "min\\\\_free\\\\_kbytes", \\
     '' u 1:4 w steps lw 1 t "high watermarks, sum of the zones (kB)", \\
     '' u 1:3 axes x1y2 w steps lw 2 t "watermark\\\\_scale\\\\_factor (right axis)"
unset y2label
unset y2tics
set offsets 0, 0, 0, 0
set ytics mirror
set xlabel "seconds since the bursts started"
set ylabel "pages"
set yrange [0:2100]
set key top right
plot '{dat}' u 1:7 w steps lc rgb "#bbbbbb" lw 1 t "pages asked per burst", \\
     '' u 1:5 w impulses lw 4 lc rgb "red" t "failed pages per second (module counter)", \\
     '{rep}' u 1:(1250) w points pt 11 ps 1.5 lc rgb "black" t "a failure report in the kernel log (what wmtune sees)"
unset multiplot
""".format(png=png, dat=dat, rep=rep, title=title, x0=-3, x1=r["t1"] - t0 + 1)
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    os.unlink(dat)
    os.unlink(rep)


# --- smoke ---

def smoke(a):
    """One boot under `wmtune watch`: failures seen, reserve raised, rate down."""
    raw = json.load(open(os.path.join(a.raw, "result.json")))
    t0, t1 = raw["t0"], raw["t1"]
    m = metrics(raw)
    raises = [e for e in raw["watch_log"]
              if e.get("event") == "change" and e["new"] > e["old"]]
    mfk_raises = [e for e in raises if e["sysctl"] == "vm.min_free_kbytes"
                  and "atomic_failures" in e["reasons"]]
    third = (t1 - t0) / 3
    first = rate(raw["samples"], t0, t0 + third)
    last = rate(raw["samples"], t1 - third, t1)
    why = []
    if not m["counted"]:
        why.append("wmtune counted no atomic failure in the kernel log")
    if not mfk_raises:
        why.append("wmtune did not raise min_free_kbytes on the failures")
    if not first:
        why.append("no failures in the first third: the workload did not bite")
    elif last is None or last >= first:
        why.append("the failure rate did not fall")
    print("lab-smoke: %s in %d s: %d pages failed (module), wmtune counted %s; "
          "min_free_kbytes %d -> %d, watermark_scale_factor %d -> %d in %d writes; "
          "failed pages/s %s in the first third, %s in the last%s" % (
              "FAIL" if why else "PASS", a.wall, m["fail_pages"], m["counted"],
              raw["baseline"]["min_free_kbytes"], m["mfk_peak"],
              raw["baseline"]["watermark_scale_factor"], m["wsf_peak"], m["writes"],
              fmt_rate(first), fmt_rate(last),
              " (" + "; ".join(why) + ")" if why else ""))
    return 1 if why else 0


def rate(samples, ta, tb):
    """Failed pages per second of bursts between ta and tb."""
    pts = [s for s in samples if ta <= s["t"] <= tb and s["fail"] >= 0]
    if len(pts) < 2 or pts[-1]["t"] - pts[0]["t"] < 1:
        return None
    return (pts[-1]["fail"] - pts[0]["fail"]) / (pts[-1]["t"] - pts[0]["t"])


def fmt_rate(r):
    return "-" if r is None else "%.0f" % r


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("unpack-kernel")
    u.add_argument("src")
    u.add_argument("dst")
    c = sub.add_parser("collect")
    c.add_argument("raw")
    c.add_argument("out")
    c.add_argument("--workload", required=True)
    c.add_argument("--setting", required=True)
    c.add_argument("--rep", type=int, required=True)
    c.add_argument("--args", default="")
    t = sub.add_parser("table")
    t.add_argument("results", nargs="+")
    t.add_argument("--doc")
    t.add_argument("--settings", default="")
    t.add_argument("--workloads", default="")
    g = sub.add_parser("plot")
    g.add_argument("results")
    g.add_argument("workload")
    g.add_argument("outdir")
    s = sub.add_parser("smoke")
    s.add_argument("raw")
    s.add_argument("--wall", type=int, default=0, help="seconds it took, for the verdict line")
    a = p.parse_args()
    if a.cmd == "unpack-kernel":
        unpack_kernel(a.src, a.dst)
    elif a.cmd == "collect":
        collect(a)
    elif a.cmd == "table":
        table(a)
    elif a.cmd == "plot":
        plot(a)
    elif a.cmd == "smoke":
        return smoke(a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
