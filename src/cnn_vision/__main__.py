r"""명령행 도구: 이 장의 데이터와 가중치를 미리 받아 두고(``fetch``), 내용까지 확인합니다(``check``).

사용법::

    python -m cnn_vision fetch all             # 전부
    python -m cnn_vision fetch weights         # ImageNet 가중치 3개와 클래스 이름 파일
    python -m cnn_vision fetch flowers         # tf_flowers(약 229MB)
    python -m cnn_vision fetch mnist           # MNIST(약 11MB)
    python -m cnn_vision fetch fashion-mnist   # 패션 MNIST(로컬 사본이 있으면 복사)
    python -m cnn_vision fetch resnet50-notop  # 표의 파일 하나
    python -m cnn_vision check                 # 캐시의 내용 확인(해시, TFDS 샤드)

대상의 목록과 받는 순서는 자료 표(:data:`cnn_vision.assets.registry.DEFAULT`)에서 오고, 대상마다 하는 일은
:class:`cnn_vision.assets.target.Target` 이 정합니다. 이 모듈에는 대상마다 다른 코드가 없습니다.

종료 코드: 0 성공, 1 손상되었거나 받은 파일이 확인을 통과하지 못함, 2 잘못된 인자나 환경 변수·캐시
폴더 설정, 3 인터넷에 접속할 수 없음(받아야 할 것이 남음), 4 (``check``) 없는 것이 있음, 130 Ctrl-C로
멈춤, 143 SIGTERM, 129 SIGHUP으로 멈춤(어느 경우든 반쯤 받은 임시 파일은 지웁니다).
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import time
from collections.abc import Sequence

from cnn_vision import runtime

EXIT_OK = 0
EXIT_DAMAGED = 1
EXIT_USAGE = 2
EXIT_OFFLINE = 3
EXIT_MISSING = 4
EXIT_INTERRUPTED = 130

_EPILOG = (
    "종료 코드: 0 성공, 1 손상되었거나 받은 파일이 확인을 통과하지 못함, 2 잘못된 인자나 환경 변수·"
    "캐시 폴더 설정, 3 인터넷에 접속할 수 없음, 4 (check) 없는 것이 있음, 130 Ctrl-C로 멈춤, "
    "143 SIGTERM, 129 SIGHUP으로 멈춤.\n"
    "저장 위치는 케라스 캐시(KERAS_HOME, 기본 ~/.keras)와 TFDS 데이터 폴더(TFDS_DATA_DIR, "
    "기본 ~/tensorflow_datasets)입니다."
)

# argparse의 영어 오류 문구를 한국어로 바꿉니다(파이썬 3.10~3.13의 문구).
_ERROR_TRANSLATIONS = (
    (re.compile(r"^unrecognized arguments: (.*)$"), r"알 수 없는 인자입니다: \1"),
    (re.compile(r"^the following arguments are required: (.*)$"), r"다음 인자가 필요합니다: \1"),
    (re.compile(r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$"),
     r"\1에 쓸 수 없는 값입니다: \2 (쓸 수 있는 값: \3)"),
    (re.compile(r"^argument (\S+): invalid (\S+) value: (.*)$"), r"\1의 값이 잘못되었습니다: \3"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"\1 뒤에 값이 하나 있어야 합니다"),
    (re.compile(r"^argument (\S+): (.*)$"), r"\1: \2"),
)


def _korean_error(message: str) -> str:
    for pattern, replacement in _ERROR_TRANSLATIONS:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class _KoreanHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="사용법: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """도움말과 오류가 한국어인 ArgumentParser. 잘못된 인자는 종료 코드 2로 끝냅니다."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _KoreanHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "위치 인자"
        self._optionals.title = "옵션"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="이 도움말을 보여 주고 끝냅니다.")

    def parse_args(self, args=None, namespace=None):
        # 알 수 없는 인자를 "명령이 없다"보다 먼저 알립니다(예: python -m cnn_vision --bogus).
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error("unrecognized arguments: " + " ".join(extras))
        if getattr(parsed, "command", "") is None:
            self.error("the following arguments are required: 명령")
        return parsed

    def parse_known_args(self, args=None, namespace=None):
        self._given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str):
        # "대상이 필요합니다"보다 모르는 옵션을 먼저 알립니다(예: fetch --nope).
        if message.startswith("the following arguments are required"):
            known = {option for action in self._actions for option in action.option_strings}
            unknown = [arg for arg in getattr(self, "_given", [])
                       if arg.startswith("-") and arg.split("=", 1)[0] not in known]
            if unknown:
                message = "unrecognized arguments: " + " ".join(unknown)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 오류: {_korean_error(message)}\n"
                              f"자세한 사용법: {self.prog} --help\n")


