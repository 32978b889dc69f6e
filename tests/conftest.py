"""모든 테스트가 smoke 프로필, Agg 백엔드로 돌도록 합니다."""

import os

os.environ["CNN_VISION_PROFILE"] = "smoke"
# 테스트는 네트워크를 쓰지 않습니다: 접속 확인은 곧바로 실패하고(캐시와 로컬 사본만 씀), 없는
# 자료는 이름을 밝힌 대체물로 대신합니다. 이 값은 사이트 빌드 같은 하위 프로세스에도 전해집니다.
os.environ["CNN_VISION_OFFLINE"] = "1"
os.environ.pop("CNN_VISION_REQUIRE_REAL", None)

from cnn_vision import runtime  # noqa: E402

runtime.apply_defaults()  # 텐서플로를 import하기 전에

import matplotlib  # noqa: E402

matplotlib.use("Agg", force=True)


# -- 자료(cnn_vision.assets) 시험의 공용 도구: 캐시 격리 하나, 가짜 HTTP 서버 하나 -----------------
import dataclasses  # noqa: E402
import hashlib  # noqa: E402
import http.server  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time as _time  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture
def asset_dirs(tmp_path, monkeypatch) -> SimpleNamespace:
    """이 시험만의 빈 케라스 캐시, TFDS 데이터 폴더, 임시 폴더, 현재 폴더.

    ``KERAS_HOME``, ``TFDS_DATA_DIR``, 파이썬의 임시 폴더(``tempfile.tempdir``)와 현재 폴더를 바꾸고,
    로컬 사본의 환경 변수(``CNN_VISION_FASHION_MNIST_DIR``)를 지웁니다. 사용자의 ``~/.keras``,
    ``~/tensorflow_datasets``, 공유 임시 폴더를 건드리지 않습니다. 속성: ``keras_home``, ``tfds``,
    ``tmp``, ``cwd``.
    """
    folders = SimpleNamespace(**{name: tmp_path / name for name in ("keras_home", "tfds", "tmp", "cwd")})
    for folder in vars(folders).values():
        folder.mkdir()
    monkeypatch.setenv("KERAS_HOME", str(folders.keras_home))
    monkeypatch.setenv("TFDS_DATA_DIR", str(folders.tfds))
    monkeypatch.setattr(tempfile, "tempdir", str(folders.tmp))
    monkeypatch.delenv("CNN_VISION_FASHION_MNIST_DIR", raising=False)
    monkeypatch.chdir(folders.cwd)
    return folders


@dataclasses.dataclass
class Route:
    """가짜 서버의 주소 하나가 보내는 것.

    ``body`` 를 ``chunk`` 바이트씩 ``delay`` 초 간격으로 보냅니다. ``cut_at`` 이면 그만큼만 보내고
    연결을 끊고(``Content-Length`` 는 전체), ``raw`` 면 HTTP가 아닌 그 바이트를 그대로 보내며,
    ``redirect`` 면 그 주소로 302를 보냅니다. ``chunked`` 면 길이 대신 chunked 전송으로 보냅니다
    (``cut_at`` 과 함께 쓰면 조각 한가운데서 끊깁니다: ``http.client.IncompleteRead``).
    """

    body: bytes = b""
    status: int = 200
    delay: float = 0.0
    chunk: int = 1 << 16
    cut_at: int | None = None
    raw: bytes | None = None
    redirect: str | None = None
    chunked: bool = False


