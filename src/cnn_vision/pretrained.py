r"""ImageNet으로 사전 훈련된 케라스 모델의 가중치와, 인터넷이 없을 때의 대처.

``tf.keras.applications.ResNet50(weights="imagenet")``\ 은 가중치 파일을 케라스 캐시
(``$KERAS_HOME/models/``, 환경 변수가 없으면 ``~/.keras/models/``)에서 찾고, 없으면 인터넷에서
내려받습니다. 인터넷이 없으면 바로 ``Exception: URL fetch failure``\ 로 멈춥니다.
``decode_predictions()``\ 도 클래스 이름 파일(``imagenet_class_index.json``)을 같은 방식으로
내려받습니다.

이 모듈은 그 확인을 모델을 만들기 전에 한 곳에서 합니다.

1. 캐시에 파일이 있고 MD5 해시가 맞으면 그대로 씁니다(네트워크를 쓰지 않습니다).
2. 없으면 짧은 시간 제한(기본 2초)으로 파일 서버에 접속해 보고, 되면 케라스의
   :func:`tf.keras.utils.get_file` 로 케라스와 같은 위치에 내려받습니다.
3. 둘 다 안 되면 무엇이 없고, 어디에 저장되며, 인터넷이 될 때 무엇을 실행하면 되는지 한국어로
   알리고, 무작위로 초기화한 가중치(``weights=None``)로 계속하도록 알려 줍니다.

예제는 이렇게 씁니다::

    weights = pretrained.imagenet_weights("resnet50")
    model = tf.keras.applications.ResNet50(weights=weights.weights)
    print(f"{weights.label}예측 확률: ...")  # 무작위 가중치면 숫자 앞에 표시가 붙습니다

인터넷이 되는 곳에서 한 번 ``python -m cnn_vision.pretrained``\ 를 실행하면 이 장이 쓰는 파일을
모두 캐시에 받아 둡니다.
"""

from __future__ import annotations

import hashlib
import socket
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cnn_vision import data

__all__ = [
    "RemoteFile",
    "PretrainedWeights",
    "ImagenetClassIndex",
    "WEIGHT_FILES",
    "CLASS_INDEX_FILE",
    "UNTRAINED_LABEL",
    "keras_cache_dir",
    "network_available",
    "imagenet_weights",
    "imagenet_class_index",
    "top_k_indices",
]

_APPLICATIONS_URL = "https://storage.googleapis.com/tensorflow/keras-applications/"

#: 무작위 가중치 모델에서 나온 숫자 앞에 붙이는 표시.
UNTRAINED_LABEL = "[훈련되지 않은 가중치] "

#: 접속 확인에 쓰는 호스트. 케라스의 가중치와 클래스 이름 파일이 모두 이 서버에 있습니다.
PROBE_HOST = "storage.googleapis.com"


@dataclass(frozen=True)
class RemoteFile:
    """케라스가 캐시의 ``models/`` 폴더에 내려받는 파일 하나.

    Attributes
    ----------
    fname : str
        캐시 안의 파일 이름(케라스가 쓰는 이름과 같아야 케라스가 찾습니다).
    url : str
        내려받을 주소.
    md5 : str
        케라스가 검사하는 MD5 해시.
    description : str
        알림에 쓰는 한국어 설명.
    """

    fname: str
    url: str
    md5: str
    description: str


#: ``(모델 이름, include_top)`` → 가중치 파일. 이름, 주소, 해시는 케라스 소스의 것과 같습니다.
WEIGHT_FILES: dict[tuple[str, bool], RemoteFile] = {
    ("resnet50", True): RemoteFile(
        "resnet50_weights_tf_dim_ordering_tf_kernels.h5",
        _APPLICATIONS_URL + "resnet/resnet50_weights_tf_dim_ordering_tf_kernels.h5",
        "2cb95161c43110f7111970584f804107",
        "ResNet50의 ImageNet 가중치(분류 층 포함, 약 100MB)",
    ),
    ("resnet50", False): RemoteFile(
        "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
        _APPLICATIONS_URL + "resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "4d473c1dd8becc155b73f8504c6f6626",
        "ResNet50의 ImageNet 가중치(분류 층 제외, 약 90MB)",
    ),
    ("xception", True): RemoteFile(
        "xception_weights_tf_dim_ordering_tf_kernels.h5",
        _APPLICATIONS_URL + "xception/xception_weights_tf_dim_ordering_tf_kernels.h5",
        "0a58e3b7378bc2990ea3b43d5981f1f6",
        "Xception의 ImageNet 가중치(분류 층 포함, 약 90MB)",
    ),
    ("xception", False): RemoteFile(
        "xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
        _APPLICATIONS_URL + "xception/xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "b0042744bf5b25fce3cb969f33bebb97",
        "Xception의 ImageNet 가중치(분류 층 제외, 약 80MB)",
    ),
    ("vgg19", False): RemoteFile(
        "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
        _APPLICATIONS_URL + "vgg19/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "253f8cb515780f3b799900260a226db6",
        "VGG19의 ImageNet 가중치(분류 층 제외, 약 80MB)",
    ),
}

