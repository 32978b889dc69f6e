r"""캐시 폴더와 환경 변수 스위치: 파일이 어디에 놓이는지 정하는 유일한 곳.

케라스 캐시(:func:`keras_cache_dir`)와 TFDS 데이터 폴더(:func:`tfds_data_dir`)는 케라스와 TFDS의
규칙 그대로 찾습니다. 그래야 책의 ``load_data()``\ 와 ``tfds.load()``\ 가 이 패키지가 놓은 파일을
찾습니다. 케라스가 ``KERAS_HOME``\ 대신 공유 임시 폴더로 넘어가는 경우에는 그 이유를
:func:`keras_cache_note` 가 한국어로 말합니다.

환경 변수
    ``KERAS_HOME``
        케라스 캐시(케라스와 같은 규칙).
    ``TFDS_DATA_DIR``
        TFDS 데이터 폴더(TFDS와 같은 규칙).
    ``CNN_VISION_REQUIRE_REAL``
        ``1``\ 이면 대체물을 쓰지 않고 오류로 멈춥니다(호스팅할 사이트를 빌드할 때).
    ``CNN_VISION_OFFLINE``
        ``1``\ 이면 인터넷에 접속하지 않습니다(캐시와 로컬 사본만 씀). 테스트가 켭니다.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cnn_vision.assets.errors import SettingError
from cnn_vision.assets.registry import RemoteFile, TfdsDataset

__all__ = [
    "REQUIRE_REAL_ENV",
    "OFFLINE_ENV",
    "require_real",
    "offline_forced",
    "keras_cache_dir",
    "keras_cache_note",
    "tfds_data_dir",
    "location",
    "dataset_dir",
    "prepare_folder",
]

REQUIRE_REAL_ENV = "CNN_VISION_REQUIRE_REAL"
"""이 환경 변수가 ``1``\\ 이면 대체물 대신 오류를 냅니다."""

OFFLINE_ENV = "CNN_VISION_OFFLINE"
"""이 환경 변수가 ``1``\\ 이면 인터넷에 접속하지 않습니다(접속 확인이 곧바로 실패)."""

_FALSE_VALUES = ("", "0", "false", "no", "off")
_TRUE_VALUES = ("1", "true", "yes", "on")


def _flag(name: str) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value in _FALSE_VALUES:
        return False
    if value in _TRUE_VALUES:
        return True
    raise SettingError(
        f"환경 변수 {name}의 값을 알 수 없습니다: {name}={os.environ.get(name)!r}. "
        "켜려면 1, 끄려면 0을 쓰세요."
    )


def require_real() -> bool:
    r"""``CNN_VISION_REQUIRE_REAL``\ 이 켜져 있으면 ``True`` (대체물 대신 오류).

    Raises
    ------
    SettingError
        값이 ``0``/``1``\ (또는 ``true``/``false``, ``yes``/``no``, ``on``/``off``)이 아닐 때.
        :class:`ValueError` 이기도 합니다.
    """
    return _flag(REQUIRE_REAL_ENV)


def offline_forced() -> bool:
    r"""``CNN_VISION_OFFLINE``\ 이 켜져 있으면 ``True`` (인터넷에 접속하지 않음).

    Raises
    ------
    SettingError
        값을 알 수 없을 때(:func:`require_real` 과 같은 규칙).
    """
    return _flag(OFFLINE_ENV)


# -- 케라스 캐시 -----------------------------------------------------------------------------------


def _tmp_keras_dir() -> Path:
    return Path("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()) / ".keras"


def keras_cache_dir() -> Path:
    r"""케라스가 데이터와 가중치를 내려받고 찾는 폴더를 케라스 3와 같은 규칙으로 돌려줍니다.

    케라스 3.15의 규칙(``keras/src/backend/config.py``\ 와 ``keras.utils.get_file``)은 이렇습니다.

    1. 환경 변수 ``KERAS_HOME``\ 이 **있으면**\ (빈 문자열이어도) 그 값, 없으면 홈 폴더에 쓸 수
       있을 때 ``~/.keras``, 없을 때 ``/tmp/.keras``\ 입니다. 케라스는 import할 때 이 폴더를
       만들어 둡니다.
    2. 내려받을 때 그 폴더(``~``\ 를 풀어 쓴 경로)에 쓸 수 없으면 공유 임시 폴더의 ``/tmp/.keras``\ 를
       씁니다. ``KERAS_HOME=""``\ 은 빈 경로라 쓸 수 없으므로 ``/tmp/.keras``\ 가 됩니다. 이렇게
       넘어갔을 때는 :func:`keras_cache_note` 가 어느 폴더를 왜 쓰는지 알려 줍니다.

    이 함수도 1의 폴더를 케라스처럼 만들어 보고(만들 수 없으면 넘어감) 2의 규칙을 적용하므로,
    케라스를 import하기 전이든 후든 케라스가 쓰는 폴더와 같습니다. 케라스는 ``KERAS_HOME``\ 을
    import할 때 한 번 읽으므로 이 환경 변수는 텐서플로를 import하기 전에 정하세요.

    Returns
    -------
    pathlib.Path
        절대 경로. 그 아래 ``datasets/``\ 와 ``models/``\ 에 파일이 놓입니다.

    Raises
    ------
    SettingError
        그 자리에 폴더가 아니라 파일이 있을 때(예: ``KERAS_HOME``\ 이 파일을 가리킬 때).
    """
    if "KERAS_HOME" in os.environ:
        configured = os.environ["KERAS_HOME"]
        said = f"KERAS_HOME={configured!r}"
    else:
        home = os.path.expanduser("~")
        configured = os.path.join(home if os.access(home, os.W_OK) else "/tmp", ".keras")
        said = f"기본 폴더 {configured}"
    expanded = os.path.expanduser(configured)
    # 케라스는 import할 때 (~를 풀지 않은) 이 경로를 만듭니다. ~가 든 경로는 현재 폴더 아래에
    # 엉뚱한 '~' 폴더가 생기므로 만들지 않습니다. 그 경우 케라스도 풀어 쓴 경로를 만들지 않습니다.
    if configured and expanded == configured and not os.path.lexists(configured):
        with contextlib.suppress(OSError):
            os.makedirs(configured)
    if expanded and os.path.exists(expanded) and not os.path.isdir(expanded):
        raise SettingError(
            f"케라스 캐시({said})가 폴더가 아니라 파일입니다: {os.path.abspath(expanded)}. "
            "고치는 방법: KERAS_HOME을 폴더로 바꾸거나 지우세요(없으면 ~/.keras를 씁니다)."
        )
    if not os.access(expanded, os.W_OK):
        return _tmp_keras_dir()
    return Path(os.path.abspath(expanded))


def keras_cache_note() -> str:
    r"""케라스가 설정한 폴더 대신 공유 임시 폴더를 쓸 때 그 사실과 이유(한국어 한 문장), 아니면 ``""``.

    케라스는 캐시 폴더에 쓸 수 없으면 말없이 ``/tmp/.keras``\ 로 넘어갑니다. 그러면 설정한 폴더에
    있는 파일은 케라스가 보지 않고, 공유 임시 폴더의 파일은 다른 사용자도 읽거나 미리 만들어 둘 수
    있습니다. 명령행과 알림은 이 문장으로 어느 폴더를 왜 쓰는지 밝힙니다.

    Raises
    ------
    SettingError
        :func:`keras_cache_dir` 와 같은 경우.
    """
    actual = keras_cache_dir()
    if actual != _tmp_keras_dir():
        return ""
    if "KERAS_HOME" in os.environ:
        value = os.environ["KERAS_HOME"]
        expanded = os.path.expanduser(value)
        if not expanded:
            why = "KERAS_HOME=''은 빈 값이라"
        elif Path(os.path.abspath(expanded)) == actual:
            return ""  # 사용자가 이 폴더를 골랐습니다.
        else:
            why = f"KERAS_HOME={value!r}({os.path.abspath(expanded)})에 쓸 수 없어"
    else:
        home = os.path.expanduser("~")
        if os.access(home, os.W_OK):
            why = f"기본 폴더 {os.path.join(home, '.keras')}에 쓸 수 없어"
        else:
            why = f"홈 폴더({home})에 쓸 수 없어"
    return (
        f"케라스 캐시: {why} 케라스의 규칙대로 공유 임시 폴더 {actual}를 씁니다(케라스도 이 폴더에서 "
        "찾으므로 설정한 폴더의 파일은 쓰이지 않고, 이 폴더는 다른 사용자도 볼 수 있습니다). 고치는 "
        "방법: 쓸 수 있는 폴더를 KERAS_HOME으로 주세요."
    )


# -- TFDS 데이터 폴더 ------------------------------------------------------------------------------


def tfds_data_dir(data_dir: os.PathLike | str | None = None) -> Path:
    r"""TFDS 데이터 폴더를 TFDS와 같은 규칙으로 돌려줍니다.

    ``data_dir``\ 를 주면 그 폴더, 아니면 환경 변수 ``TFDS_DATA_DIR``\ 이 **있을 때**\ (빈
    문자열이어도) 그 값, 없으면 ``~/tensorflow_datasets``\ 입니다. TFDS는 ``TFDS_DATA_DIR=""``\ 을
    빈 경로, 곧 현재 폴더로 씁니다(``tensorflow_datasets.core.constants``). 그래서 이 함수도 그때는
    현재 폴더를 돌려줍니다.

    Parameters
    ----------
    data_dir : path-like, optional
        직접 지정할 폴더.

    Returns
    -------
    pathlib.Path
        절대 경로(``~``\ 는 풀어 씀). 아직 없을 수도 있습니다.

    Raises
    ------
    SettingError
        그 자리에 폴더가 아니라 파일이 있을 때.
    """
    if data_dir is not None:
        value, said = os.fspath(data_dir), f"data_dir={os.fspath(data_dir)!r}"
    elif "TFDS_DATA_DIR" in os.environ:
        value = os.environ["TFDS_DATA_DIR"]
        said = f"TFDS_DATA_DIR={value!r}"
    else:
        value, said = os.path.join(os.path.expanduser("~"), "tensorflow_datasets"), "기본 폴더"
    folder = Path(os.path.abspath(os.path.expanduser(value)))
    if folder.exists() and not folder.is_dir():
        raise SettingError(
            f"TFDS 데이터 폴더({said})가 폴더가 아니라 파일입니다: {folder}. "
            "고치는 방법: TFDS_DATA_DIR을 폴더로 바꾸거나 지우세요(없으면 ~/tensorflow_datasets를 씁니다)."
        )
    return folder


# -- 파일의 자리 -----------------------------------------------------------------------------------


def location(remote: RemoteFile, tfds_root: os.PathLike | str | None = None) -> Path:
    """원격 파일이 놓이는 자리(지금의 ``KERAS_HOME``/``TFDS_DATA_DIR``\\ 로 정함)."""
    if remote.root == "tfds":
        return tfds_data_dir(tfds_root) / remote.subdir / remote.fname
    if remote.root == "keras":
        return keras_cache_dir() / remote.subdir / remote.fname
    raise ValueError(f"root는 'keras' 또는 'tfds'여야 합니다: root={remote.root!r} (key={remote.key!r})")


def dataset_dir(dataset: TfdsDataset, data_dir: os.PathLike | str | None = None) -> Path:
    """TFDS가 준비한 데이터가 있어야 할 폴더(``<데이터 폴더>/<이름>/<버전>``)."""
    return tfds_data_dir(data_dir) / dataset.name / dataset.version


def prepare_folder(folder: os.PathLike | str) -> list[Path]:
    r"""쓰기 전에 폴더를 만들고, 이번에 새로 만든 폴더들을 (위에서부터) 돌려줍니다.

    케라스의 공유 임시 폴더(``/tmp/.keras``) 아래에 쓸 때는 그 폴더가 이 사용자의 것이고 링크가
    아닌지 먼저 봅니다. 다른 사용자가 미리 만들어 둔 폴더에는 쓰지 않습니다.

    Raises
    ------
    SettingError
        공유 임시 폴더가 다른 사용자의 것이거나 링크일 때, 폴더를 만들 수 없을 때(파일이 그 자리에
        있을 때 등). 메시지에 경로와 고치는 방법이 들어갑니다.
    """
    folder = Path(folder)
    shared = _tmp_keras_dir()
    if (folder == shared or shared in folder.parents) and os.path.lexists(shared):
        info = os.lstat(shared)
        if os.path.islink(shared) or not os.path.isdir(shared) or info.st_uid != os.getuid():
            raise SettingError(
                f"공유 임시 폴더 {shared}가 이 사용자의 폴더가 아니거나 링크라서 쓰지 않습니다(다른 "
                "사용자가 만들어 둔 파일을 케라스가 읽을 수 있습니다). 고치는 방법: 쓸 수 있는 폴더를 "
                "KERAS_HOME으로 주세요."
            )
    missing = []
    for parent in (folder, *folder.parents):
        if os.path.isdir(parent):
            break
        missing.append(parent)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SettingError(
            f"폴더를 만들 수 없습니다: {folder} ({error.strerror or error}). 고치는 방법: 그 자리에 "
            "있는 파일을 옮기거나, 쓸 수 있는 폴더를 KERAS_HOME/TFDS_DATA_DIR로 주세요."
        ) from error
    return list(reversed(missing))
