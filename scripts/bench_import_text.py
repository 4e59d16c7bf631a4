"""Benchmark the import's line-break recovery and registry lookup on large inputs.

    .venv/bin/python scripts/bench_import_text.py             # 1 MB line, 50,000 names
    .venv/bin/python scripts/bench_import_text.py --mb 4 --names 200000

1. recovery: `recover_lines` on one line made of N copies of a report's worth of numbered
   sections, sub-numbers, 《titles》 and quotations, at 1/4, 1/2 and all of the size: the
   time must grow linearly (the ratio of the full size's time to the quarter's is printed;
   linear is 4, quadratic 16). The lines it gives are counted against those planted.
   Then hostile lines of the same size: a candidate break every few characters.
2. registry: `registered` for an issuer named short, one off and exactly, in a registry of
   N synthetic names (median of 5 runs each), and whether each found the name planted.
"""

from __future__ import annotations

import argparse
import statistics
import time

from gongkai.importers.infer import registered
from gongkai.importers.plaintext import recover_lines
from gongkai.numerals import to_chinese

_SECTION = (
    "{n}、第{n}部分工作情况 2024年，本机关依照《示例条例（一）》开展工作，落实“一岛（二）区”"
    "要求，依据第二十条第（五）项公开信息10.5万条。"
    "（一）主动公开。全年公开信息120条。（二）依申请公开。全年收到申请5件。"
)

_LINES_PER_SECTION = 4


def _report(sections: int) -> str:
    return "".join(_SECTION.format(n=to_chinese(n)) for n in range(1, sections + 1))


def _time(run: object, repeat: int = 5) -> float:
    assert callable(run)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_recovery(megabytes: float) -> None:
    unit = _report(9)
    copies = max(1, int(megabytes * 1_000_000 / len(unit.encode("utf-8"))))
    rows = []
    for share in (4, 2, 1):
        line = unit * (copies // share)
        seconds = _time(lambda line=line: recover_lines([line]), repeat=3)
        lines = recover_lines([line])
        # Each copy: 9 sections, each a heading, its text and two sub-numbered paragraphs
        # (a copy after the first restarts the sequence at 一、).
        planted = _LINES_PER_SECTION * 9 * (copies // share)
        rows.append((len(line.encode("utf-8")), seconds))
        print(
            f"recovery  {rows[-1][0] / 1e6:6.2f} MB  {seconds * 1000:8.1f} ms  "
            f"{len(lines)} lines of {planted} planted"
        )
    print(f"recovery  time ratio full/quarter: {rows[-1][1] / rows[0][1]:.1f} (linear: 4)")
    # Hostile lines: a candidate every few characters, an unclosed 《 at every one.
    for unit in ("一、", "。一、", "。（一）", "《", "。表二 ", "。一、结转下年度继续办理0"):
        line = unit * int(megabytes * 1_000_000 / len(unit.encode("utf-8")))
        seconds = _time(lambda line=line: recover_lines([line]), repeat=1)
        print(f"hostile   {unit!r:28} {seconds * 1000:8.1f} ms")


def bench_registry(count: int) -> None:
    names = [f"示例{to_chinese(i % 9000 + 1)}市第{i}区人民政府" for i in range(count)]
    planted = names[count // 2]
    registry = frozenset(names)
    short = planted.split("市", 1)[1]
    typo = planted.replace("人民政府", "人民攻府")
    for label, name in (("exact", planted), ("short", short), ("one off", typo)):
        seconds = _time(lambda name=name: registered(name, registry))
        found = registered(name, registry)
        print(
            f"registry  {count} names  {label:8} {seconds * 1000:8.2f} ms  "
            f"{'found' if found == planted else f'NOT FOUND ({found})'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--names", type=int, default=50_000)
    args = parser.parse_args()
    bench_recovery(args.mb)
    bench_registry(args.names)


if __name__ == "__main__":
    main()