#: ``decode_predictions()``\ 가 쓰는 ImageNet 클래스 이름 파일.
CLASS_INDEX_FILE = RemoteFile(
    "imagenet_class_index.json",
    "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json",
    "c2c37ea517e94d9795004a39431a14cb",
    "ImageNet 클래스 이름 파일(decode_predictions용, 약 35KB)",
)

_KERAS_CALLS = {
    "resnet50": "tf.keras.applications.ResNet50",
    "xception": "tf.keras.applications.Xception",
    "vgg19": "tf.keras.applications.VGG19",
}


def keras_cache_dir() -> Path:
    r"""케라스가 사전 훈련된 가중치를 저장하고 찾는 폴더(``<케라스 캐시>/models``)를 돌려줍니다.

    케라스 캐시는 :func:`cnn_vision.data.keras_cache_dir` 의 규칙(``$KERAS_HOME``, 없으면
    ``~/.keras``, 쓸 수 없으면 ``/tmp/.keras``)을 따릅니다.

    Returns
    -------
    pathlib.Path
        예: ``/home/user/.keras/models``. 폴더가 아직 없을 수도 있습니다.
    """
    return data.keras_cache_dir() / "models"


def network_available(host: str = PROBE_HOST, port: int = 443, timeout: float = 2.0) -> bool:
    r"""``host:port``\ 에 TCP로 접속되는지 ``timeout`` 초 안에 확인합니다.

    이름 풀이(DNS)가 멈춰 있어도 기다리지 않도록 별도 스레드에서 접속해 보고, 제한 시간이 지나면
    ``False``\ 를 돌려줍니다. 아무 데이터도 보내지 않습니다.

    Parameters
    ----------
    host : str
        접속해 볼 호스트 이름.
    port : int
        포트 번호(기본 443, HTTPS).
    timeout : float
        최대 대기 시간(초). 양수여야 합니다.

    Returns
    -------
    bool
        접속되면 ``True``.

    Raises
    ------
    ValueError
        ``timeout``\ 이 양수가 아닐 때.
    """
    if not timeout > 0:
        raise ValueError(f"timeout은 양수여야 합니다: {timeout!r}")
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, name="cnn_vision-network-probe", daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fetch(remote: RemoteFile, timeout: float) -> tuple[Path | None, str, str]:
    r"""캐시 확인 → 접속 확인 → 내려받기. ``(경로 또는 None, 출처, 이유)``\ 를 돌려줍니다."""
    cache_dir = keras_cache_dir()
    path = cache_dir / remote.fname
    problem = "캐시에 파일이 없습니다"
    if path.is_file():
        if _md5(path) == remote.md5:
            return path, "cache", ""
        problem = "캐시의 파일이 손상되었거나 다른 버전입니다(MD5 해시가 다릅니다)"
    if not network_available(timeout=timeout):
        reason = f"{problem}. 인터넷({PROBE_HOST})에도 {timeout:g}초 안에 접속하지 못했습니다"
        return None, "missing", reason
    import tensorflow as tf  # 내려받을 때만 필요합니다.

    try:
        downloaded = tf.keras.utils.get_file(
            remote.fname,
            remote.url,
            cache_subdir="models",
            file_hash=remote.md5,
            cache_dir=str(cache_dir.parent),
        )
    except Exception as error:  # 케라스는 네트워크 오류를 일반 Exception으로 냅니다.
        return None, "missing", f"{problem}. 내려받기에 실패했습니다: {error}"
    return Path(downloaded), "download", ""


def _notice(remote: RemoteFile, path: Path, reason: str, command: str, consequence: str) -> None:
    lines = [
        "[알림] 다음 파일을 쓸 수 없습니다: " + remote.description,
        f"  이유: {reason}.",
        f"  저장 위치: {path}",
        "  인터넷이 되는 곳에서 한 번 실행하면 위치에 저장됩니다:",
        f"    {command}",
        f"  또는 {remote.url} 을 받아 위 위치에 두세요.",
        f"  {consequence}",
    ]
    print("\n".join(lines), flush=True)


