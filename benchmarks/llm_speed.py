"""Tokens per second through our backend vs llama-cpp-python called directly, same model and prompt, one run.

Alternates the two (ABAB…) so drift on a shared machine hits both; reports medians, the ratio, and time
to first token.

Usage: .venv/bin/python benchmarks/llm_speed.py [--rounds 3] [--tokens 128]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.llm.backends import LlamaCppBackend, Sampling  # noqa: E402

MESSAGES = [{"role": "system", "content": "你是党政机关的公文写作助手。"},
            {"role": "user", "content": "请写一段关于开展冬季消防安全检查的工作要求，约150字。"}]


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--tokens", type=int, default=128)
    args = ap.parse_args()
    backend = LlamaCppBackend(n_ctx=2048)
    model = backend.model  # the same Llama object for both paths
    sampling = Sampling(max_tokens=args.tokens, temperature=0.0, top_p=1.0, repeat_penalty=1.1)
    ours, direct, ttft_ours, ttft_direct = [], [], [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        n = 0
        first = None
        for chunk in model.create_chat_completion(messages=MESSAGES, stream=True, max_tokens=args.tokens,
                                                  temperature=0.0, top_p=1.0, repeat_penalty=1.1):
            if chunk["choices"][0]["delta"].get("content"):
                first = first or time.perf_counter() - t0
                n += 1
        direct.append(n / (time.perf_counter() - t0))
        ttft_direct.append(first or 0.0)
        list(backend.stream(MESSAGES, sampling))
        ours.append(backend.last_stats.tokens_per_s)
        ttft_ours.append(backend.last_stats.first_token_s)
    r = statistics.median(ours) / statistics.median(direct)
    print(
        f"model: {backend.model_path.name}, {backend.threads} threads, {args.tokens} tokens x {args.rounds} "
        f"rounds")
    print(
        f"llama-cpp-python direct: {statistics.median(direct):.1f} tokens/s, first token "
        f"{statistics.median(ttft_direct) * 1000:.0f} ms")
    print(
        f"gov-docs backend      : {statistics.median(ours):.1f} tokens/s, first token "
        f"{statistics.median(ttft_ours) * 1000:.0f} ms")
    print(f"ratio (ours / direct) : {r:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
