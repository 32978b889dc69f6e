r"""예제마다 실행이 어땠는지 기록하는 Sphinx-Gallery 훅(사이트 빌드가 곧 예제의 실행입니다).

Sphinx-Gallery는 예제를 실행하기 전과 후에 ``reset_modules``\\ 의 함수를 부릅니다
(``reset_modules_order = "both"``). :func:`record_run` 은 그 사이에

- 보인 파이썬 경고(종류, 메시지, 파일과 줄)와 로그 경고(matplotlib 등),
- 그 가운데 글꼴에 없는 글자("Glyph ... missing", "does not have a glyph") 경고,

를 모으고, 실행이 끝나면 만들어진 페이지에서 그림 수와 오류 추적(예제가 실패했을 때)을 읽어 예제
옆에 ``<예제>.run.json``\\ 으로 남깁니다. 언제, 어떤 프로필·텐서플로·장치에서 실행했는지도 함께
남습니다(페이지 아래의 빌드 정보가 읽습니다). ``make test``\\ 의 테스트는 이 기록을 읽어 예제를 두 번
실행하지 않고 확인합니다(``tests/test_examples.py``).

같은 글자의 경고는 파이썬이 보통 한 번만 보이므로, 실행하는 동안에는 글리프 경고만 매번 보이게 합니다.
"""

from __future__ import annotations

import json
import logging as std_logging
import sys
import time
import warnings
from importlib import metadata
from pathlib import Path

from gallery_pages import GALLERY_DIR, figure_count, generated_file, traceback_in

RECORD_SUFFIX = ".run.json"
GLYPH_WORDS = ("glyph",)


def is_glyph_message(message: str) -> bool:
    """글꼴에 없는 글자 경고인지(matplotlib의 두 가지 문구 모두)."""
    lowered = message.lower()
    return any(word in lowered for word in GLYPH_WORDS)


# -- 빌드 정보 ------------------------------------------------------------------------------------


def device() -> str:
    """실행한 장치: 텐서플로가 본 GPU, 없으면 CPU 모델과 코어 수. 텐서플로를 새로 import하지 않습니다."""
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        try:
            gpus = tf.config.list_physical_devices("GPU")
        except Exception:  # noqa: BLE001 - 장치 정보가 빌드를 멈추게 하지는 않습니다
            gpus = []
        if gpus:
            names = [tf.config.experimental.get_device_details(gpu).get("device_name", gpu.name)
                     for gpu in gpus]
            return "GPU " + ", ".join(names)
    from cnn_vision import runtime

    cpu = runtime.cpu_info()
    return f"CPU {cpu['model']} ({cpu['count']}코어, GPU 없음)"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "설치되지 않음"


def current_build_info() -> dict[str, str]:
    """지금 빌드의 실행 프로필, 텐서플로·케라스 버전, 장치, 날짜."""
    from cnn_vision import profile

    return {
        "profile": profile.current(),
        "tensorflow": _version("tensorflow"),
        "keras": _version("keras"),
        "device": device(),
        "date": time.strftime("%Y-%m-%d"),
    }


# -- 실행하는 동안 모으기 -------------------------------------------------------------------------------


class _Recorder(std_logging.Handler):
    """예제 하나를 실행하는 동안의 경고를 모읍니다."""

    def __init__(self, script: str) -> None:
        super().__init__(level=std_logging.WARNING)
        self.script = script
        self.started = time.perf_counter()
        self.warnings: list[dict] = []
        self.log_warnings: list[dict] = []
        self._formatwarning = warnings.formatwarning
        self._catcher = warnings.catch_warnings()  # 경고 필터를 실행 전 상태로 되돌립니다

    def _note(self, message, category, filename, lineno) -> None:
        self.warnings.append({"category": category.__name__, "message": str(message),
                              "filename": str(filename), "lineno": lineno})

    def start(self) -> None:
        original_format = self._formatwarning
        showing = False

        # 코드 셀을 실행하는 동안 Sphinx-Gallery는 warnings.showwarning을 자기 함수로 바꾸고, 그 함수는
        # warnings.formatwarning으로 글을 만듭니다. 셀 밖(그림을 저장할 때)에는 showwarning이 불립니다.
        # 두 길을 모두 지켜보되, 한 경고를 두 번 적지 않습니다.
        def formatwarning(message, category, filename, lineno, line=None):
            if not showing:
                self._note(message, category, filename, lineno)
            return original_format(message, category, filename, lineno, line)

        def showwarning(message, category, filename, lineno, file=None, line=None):
            nonlocal showing
            self._note(message, category, filename, lineno)
            showing = True
            try:
                original_show(message, category, filename, lineno, file, line)
            finally:
                showing = False

        self._catcher.__enter__()
        original_show = warnings.showwarning
        warnings.showwarning = showwarning
        warnings.formatwarning = formatwarning
        warnings.filterwarnings("always", message=r"(?i).*glyph")
        std_logging.getLogger().addHandler(self)

    def stop(self) -> None:
        std_logging.getLogger().removeHandler(self)
        warnings.formatwarning = self._formatwarning
        self._catcher.__exit__(None, None, None)

    def emit(self, record: std_logging.LogRecord) -> None:
        if record.name.startswith("sphinx"):
            return  # Sphinx 자신의 로그(빌드 경고는 -W가 따로 잡습니다)
        self.log_warnings.append({"logger": record.name, "level": record.levelname,
                                  "message": record.getMessage()})

    def glyph_warnings(self) -> list[str]:
        messages = [item["message"] for item in self.warnings + self.log_warnings]
        return [message for message in messages if is_glyph_message(message)]


_current: _Recorder | None = None


def record_run(gallery_conf, fname, when: str = "before") -> None:
    """Sphinx-Gallery의 ``reset_modules`` 훅: 실행 전에 모으기 시작하고, 실행 뒤에 기록을 씁니다."""
    global _current
    if fname is None:
        return
    if when == "before":
        if _current is not None:
            _current.stop()
        _current = _Recorder(str(fname))
        _current.start()
        return
    recorder, _current = _current, None
    if recorder is None or recorder.script != str(fname):
        return
    recorder.stop()
    gallery_root = Path(gallery_conf["src_dir"]) / GALLERY_DIR
    page = generated_file(gallery_root, Path(fname).name, ".rst")
    write_record(page, recorder)


def write_record(page: Path, recorder: _Recorder) -> Path:
    """만들어진 예제 페이지(``.rst``) 옆에 실행 기록을 씁니다(임시 이름으로 쓴 뒤 바꿉니다)."""
    text = page.read_text(encoding="utf-8")
    record = {
        "page": page.with_suffix("").relative_to(page.parents[2]).as_posix(),
        "seconds": round(time.perf_counter() - recorder.started, 3),
        "error": traceback_in(text),
        "figures": figure_count(text, page.stem),
        "glyph_warnings": recorder.glyph_warnings(),
        "warnings": recorder.warnings,
        "log_warnings": recorder.log_warnings,
        "build": current_build_info(),
    }
    path = record_path(page)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)
    return path


def record_path(page: Path) -> Path:
    """예제 페이지(``.rst``, ``.py`` 또는 확장자 없는 경로) 옆의 실행 기록 파일."""
    page = Path(page)
    return page.with_name(page.name.split(".")[0] + RECORD_SUFFIX)


def read_record(srcdir: Path, docname: str) -> dict | None:
    """문서 ``docname`` 의 실행 기록. 없으면(실행하지 않은 빌드) ``None``."""
    path = record_path(Path(srcdir) / docname)
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def setup(app):
    app.setup_extension("gallery_pages")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
