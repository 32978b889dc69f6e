"""cnn_vision.assets: 캐시 폴더 규칙, 확인, 임시 이름과 정리, 접속 확인, 내려받기, 신호, 알림.

캐시 폴더 규칙은 설치된 케라스와 TFDS의 실제 동작과 비교합니다(케라스는 하위 프로세스에서 진짜
``get_file``\\ 로 ``file://`` 주소를 "내려받아" 어디에 놓는지 봅니다). 내려받기는 localhost의 가짜
HTTP 서버(conftest의 ``http_server``)로 시험하고, 시험은 주소를 그 서버로 바꾼 자료 표를 넘깁니다.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from cnn_vision.assets import (
    DataFileError,
    DownloadError,
    Registry,
    RemoteFile,
    SettingError,
    StandInRefusedError,
    Target,
    fetch,
    paths,
    standin,
    verify,
)

pytestmark = pytest.mark.unit

# -- 캐시 폴더: 케라스와 TFDS의 규칙 그대로 -------------------------------------------

_KERAS_PROBE = textwrap.dedent(
    """
    import importlib, json, os, sys
    from pathlib import Path
    cases = json.loads(sys.argv[1])
    import keras
    from keras.src.backend import config
    from keras.src.utils import file_utils
    from cnn_vision.assets import paths
    source = Path(sys.argv[2])
    results = []
    for index, case in enumerate(cases):
        os.environ.pop("KERAS_HOME", None)
        os.environ.update(case["env"])
        fname = f"cnn_vision_probe_{os.getpid()}_{index}.txt"
        # 케라스보다 먼저 묻습니다(케라스가 아직 폴더를 만들기 전).
        ours = paths.keras_cache_dir() / "datasets" / fname
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
        assert paths.tfds_data_dir() == Path(os.path.abspath(tfds_says)), case
    monkeypatch.setenv("TFDS_DATA_DIR", "")
    assert paths.tfds_data_dir() == tmp_path  # TFDS는 빈 값을 현재 폴더로 씁니다
    assert paths.tfds_data_dir(tmp_path / "arg") == tmp_path / "arg"  # 인자가 이깁니다


def test_keras_home_that_is_a_file_is_a_korean_setting_error_naming_it(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "keras_home.txt"
    not_a_folder.write_text("x")
    monkeypatch.setenv("KERAS_HOME", str(not_a_folder))
    with pytest.raises(SettingError, match="KERAS_HOME") as caught:
        paths.keras_cache_dir()
    assert str(not_a_folder) in str(caught.value) and "파일입니다" in str(caught.value)
    monkeypatch.setenv("TFDS_DATA_DIR", str(not_a_folder))
    with pytest.raises(SettingError, match="TFDS_DATA_DIR"):
        paths.tfds_data_dir()


def _unwritable_folder(tmp_path) -> Path:
    """이 프로세스가 쓸 수 없는 폴더(루트로 돌 때는 chmod가 듣지 않으므로 /proc/sys)."""
    folder = tmp_path / "read_only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder if not os.access(folder, os.W_OK) else Path("/proc/sys")


def test_unwritable_keras_home_is_explained_in_korean_with_the_folder_keras_really_uses(tmp_path,
                                                                                      monkeypatch):
    folder = _unwritable_folder(tmp_path)
    monkeypatch.setenv("KERAS_HOME", str(folder))
    used = paths.keras_cache_dir()
    assert used.name == ".keras" and used != folder  # 케라스의 규칙: 공유 임시 폴더
    note = paths.keras_cache_note()
    assert str(folder) in note and str(used) in note and "쓸 수 없어" in note
    assert "KERAS_HOME" in note and "고치는 방법" in note
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "fine"))
    assert paths.keras_cache_note() == ""


