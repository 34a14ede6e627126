"""``python -m benchmarks NAME [--json]``: run one benchmark, or ``all``."""

import argparse
import importlib
import sys
from collections.abc import Sequence

from benchmarks import BENCHMARKS
from benchmarks._report import Report, emit


def _parser() -> argparse.ArgumentParser:
    listing = "\n".join(f"  {b.name:<8} {b.summary}" for b in BENCHMARKS.values())
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run Desk's benchmarks; each figure is printed beside its limit anchor.",
        epilog=f"benchmarks:\n{listing}\n  {'all':<8} every benchmark above, in turn",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", metavar="NAME", help="a benchmark below, or 'all'")
    parser.add_argument("--json", action="store_true", help="print one JSON object, no table")
    parser.add_argument(
        "--requests", type=int, default=2000, help="timed requests per case (default 2000)"
    )
    parser.add_argument(
        "--customers",
        type=int,
        help="customers to seed (default: the benchmark's own, 10000; lookup 1000000)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    options = parser.parse_args(argv)
    if options.name == "all":
        names = list(BENCHMARKS)
    elif options.name in BENCHMARKS:
        names = [options.name]
    else:
        choices = ", ".join([*BENCHMARKS, "all"])
        parser.error(f"unknown benchmark {options.name!r} (choose from: {choices})")
    if options.requests < 1 or (options.customers is not None and options.customers < 1):
        parser.error("--requests and --customers must be at least 1")
    reports: list[Report] = []
    for name in names:
        benchmark = BENCHMARKS[name]
        module = importlib.import_module(benchmark.module)
        customers = benchmark.customers if options.customers is None else options.customers
        reports.append(module.run(argparse.Namespace(**{**vars(options), "customers": customers})))
    print(emit(reports, as_json=options.json))
    return 0


if __name__ == "__main__":
    sys.exit(main())