class FakeServer:
    """localhost의 작은 HTTP 서버. 자료 표의 주소를 이 서버로 바꾼 표를 만들어 시험에 넘깁니다."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server의 이름
                server.requests.append(self.path)
                route = server.routes.get(self.path, Route(b"not found", status=404))
                try:
                    if route.raw is not None:
                        self.wfile.write(route.raw)
                        return
                    if route.redirect is not None:
                        self.send_response(302)
                        self.send_header("Location", route.redirect)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(route.status)
                    if route.chunked:
                        self.send_header("Transfer-Encoding", "chunked")
                    else:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    sent = 0
                    for start in range(0, len(route.body), route.chunk):
                        piece = route.body[start:start + route.chunk]
                        if route.chunked:
                            piece = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
                        if route.cut_at is not None and sent + len(piece) > route.cut_at:
                            self.wfile.write(piece[:route.cut_at - sent])
                            return
                        self.wfile.write(piece)
                        self.wfile.flush()
                        sent += len(piece)
                        _time.sleep(route.delay)
                    if route.chunked:
                        self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # 받는 쪽이 멈췄습니다(Ctrl-C 시험).

            def log_message(self, format, *args):  # noqa: A002 - 부모 클래스의 이름
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def serve(self, path: str, body: bytes = b"", **options) -> str:
        """``path`` 에서 ``body`` 를 보내게 하고 그 주소를 돌려줍니다(옵션은 :class:`Route`)."""
        self.routes["/" + path.lstrip("/")] = Route(body, **options)
        return self.url(path)

    def registry(self, registry, contents: dict[str, bytes], **options):
        """``registry`` 의 모든 주소를 이 서버로 바꾼 표. ``contents`` 의 파일은 그 내용을 보내고,
        해시와 크기도 그 내용에 맞춥니다(압축 파일은 압축을 푼 내용을 ``contents`` 에 줍니다:
        ``(압축한 바이트, 압축을 푼 바이트)``). 나머지는 404입니다. 인터넷에는 나가지 않습니다."""
        for remote in registry.files:
            changes = {"url": self.url(f"files/{remote.key}/{remote.fname}")}
            if remote.key in contents:
                body = contents[remote.key]
                sent, checked = body if isinstance(body, tuple) else (body, body)
                self.serve(f"files/{remote.key}/{remote.fname}", sent, **options)
                changes.update(digest=hashlib.new(remote.algorithm, checked).hexdigest(), size=None)
            registry = registry.replace_file(remote.key, **changes)
        return registry

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def http_server(monkeypatch):
    """인터넷 대신 쓰는 가짜 HTTP 서버(:class:`FakeServer`). 이 시험 동안 ``CNN_VISION_OFFLINE`` 을
    지우므로, 시험은 모든 주소가 이 서버를 가리키는 표(``http_server.registry(...)``)를 넘겨야 합니다."""
    monkeypatch.delenv("CNN_VISION_OFFLINE", raising=False)
    server = FakeServer()
    yield server
    server.close()


def random_items(count: int, size: int = 28, seed: int = 0):
    """패션 MNIST 대신 쓰는 작은 아이템 이미지와 레이블(텐서플로 없이; 장면·시퀀스 테스트가 함께 씀).

    배경은 0이고, 틀 안의 불규칙한 직사각형 영역에 구멍이 숭숭 난 무늬가 있습니다. 왼쪽 위 모서리의
    한 점(255)이 틀 안 위치를 고정합니다.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    items = np.zeros((count, size, size), dtype=np.uint8)
    for index in range(count):
        top, left = rng.integers(0, size // 3, size=2)
        bottom, right = rng.integers(2 * size // 3, size + 1, size=2)
        shape = (bottom - top, right - left)
        items[index, top:bottom, left:right] = rng.integers(1, 256, size=shape) * (rng.random(shape) < 0.7)
        items[index, top, left] = 255
    return items, rng.integers(0, 10, size=count)


import socket as _socket  # noqa: E402


@pytest.fixture
def hanging_port():
    """접속이 끝나지 않는 localhost 포트: 대기열이 찬 채 받아 주지 않는 리스너(SYN이 버려집니다).

    이름 풀이나 방화벽 때문에 접속이 멈춘 상황을 전역 함수를 바꾸지 않고 흉내 냅니다.
    """
    server = _socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(8):  # 대기열을 채웁니다(커널마다 한두 개를 더 받아 줍니다).
        client = _socket.socket()
        client.setblocking(False)
        client.connect_ex(("127.0.0.1", port))
        fillers.append(client)
    _time.sleep(0.2)
    yield port
    for client in fillers:
        client.close()
    server.close()


# -- 테스트 단계(pyproject.toml의 markers) ----------------------------------------------------------

import sys  # noqa: E402

#: 모든 테스트는 이 가운데 하나 이상으로 표시합니다(모듈 맨 위의 pytestmark 한 줄이면 됩니다).
TIERS = ("unit", "tf", "site", "browser")
SITE_FIXTURES = {"smoke_site", "smoke_build", "site_url"}


#: 사이트 빌드 자체를 확인하는 테스트. 맨 앞에 두어 빌드가 가장 먼저 시작되게 합니다(아래 순서 참고).
SITE_BUILD_TEST = "tests/test_docs_build.py::test_whole_site_builds_with_warnings_as_errors"


def _sort_for_two_workers(items: list) -> None:
    r"""실행 순서를 파일 단위로 정합니다: 사이트 빌드 → 사이트가 필요 없는 파일 → 사이트를 쓰는 파일.

    ``make test``\ 는 pytest-xdist의 작업자 둘로 돌고(CPU 두 개), 한 파일은 한 작업자가 모두 맡습니다
    (``--dist loadfile --no-loadscope-reorder``: 파일이 이 순서대로 나뉩니다). 한 작업자가 맨 앞의 사이트
    빌드를 하는 동안 다른 작업자는 사이트가 필요 없는 파일을 돌리고, 사이트를 쓰는 파일은 빌드가 끝날
    무렵에야 차례가 옵니다. 사이트를 쓰는 파일끼리는 오래 걸리는 파일이 먼저입니다(``SLOW_SITE_FILES``).
    파일 하나에 사이트를 쓰는 테스트가 하나라도 있으면 그 파일 전체가 뒤로 갑니다: 앞에 두면 그 파일을 맡은
    작업자가 빌드를 기다리며 놀기 때문입니다. 작업자 하나로 돌릴 때(``pytest`` 그대로)도 순서만 바뀔 뿐
    결과는 같습니다.
    """
    def file_of(item) -> str:
        return item.nodeid.split("::")[0]

    uses_site = {file_of(item) for item in items if SITE_FIXTURES & set(item.fixturenames)}
    first = {file_of(item): index for index, item in reversed(list(enumerate(items)))}

    def rank(item) -> tuple:
        name = file_of(item)
        if item.nodeid == SITE_BUILD_TEST:
            return (0, 0, 0)
        if name in uses_site:
            slow = SLOW_SITE_FILES.index(name) if name in SLOW_SITE_FILES else len(SLOW_SITE_FILES)
            return (2, slow, first[name])
        return (1, 0, first[name])

    items.sort(key=rank)  # 안정 정렬: 한 파일 안의 순서는 그대로


#: 사이트를 쓰는 파일 가운데 오래 걸리는 것(make test --durations로 잰 순서). 빌드가 끝나면 이것부터 나눠
#: 맡아, 마지막에 한 작업자만 긴 파일을 돌리는 일이 없게 합니다.
SLOW_SITE_FILES = ["tests/test_site_browser.py", "tests/test_notebooks.py", "tests/test_search_browser.py"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """단계 표시가 없거나 맞지 않는 테스트가 있으면 실행하기 전에 멈추고, 실행 순서를 정합니다."""
    _sort_for_two_workers(items)
    problems = []
    for item in items:
        tiers = {mark.name for mark in item.iter_markers() if mark.name in TIERS}
        if not tiers:
            problems.append(f"{item.nodeid}: 단계 표시({', '.join(TIERS)})가 없습니다")
        elif SITE_FIXTURES & set(item.fixturenames) and not tiers & {"site", "browser"}:
            problems.append(f"{item.nodeid}: smoke 사이트를 쓰는데 site나 browser로 표시하지 않았습니다")
        elif "browser" in item.fixturenames and "browser" not in tiers:
            problems.append(f"{item.nodeid}: 브라우저를 쓰는데 browser로 표시하지 않았습니다")
    if problems:
        raise pytest.UsageError("테스트 단계 표시를 고치세요:\n" + "\n".join(problems[:30]))


@pytest.fixture(autouse=True)
def unit_tests_do_not_import_tensorflow(request):
    """unit 테스트(make test-fast)는 텐서플로 없이 돕니다: 그 테스트가 텐서플로를 처음 불러오면 실패합니다.

    텐서플로가 이미 불러와진 뒤(같은 실행의 tf 테스트 다음)에는 확인할 수 없으므로, make test-fast처럼
    unit 테스트만 돌릴 때 모든 unit 테스트가 확인됩니다.
    """
    check = request.node.get_closest_marker("unit") is not None and "tensorflow" not in sys.modules
    yield
    if check and "tensorflow" in sys.modules:
        pytest.fail("unit으로 표시한 테스트가 텐서플로를 불러왔습니다. "
                    "tf로 표시하거나 텐서플로 없이 확인하세요.")


# -- 사이트를 한 번 빌드해 여러 테스트가 함께 씁니다(예제 실행 기록, 브라우저, 노트북, 검색) ----------------

import shutil  # noqa: E402
import subprocess  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_HINT = (
    "헤드리스 크로미움과 드라이버가 필요합니다. 데비안/우분투에서는 "
    "'sudo apt-get install chromium chromium-driver'로 설치하세요(CI의 .ci/run은 스스로 설치합니다)."
)


@dataclass(frozen=True)
class SiteBuild:
    """smoke 사이트 빌드 한 번의 결과. 빌드가 실패해도 만들어집니다(예제별 테스트가 실패를 짚도록)."""

    returncode: int
    source: Path  # 빌드한 docs/ 사본: auto_examples/ 아래에 예제의 실행 기록(*.run.json)이 있습니다
    html: Path
    log: Path

    def problems(self) -> list[str]:
        """Sphinx의 경고·오류 줄(파일:줄: WARNING/ERROR/CRITICAL)."""
        text = self.log.read_text(encoding="utf-8") if self.log.exists() else ""
        return [line for line in text.splitlines()
                if ": WARNING:" in line or ": ERROR:" in line or ": CRITICAL:" in line]


def _shared_temp(tmp_path_factory) -> Path:
    """이번 pytest 실행의 모든 작업자가 함께 보는 임시 폴더(작업자 하나면 그 작업자의 폴더)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def smoke_build(tmp_path_factory) -> SiteBuild:
    """사이트 전체를 smoke 프로필, 경고=오류(-W)로 한 번 빌드합니다. 예제는 모두 이 빌드에서 한 번 실행됩니다.

    Sphinx-Gallery는 소스 폴더 안에 auto_examples를 만들고 바뀌지 않은 예제는 다시 실행하지 않으므로,
    smoke 결과가 docs/에 남아 make html에 섞이지 않도록 docs/를 임시 폴더에 복사해서 빌드합니다.
    pytest-xdist의 작업자가 여럿이면 파일 잠금으로 한 작업자만 빌드하고, 다른 작업자는 빌드가 끝나기를
    기다렸다가 같은 결과를 씁니다.
    """
    import fcntl
    import json

    prebuilt = os.environ.get("CNN_VISION_SMOKE_SITE")
    if prebuilt:
        # 개발용: 이미 smoke 프로필로 빌드한 html 폴더를 다시 씁니다(빌드 시간 절약). 예제의 실행 기록은
        # 그 옆의 docs/ 사본(<폴더>/../docs)에서 읽습니다. make test는 이 변수를 쓰지 않습니다.
        html = Path(prebuilt)
        return SiteBuild(0, html.parent / "docs", html, html.parent / "build.log")
    work = _shared_temp(tmp_path_factory) / "smoke_site"
    done = work.parent / "smoke_site.json"
    with (work.parent / "smoke_site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # 다른 작업자가 빌드하는 중이면 끝날 때까지 기다립니다
        if not done.exists():
            returncode = _build_smoke_site(work)
            done.write_text(json.dumps({"returncode": returncode}), encoding="utf-8")
        returncode = json.loads(done.read_text(encoding="utf-8"))["returncode"]
    return SiteBuild(returncode, work / "docs", work / "html", work / "build.log")


def _build_smoke_site(work: Path) -> int:
    work.mkdir()
    source = work / "docs"
    shutil.copytree(ROOT / "docs", source, ignore=shutil.ignore_patterns(
        "_build", "auto_examples", "gen_modules", "generated", "sg_execution_times.rst", "*.mo"))
    # docs/performance.md가 {include}로 넣는 측정 표(../benchmarks/results/*.md)도 같은 자리에 둡니다.
    shutil.copytree(ROOT / "benchmarks" / "results", work / "benchmarks" / "results")
    env = {**os.environ, "CNN_VISION_PROFILE": "smoke", "MPLBACKEND": "Agg"}
    log = work / "build.log"
    with log.open("w", encoding="utf-8") as output:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html",
             "-d", str(work / "doctrees"), str(source), str(work / "html")],
            stdout=output, stderr=subprocess.STDOUT, text=True, env=env, timeout=1200,
        )
    return result.returncode


@pytest.fixture(scope="session")
def smoke_site(smoke_build) -> Path:
    """경고 없이(-W) 빌드된 smoke 사이트의 html 폴더. 빌드가 실패했으면 그 경고 줄을 보이고 실패합니다."""
    if smoke_build.returncode != 0:
        # Sphinx의 경고·오류 줄을 먼저 보여 줍니다. 텐서플로의 로그가 길어서 출력의 끝만 보이면 정작
        # 빌드를 실패시킨 줄이 잘리기 때문입니다. 실패한 예제는 tests/test_examples.py가 이름과 오류
        # 추적으로 짚습니다.
        tail = smoke_build.log.read_text(encoding="utf-8")[-3000:]
        pytest.fail(f"smoke 사이트 빌드 실패(전체 로그: {smoke_build.log}):\n"
                    + "\n".join(smoke_build.problems()[:40]) + "\n---\n" + tail)
    return smoke_build.html


@pytest.fixture(scope="session")
def site_url(smoke_site):
    """smoke 사이트를 localhost의 http로 내보내는 작은 서버의 주소(끝에 /).

    호스팅할 때와 같은 경로(예: /cnn-vision-ko/) 아래에 내보내고, 없는 주소에는 GitHub Pages처럼
    404.html을 상태 코드 404로 돌려줍니다.
    """
    import functools
    import http.server
    import re
    import threading
    from urllib.parse import urlsplit

    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', (smoke_site / "index.html").read_text())
    prefix = urlsplit(canonical.group(1)).path.rsplit("/", 1)[0] + "/" if canonical else "/"

    class SiteHandler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            path = urlsplit(path).path
            if not path.startswith(prefix):
                return str(smoke_site / "없는 경로")
            return super().translate_path("/" + path[len(prefix):])

        def send_error(self, code, message=None, explain=None):
            page = smoke_site / "404.html"
            if code != 404 or not page.exists():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002 - 부모 클래스의 이름
            pass

    handler = functools.partial(SiteHandler, directory=str(smoke_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    server.shutdown()
    server.server_close()


def _missing_browser(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI에서는 브라우저 테스트를 건너뛸 수 없습니다: {reason}. {CHROMIUM_HINT}")
    pytest.skip(f"{reason}. {CHROMIUM_HINT}")


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """selenium으로 움직이는 헤드리스 크로미움(콘솔 로그를 모읍니다).

    크로미움이나 드라이버가 없으면 설치 방법을 알리고 건너뜁니다. 환경 변수 CI가 있으면 실패합니다.
    """
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        _missing_browser("chromium 또는 chromedriver를 찾지 못했습니다")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing_browser("파이썬 패키지 selenium이 없습니다(make venv가 test 추가 의존성으로 설치합니다)")

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile_dir = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        f"--user-data-dir={profile_dir}", "--window-size=1280,1600", "--lang=ko-KR",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