@dataclass(frozen=True)
class PretrainedWeights:
    r""":func:`imagenet_weights` 의 결과: 사전 훈련된 가중치를 쓸 수 있는지와 그 위치.

    Attributes
    ----------
    model_name : str
        ``"resnet50"``, ``"xception"``, ``"vgg19"``.
    include_top : bool
        분류 층을 포함한 가중치인지.
    pretrained : bool
        ImageNet 가중치 파일이 케라스 캐시에 준비되었으면 ``True``.
    path : pathlib.Path
        가중치 파일이 있는(또는 있어야 할) 위치.
    source : str
        ``"cache"``\ (이미 있었음), ``"download"``\ (방금 받음), ``"missing"``\ (없음).
    reason : str
        없을 때 그 이유(있으면 빈 문자열).
    """

    model_name: str
    include_top: bool
    pretrained: bool
    path: Path
    source: str
    reason: str = ""

    @property
    def weights(self) -> str | None:
        r"""케라스 모델의 ``weights=`` 인자: ``"imagenet"`` 또는 ``None``\ (무작위 초기화)."""
        return "imagenet" if self.pretrained else None

    @property
    def label(self) -> str:
        """이 모델이 낸 숫자 앞에 붙일 표시. 사전 훈련된 가중치면 빈 문자열입니다."""
        return "" if self.pretrained else UNTRAINED_LABEL


def imagenet_weights(
    model_name: str, *, include_top: bool = True, timeout: float = 2.0, verbose: bool = True
) -> PretrainedWeights:
    r"""ImageNet 가중치를 케라스 캐시에 준비하고, 케라스 모델에 줄 ``weights=`` 값을 알려 줍니다.

    캐시에 올바른 파일이 있으면 네트워크를 쓰지 않습니다. 없으면 ``timeout`` 초 안에 파일 서버에
    접속되는지 보고, 되면 케라스와 같은 위치로 내려받습니다. 둘 다 안 되면(오프라인) 한국어 알림을
    출력하고 ``pretrained=False``\ 를 돌려줍니다. 이때 ``weights`` 속성은 ``None``\ 이어서 모델은
    무작위로 초기화되고, 그 모델이 낸 숫자에는 ``label`` 속성(``"[훈련되지 않은 가중치] "``)을
    붙여 출력해야 합니다. 오프라인일 때 이 확인은 ``timeout``\ 과 해시 계산을 합쳐 몇 초면
    끝납니다(케라스가 내려받기를 재시도하며 기다리는 일이 없습니다).

    Parameters
    ----------
    model_name : str
        ``"resnet50"``, ``"xception"``, ``"vgg19"``\ (대소문자 무관). 쓸 수 있는
        ``include_top`` 값은 :data:`WEIGHT_FILES` 의 키를 보세요(VGG19는 ``False``\ 만).
    include_top : bool, default True
        케라스 모델에 줄 ``include_top`` 값과 같게 줍니다(분류 층 포함 여부에 따라 파일이 다릅니다).
    timeout : float, default 2.0
        접속 확인에 기다릴 최대 시간(초).
    verbose : bool, default True
        ``False``\ 면 알림을 출력하지 않습니다.

    Returns
    -------
    PretrainedWeights

    Raises
    ------
    ValueError
        이 모듈이 모르는 모델 이름일 때. 메시지에 그 이름과 쓸 수 있는 이름이 들어갑니다.

    Examples
    --------
    >>> weights = imagenet_weights("xception", include_top=False)  # doctest: +SKIP
    >>> base_model = tf.keras.applications.Xception(weights=weights.weights,
    ...                                             include_top=False)  # doctest: +SKIP
    """
    key = (str(model_name).strip().lower(), bool(include_top))
    if key not in WEIGHT_FILES:
        known = sorted({name for name, _ in WEIGHT_FILES})
        if key[0] in known:
            raise ValueError(
                f"{model_name!r}의 include_top={include_top!r} 가중치 정보가 없습니다. "
                f"쓸 수 있는 값: include_top={not include_top!r}"
            )
        raise ValueError(
            f"가중치 정보가 없는 모델입니다: {model_name!r}. 쓸 수 있는 이름: {', '.join(known)}"
        )
    remote = WEIGHT_FILES[key]
    path, source, reason = _fetch(remote, timeout)
    expected = keras_cache_dir() / remote.fname
    if path is None and verbose:
        top = "" if include_top else " --no-top"
        call = f"{_KERAS_CALLS[key[0]]}(weights=\"imagenet\", include_top={include_top})"
        _notice(
            remote,
            expected,
            reason,
            f"python -m cnn_vision.pretrained {key[0]}{top}   (또는 파이썬에서 {call})",
            "이 페이지는 무작위로 초기화한 가중치(weights=None)로 계속합니다. "
            f"이 모델이 낸 숫자에는 '{UNTRAINED_LABEL.strip()}' 표시가 붙으며 의미가 없습니다.",
        )
    return PretrainedWeights(
        model_name=key[0],
        include_top=key[1],
        pretrained=path is not None,
        path=path if path is not None else expected,
        source=source,
        reason=reason,
    )


