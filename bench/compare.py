#!/usr/bin/env python3
"""Prints seed-vs-kgen per case from the two benchmarks' JSON files (same GPU, same session):
time, speedup, and each one's share of the copy bandwidth it measured, as a Markdown table."""
import json, math, sys

seed, kgen = (json.load(open(p)) for p in sys.argv[1:3])
rows = {r["name"]: r for r in kgen["rows"]}
print(f"seed: {seed['device']}, copy {seed['copy_bw_gbps']:.0f} GB/s; kgen ({kgen.get('backend', '?')}): "
      f"{kgen['device']}, copy {kgen['copy_bw_gbps']:.0f} GB/s\n")
print("| case | seed us | kgen us | speedup | seed % copy bw | kgen % copy bw | seed err | kgen err |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
logs = []
for s in seed["rows"]:
    k = rows.get(s["name"])
    if k is None or "us" not in s or "us" not in k:
        why = "missing" if k is None else k.get("error", "error")
        print(f"| {s['name']} | {s.get('us', 'error')} | {why} | | | | | |")
        continue
    sp = s["us"] / k["us"]
    logs.append(math.log(sp))
    kp = k["pct_of_copy_bw"]
    if "pct_of_copy_bw_window" in k:
        kp_text = f"{kp:.1f} ({k['pct_of_copy_bw_window']:.1f} in window)"
    else:
        kp_text = f"{kp:.1f}"
    se = f"{s['rel_err']:.2e}" if s.get("rel_err") is not None else "-"
    ke = f"{k['rel_err']:.2e}" if k.get("rel_err") is not None else "-"
    print(f"| {s['name']} | {s['us']:.1f} | {k['us']:.1f} | {sp:.2f}x | {s['pct_of_copy_bw']:.1f} | {kp_text} | {se} | {ke} |")
if logs:
    print(f"\ngeometric-mean speedup over the seed: {math.exp(sum(logs) / len(logs)):.2f}x")