def test_importing_the_assets_package_loads_neither_tensorflow_nor_any_loader():
    script = ("import sys, cnn_vision.assets, cnn_vision.__main__; "
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'tensorflow' "
              "or m in ('cnn_vision.mnist', 'cnn_vision.flowers', 'cnn_vision.pretrained', "
              "'cnn_vision.fashion_mnist')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# -- 자료 표 ------------------------------------------------------------------------


def _remote(content: bytes, algorithm: str = "sha256", **changes) -> RemoteFile:
    digest = hashlib.new(algorithm, content).hexdigest()
    remote = RemoteFile("test", "extra", "test.bin", "https://example.invalid/test.bin", "keras",
                        "models", digest, algorithm, 0.001, "시험용 파일")
    return dataclasses.replace(remote, **changes)


def test_registry_targets_come_from_specs_then_from_file_entries():
    registry = Registry(files=(_remote(b"a"), _remote(b"b", key="other", target=None)))
    assert registry.target_keys() == ("extra",)
    assert registry.spec("extra").name == "extra"
    assert [r.key for r in registry.files_of("extra")] == ["test"]
    changed = registry.replace_file("test", url="http://127.0.0.1/x")
    assert changed.file("test").url == "http://127.0.0.1/x"
    assert registry.file("test").url == "https://example.invalid/test.bin"  # 원래 표는 그대로


def test_target_rejects_unknown_names_in_korean_listing_the_known_ones():
    with pytest.raises(ValueError, match="'nope'.*weights"):
        Target("nope")


# -- 확인 ----------------------------------------------------------------------------


def test_file_problem_is_none_for_the_right_content_and_names_the_hash_otherwise(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"content")
    for algorithm, name in (("md5", "MD5"), ("sha256", "SHA-256")):
        assert verify.file_problem(_remote(b"content", algorithm), path) is None
        problem = verify.file_problem(_remote(b"other", algorithm), path)
        assert name in problem and hashlib.new(algorithm, b"content").hexdigest() in problem
    assert "없습니다" in verify.file_problem(_remote(b"x"), tmp_path / "missing")
    (tmp_path / "folder").mkdir()
    assert "폴더" in verify.file_problem(_remote(b"x"), tmp_path / "folder")


def test_verify_file_raises_with_path_problem_and_fix(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"bad")
    with pytest.raises(DataFileError) as caught:
        verify.verify_file(_remote(b"good"), path, how_to_fix="고치는 방법: 지우세요.")
    assert caught.value.path == path and "SHA-256" in caught.value.problem
    assert str(path) in str(caught.value) and "지우세요" in str(caught.value)


# -- 임시 이름과 정리 ------------------------------------------------------------------


def test_atomic_path_renames_only_after_the_block_and_cleans_up_on_errors(tmp_path):
    target = tmp_path / "file.bin"
    target.write_bytes(b"old")
    for error in (OSError("디스크가 가득 참"), KeyboardInterrupt(), fetch.SignalInterrupt(15)):
        with pytest.raises(type(error)), fetch.atomic_path(target) as temp:
            temp.write_bytes(b"half")
            raise error
        assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["file.bin"]
    with fetch.atomic_path(target) as temp:
        assert temp.name.startswith(f".file.bin.{fetch.PART_TAG}-") and temp.suffix == ".part"
        temp.write_bytes(b"new")
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["file.bin"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_failed_rename_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "x.gz"
    target.mkdir()  # 폴더 자리에는 파일로 이름을 바꿀 수 없습니다(비어 있지 않은 폴더).
    (target / "keep").write_text("사용자 파일")
    with pytest.raises(OSError):
        fetch.write_atomically(target, b"x" * 1000)
    assert os.listdir(tmp_path) == ["x.gz"] and os.listdir(target) == ["keep"]


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_sweep_removes_only_this_packages_parts_whose_process_is_gone(tmp_path):
    host = fetch._HOST
    dead = _dead_pid()
    stale_file = tmp_path / f".mnist.npz.{fetch.PART_TAG}-{host}-{dead}-abc123.part"
    stale_dir = tmp_path / f".tf_flowers.{fetch.PART_TAG}-{host}-{dead}-xyz.part"
    live = tmp_path / f".mnist.npz.{fetch.PART_TAG}-{host}-{os.getppid()}-def456.part"
    other_host = tmp_path / f".mnist.npz.{fetch.PART_TAG}-otherhost-{dead}-ghi789.part"
    foreign = tmp_path / ".mnist.npz.abc.part"  # 다른 도구의 이름
    for path in (stale_file, live, other_host, foreign):
        path.write_bytes(b"x")
    stale_dir.mkdir()
    (stale_dir / "inside").write_bytes(b"x")
    removed = fetch.sweep_stale_parts(tmp_path)
    assert sorted(removed) == sorted([stale_file, stale_dir])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (live, other_host, foreign))


# -- 내려받기(가짜 서버) -----------------------------------------------------------------


def _serve(http_server, content: bytes, algorithm="sha256", **route) -> RemoteFile:
    url = http_server.serve("files/test.bin", content, **route)
    return _remote(content, algorithm, url=url)


def test_download_writes_to_a_temporary_name_verifies_then_renames(http_server, tmp_path):
    content = b"weights" * 100_000
    remote = _serve(http_server, content, "md5")
    seen = []
    path = fetch.download(remote, tmp_path / "test.bin",
                          progress=lambda got, total: seen.append((got, total)))
    assert path.read_bytes() == content and os.listdir(tmp_path) == ["test.bin"]
    assert seen[-1] == (len(content), len(content))


@pytest.mark.parametrize("route,words", [
    ({"cut_at": 40}, ["끊겼습니다"]),  # Content-Length보다 짧은 응답
    ({"cut_at": 40, "chunked": True, "chunk": 32}, ["끊겼습니다", "IncompleteRead"]),  # 조각 한가운데서
    ({"raw": b"HELLO WORLD\r\n\r\n"}, ["HTTP 형식이 아닙니다"]),  # 쓰레기 상태 줄
    ({"raw": b""}, ["HTTP 형식이 아닙니다"]),  # 아무것도 보내지 않고 끊음(RemoteDisconnected)
    ({"status": 404}, ["HTTP 404"]),
    ({"status": 500}, ["HTTP 500"]),
])
def test_broken_http_responses_become_korean_download_errors_and_leave_nothing(
    http_server, tmp_path, route, words
):
    content = b"0123456789" * 10
    remote = _serve(http_server, content, **route)
    (tmp_path / "test.bin").write_bytes(b"old")
    with pytest.raises(DownloadError) as caught:
        fetch.download(remote, tmp_path / "test.bin")
    assert remote.url in str(caught.value)
    for word in words:
        assert word in str(caught.value)
    assert os.listdir(tmp_path) == ["test.bin"] and (tmp_path / "test.bin").read_bytes() == b"old"


def test_download_that_fails_verification_is_not_renamed(http_server, tmp_path):
    remote = dataclasses.replace(_serve(http_server, b"<html>error</html>"),
                                 digest=hashlib.sha256(b"the real thing").hexdigest())
    with pytest.raises(DownloadError, match="SHA-256"):
        fetch.download(remote, tmp_path / "test.bin")
    assert os.listdir(tmp_path) == []


def test_download_stops_at_the_size_the_table_allows(http_server, tmp_path):
    remote = dataclasses.replace(_serve(http_server, b"x" * 3_000_000), approx_mb=0.001, size=None)
    with pytest.raises(DownloadError, match="크기"):
        fetch.download(remote, tmp_path / "test.bin")
    exact = dataclasses.replace(_serve(http_server, b"y" * 100), size=99)
    with pytest.raises(DownloadError, match="정확히 99"):
        fetch.download(exact, tmp_path / "test.bin")
    assert os.listdir(tmp_path) == []


def test_download_refuses_to_replace_a_folder_standing_where_the_file_goes(http_server, tmp_path):
    remote = _serve(http_server, b"data")
    (tmp_path / "test.bin").mkdir()
    with pytest.raises(DownloadError, match="폴더") as caught:
        fetch.download(remote, tmp_path / "test.bin")
    assert str(tmp_path / "test.bin") in str(caught.value)


def test_http_redirect_to_http_is_followed(http_server, tmp_path):
    content = b"moved"
    target_url = http_server.serve("new/test.bin", content)
    remote = _remote(content, url=http_server.serve("old/test.bin", redirect=target_url))
    assert fetch.download(remote, tmp_path / "t.bin").read_bytes() == content


def test_https_to_http_redirect_is_refused_before_any_byte_is_read():
    handler = fetch._NoDowngradeRedirect()
    request = urllib.request.Request("https://storage.googleapis.com/x.h5")
    with pytest.raises(DownloadError, match="https가 아닌 주소"):
        handler.redirect_request(request, None, 302, "Found", {}, "http://evil.example/x.h5")
    https = handler.redirect_request(request, None, 302, "Found", {}, "https://mirror.example/x.h5")
    assert https.full_url == "https://mirror.example/x.h5"


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    """자체 서명 인증서로 https를 내보내는 localhost 서버(인증서는 SSL_CERT_FILE로 믿게 함)."""
    import http.server
    import ssl
    import threading

    folder = tmp_path / "tls"
    folder.mkdir()
    cert, key = folder / "cert.pem", folder / "key.pem"
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        capture_output=True)
    if made.returncode != 0:
        pytest.skip("openssl로 시험용 인증서를 만들 수 없습니다")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    redirects = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(302)
            self.send_header("Location", redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}", redirects
    server.shutdown()


