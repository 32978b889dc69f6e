"""``python -m cnn_vision``: 도움말, 잘못된 인자, 오프라인, 내려받기, 내용 확인, Ctrl-C.

네트워크는 쓰지 않습니다. conftest가 ``CNN_VISION_OFFLINE=1``\\ 을 켜 두고, "인터넷 있음"은
``resources.network_problem``\\ 과 ``resources._urlopen``\\ 을 바꿔 끼워 흉내 냅니다.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import time

import pytest

from cnn_vision import __main__ as cli
from cnn_vision import resources

pytestmark = pytest.mark.tf

WEIGHT_KEYS = ["resnet50", "xception-notop", "vgg19-notop", "imagenet-class-index"]


def run(argv, capsys):
    """명령을 같은 프로세스에서 실행하고 ``(종료 코드, 표준 출력, 표준 오류)``\\ 를 돌려줍니다."""
    try:
        code = cli.main(argv)
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class _Response(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.headers = {"Content-Length": str(len(data))}


@pytest.fixture
def small_weights(monkeypatch):
    """가중치 표의 항목을 작은 내용으로 바꾸고, 그 내용을 주는 가짜 서버를 돌려줍니다."""
    contents = {}
    for key in WEIGHT_KEYS:
        content = f"{key} 가중치".encode()
        contents[key] = content
        monkeypatch.setitem(resources.REMOTE_FILES, key, dataclasses.replace(
            resources.REMOTE_FILES[key], digest=hashlib.md5(content).hexdigest()))
    by_url = {resources.REMOTE_FILES[key].url: content for key, content in contents.items()}
    return by_url


def states(out: str) -> list[str]:
    """출력에서 항목마다의 상태(``있음``, ``받음``, ``정상``, ``없음``, ...)만 뽑습니다."""
    return [line.split()[0] for line in out.splitlines() if line.startswith("  ") and line.strip()
            and not line.startswith("   ")]


def online(monkeypatch, by_url):
    monkeypatch.setattr(resources, "network_problem", lambda timeout=2.0: "")
    monkeypatch.setattr(resources, "_urlopen", lambda url, timeout: _Response(by_url[url]))


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
def test_bad_arguments_exit_2_with_a_korean_message_naming_the_argument(argv, word, capsys,
                                                                        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert "오류:" in err and word in err and "사용법:" in err
    assert os.listdir(tmp_path) == []  # --help를 폴더 이름으로 쓰던 옛 명령과 달리 아무것도 만들지 않음


def test_the_real_command_line_answers_help_and_bad_arguments(tmp_path):
    env = {**os.environ}
    ok = subprocess.run([sys.executable, "-m", "cnn_vision", "--help"], capture_output=True,
                        text=True, env=env, cwd=tmp_path, timeout=60)
    bad = subprocess.run([sys.executable, "-m", "cnn_vision", "fetch", "--nope"], capture_output=True,
                         text=True, env=env, cwd=tmp_path, timeout=60)
    assert ok.returncode == 0 and "fetch" in ok.stdout and "check" in ok.stdout
    assert bad.returncode == 2 and "알 수 없는 인자입니다: --nope" in bad.stderr
    assert os.listdir(tmp_path) == []


# -- 오프라인 -------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["weights", "mnist", "flowers", "all"])
def test_offline_fetch_fails_fast_with_exit_3_and_says_why(target, keras_home, tmp_path,
                                                           monkeypatch, capsys):
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path / "tfds"))
    monkeypatch.setenv("CNN_VISION_FASHION_MNIST_DIR", "")
    start = time.perf_counter()
    code, out, _ = run(["fetch", target], capsys)
    assert time.perf_counter() - start < 5
    assert code == 3
    assert "CNN_VISION_OFFLINE=1" in out and "인터넷에 접속할 수 없어" in out
    assert list(keras_home.rglob("*.part")) == [] and not (tmp_path / "tfds").exists()


def test_offline_fetch_is_bounded_by_the_timeout_when_the_connection_hangs(keras_home, monkeypatch,
                                                                          capsys):
    def hanging_connection(*args, **kwargs):
        time.sleep(3)
        raise TimeoutError("끝내 접속되지 않음")

    monkeypatch.delenv(resources.OFFLINE_ENV)
    monkeypatch.setattr(socket, "create_connection", hanging_connection)
    start = time.perf_counter()
    code, out, _ = run(["fetch", "weights", "--timeout", "0.5"], capsys)
    assert time.perf_counter() - start < 2.5
    assert code == 3 and "0.5초 안에 접속하지 못했습니다" in out


# -- 내려받기와 확인 -------------------------------------------------------------------


def test_fetch_weights_downloads_verifies_and_check_then_passes(keras_home, small_weights,
                                                                monkeypatch, capsys):
    code, out, _ = run(["check", "weights"], capsys)
    assert code == 4 and states(out) == ["없음"] * 4
    online(monkeypatch, small_weights)
    code, out, _ = run(["fetch", "weights"], capsys)
    assert code == 0 and states(out) == ["받음"] * 4
    assert sorted(os.listdir(keras_home / "models")) == sorted(
        resources.REMOTE_FILES[key].fname for key in WEIGHT_KEYS)
    code, out, _ = run(["fetch", "weights"], capsys)  # 두 번째는 받지 않고 확인만
    assert code == 0 and states(out) == ["있음"] * 4
    code, out, _ = run(["check", "weights"], capsys)
    assert code == 0 and states(out) == ["정상"] * 4


def test_check_finds_a_corrupt_file_and_fetch_replaces_it(keras_home, small_weights, monkeypatch,
                                                          capsys):
    online(monkeypatch, small_weights)
    assert run(["fetch", "weights"], capsys)[0] == 0
    damaged = resources.REMOTE_FILES["resnet50"].path
    damaged.write_bytes(b"bit-flipped")
    code, out, _ = run(["check", "weights"], capsys)
    assert code == 1 and "손상" in out and str(damaged) in out and "MD5" in out
    code, out, _ = run(["fetch", "weights"], capsys)
    assert code == 0 and "새로 받아 바꿉니다" in out
    assert resources.file_problem(resources.REMOTE_FILES["resnet50"]) is None


def test_download_that_fails_verification_exits_1_and_leaves_nothing(keras_home, small_weights,
                                                                     monkeypatch, capsys):
    online(monkeypatch, {url: b"<html>captive portal</html>" for url in small_weights})
    code, out, _ = run(["fetch", "weights"], capsys)
    assert code == 1 and "확인을 통과하지 못했습니다" in out
    assert os.listdir(keras_home / "models") == []


def test_ctrl_c_during_a_download_exits_130_and_leaves_no_partial_file(keras_home, small_weights,
                                                                       monkeypatch, capsys):
    class Interrupted(_Response):
        def read(self, size=-1):
            raise KeyboardInterrupt

    monkeypatch.setattr(resources, "network_problem", lambda timeout=2.0: "")
    monkeypatch.setattr(resources, "_urlopen", lambda url, timeout: Interrupted(b"x"))
    code, _, err = run(["fetch", "weights"], capsys)
    assert code == 130 and "중단했습니다" in err
    assert os.listdir(keras_home / "models") == []


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


def test_check_verifies_tfds_shards_and_reports_damage(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path))
    folder = resources.TF_FLOWERS.dataset_dir()
    _write_tiny_tfds(folder, [b"first record", b"second record"])
    code, out, _ = run(["check", "flowers"], capsys)
    assert code == 0 and "정상" in out
    shard = folder / "tf_flowers-train.tfrecord-00000-of-00001"
    data = bytearray(shard.read_bytes())
    data[14] ^= 0x40  # 첫 레코드의 내용
    shard.write_bytes(bytes(data))
    code, out, _ = run(["check", "flowers"], capsys)
    assert code == 1 and "손상" in out and "체크섬" in out and str(folder) in out


def test_fetch_flowers_offline_reports_a_damaged_folder_with_exit_3(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path))
    folder = resources.TF_FLOWERS.dataset_dir()
    _write_tiny_tfds(folder, [b"only one"])
    (folder / "tf_flowers-train.tfrecord-00000-of-00001").unlink()
    code, out, _ = run(["fetch", "flowers"], capsys)
    assert code == 3 and "손상" in out and "샤드 파일이 없습니다" in out
    assert folder.exists()  # 인터넷이 없으면 지우지 않습니다


def test_check_finds_a_bit_flipped_fashion_mnist_file_in_the_cache(keras_home, monkeypatch, capsys):
    import gzip

    content = b"\x00\x00\x08\x01\x00\x00\x00\x02\x05\x07"  # IDX 레이블 2개
    remote = dataclasses.replace(resources.FASHION_MNIST.files[3], idx=(0x0801, (2,)),
                                 digest=hashlib.sha256(content).hexdigest())
    group = dataclasses.replace(resources.FASHION_MNIST, files=(remote,))
    monkeypatch.setattr(resources, "FASHION_MNIST", group)
    remote.path.parent.mkdir(parents=True)
    remote.path.write_bytes(gzip.compress(content))
    assert run(["check", "fashion-mnist"], capsys)[0] == 0
    remote.path.write_bytes(gzip.compress(content[:-1] + b"\x06"))
    code, out, _ = run(["check", "fashion-mnist"], capsys)
    assert code == 1 and "SHA-256" in out and str(remote.path) in out
    remote.path.write_bytes(gzip.compress(content)[:-6])  # 잘린 gzip
    code, out, _ = run(["check", "fashion-mnist"], capsys)
    assert code == 1 and "gzip" in out