@dataclass(frozen=True)
class ImagenetClassIndex:
    r""":func:`imagenet_class_index` 의 결과.

    Attributes
    ----------
    available : bool
        ``imagenet_class_index.json``\ 이 케라스 캐시에 있으면 ``True``. 그러면
        ``tf.keras.applications.resnet50.decode_predictions()``\ 가 네트워크 없이 동작합니다.
    path : pathlib.Path
        파일이 있는(또는 있어야 할) 위치.
    source : str
        ``"cache"``, ``"download"``, ``"missing"`` 중 하나.
    reason : str
        없을 때 그 이유.
    """

    available: bool
    path: Path
    source: str
    reason: str = ""


def imagenet_class_index(*, timeout: float = 2.0, verbose: bool = True) -> ImagenetClassIndex:
    r"""``decode_predictions()``\ 가 쓰는 ImageNet 클래스 이름 파일을 캐시에 준비합니다.

    :func:`imagenet_weights` 와 같은 순서(캐시 → 접속 확인 후 내려받기 → 알림)로 확인합니다.
    파일이 없으면 알림을 출력하고 ``available=False``\ 를 돌려줍니다. 그때는
    :func:`top_k_indices` 로 클래스 이름 대신 클래스 번호를 출력하세요.

    Parameters
    ----------
    timeout : float, default 2.0
        접속 확인에 기다릴 최대 시간(초).
    verbose : bool, default True
        ``False``\ 면 알림을 출력하지 않습니다.

    Returns
    -------
    ImagenetClassIndex
    """
    remote = CLASS_INDEX_FILE
    path, source, reason = _fetch(remote, timeout)
    expected = keras_cache_dir() / remote.fname
    if path is None and verbose:
        _notice(
            remote,
            expected,
            reason,
            "python -m cnn_vision.pretrained class_index",
            "클래스 이름 대신 클래스 번호(0~999)를 출력합니다.",
        )
    return ImagenetClassIndex(
        available=path is not None,
        path=path if path is not None else expected,
        source=source,
        reason=reason,
    )


def top_k_indices(predictions, top: int = 5) -> list[list[tuple[str, str, float]]]:
    r"""클래스 이름 파일 없이 ``decode_predictions()``\ 와 같은 모양의 결과를 만듭니다.

    이미지마다 확률이 큰 순서로 ``(클래스 번호 표시, "(이름 없음)", 확률)`` 튜플 ``top`` 개를
    돌려줍니다. 첫 항목은 ``"인덱스 388"``\ 처럼 클래스 번호라는 것을 밝힌 문자열입니다.

    Parameters
    ----------
    predictions : array-like
        ``(이미지 수, 클래스 수)`` 크기의 확률.
    top : int, default 5
        이미지마다 남길 클래스 수. 1 이상, 클래스 수 이하.

    Returns
    -------
    list of list of tuple

    Raises
    ------
    ValueError
        ``predictions``\ 가 2차원이 아니거나 ``top``\ 이 범위를 벗어날 때.
    """
    predictions = np.asarray(predictions)
    if predictions.ndim != 2:
        raise ValueError(
            f"predictions는 (이미지 수, 클래스 수) 크기의 2차원 배열이어야 합니다: "
            f"shape={predictions.shape}"
        )
    n_classes = predictions.shape[1]
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or not 1 <= top <= n_classes:
        raise ValueError(f"top은 1 이상 {n_classes} 이하의 정수여야 합니다: {top!r}")
    results = []
    for row in predictions:
        order = np.argsort(row, kind="stable")[::-1][:top]
        results.append([(f"인덱스 {int(i)}", "(이름 없음)", float(row[i])) for i in order])
    return results


def main(argv: Sequence[str] | None = None) -> int:
    r"""``python -m cnn_vision.pretrained [이름 ...] [--no-top]``: 파일을 캐시에 받아 둡니다.

    이름을 주지 않으면 이 장의 예제가 쓰는 파일(ResNet50 전체, Xception과 VGG19의 분류 층 제외,
    클래스 이름 파일)을 모두 받습니다. 이름은 ``resnet50``, ``xception``, ``vgg19``,
    ``class_index``\ 입니다.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    no_top = "--no-top" in args
    names = [a for a in args if a != "--no-top"]
    wanted: list[tuple[str, bool]] = []
    if not names:
        wanted = [("resnet50", True), ("xception", False), ("vgg19", False), ("class_index", True)]
    else:
        wanted = [(name, not no_top) for name in names]
    ok = True
    for name, include_top in wanted:
        if name == "class_index":
            result = imagenet_class_index(timeout=5.0)
            ready, path = result.available, result.path
        else:
            weights = imagenet_weights(name, include_top=include_top, timeout=5.0)
            ready, path = weights.pretrained, weights.path
        print(f"{'준비됨' if ready else '없음'}: {path}")
        ok = ok and ready
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