def test_real_https_server_redirecting_to_http_is_refused(tls_server, http_server, tmp_path):
    base, redirects = tls_server
    plain = http_server.serve("x.bin", b"plain bytes")
    redirects["/x.bin"] = plain
    remote = _remote(b"plain bytes", url=base + "/x.bin")
    with pytest.raises(DownloadError, match="https가 아닌 주소"):
        fetch.download(remote, tmp_path / "x.bin")
    assert http_server.requests == [] and sorted(os.listdir(tmp_path)) == ["tls"]


# -- 접속 확인 ------------------------------------------------------------------------


def test_network_available_is_true_for_a_local_listener(monkeypatch):
    monkeypatch.delenv(paths.OFFLINE_ENV)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        assert fetch.network_available("127.0.0.1", port, timeout=2.0) is True


def test_network_available_is_false_for_a_closed_local_port(monkeypatch):
    monkeypatch.delenv(paths.OFFLINE_ENV)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert fetch.network_available("127.0.0.1", port, timeout=2.0) is False


def test_probe_checks_the_host_and_port_of_the_url_it_will_download(monkeypatch):
    monkeypatch.delenv(paths.OFFLINE_ENV)
    with socket.socket() as listener, socket.socket() as closed:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        closed.bind(("127.0.0.1", 0))
        open_port, closed_port = listener.getsockname()[1], closed.getsockname()[1]
        probe = fetch.Probe(1.0)
        assert probe.problem(f"http://127.0.0.1:{open_port}/flower_photos.tgz") == ""
        reason = probe.problem(f"http://127.0.0.1:{closed_port}/x")
        assert f"127.0.0.1:{closed_port}" in reason and "1초 안에 접속하지 못했습니다" in reason
    assert fetch.endpoint("http://download.tensorflow.org/x.tgz") == ("download.tensorflow.org", 80)
    assert fetch.endpoint("https://storage.googleapis.com/x") == ("storage.googleapis.com", 443)


