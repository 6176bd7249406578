"""Run every benchmark in turn: the accel kernels, then the DIA sync."""

import argparse
import sys

from bench import kernels, sync


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="smaller inputs: 100,000 kernel values, 10,000 and 100,000 sync rows")
    parser.add_argument("--only", choices=("kernels", "sync"), help="run one benchmark only")
    arguments = parser.parse_args(argv)

    status = 0
    if arguments.only in (None, "kernels"):
        kernel_arguments = ["--rows", "100000", "--reference-rows", "20000"] if arguments.quick else []
        status = max(status, kernels.main(kernel_arguments))
    if arguments.only is None:
        print(flush=True)
    if arguments.only in (None, "sync"):
        status = max(status, sync.main(["--quick"] if arguments.quick else []))
    return status


if __name__ == "__main__":
    sys.exit(main())
