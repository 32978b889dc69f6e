r"""명령행 도구: 이 장의 데이터와 가중치를 미리 받아 두고(``fetch``), 내용까지 확인합니다(``check``).

사용법::

    python -m cnn_vision fetch all             # 전부
    python -m cnn_vision fetch weights         # ImageNet 가중치 3개와 클래스 이름 파일
    python -m cnn_vision fetch flowers         # tf_flowers(약 220MB)
    python -m cnn_vision fetch mnist           # MNIST(약 11MB)
    python -m cnn_vision fetch fashion-mnist   # 패션 MNIST(로컬 사본이 있으면 복사)
    python -m cnn_vision check                 # 캐시의 내용 확인(해시, TFDS 샤드)

종료 코드: 0 성공, 1 손상되었거나 받은 파일이 확인을 통과하지 못함, 2 잘못된 인자, 3 인터넷에
접속할 수 없음(받아야 할 것이 남음), 4 (``check``) 없는 것이 있음, 130 Ctrl-C로 멈춤.
"""

from __future__ import annotations

import argparse
import re
import shutil
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

TARGETS = ("all", "weights", "flowers", "mnist", "fashion-mnist")

_WEIGHT_KEYS = ("resnet50", "xception-notop", "vgg19-notop", "imagenet-class-index")

_EPILOG = (
    "종료 코드: 0 성공, 1 손상되었거나 받은 파일이 확인을 통과하지 못함, 2 잘못된 인자, "
    "3 인터넷에 접속할 수 없음, 4 (check) 없는 것이 있음, 130 Ctrl-C로 멈춤.\n"
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


def build_parser() -> argparse.ArgumentParser:
    """``python -m cnn_vision``\\ 의 인자 해석기를 만듭니다."""
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
                    "손상된 파일은 확인된 새 파일로 바꿉니다. 받는 중에 실패하거나 Ctrl-C로 멈추면 "
                    "임시 파일을 지웁니다.",
        epilog=_EPILOG,
    )
    sizes = _approx_sizes()
    fetch.add_argument("target", choices=TARGETS, metavar="대상",
                       help=f"all(전부, 약 {sizes['all']:.0f}MB), weights(ImageNet 가중치 3개와 클래스 "
                            f"이름 파일, 약 {sizes['weights']:.0f}MB), flowers(tf_flowers, 약 "
                            f"{sizes['flowers']:.0f}MB), mnist(약 {sizes['mnist']:.0f}MB), "
                            f"fashion-mnist(약 {sizes['fashion-mnist']:.0f}MB, 로컬 사본이 있으면 복사)")
    fetch.add_argument("--timeout", type=_timeout, default=3.0, metavar="초",
                       help="인터넷 접속 확인에 기다릴 최대 시간(기본 3초).")
    check = commands.add_parser(
        "check",
        help="캐시에 있는 데이터와 가중치의 내용을 확인합니다(해시, TFDS 샤드).",
        description="캐시의 파일을 해시로, tf_flowers는 샤드와 레코드 체크섬까지 확인합니다. "
                    "아무것도 쓰거나 받지 않습니다.",
        epilog=_EPILOG,
    )
    check.add_argument("target", choices=TARGETS, nargs="?", default="all", metavar="대상",
                       help="확인할 것(기본 all). fetch와 같은 이름을 씁니다.")
    return parser


def _approx_sizes() -> dict[str, float]:
    """대상마다의 대략의 크기(MB). 자료 표(:mod:`cnn_vision.resources`)에서 더합니다."""
    from cnn_vision import resources

    sizes = {
        "weights": sum(resources.REMOTE_FILES[key].approx_mb for key in _WEIGHT_KEYS),
        "flowers": resources.TF_FLOWERS.approx_mb,
        "mnist": resources.REMOTE_FILES["mnist"].approx_mb,
        "fashion-mnist": sum(remote.approx_mb for remote in resources.FASHION_MNIST.files),
    }
    sizes["all"] = sum(sizes.values())
    return sizes