def test_flowers_are_probed_on_their_own_host_and_port_not_the_weights_host():
    flowers = Target("flowers").registry.file("flowers-archive")
    weights = Target("resnet50").files[0]
    assert fetch.endpoint(flowers.url) == ("download.tensorflow.org", 80)
    assert fetch.endpoint(weights.url) == ("storage.googleapis.com", 443)


def test_offline_switch_answers_without_touching_the_network(monkeypatch):
    monkeypatch.setenv(paths.OFFLINE_ENV, "1")
    start = time.perf_counter()
    assert fetch.network_available("10.255.255.1", 9, timeout=5.0) is False
    assert paths.OFFLINE_ENV in fetch.Probe(5.0).problem("https://storage.googleapis.com/x")
    assert time.perf_counter() - start < 0.5


def test_probe_is_bounded_when_connecting_hangs(monkeypatch, hanging_port):
    monkeypatch.delenv(paths.OFFLINE_ENV)
    start = time.perf_counter()
    reason = fetch.Probe(0.3).problem(f"http://127.0.0.1:{hanging_port}/x")
    assert reason.endswith("0.3초 안에 접속하지 못했습니다")
    assert time.perf_counter() - start < 2


# -- 신호 -----------------------------------------------------------------------------

_SIGNAL_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    from cnn_vision.assets import fetch
    folder = Path(sys.argv[1])
    with fetch.interruptible():
        with fetch.atomic_path(folder / "file.bin") as temp:
            temp.write_bytes(b"half")
            print("ready", flush=True)
            time.sleep(30)
    """
)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_remove_the_temporary_file_then_end_the_process_by_that_signal(tmp_path,
                                                                                           number):
    process = subprocess.Popen([sys.executable, "-c", _SIGNAL_SCRIPT, str(tmp_path)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    assert len(list(tmp_path.glob("*.part"))) == 1
    process.send_signal(number)
    process.wait(10)
    assert process.returncode == -number  # 정리한 뒤 원래의 처리(기본: 그 신호로 끝남)
    assert list(tmp_path.iterdir()) == []


# -- 스위치, 알림, 결과 형식 -----------------------------------------------------------


@pytest.mark.parametrize("value,expected", [("1", True), ("true", True), ("0", False), ("", False),
                                            ("off", False)])
def test_require_real_switch_values(monkeypatch, value, expected):
    monkeypatch.setenv(paths.REQUIRE_REAL_ENV, value)
    assert paths.require_real() is expected


def test_unknown_switch_value_is_an_error_naming_the_variable(monkeypatch):
    monkeypatch.setenv(paths.REQUIRE_REAL_ENV, "maybe")
    with pytest.raises(ValueError, match="CNN_VISION_REQUIRE_REAL.*'maybe'"):
        paths.require_real()


def _notice():
    return standin.standin_notice(missing="시험 자료", reason="없습니다", location="/없는/곳",
                                  fetch="weights", standin="가짜", label="[가짜] ")


def test_notice_is_one_marked_block(capsys):
    standin.use_standin(_notice())
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == f"{standin.NOTICE_MARKER} 없는 것: 시험 자료"
    assert lines[-1] == standin.NOTICE_END
    assert all(line.startswith("  ") for line in lines[1:-1])
    assert any("python -m cnn_vision fetch weights" in line for line in lines)
    assert any("'[가짜]'" in line for line in lines)


def test_strict_switch_turns_the_notice_into_an_error(monkeypatch, capsys):
    monkeypatch.setenv(paths.REQUIRE_REAL_ENV, "1")
    with pytest.raises(StandInRefusedError) as caught:
        standin.use_standin(_notice(), verbose=False)
    assert "시험 자료" in str(caught.value) and "/없는/곳" in str(caught.value)
    assert standin.NOTICE_END not in str(caught.value)
    assert capsys.readouterr().out == ""


def test_resource_standin_and_label_follow_the_source(tmp_path):
    real = standin.Resource(name="자료", path=tmp_path, source="cache")
    fake = standin.Resource(name="자료", path=tmp_path, source="standin", standin_label="[가짜] ",
                            reason="없음")
    assert (real.standin, real.label) == (False, "")
    assert (fake.standin, fake.label) == (True, "[가짜] ")
    assert str(tmp_path) in real.describe() and "없음" in fake.describe()


# -- gzip 폭탄(흘려 읽기) ------------------------------------------------------------------


def _gzip_bomb(path: Path, header: bytes, zeros: int) -> None:
    with gzip.open(path, "wb", compresslevel=9) as stream:
        stream.write(header)
        block = bytes(1 << 20)
        for _ in range(zeros // len(block)):
            stream.write(block)


@pytest.mark.parametrize("magic", [0x0801, 0x0000])
def test_gzip_bomb_is_checked_in_bounded_memory_and_reported(tmp_path, magic):
    import tracemalloc

    remote = _remote(b"", idx=(0x0801, (4,)), gzip=True, fname="t10k-labels-idx1-ubyte.gz")
    path = tmp_path / remote.fname
    header = magic.to_bytes(4, "big") + (4).to_bytes(4, "big")
    _gzip_bomb(path, header, 300 << 20)  # 압축을 풀면 300MB
    assert path.stat().st_size < 2 << 20
    tracemalloc.start()
    try:
        problem = verify.file_problem(remote, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"최대 {peak / 2**20:.0f}MB를 썼습니다"
    assert ("남는 데이터" if magic else "매직 넘버") in problem
