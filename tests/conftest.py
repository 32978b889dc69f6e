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


import pytest  # noqa: E402


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    """빈 케라스 캐시 폴더(KERAS_HOME). 사용자의 ~/.keras를 건드리지 않습니다."""
    home = tmp_path / "keras_home"
    home.mkdir()
    monkeypatch.setenv("KERAS_HOME", str(home))
    return home


@pytest.fixture
def offline(monkeypatch):
    """네트워크가 없는 상황: 접속 확인은 실패하고, 케라스의 내려받기는 불리면 테스트가 실패합니다."""
    import tensorflow as tf

    from cnn_vision import resources

    monkeypatch.setattr(resources, "network_available", lambda *args, **kwargs: False)

    def no_download(*args, **kwargs):
        raise AssertionError("오프라인인데 내려받으려 했습니다")

    monkeypatch.setattr(tf.keras.utils, "get_file", no_download)
    monkeypatch.setattr(resources, "_urlopen", no_download)


# -- 사이트를 한 번 빌드해 여러 테스트가 함께 씁니다(브라우저, 노트북, 빌드 확인, 검색) ---------------

import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_HINT = (
    "헤드리스 크로미움과 드라이버가 필요합니다. 데비안/우분투에서는 "
    "'sudo apt-get install chromium chromium-driver'로 설치하세요(CI의 .ci/run은 스스로 설치합니다)."
)


@pytest.fixture(scope="session")
def smoke_site(tmp_path_factory) -> Path:
    """사이트 전체를 smoke 프로필, 경고=오류(-W)로 한 번 빌드하고 html 폴더를 돌려줍니다.

    Sphinx-Gallery는 소스 폴더 안에 auto_examples를 만들고 바뀌지 않은 예제는 다시 실행하지 않으므로,
    smoke 결과가 docs/에 남아 make html에 섞이지 않도록 docs/를 임시 폴더에 복사해서 빌드합니다.
    """
    prebuilt = os.environ.get("CNN_VISION_SMOKE_SITE")
    if prebuilt:
        # 개발용: 이미 smoke 프로필로 빌드한 html 폴더를 다시 씁니다(빌드 시간 절약).
        # make test는 이 변수를 쓰지 않습니다.
        return Path(prebuilt)
    work = tmp_path_factory.mktemp("smoke_site")
    source = work / "docs"
    shutil.copytree(ROOT / "docs", source, ignore=shutil.ignore_patterns(
        "_build", "auto_examples", "gen_modules", "generated", "sg_execution_times.rst", "*.mo"))
    # docs/performance.md가 {include}로 넣는 측정 표(../benchmarks/results/*.md)도 같은 자리에 둡니다.
    shutil.copytree(ROOT / "benchmarks" / "results", work / "benchmarks" / "results")
    env = {**os.environ, "CNN_VISION_PROFILE": "smoke", "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html",
         "-d", str(work / "doctrees"), str(source), str(work / "html")],
        capture_output=True, text=True, env=env, timeout=1200,
    )
    (work / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        # Sphinx의 경고·오류 줄(파일:줄: WARNING/ERROR/CRITICAL)을 먼저 보여 줍니다. 텐서플로의 로그가
        # 길어서 출력의 끝만 보이면 정작 빌드를 실패시킨 줄이 잘리기 때문입니다.
        problems = [line for line in result.stderr.splitlines()
                    if ": WARNING:" in line or ": ERROR:" in line or ": CRITICAL:" in line]
        pytest.fail("smoke 사이트 빌드 실패(전체 로그: " + str(work / "build.log") + "):\n"
                    + "\n".join(problems[:40]) + "\n---\n" + result.stderr[-3000:])
    return work / "html"


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