def _expand(target: str) -> list[str]:
    return ["fashion-mnist", "mnist", "weights", "flowers"] if target == "all" else [target]


class _Report:
    def __init__(self):
        self.code = EXIT_OK

    def line(self, state: str, what: str, detail: str = "") -> None:
        print(f"  {state:<6} {what}" + (f"\n         {detail}" if detail else ""), flush=True)

    def worst(self, code: int) -> None:
        # 손상(1) > 인터넷 없음(3) > 없음(4) 순으로 알립니다.
        order = {EXIT_OK: 0, EXIT_MISSING: 1, EXIT_OFFLINE: 2, EXIT_DAMAGED: 3}
        if order[code] > order[self.code]:
            self.code = code


def _progress(remote):
    marks = set()

    def show(received: int, total: int | None) -> None:
        if not total:
            return
        percent = min(100, received * 100 // total) // 10 * 10
        if percent not in marks:
            marks.add(percent)
            print(f"         {remote.fname}: {percent}% ({received / 1e6:,.1f}/{total / 1e6:,.1f}MB)",
                  flush=True)

    return show


def _fetch_files(remotes: Sequence, timeout: float, report: _Report, network: dict) -> None:
    from cnn_vision import resources

    for remote in remotes:
        problem = resources.file_problem(remote)
        if problem is None:
            report.line("있음", remote.description, str(remote.path))
            continue
        if remote.path.exists():
            report.line("손상", remote.description, f"{remote.path}: {problem} 새로 받아 바꿉니다.")
        if "problem" not in network:
            network["problem"] = resources.network_problem(timeout)
        if network["problem"]:
            report.line("못 받음", remote.description, f"{network['problem']}. 위치: {remote.path}")
            report.worst(EXIT_OFFLINE)
            continue
        try:
            resources.download(remote, progress=_progress(remote))
        except resources.DownloadError as error:
            report.line("실패", remote.description, str(error))
            report.worst(EXIT_DAMAGED)
            continue
        report.line("받음", remote.description, str(remote.path))


def _fetch_fashion_mnist(timeout: float, report: _Report) -> None:
    from cnn_vision import fashion_mnist, resources

    try:
        status = fashion_mnist.ensure_fashion_mnist(timeout=timeout)
    except resources.NetworkUnavailableError as error:
        report.line("못 받음", "패션 MNIST", str(error))
        report.worst(EXIT_OFFLINE)
        return
    except resources.DataFileError as error:
        report.line("손상", "패션 MNIST", str(error))
        report.worst(EXIT_DAMAGED)
        return
    state = {"cache": "있음", "download": "받음"}.get(status.source, "복사함")
    report.line(state, "패션 MNIST", status.describe())


def _fetch_flowers(timeout: float, report: _Report, network: dict) -> None:
    from cnn_vision import resources

    dataset = resources.TF_FLOWERS
    folder = dataset.dataset_dir()
    check = resources.check_tfds_dataset(folder)
    if check.ok:
        report.line("있음", dataset.description, str(folder))
        return
    if "problem" not in network:
        network["problem"] = resources.network_problem(timeout)
    if network["problem"]:
        detail = f"{network['problem']}. 위치: {folder}"
        if check.status == "damaged":
            detail = f"폴더가 손상되었습니다({check.problem}). {detail}"
        report.line("못 받음", dataset.description, detail)
        report.worst(EXIT_OFFLINE)
        return
    if check.status == "damaged":
        report.line("손상", dataset.description, f"{folder}: {check.problem}. 지우고 다시 받습니다.")
        shutil.rmtree(folder)
    from cnn_vision import flowers

    try:
        check = flowers.fetch_tf_flowers()
    except Exception as error:  # TFDS의 내려받기 실패는 종류가 많습니다.
        report.line("실패", dataset.description,
                    f"{type(error).__name__}: {error}. 임시 파일은 지웠습니다.")
        report.worst(EXIT_DAMAGED)
        return
    if not check.ok:
        report.line("실패", dataset.description, f"받은 데이터가 검사를 통과하지 못했습니다: {check.problem}")
        report.worst(EXIT_DAMAGED)
        return
    report.line("받음", dataset.description, str(folder))


def _check_files(remotes: Sequence, report: _Report) -> None:
    from cnn_vision import resources

    for remote in remotes:
        if not remote.path.exists():
            report.line("없음", remote.description, str(remote.path))
            report.worst(EXIT_MISSING)
            continue
        problem = resources.file_problem(remote)
        if problem is None:
            report.line("정상", remote.description, str(remote.path))
        else:
            report.line("손상", remote.description, f"{remote.path}: {problem}")
            report.worst(EXIT_DAMAGED)


def _check_flowers(report: _Report) -> None:
    from cnn_vision import resources

    dataset = resources.TF_FLOWERS
    check = resources.check_tfds_dataset(dataset.dataset_dir())
    state = {"ok": "정상", "missing": "없음", "damaged": "손상"}[check.status]
    detail = str(check.dataset_dir) + (f": {check.problem}" if check.problem else "")
    report.line(state, dataset.description, detail)
    report.worst({"ok": EXIT_OK, "missing": EXIT_MISSING, "damaged": EXIT_DAMAGED}[check.status])


def _run(args: argparse.Namespace) -> int:
    from cnn_vision import resources

    report = _Report()
    network: dict = {}
    weights = [resources.REMOTE_FILES[key] for key in _WEIGHT_KEYS]
    for target in _expand(args.target):
        print(f"[{target}]", flush=True)
        if args.command == "fetch":
            if target == "fashion-mnist":
                _fetch_fashion_mnist(args.timeout, report)
            elif target == "mnist":
                _fetch_files([resources.REMOTE_FILES["mnist"]], args.timeout, report, network)
            elif target == "weights":
                _fetch_files(weights, args.timeout, report, network)
            else:
                _fetch_flowers(args.timeout, report, network)
        elif target == "fashion-mnist":
            _check_files(resources.FASHION_MNIST.files, report)
        elif target == "mnist":
            _check_files([resources.REMOTE_FILES["mnist"]], report)
        elif target == "weights":
            _check_files(weights, report)
        else:
            _check_flowers(report)
    summary = {
        EXIT_OK: "모두 준비되었습니다." if args.command == "fetch" else "모두 정상입니다.",
        EXIT_DAMAGED: "손상된 파일이 있거나 받은 파일이 확인을 통과하지 못했습니다. 위의 내용을 보세요.",
        EXIT_OFFLINE: "인터넷에 접속할 수 없어 받지 못한 것이 있습니다. 인터넷이 되는 곳에서 다시 "
                      "실행하세요(예제는 그동안 이름을 밝힌 대체물로 돕니다).",
        EXIT_MISSING: "없는 것이 있습니다. 'python -m cnn_vision fetch <대상>'으로 받으세요.",
    }[report.code]
    print(summary, flush=True)
    return report.code


def main(argv: Sequence[str] | None = None) -> int:
    r"""``python -m cnn_vision``\ 의 진입점. 종료 코드를 돌려줍니다(인자가 잘못되면 ``SystemExit(2)``)."""
    runtime.apply_defaults()
    args = build_parser().parse_args(argv)
    start = time.perf_counter()
    try:
        code = _run(args)
    except KeyboardInterrupt:
        print("\n중단했습니다(Ctrl-C). 반쯤 받은 임시 파일은 지웠습니다.", file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    except Exception as error:  # 예상하지 못한 오류도 한국어 한 줄로 알립니다.
        from cnn_vision import resources

        if not isinstance(error, (resources.ResourceError, ValueError, OSError)):
            raise
        print(f"오류: {error}", file=sys.stderr, flush=True)
        return EXIT_DAMAGED
    print(f"({time.perf_counter() - start:.1f}초)", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