def _timeout(value: str) -> float:
    from cnn_vision.checks import positive_number

    try:
        return positive_number(float(value), "--timeout")
    except ValueError:
        raise argparse.ArgumentTypeError(f"0보다 큰 초 단위 숫자여야 합니다: {value!r}") from None


def _target_help(registry) -> str:
    from cnn_vision.assets import Target

    sizes = {key: Target(key, registry).approx_mb for key in registry.target_keys()}
    parts = [f"all(전부, 약 {sum(sizes.values()):.0f}MB)"]
    parts += [f"{key}({registry.spec(key).name}, 약 {mb:.3g}MB)" for key, mb in sizes.items()]
    extra = [remote.key for remote in registry.files if remote.target is None]
    if extra:
        parts.append(f"또는 표의 파일 하나(예: {', '.join(extra)})")
    return ", ".join(parts)


def build_parser(registry=None) -> argparse.ArgumentParser:
    """``python -m cnn_vision``\\ 의 인자 해석기를 만듭니다(대상의 목록은 자료 표에서 옵니다)."""
    from cnn_vision.assets import DEFAULT

    registry = DEFAULT if registry is None else registry
    choices = ("all", *registry.target_keys(), *(remote.key for remote in registry.files))
    parser = _Parser(
        prog="python -m cnn_vision",
        description="이 장의 예제가 쓰는 데이터와 가중치를 미리 받아 두고, 캐시의 내용을 확인합니다.",
        epilog=_EPILOG,
    )
    commands = parser.add_subparsers(dest="command", metavar="명령", parser_class=_Parser)
    fetch = commands.add_parser(
        "fetch",
        help="데이터와 가중치를 캐시에 받아 둡니다(있으면 확인만 합니다).",
        description="데이터와 가중치를 캐시에 받아 둡니다. 캐시에 올바른 파일이 있으면 받지 않고, "
                    "손상된 파일은 확인된 새 파일로 바꿉니다. 받는 중에 실패하거나 Ctrl-C, SIGTERM, "
                    "SIGHUP으로 멈추면 임시 파일을 지웁니다.",
        epilog=_EPILOG,
    )
    fetch.add_argument("target", choices=choices, metavar="대상", help=_target_help(registry))
    fetch.add_argument("--timeout", type=_timeout, default=3.0, metavar="초",
                       help="인터넷 접속 확인에 기다릴 최대 시간(기본 3초).")
    check = commands.add_parser(
        "check",
        help="캐시에 있는 데이터와 가중치의 내용을 확인합니다(해시, TFDS 샤드).",
        description="캐시의 파일을 해시로, TFDS 데이터셋은 샤드와 레코드 체크섬까지 확인합니다. "
                    "아무것도 쓰거나 받지 않습니다.",
        epilog=_EPILOG,
    )
    check.add_argument("target", choices=choices, nargs="?", default="all", metavar="대상",
                       help="확인할 것(기본 all). fetch와 같은 이름을 씁니다.")
    return parser


class _Report:
    # 더 나쁜 것을 알립니다: 설정(2) > 손상(1) > 인터넷 없음(3) > 없음(4) > 성공(0).
    _ORDER = {EXIT_OK: 0, EXIT_MISSING: 1, EXIT_OFFLINE: 2, EXIT_DAMAGED: 3, EXIT_USAGE: 4}

    def __init__(self):
        self.code = EXIT_OK

    def line(self, state: str, what: str, detail: str = "") -> None:
        print(f"  {state:<6} {what}" + (f"\n         {detail}" if detail else ""), flush=True)

    def worst(self, code: int) -> None:
        if self._ORDER[code] > self._ORDER[self.code]:
            self.code = code


