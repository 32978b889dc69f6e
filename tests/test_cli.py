"""``python -m cnn_vision``: 도움말, 잘못된 인자, 오프라인, 내려받기, 내용 확인, 신호, 설정 오류.

"인터넷"은 localhost의 가짜 서버(conftest의 ``http_server``)이고, 시험은 주소와 해시를 그 서버의
것으로 바꾼 자료 표를 ``main(..., registry=)``\\ 에 넘깁니다. 신호(Ctrl-C, SIGTERM, SIGHUP, SIGKILL)는
진짜 하위 프로세스에 보냅니다.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import shlex
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cnn_vision import __main__ as cli
from cnn_vision.assets import DEFAULT, Registry, RemoteFile, Target, paths

pytestmark = pytest.mark.tf

ROOT = Path(__file__).resolve().parents[1]
WEIGHT_KEYS = ["resnet50", "xception-notop", "vgg19-notop", "imagenet-class-index"]


def run(argv, capsys, registry=None):
    """명령을 같은 프로세스에서 실행하고 ``(종료 코드, 표준 출력, 표준 오류)``\\ 를 돌려줍니다."""
    try:
        code = cli.main(argv, registry=registry)
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def states(out: str) -> list[str]:
    """출력에서 항목마다의 상태(``있음``, ``받음``, ``정상``, ``없음``, ...)만 뽑습니다."""
    return [line.split()[0] for line in out.splitlines() if line.startswith("  ") and line.strip()
            and not line.startswith("   ")]


def weights_online(http_server, registry=DEFAULT, **route):
    return http_server.registry(registry, {key: f"{key} 가중치".encode() for key in WEIGHT_KEYS}, **route)


def everything_left(*folders: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for folder in folders for p in folder.rglob("*")
                  if not p.name.startswith("__autograph"))


# -- 인자 ----------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--help"], ["fetch", "--help"], ["check", "-h"]])
def test_help_is_korean_and_exits_zero(argv, capsys):
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert out.startswith("사용법: python -m cnn_vision") and "종료 코드" in out


@pytest.mark.parametrize("argv,word", [
    (["--bogus"], "--bogus"),
    (["fetch", "all", "--bogus"], "--bogus"),
    (["fetch", "everything"], "'everything'"),
    (["fetch"], "대상"),
    ([], "명령"),
    (["fetch", "weights", "--timeout", "soon"], "'soon'"),
])
def test_bad_arguments_exit_2_with_a_korean_message_naming_the_argument(argv, word, capsys, asset_dirs):
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert "오류:" in err and word in err and "사용법:" in err
    assert os.listdir(asset_dirs.cwd) == []  # --help를 폴더 이름으로 쓰던 옛 명령과 달리 아무것도 만들지 않음


def test_the_real_command_line_answers_help_and_bad_arguments(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "cnn_vision", "--help"], capture_output=True,
                        text=True, cwd=tmp_path, timeout=60)
    bad = subprocess.run([sys.executable, "-m", "cnn_vision", "fetch", "--nope"], capture_output=True,
                         text=True, cwd=tmp_path, timeout=60)
    assert ok.returncode == 0 and "fetch" in ok.stdout and "check" in ok.stdout
    assert bad.returncode == 2 and "알 수 없는 인자입니다: --nope" in bad.stderr
    assert os.listdir(tmp_path) == []


# -- 표 한 줄 = 받을 파일 하나 ----------------------------------------------------------------


def test_a_new_file_needs_one_registry_entry_to_be_fetched_and_checked_by_the_cli(asset_dirs,
                                                                                http_server, capsys):
    content = "표에 한 줄을 더한 시험용 자료".encode() * 1000
    made_up = RemoteFile(
        key="lesson-extra", target="extra", fname="extra.bin",
        url=http_server.serve("extra.bin", content), root="keras", subdir="datasets/extra",
        digest=hashlib.sha256(content).hexdigest(), algorithm="sha256", approx_mb=0.03,
        description="시험용 추가 자료(extra.bin)",
    )
    registry = Registry(files=(made_up,))  # 한 줄짜리 표: 대상 'extra'도 이 줄에서 생깁니다
    code, out, _ = run(["check", "extra"], capsys, registry)
    assert code == 4 and states(out) == ["없음"]
    code, out, _ = run(["fetch", "all"], capsys, registry)
    assert code == 0 and states(out) == ["받음"] and "[extra]" in out
    placed = asset_dirs.keras_home / "datasets" / "extra" / "extra.bin"
    assert placed.read_bytes() == content and everything_left(placed.parent) == ["extra.bin"]
    code, out, _ = run(["check", "extra"], capsys, registry)
    assert code == 0 and states(out) == ["정상"] and str(placed) in out
    # 기존 대상에 한 줄을 더해도 같습니다: 'weights'가 파일 다섯 개가 됩니다.
    bigger = DEFAULT.with_file(dataclasses.replace(made_up, target="weights"))
    code, out, _ = run(["check", "weights"], capsys, bigger)
    assert states(out) == ["없음"] * 4 + ["정상"]


# -- 오프라인 -------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["weights", "mnist", "flowers", "fashion-mnist", "all"])
def test_offline_fetch_fails_fast_with_exit_3_and_says_why(target, asset_dirs, tmp_path, capsys):
    registry = DEFAULT.replace_target(
        "fashion-mnist", local=dataclasses.replace(DEFAULT.spec("fashion-mnist").local,
                                                   system_dir=tmp_path / "no-debian"))
    start = time.perf_counter()
    code, out, _ = run(["fetch", target], capsys, registry)
    assert time.perf_counter() - start < 5
    assert code == 3
    assert "CNN_VISION_OFFLINE=1" in out and "인터넷에 접속할 수 없어" in out
    assert everything_left(asset_dirs.keras_home, asset_dirs.tfds, asset_dirs.tmp) == []


def test_offline_fetch_is_bounded_by_the_timeout_when_the_connection_hangs(asset_dirs, monkeypatch,
                                                                          hanging_port, capsys):
    monkeypatch.delenv(paths.OFFLINE_ENV)
    registry = DEFAULT
    for key in WEIGHT_KEYS:
        registry = registry.replace_file(key, url=f"http://127.0.0.1:{hanging_port}/{key}")
    start = time.perf_counter()
    code, out, _ = run(["fetch", "weights", "--timeout", "0.5"], capsys, registry)
    assert time.perf_counter() - start < 2.5
    assert code == 3 and "0.5초 안에 접속하지 못했습니다" in out


def test_fetch_flowers_probes_the_archive_host_not_the_weights_host(asset_dirs, http_server, capsys):
    registry = weights_online(http_server)  # 가중치의 호스트는 열려 있고
    closed = http_server.url("x").replace(str(http_server.port), "9")  # 원본의 호스트는 닫혀 있음
    registry = registry.replace_file("flowers-archive", url=closed.replace("/x", "/flower_photos.tgz"))
    code, out, _ = run(["fetch", "flowers", "--timeout", "1"], capsys, registry)
    assert code == 3 and "127.0.0.1:9" in out


# -- 내려받기와 확인 -------------------------------------------------------------------


def test_fetch_weights_downloads_verifies_and_check_then_passes(asset_dirs, http_server, capsys):
    registry = weights_online(http_server)
    code, out, _ = run(["check", "weights"], capsys, registry)
    assert code == 4 and states(out) == ["없음"] * 4
    code, out, _ = run(["fetch", "weights"], capsys, registry)
    assert code == 0 and states(out) == ["받음"] * 4
    assert sorted(os.listdir(asset_dirs.keras_home / "models")) == sorted(
        registry.file(key).fname for key in WEIGHT_KEYS)
    code, out, _ = run(["fetch", "weights"], capsys, registry)  # 두 번째는 받지 않고 확인만
    assert code == 0 and states(out) == ["있음"] * 4
    code, out, _ = run(["check", "weights"], capsys, registry)
    assert code == 0 and states(out) == ["정상"] * 4


def test_check_finds_a_corrupt_file_with_path_and_fix_and_fetch_replaces_it(asset_dirs, http_server,
                                                                            capsys):
    registry = weights_online(http_server)
    assert run(["fetch", "weights"], capsys, registry)[0] == 0
    damaged = paths.location(registry.file("resnet50"))
    damaged.write_bytes(b"bit-flipped")
    code, out, _ = run(["check", "weights"], capsys, registry)
    assert code == 1 and "손상" in out and str(damaged) in out and "MD5" in out
    assert "고치는 방법" in out and "python -m cnn_vision fetch weights" in out
    code, out, _ = run(["fetch", "weights"], capsys, registry)
    assert code == 0 and "손상" in out and "받음" in out
    assert Target("resnet50", registry).check()[0].ok


def test_download_that_fails_verification_exits_1_and_leaves_nothing(asset_dirs, http_server, capsys):
    registry = http_server.registry(DEFAULT, {key: b"<html>captive portal</html>" for key in WEIGHT_KEYS})
    for key in WEIGHT_KEYS:
        registry = registry.replace_file(key, digest=hashlib.md5(b"the real weights").hexdigest())
    code, out, _ = run(["fetch", "weights"], capsys, registry)
    assert code == 1 and "확인을 통과하지 못했습니다" in out
    assert everything_left(asset_dirs.keras_home) == []


@pytest.mark.parametrize("route,word", [
    ({"cut_at": 3}, "끊겼습니다"),  # Content-Length보다 짧은 응답
    ({"cut_at": 20, "chunked": True, "chunk": 8}, "IncompleteRead"),  # http.client.IncompleteRead
    ({"raw": b"SSH-2.0-OpenSSH\r\n\r\n"}, "HTTP 형식이 아닙니다"),  # 쓰레기 상태 줄(BadStatusLine)
])
def test_http_protocol_errors_are_korean_lines_with_exit_1_not_tracebacks(asset_dirs, http_server,
                                                                         capsys, route, word):
    code, out, err = run(["fetch", "weights"], capsys, weights_online(http_server, **route))
    assert code == 1 and word in out and "Traceback" not in out + err
    assert everything_left(asset_dirs.keras_home) == []


def test_a_folder_where_the_cache_file_goes_is_reported_in_korean(asset_dirs, http_server, capsys):
    registry = weights_online(http_server)
    folder = paths.location(registry.file("resnet50"))
    folder.mkdir(parents=True)
    code, out, err = run(["check", "weights"], capsys, registry)
    assert code == 1 and "폴더" in out and str(folder) in out
    code, out, err = run(["fetch", "weights"], capsys, registry)
    assert code == 1 and "폴더" in out and str(folder) in out and "Traceback" not in out + err
    assert folder.is_dir()  # 사용자의 폴더는 그대로


def _write_tiny_tfds(folder, records: list[bytes]):
    """TFDS가 준비한 것과 같은 구조의 작은 tf_flowers 폴더(샤드 하나)."""
    import tensorflow as tf

    folder.mkdir(parents=True)
    with tf.io.TFRecordWriter(str(folder / "tf_flowers-train.tfrecord-00000-of-00001")) as writer:
        for record in records:
            writer.write(record)
    info = {"name": "tf_flowers", "fileFormat": "tfrecord", "version": "3.0.1",
            "splits": [{"name": "train", "shardLengths": [str(len(records))],
                        "numBytes": str(sum(map(len, records))),
                        "filepathTemplate": "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}"}]}
    (folder / "dataset_info.json").write_text(json.dumps(info))


def test_check_verifies_tfds_shards_and_reports_damage(asset_dirs, capsys):
    folder = Target("flowers").location
    _write_tiny_tfds(folder, [b"first record", b"second record"])
    code, out, _ = run(["check", "flowers"], capsys)
    assert code == 0 and "정상" in out
    shard = folder / "tf_flowers-train.tfrecord-00000-of-00001"
    data = bytearray(shard.read_bytes())
    data[14] ^= 0x40  # 첫 레코드의 내용
    shard.write_bytes(bytes(data))
    code, out, _ = run(["check", "flowers"], capsys)
    assert code == 1 and "손상" in out and "체크섬" in out and str(folder) in out
    assert "fetch flowers" in out


def test_check_flowers_prints_no_tensorflow_log_lines(asset_dirs):
    _write_tiny_tfds(Target("flowers").location, [b"only one"])
    env = {name: value for name, value in os.environ.items() if name != "TF_CPP_MIN_LOG_LEVEL"}
    result = subprocess.run([sys.executable, "-m", "cnn_vision", "check", "flowers"], capture_output=True,
                            text=True, timeout=120, env=env)  # 명령행이 정하는 기본 로그 수준으로
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert "oneDNN" not in result.stdout and "absl" not in result.stdout


def test_fetch_flowers_offline_keeps_a_damaged_folder_and_reports_it(asset_dirs, capsys):
    folder = Target("flowers").location
    _write_tiny_tfds(folder, [b"only one"])
    (folder / "tf_flowers-train.tfrecord-00000-of-00001").unlink()
    code, out, _ = run(["fetch", "flowers"], capsys)
    # 손상(1)이 인터넷 없음(3)보다 먼저 알립니다(_Report의 순서).
    assert code == 1 and "손상" in out and "샤드 파일이 없습니다" in out and "CNN_VISION_OFFLINE" in out
    assert folder.exists()  # 인터넷이 없으면 지우지 않습니다


def test_check_finds_a_bit_flipped_fashion_mnist_file_in_the_cache(asset_dirs, capsys):
    content = b"\x00\x00\x08\x01\x00\x00\x00\x02\x05\x07"  # IDX 레이블 2개
    key = "fashion-mnist/t10k-labels"
    registry = dataclasses.replace(DEFAULT, files=(dataclasses.replace(
        DEFAULT.file(key), idx=(0x0801, (2,)), digest=hashlib.sha256(content).hexdigest()),))
    path = paths.location(registry.file(key))
    path.parent.mkdir(parents=True)
    path.write_bytes(gzip.compress(content))
    assert run(["check", "fashion-mnist"], capsys, registry)[0] == 0
    path.write_bytes(gzip.compress(content[:-1] + b"\x06"))
    code, out, _ = run(["check", "fashion-mnist"], capsys, registry)
    assert code == 1 and "SHA-256" in out and str(path) in out
    path.write_bytes(gzip.compress(content)[:-6])  # 잘린 gzip
    code, out, _ = run(["check", "fashion-mnist"], capsys, registry)
    assert code == 1 and "gzip" in out


# -- 설정 오류: 종료 코드 2, 한국어, 다른 대상은 계속 -----------------------------------------------


def test_unknown_offline_switch_value_exits_2_naming_it(asset_dirs, monkeypatch, capsys):
    monkeypatch.setenv(paths.OFFLINE_ENV, "maybe")
    code, out, err = run(["fetch", "weights"], capsys)
    assert code == 2 and "CNN_VISION_OFFLINE='maybe'" in err


def test_keras_home_that_is_a_file_exits_2_in_korean_and_fetch_all_goes_on(asset_dirs, monkeypatch,
                                                                          capsys):
    not_a_folder = asset_dirs.cwd / "keras_home.txt"
    not_a_folder.write_text("x")
    monkeypatch.setenv("KERAS_HOME", str(not_a_folder))
    code, out, err = run(["fetch", "all"], capsys)
    assert code == 2 and "Traceback" not in out + err
    assert out.count("폴더가 아니라 파일입니다") == 3  # 패션 MNIST, MNIST, 가중치
    assert "[flowers]" in out and "tf_flowers" in out.split("[flowers]")[1]  # 다음 대상도 봤습니다
    assert not_a_folder.read_text() == "x"


def test_tfds_data_dir_that_is_a_file_is_a_setting_error_not_missing(asset_dirs, monkeypatch, capsys):
    not_a_folder = asset_dirs.cwd / "tfds.txt"
    not_a_folder.write_text("x")
    monkeypatch.setenv("TFDS_DATA_DIR", str(not_a_folder))
    code, out, _ = run(["check", "flowers"], capsys)
    assert code == 2 and "TFDS_DATA_DIR" in out and "파일입니다" in out and "없음" not in out


def test_unwritable_keras_home_is_explained_by_check_and_fetch(asset_dirs, monkeypatch, capsys):
    folder = asset_dirs.cwd / "read_only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # 루트에게는 chmod가 듣지 않습니다.
        folder = Path("/proc/sys")
    monkeypatch.setenv("KERAS_HOME", str(folder))
    for command in (["check", "mnist"], ["fetch", "mnist"]):
        _, out, _ = run(command, capsys)
        assert "알림" in out and str(folder) in out and "쓸 수 없어" in out and "/.keras" in out


# -- 신호: Ctrl-C, SIGTERM, SIGHUP은 3초 안에 끝나고 아무것도 남기지 않습니다 -------------------------

_CLI = textwrap.dedent(
    """
    import json, sys
    from cnn_vision.__main__ import main
    from cnn_vision.assets import DEFAULT
    from pathlib import Path
    import dataclasses
    registry = DEFAULT
    changes = json.loads(sys.argv[1])
    for key, fields in changes["files"].items():
        registry = registry.replace_file(key, **fields)
    for key, system_dir in changes["local"].items():
        local = dataclasses.replace(registry.spec(key).local, system_dir=Path(system_dir))
        registry = registry.replace_target(key, local=local)
    sys.exit(main(sys.argv[2:], registry=registry))
    """
)


def start_cli(argv, registry: Registry, env_dirs, **popen):
    """표의 바뀐 항목(주소, 해시, 로컬 사본의 폴더)을 넘겨 명령행을 하위 프로세스로 시작합니다."""
    changes = {
        "files": {r.key: {"url": r.url, "digest": r.digest, "size": r.size}
                  for r in registry.files if r != DEFAULT.file(r.key)},
        "local": {spec.key: str(spec.local.system_dir) for spec in registry.targets
                  if spec.local is not None and spec != DEFAULT.spec(spec.key)},
    }
    env = {**os.environ, "KERAS_HOME": str(env_dirs.keras_home), "TFDS_DATA_DIR": str(env_dirs.tfds),
           "TMPDIR": str(env_dirs.tmp), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-c", _CLI, json.dumps(changes), *argv], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=env_dirs.cwd, preexec_fn=_ctrl_c_as_in_a_terminal, **popen)


def _ctrl_c_as_in_a_terminal() -> None:
    """하위 프로세스가 터미널에서 시작한 명령처럼 Ctrl-C(SIGINT)를 받게 합니다.

    셸이 백그라운드로 띄운 명령(``make test &``, ``nohup``)은 SIGINT를 무시하도록 물려받고, 파이썬은 그때
    Ctrl-C 처리를 설치하지 않습니다. 그러면 신호 테스트가 제품이 아니라 띄운 방식을 재게 됩니다.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for(condition, timeout: float = 60.0, what: str = "") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"기다리던 일이 일어나지 않았습니다: {what}")


