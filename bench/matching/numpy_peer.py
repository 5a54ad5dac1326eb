#!/usr/bin/python3
"""NumPy peer for bench/matching/speed: the same search as Candor, done the way a data
scientist would: a normalized float32 library matrix times the query (OpenBLAS), then the
top 10 by argpartition. Driven over stdin/stdout by the C++ benchmark so that both run
alternately on the same bytes in the same process tree.

Protocol, one line each way:
  load PATH ROWS COLS        -> "ok"
  single PATH                -> "<seconds> <row> ... (10 rows)"
  batch PATH COUNT           -> "<seconds> <row> ... (10 rows of each query, query-major)"
  quit
"""
import sys
import time

import numpy as np

matrix = None


def top10(scores):
    idx = np.argpartition(scores, -10)[-10:]
    return idx[np.argsort(-scores[idx], kind="stable")]


def main():
    global matrix
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "quit":
            break
        if cmd[0] == "load":
            rows, cols = int(cmd[2]), int(cmd[3])
            matrix = np.fromfile(cmd[1], dtype=np.float32).reshape(rows, cols)
            print("ok", flush=True)
        elif cmd[0] == "single":
            q = np.fromfile(cmd[1], dtype=np.float32)
            t0 = time.perf_counter()
            scores = matrix @ q
            best = top10(scores)
            t = time.perf_counter() - t0
            print(f"{t:.9f} " + " ".join(map(str, best)), flush=True)
        elif cmd[0] == "batch":
            count = int(cmd[2])
            qs = np.fromfile(cmd[1], dtype=np.float32).reshape(count, -1)
            t0 = time.perf_counter()
            scores = qs @ matrix.T
            part = np.argpartition(scores, -10, axis=1)[:, -10:]
            order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
            best = np.take_along_axis(part, order, axis=1)
            t = time.perf_counter() - t0
            print(f"{t:.9f} " + " ".join(map(str, best.reshape(-1))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