def _progress():
    marks: dict[str, set] = {}

    def show(remote, received: int, total: int | None) -> None:
        if not total:
            return
        percent = min(100, received * 100 // total) // 10 * 10
        seen = marks.setdefault(remote.key, set())
        if percent not in seen:
            seen.add(percent)
            print(f"         {remote.fname}: {percent}% ({received / 1e6:,.1f}/{total / 1e6:,.1f}MB)",
                  flush=True)

    return show


_CHECK_STATES = {"ok": ("정상", EXIT_OK), "missing": ("없음", EXIT_MISSING),
                 "damaged": ("손상", EXIT_DAMAGED)}


def _run(args: argparse.Namespace, registry) -> int:
    from cnn_vision.assets import (
        DEFAULT,
        DataFileError,
        NetworkUnavailableError,
        SettingError,
        Target,
        fetch,
        paths,
    )

    registry = DEFAULT if registry is None else registry
    report = _Report()
    try:
        paths.offline_forced()
        paths.require_real()
    except SettingError as error:
        print(f"오류: {error}", file=sys.stderr, flush=True)
        return EXIT_USAGE
    keys = registry.target_keys() if args.target == "all" else (args.target,)
    targets = [Target(key, registry) for key in keys]
    if any(remote.root == "keras" for target in targets for remote in target.files):
        try:
            note = paths.keras_cache_note()
        except SettingError:
            note = ""  # 대상마다 알립니다.
        if note:
            report.line("알림", note)
    probe = fetch.Probe(args.timeout) if args.command == "fetch" else None
    progress = _progress()
    for target in targets:
        print(f"[{target.key}]", flush=True)
        try:
            if args.command == "check":
                for state in target.check():
                    word, code = _CHECK_STATES[state.status]
                    detail = str(state.path) + (f": {state.problem}" if state.problem else "")
                    if state.status == "damaged":
                        detail += " " + target.fix().replace("방법: ", "방법: 확인된 새 파일로 바꾸려면 ")
                    report.line(word, state.description, detail)
                    report.worst(code)
            else:
                target.obtain(probe=probe, report=report.line, progress=progress)
        except SettingError as error:
            report.line("설정", target.name, str(error))
            report.worst(EXIT_USAGE)
        except NetworkUnavailableError as error:
            report.line("못 받음", target.name, str(error))
            report.worst(EXIT_OFFLINE)
        except DataFileError as error:
            report.line("실패", target.name, str(error))
            report.worst(EXIT_DAMAGED)
    summary = {
        EXIT_OK: "모두 준비되었습니다." if args.command == "fetch" else "모두 정상입니다.",
        EXIT_DAMAGED: "손상된 파일이 있거나 받은 파일이 확인을 통과하지 못했습니다. 위의 내용을 보세요.",
        EXIT_USAGE: "환경 변수나 캐시 폴더 설정이 잘못되었습니다. 위의 내용을 보세요.",
        EXIT_OFFLINE: "인터넷에 접속할 수 없어 받지 못한 것이 있습니다. 인터넷이 되는 곳에서 다시 "
                      "실행하세요(예제는 그동안 이름을 밝힌 대체물로 돕니다).",
        EXIT_MISSING: "없는 것이 있습니다. 'python -m cnn_vision fetch <대상>'으로 받으세요.",
    }[report.code]
    print(summary, flush=True)
    return report.code


def main(argv: Sequence[str] | None = None, *, registry=None) -> int:
    r"""``python -m cnn_vision``\ 의 진입점. 종료 코드를 돌려줍니다(인자가 잘못되면 ``SystemExit(2)``).

    Parameters
    ----------
    argv : sequence of str, optional
        인자(기본: ``sys.argv[1:]``).
    registry : cnn_vision.assets.registry.Registry, optional
        자료 표(기본: :data:`cnn_vision.assets.registry.DEFAULT`). 대상의 목록도 이 표에서 옵니다.
    """
    runtime.apply_defaults()
    args = build_parser(registry).parse_args(argv)
    from cnn_vision.assets import ResourceError, SettingError, fetch

    start = time.perf_counter()
    try:
        with fetch.interruptible(redeliver=False):
            code = _run(args, registry)
    except fetch.SignalInterrupt as stop:
        name = signal.Signals(stop.signum).name
        print(f"\n중단했습니다({name}). 반쯤 받은 임시 파일은 지웠습니다.", file=sys.stderr, flush=True)
        return 128 + stop.signum
    except KeyboardInterrupt:
        print("\n중단했습니다(Ctrl-C). 반쯤 받은 임시 파일은 지웠습니다.", file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    except SettingError as error:
        print(f"오류: {error}", file=sys.stderr, flush=True)
        return EXIT_USAGE
    except (ResourceError, OSError) as error:  # 예상하지 못한 오류도 한국어 한 줄로 알립니다.
        print(f"오류: {error}", file=sys.stderr, flush=True)
        return EXIT_DAMAGED
    print(f"({time.perf_counter() - start:.1f}초)", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
