"""cnn_vision.resources: 캐시 폴더 규칙, 해시, 안전한 쓰기와 내려받기, 접속 확인, 알림, 스위치.

캐시 폴더 규칙은 설치된 케라스와 TFDS의 실제 동작과 비교합니다(케라스는 하위 프로세스에서 진짜
``get_file``\\ 로 ``file://`` 주소를 "내려받아" 어디에 놓는지 봅니다). 네트워크는 쓰지 않습니다.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
from pathlib import Path

import pytest

from cnn_vision import resources

pytestmark = pytest.mark.tf

SRC = Path(resources.__file__).resolve().parent


# -- 캐시 폴더: 케라스와 TFDS의 규칙 그대로 -------------------------------------------

_KERAS_PROBE = textwrap.dedent(
    """
    import importlib, json, os, sys
    from pathlib import Path
    cases = json.loads(sys.argv[1])
    import keras
    from keras.src.backend import config
    from keras.src.utils import file_utils
    from cnn_vision import resources
    source = Path(sys.argv[2])
    results = []
    for index, case in enumerate(cases):
        os.environ.pop("KERAS_HOME", None)
        os.environ.update(case["env"])
        fname = f"cnn_vision_probe_{os.getpid()}_{index}.txt"
        # 케라스보다 먼저 묻습니다(케라스가 아직 폴더를 만들기 전).
        ours = resources.keras_cache_dir() / "datasets" / fname
        importlib.reload(config)  # 케라스가 import할 때 하는 일(KERAS_HOME 읽기, 폴더 만들기)
        placed = Path(file_utils.get_file(fname, origin=source.as_uri(), cache_subdir="datasets"))
        results.append([str(placed.resolve()), str(ours.resolve())])
        placed.unlink()
    print(json.dumps(results))
    """
)


def test_keras_cache_dir_is_where_keras_get_file_really_puts_files(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    existing = tmp_path / "existing_keras_home"
    existing.mkdir()
    cases = [
        {"env": {}},  # 변수 없음: ~/.keras(케라스가 만듦)
        {"env": {"KERAS_HOME": ""}},  # 빈 값: 현재 폴더가 아니라 /tmp/.keras
        {"env": {"KERAS_HOME": str(existing)}},
        {"env": {"KERAS_HOME": str(tmp_path / "not_yet" / "made")}},  # 케라스가 만듦
    ]
    source = tmp_path / "source.txt"
    source.write_text("x")
    env = {**os.environ, "HOME": str(home), "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("KERAS_HOME", None)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", _KERAS_PROBE, json.dumps(cases), str(source)],
        capture_output=True, text=True, env=env, cwd=workdir, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    pairs = json.loads(result.stdout.strip().splitlines()[-1])
    for case, (placed, ours) in zip(cases, pairs, strict=True):
        assert placed == ours, case
    assert Path(pairs[0][0]).parent == (home / ".keras" / "datasets").resolve()
    assert Path(pairs[1][0]).parent.parent.name == ".keras"
    assert not (workdir / "datasets").exists()  # 빈 KERAS_HOME이 현재 폴더에 쓰지 않음


def test_tfds_data_dir_follows_tfds_rules_including_an_empty_variable(tmp_path, monkeypatch):
    from tensorflow_datasets.core import constants

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    cases = {"unset": None, "empty": "", "set": str(tmp_path / "tfds"), "tilde": "~/data"}
    for case, value in cases.items():
        if value is None:
            monkeypatch.delenv("TFDS_DATA_DIR", raising=False)
        else:
            monkeypatch.setenv("TFDS_DATA_DIR", value)
        tfds_says = Path(constants.get_default_data_dir()).expanduser()
        assert resources.tfds_data_dir() == Path(os.path.abspath(tfds_says)), case
    monkeypatch.setenv("TFDS_DATA_DIR", "")
    assert resources.tfds_data_dir() == tmp_path  # TFDS는 빈 값을 현재 폴더로 씁니다
    assert resources.tfds_data_dir(tmp_path / "arg") == tmp_path / "arg"  # 인자가 이깁니다


def test_only_one_keras_cache_dir_function_exists_in_the_library():
    defined = [path.name for path in SRC.glob("*.py")
               if "def keras_cache_dir" in path.read_text(encoding="utf-8")]
    assert defined == ["resources.py"]


def _cnn_vision_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "cnn_vision":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("cnn_vision."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("cnn_vision."))
    return found


def test_loaders_import_only_the_resource_layer_and_never_each_other():
    loaders = {"fashion_mnist", "mnist", "flowers", "pretrained"}
    for name in loaders:
        imported = _cnn_vision_imports(SRC / f"{name}.py")
        assert imported <= {"resources", "checks"}, (name, imported)
    assert _cnn_vision_imports(SRC / "resources.py") <= {"checks"}
    # 로더가 아닌 모듈(detection, plotting, ...)도 로더를 import하지 않습니다.
    for path in SRC.glob("*.py"):
        if path.stem not in loaders | {"__main__"}:
            assert not _cnn_vision_imports(path) & loaders, path.name


# -- 해시와 확인 --------------------------------------------------------------------


def _remote(tmp_path, content: bytes, algorithm: str = "sha256", **changes) -> resources.RemoteFile:
    digest = hashlib.new(algorithm, content).hexdigest()
    remote = resources.RemoteFile("test", "test.bin", "https://example.invalid/test.bin", "models",
                                  digest, algorithm, 0.001, "시험용 파일")
    return dataclasses.replace(remote, **changes)


def test_file_problem_is_none_for_the_right_content_and_names_the_hash_otherwise(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"content")
    for algorithm, name in (("md5", "MD5"), ("sha256", "SHA-256")):
        assert resources.file_problem(_remote(tmp_path, b"content", algorithm), path) is None
        problem = resources.file_problem(_remote(tmp_path, b"other", algorithm), path)
        assert name in problem and hashlib.new(algorithm, b"content").hexdigest() in problem
    assert "없습니다" in resources.file_problem(_remote(tmp_path, b"x"), tmp_path / "missing")


def test_verify_file_raises_with_path_problem_and_fix(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"bad")
    with pytest.raises(resources.DataFileError) as caught:
        resources.verify_file(_remote(tmp_path, b"good"), path, how_to_fix="고치는 방법: 지우세요.")
    assert caught.value.path == path and "SHA-256" in caught.value.problem
    assert str(path) in str(caught.value) and "지우세요" in str(caught.value)


# -- 안전한 쓰기 ---------------------------------------------------------------------


def test_atomic_path_renames_only_after_the_block_and_cleans_up_on_errors(tmp_path):
    target = tmp_path / "file.bin"
    target.write_bytes(b"old")
    for error in (OSError("디스크가 가득 참"), KeyboardInterrupt()):
        with pytest.raises(type(error)), resources.atomic_path(target) as temp:
            temp.write_bytes(b"half")
            raise error
        assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["file.bin"]
    with resources.atomic_path(target) as temp:
        temp.write_bytes(b"new")
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["file.bin"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_failed_rename_leaves_no_temporary_file(tmp_path, monkeypatch):
    def failing_replace(src, dst):
        raise OSError("이름 바꾸기 실패를 가정")

    monkeypatch.setattr(resources.os, "replace", failing_replace)
    with pytest.raises(OSError):
        resources.write_atomically(tmp_path / "x.gz", b"x" * 1000)
    assert os.listdir(tmp_path) == []


# -- 내려받기 -------------------------------------------------------------------------


class _Response(io.BytesIO):
    def __init__(self, data: bytes, fail_after: int | None = None, error: BaseException | None = None):
        super().__init__(data)
        self.headers = {"Content-Length": str(len(data))}
        self._fail_after = fail_after
        self._error = error

    def read(self, size=-1):
        if self._fail_after is not None and self.tell() >= self._fail_after:
            raise self._error
        return super().read(min(size, 4) if self._fail_after is not None else size)


def test_download_writes_to_a_temporary_name_verifies_then_renames(keras_home, tmp_path, monkeypatch):
    content = b"weights" * 100
    remote = _remote(tmp_path, content, "md5")
    seen = []
    monkeypatch.setattr(resources, "_urlopen", lambda url, timeout: _Response(content))
    path = resources.download(remote, progress=lambda got, total: seen.append((got, total)))
    assert path == keras_home / "models" / "test.bin" and path.read_bytes() == content
    assert os.listdir(keras_home / "models") == ["test.bin"]
    assert seen[-1] == (len(content), len(content))


@pytest.mark.parametrize("error", [OSError("연결이 끊김"), TimeoutError("시간 초과"),
                                   KeyboardInterrupt()])
def test_interrupted_download_leaves_no_partial_file_and_keeps_the_old_one(keras_home, tmp_path,
                                                                          monkeypatch, error):
    content = b"0123456789" * 10
    remote = _remote(tmp_path, content)
    (keras_home / "models").mkdir()
    (keras_home / "models" / "test.bin").write_bytes(b"old")
    monkeypatch.setattr(resources, "_urlopen",
                        lambda url, timeout: _Response(content, fail_after=40, error=error))
    expected = KeyboardInterrupt if isinstance(error, KeyboardInterrupt) else resources.DownloadError
    with pytest.raises(expected) as caught:
        resources.download(remote)
    if expected is resources.DownloadError:
        assert remote.url in str(caught.value)
    assert os.listdir(keras_home / "models") == ["test.bin"]
    assert (keras_home / "models" / "test.bin").read_bytes() == b"old"


def test_download_that_fails_verification_is_not_renamed(keras_home, tmp_path, monkeypatch):
    remote = _remote(tmp_path, b"the real thing")
    monkeypatch.setattr(resources, "_urlopen", lambda url, timeout: _Response(b"<html>error</html>"))
    with pytest.raises(resources.DownloadError, match="SHA-256"):
        resources.download(remote)
    assert os.listdir(keras_home / "models") == []


def test_http_errors_become_download_errors_naming_the_url(keras_home, tmp_path, monkeypatch):
    remote = _remote(tmp_path, b"x")

    def not_found(url, timeout):
        raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)

    monkeypatch.setattr(resources, "_urlopen", not_found)
    with pytest.raises(resources.DownloadError, match="404") as caught:
        resources.download(remote)
    assert remote.url in str(caught.value)


# -- 접속 확인 ------------------------------------------------------------------------


def test_network_available_is_true_for_a_local_listener(monkeypatch):
    monkeypatch.delenv(resources.OFFLINE_ENV)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        assert resources.network_available("127.0.0.1", port, timeout=2.0) is True


def test_network_available_is_false_for_a_closed_local_port(monkeypatch):
    monkeypatch.delenv(resources.OFFLINE_ENV)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert resources.network_available("127.0.0.1", port, timeout=2.0) is False


def test_offline_switch_answers_false_without_touching_the_network(monkeypatch):
    def must_not_connect(*args, **kwargs):
        raise AssertionError("접속하려 했습니다")

    monkeypatch.setattr(socket, "create_connection", must_not_connect)
    monkeypatch.setenv(resources.OFFLINE_ENV, "1")
    assert resources.network_available(timeout=1.0) is False
    assert resources.OFFLINE_ENV in resources.network_problem(1.0)


def test_probe_is_bounded_when_connecting_hangs(monkeypatch):
    def hanging_connection(*args, **kwargs):
        time.sleep(3)
        raise TimeoutError("끝내 접속되지 않음")

    monkeypatch.delenv(resources.OFFLINE_ENV)
    monkeypatch.setattr(socket, "create_connection", hanging_connection)
    start = time.perf_counter()
    assert resources.network_problem(0.3).endswith("0.3초 안에 접속하지 못했습니다")
    assert time.perf_counter() - start < 2


# -- 스위치, 알림, 결과 형식 -----------------------------------------------------------


@pytest.mark.parametrize("value,expected", [("1", True), ("true", True), ("0", False), ("", False),
                                            ("off", False)])
def test_require_real_switch_values(monkeypatch, value, expected):
    monkeypatch.setenv(resources.REQUIRE_REAL_ENV, value)
    assert resources.require_real() is expected


def test_unknown_switch_value_is_an_error_naming_the_variable(monkeypatch):
    monkeypatch.setenv(resources.REQUIRE_REAL_ENV, "maybe")
    with pytest.raises(ValueError, match="CNN_VISION_REQUIRE_REAL.*'maybe'"):
        resources.require_real()


def _notice():
    return resources.standin_notice(missing="시험 자료", reason="없습니다", location="/없는/곳",
                                    fetch="weights", standin="가짜", label="[가짜] ")


def test_notice_is_one_marked_block(capsys):
    resources.use_standin(_notice())
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == f"{resources.NOTICE_MARKER} 없는 것: 시험 자료"
    assert lines[-1] == resources.NOTICE_END
    assert all(line.startswith("  ") for line in lines[1:-1])
    assert any("python -m cnn_vision fetch weights" in line for line in lines)
    assert any("'[가짜]'" in line for line in lines)


def test_strict_switch_turns_the_notice_into_an_error(monkeypatch, capsys):
    monkeypatch.setenv(resources.REQUIRE_REAL_ENV, "1")
    with pytest.raises(resources.StandInRefusedError) as caught:
        resources.use_standin(_notice(), verbose=False)
    assert "시험 자료" in str(caught.value) and "/없는/곳" in str(caught.value)
    assert resources.NOTICE_END not in str(caught.value)
    assert capsys.readouterr().out == ""


def test_resource_standin_and_label_follow_the_source(tmp_path):
    real = resources.Resource(name="자료", path=tmp_path, source="cache")
    fake = resources.Resource(name="자료", path=tmp_path, source="standin", standin_label="[가짜] ",
                              reason="없음")
    assert (real.standin, real.label) == (False, "")
    assert (fake.standin, fake.label) == (True, "[가짜] ")
    assert str(tmp_path) in real.describe() and "없음" in fake.describe()
