#!/usr/bin/python3
"""PyTorch eager peer for bench/ (Emotion2VecBench): same checkpoint folder, same test signal, same
windowing (consecutive windows, no overlap), torch.set_num_threads(THREADS). Prints one JSON line.

Run with Debian's python3-torch and libopenblas0-pthread installed (/usr/bin/python3), see README.md.
Also: --matmul N prints the fp32 matmul rate of an N x N x N product (the machine's GEMM peak as
PyTorch/OpenBLAS sees it).
"""
import argparse
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2v_reference as ref  # noqa: E402


def load(folder):
    t0 = time.perf_counter()
    ckpt = torch.load(os.path.join(folder, "model.pt"), map_location="cpu")
    sd = ckpt.get("model", ckpt)
    d = sd["modality_encoders.AUDIO.extra_tokens"].shape[2]
    heads = sd["modality_encoders.AUDIO.alibi_scale"].shape[2]
    prenet = len({k.split(".")[4] for k in sd if k.startswith("modality_encoders.AUDIO.context_encoder.blocks.")})
    depth = len({k.split(".")[1] for k in sd if k.startswith("blocks.")})
    conv = sd["modality_encoders.AUDIO.local_encoder.conv_layers.0.0.weight"].shape[0]
    model = ref.Emotion2Vec(d=d, heads=heads, c=conv, prenet=prenet, depth=depth)
    model.load_state_dict(sd, strict=False)
    model.eval()
    return model, d, time.perf_counter() - t0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--source")
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--window", type=float, default=60)  # emovox's default window
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--matmul", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.matmul:
        n = a.matmul
        x, y = torch.randn(n, n), torch.randn(n, n)
        x @ y
        reps, t0 = 10, time.perf_counter()
        for _ in range(reps):
            x @ y
        dt = (time.perf_counter() - t0) / reps
        print(json.dumps({"impl": "torch-openblas", "matmul_n": n, "threads": a.threads,
                          "gflops": round(2 * n ** 3 / dt / 1e9, 1)}))
        return
    model, d, load_s = load(a.source)
    n = int(round(a.seconds * 16000))
    w = int(round(a.window * 16000))
    audio = torch.from_numpy(ref.test_signal(n, 1))
    mask = torch.zeros(9, dtype=torch.bool)
    windows = [audio[s:s + w] for s in range(0, n, w) if min(n, s + w) - s >= 400]
    with torch.no_grad():
        t0 = time.perf_counter()
        model.head(model.features(torch.from_numpy(ref.test_signal(16000, 2))), mask)  # warm-up
        warm_s = time.perf_counter() - t0
        times, cpus, checksum = [], [], 0.0
        for _ in range(a.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            for x in windows:
                feats = model.features(x)
                model.head(feats, mask)
                checksum += float(feats.mean(dim=0)[0])
            times.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
    times.sort()
    med = times[len(times) // 2]
    print(json.dumps({"impl": "torch-eager", "torch": torch.__version__, "dim": d, "seconds": a.seconds,
                      "window_s": a.window, "threads": a.threads, "load_s": round(load_s, 2),
                      "warmup_s": round(warm_s, 2), "best_s": round(times[0], 3), "median_s": round(med, 3),
                      "rtf": round(med / a.seconds, 4), "x_realtime": round(a.seconds / med, 1),
                      "cpu_s": round(min(cpus), 3), "x_realtime_cpu": round(a.seconds / min(cpus), 2),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "checksum": round(checksum / a.runs, 6)}))


if __name__ == "__main__":
    main()