def parts(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*.part")]


SLOW = {"delay": 0.05, "chunk": 1 << 14}  # 초당 약 320KB


def slow_registry(http_server, target: str):
    """``target``\\ 의 파일을 천천히 보내는 표(받는 데 수십 초)."""
    files = DEFAULT.files_of(target)
    if target == "fashion-mnist":
        body = gzip.compress(b"\x00" * 64, compresslevel=0) + bytes(4 << 20)  # 압축을 풀기 전에 멈춤
        return http_server.registry(DEFAULT, {r.key: (body, b"never checked") for r in files}, **SLOW)
    return http_server.registry(DEFAULT, {r.key: bytes(range(256)) * (16 << 10) for r in files}, **SLOW)


def no_local_copies(registry, tmp_path):
    local = dataclasses.replace(DEFAULT.spec("fashion-mnist").local, system_dir=tmp_path / "no-debian")
    return registry.replace_target("fashion-mnist", local=local)


def _interrupt(process, number, started, folders):
    # 임시 파일(atomic_path가 연결 직전에 만듦)이 생겼으면 내려받기에 들어선 것입니다: 연결하는 중이거나
    # 첫 1MB를 기다리는 중에 신호를 받습니다.
    wait_for(lambda: any(p.is_file() for p in parts(*folders)) or process.poll() is not None,
             what="내려받기 시작")
    assert process.poll() is None, process.communicate()
    sent = time.perf_counter()
    process.send_signal(number)
    process.wait(30)
    return time.perf_counter() - sent


@pytest.mark.parametrize("target,number,code", [
    ("weights", signal.SIGINT, 130), ("mnist", signal.SIGINT, 130), ("fashion-mnist", signal.SIGINT, 130),
    ("flowers", signal.SIGINT, 130),  # Ctrl-C: 모든 대상
    ("weights", signal.SIGTERM, 143), ("flowers", signal.SIGHUP, 129),  # CI의 취소, 닫힌 터미널
])
def test_a_signal_during_any_fetch_ends_it_within_3_seconds_leaving_nothing(
    asset_dirs, http_server, tmp_path, monkeypatch, target, number, code
):
    registry = no_local_copies(slow_registry(http_server, target), tmp_path)
    process = start_cli(["fetch", target], registry, asset_dirs)
    elapsed = _interrupt(process, number, time.perf_counter(), [asset_dirs.keras_home, asset_dirs.tfds])
    out, err = process.communicate()
    assert elapsed < 3, f"{elapsed:.1f}초"
    assert process.returncode == code, out + err
    assert "중단했습니다" in err and "Traceback" not in err
    assert everything_left(asset_dirs.keras_home, asset_dirs.tfds) == []


def _children_of(staging_hint: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if staging_hint in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_ctrl_c_while_tfds_prepares_ends_the_child_process_within_3_seconds(asset_dirs, http_server):
    archive = b"\x1f\x8b" + os.urandom(1000)  # 받기는 곧 끝나고, 자식 프로세스가 텐서플로를 불러오는 중
    registry = http_server.registry(DEFAULT, {"flowers-archive": archive})
    process = start_cli(["fetch", "flowers"], registry, asset_dirs)
    wait_for(lambda: list(asset_dirs.tfds.glob(".tf_flowers.*.part/prepare.log")), what="준비 시작")
    staging = next(asset_dirs.tfds.glob(".tf_flowers.*.part"))
    wait_for(lambda: _children_of(str(staging)), what="자식 프로세스")
    time.sleep(1.0)
    sent = time.perf_counter()
    process.send_signal(signal.SIGINT)
    process.wait(30)
    elapsed = time.perf_counter() - sent
    assert elapsed < 3, f"{elapsed:.1f}초"
    assert process.returncode == 130
    assert _children_of(str(staging)) == []  # 자식 프로세스도 끝났습니다
    assert everything_left(asset_dirs.tfds) == []


def test_sigkill_leaves_a_part_file_that_the_next_fetch_sweeps(asset_dirs, http_server):
    registry = slow_registry(http_server, "mnist")
    process = start_cli(["fetch", "mnist"], registry, asset_dirs)
    _interrupt(process, signal.SIGKILL, time.perf_counter(), [asset_dirs.keras_home])
    process.communicate()
    left = parts(asset_dirs.keras_home)
    assert len(left) == 1 and ".mnist.npz.cnn_vision-" in left[0].name  # 정리할 틈이 없었습니다
    done = start_cli(["fetch", "mnist", "--timeout", "0.2"], registry.replace_file(
        "mnist", url="http://127.0.0.1:9/mnist.npz"), asset_dirs)
    done.communicate(timeout=60)
    assert done.returncode == 3
    assert parts(asset_dirs.keras_home) == []  # 다음 실행이 지웠습니다(주인 프로세스가 없음)


def test_two_fetches_at_once_and_one_interrupted_leave_the_other_and_strangers_alone(
    asset_dirs, http_server, tmp_path
):
    import tensorflow as tf  # noqa: F401 - 작은 원본을 만들기 위해

    from test_flowers import _tiny_archive

    archive = _tiny_archive(tmp_path / "flower_photos.tgz").read_bytes()
    slow = http_server.registry(DEFAULT, {"flowers-archive": archive + b""}, delay=0.05, chunk=512)
    # 다른 프로세스·사용자의 것처럼 보이는 TFDS 임시 폴더(예전의 정리는 이것들을 지웠습니다).
    strangers = [asset_dirs.tmp / "tmpk3j2l1tfds", asset_dirs.tfds / "tf_flowers" / "incomplete.AB12CD_3.0.1",
                 asset_dirs.tfds / "downloads" / f"flower_photos.tgz.tmp.{'c' * 32}"]
    for folder in strangers:
        folder.mkdir(parents=True)
    first = start_cli(["fetch", "flowers"], slow, asset_dirs)
    second = start_cli(["fetch", "flowers"], slow, asset_dirs)
    wait_for(lambda: len(list(asset_dirs.tfds.glob(".tf_flowers.*.part"))) == 2, what="두 준비 폴더")
    mine = {p.name for p in asset_dirs.tfds.glob(".tf_flowers.*.part")}
    first.send_signal(signal.SIGINT)
    first.wait(30)
    left = {p.name for p in asset_dirs.tfds.glob(".tf_flowers.*.part")}
    assert first.returncode == 130 and len(left) == 1 and left < mine  # 남의 준비 폴더는 그대로
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, out + err
    assert Target("flowers").check()[0].ok
    assert all(folder.is_dir() for folder in strangers)
    assert not list(asset_dirs.tfds.glob(".tf_flowers.*.part"))


def _private_tmp_available() -> bool:
    import shutil

    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                            "mount -t tmpfs tmpfs /tmp"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _private_tmp_available(), reason="unshare -m로 /tmp를 가릴 수 없습니다(권한)")
@pytest.mark.parametrize("setup", ["chown 65534 /tmp/.keras", "rmdir /tmp/.keras && ln -s /work /tmp/.keras"])
def test_keras_shared_fallback_folder_made_by_someone_else_is_not_written_to(asset_dirs, http_server, setup):
    """케라스가 /tmp/.keras로 넘어갈 때, 다른 사용자가 미리 만든(또는 링크로 바꾼) 폴더에는 쓰지 않습니다."""
    hidden = [str(path) for path in (Path(sys.executable), ROOT)
              if Path("/tmp") in Path(os.path.realpath(path)).parents]
    if hidden:
        pytest.skip(f"/tmp를 가리면 테스트가 쓰는 {', '.join(hidden)}도 가려집니다"
                    "(저장소를 /tmp 밖에 두세요)")
    registry = http_server.registry(DEFAULT, {"mnist": b"mnist bytes"})
    changes = json.dumps({"files": {"mnist": {"url": registry.file("mnist").url,
                                              "digest": registry.file("mnist").digest, "size": None}},
                          "local": {}})
    script = (f"mount -t tmpfs tmpfs /tmp && mkdir /tmp/.keras && {setup} && "
              f"KERAS_HOME= {sys.executable} -c {shlex.quote(_CLI)} {shlex.quote(changes)} fetch mnist; "
              "echo exit=$?; ls -A /tmp/.keras")
    result = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                            capture_output=True, text=True, timeout=120)
    assert "exit=2" in result.stdout, result.stdout + result.stderr
    assert "이 사용자의 폴더가 아니거나 링크라서 쓰지 않습니다" in result.stdout
    assert http_server.requests == []
