#!/usr/bin/env python3
"""Writes agents-history.om: six hours of an agent fleet, as the walk-through in docs/tuning.md
uses it. Deterministic (no randomness), so the file and the walk-through's figures never drift.

The fleet ran under a CPU HPA: its pods follow the load two minutes late, at 0.45 load per pod,
and scale down only after ten quiet minutes."""
import math

START = 1796025600  # 2026-11-30T08:00:00Z
STEP = 30
END = START + 6 * 3600


def load(t):
    """The fleet's total load: a morning ramp, a plateau, a short spike, an afternoon fall."""
    h = (t - START) / 3600.0
    if h < 2:
        base = 1.2 + (6.0 - 1.2) * h / 2
    elif h < 3.5:
        base = 6.0
    elif h < 5.5:
        base = 6.0 - (6.0 - 1.5) * (h - 3.5) / 2
    else:
        base = 1.5
    spike = 2.0 if 4.0 <= h < 4.0 + 10 / 60 else 0.0
    wobble = 0.25 * math.sin(h * 7.0) + 0.1 * math.sin(h * 31.0)
    return max(0.3, base + spike + wobble)


def pods_at(times):
    pods = {}
    history = []
    for t in times:
        lagged = load(max(START, t - 120))
        history.append((t, math.ceil(lagged / 0.45)))
        recent = [n for (u, n) in history if u > t - 600]
        pods[t] = max(2, max(recent))
    return pods


times = list(range(START, END, STEP))
pods = pods_at(times)
with open("agents-history.om", "w") as out:
    out.write("# TYPE lk_agents_worker_load gauge\n")
    most = max(pods.values())
    for n in range(most):
        for t in times:
            if n < pods[t]:
                share = load(t) / pods[t]
                skew = 0.04 * math.sin(n * 1.7 + (t - START) / 900.0)
                value = max(0.0, share + skew)
                out.write(
                    'lk_agents_worker_load{namespace="livekit",pod="agent-worker-%d"} %.4f %d\n'
                    % (n, value, t))
    out.write("# TYPE kube_deployment_status_replicas gauge\n")
    for t in times:
        out.write(
            'kube_deployment_status_replicas{deployment="agent-worker",namespace="livekit"} %d %d\n'
            % (pods[t], t))
    out.write("# EOF\n")
