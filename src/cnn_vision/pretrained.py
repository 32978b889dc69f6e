r"""ImageNet으로 사전 훈련된 케라스 모델의 가중치와 클래스 이름 파일, 인터넷이 없을 때의 대처.

``tf.keras.applications.ResNet50(weights="imagenet")``\ 은 가중치 파일을 케라스 캐시의
``models/``\ 에서 찾고, 없으면 내려받습니다. 인터넷이 없으면 바로 ``Exception: URL fetch
failure``\ 로 멈춥니다. ``decode_predictions()``\ 도 클래스 이름 파일(``imagenet_class_index.json``)을
같은 방식으로 내려받습니다. 이 모듈은 모델을 만들기 전에 그 확인을 합니다.

1. 캐시에 파일이 있고 MD5 해시가 맞으면 그대로 씁니다(네트워크를 쓰지 않습니다).
2. 없으면 짧은 접속 확인 뒤 케라스와 같은 위치로 내려받습니다(임시 이름으로 받아 확인한 뒤).
3. 둘 다 안 되면 무엇이 없고 어떻게 받는지 한국어 알림을 출력하고, 무작위로 초기화한
   가중치(``weights=None``)로 계속하게 합니다.

예제는 이렇게 씁니다::

    weights = pretrained.imagenet_weights("resnet50")
    model = tf.keras.applications.ResNet50(weights=weights.weights)

인터넷이 되는 곳에서 ``python -m cnn_vision fetch weights``\ 를 한 번 실행하면 이 장이 쓰는 파일을
모두 받아 둡니다.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnn_vision.assets import Registry, Resource, StandIn, Target
from cnn_vision.checks import positive_int

__all__ = [
    "WEIGHT_FILES",
    "UNTRAINED_LABEL",
    "CLASS_NUMBERS_LABEL",
    "PretrainedWeights",
    "imagenet_weights",
    "imagenet_class_index",
    "top_k_indices",
]

UNTRAINED_LABEL = "[훈련되지 않은 가중치] "
"""무작위 가중치 모델로 만든 그림의 제목 앞에 붙는 표시."""

CLASS_NUMBERS_LABEL = "[클래스 이름 없음] "
"""클래스 이름 파일이 없어 클래스 번호로 대신할 때의 표시."""

WEIGHT_FILES: dict[tuple[str, bool], str] = {
    ("resnet50", True): "resnet50",
    ("resnet50", False): "resnet50-notop",
    ("xception", True): "xception",
    ("xception", False): "xception-notop",
    ("vgg19", False): "vgg19-notop",
}
r"""``(모델 이름, include_top)`` → 자료 표(:data:`cnn_vision.assets.registry.DEFAULT`)의 파일 이름.

VGG19는 스타일 전이에 합성곱 부분만 쓰므로 분류 층이 없는 파일만 있습니다(분류 층이 있는 파일은
약 550MB)."""

_KERAS_CALLS = {
    "resnet50": "tf.keras.applications.ResNet50",
    "xception": "tf.keras.applications.Xception",
    "vgg19": "tf.keras.applications.VGG19",
}


@dataclass(frozen=True, kw_only=True)
class PretrainedWeights(Resource):
    r""":func:`imagenet_weights` 의 결과(:class:`cnn_vision.assets.standin.Resource` 에 모델 정보를 더한 것).

    Attributes
    ----------
    model_name : str
        ``"resnet50"``, ``"xception"``, ``"vgg19"``.
    include_top : bool
        분류 층을 포함한 가중치인지.
    """

    model_name: str
    include_top: bool

    @property
    def weights(self) -> str | None:
        r"""케라스 모델의 ``weights=`` 인자: ``"imagenet"`` 또는 ``None``\ (무작위 초기화)."""
        return None if self.standin else "imagenet"


def imagenet_weights(
    model_name: str,
    *,
    include_top: bool = True,
    timeout: float = 2.0,
    verbose: bool = True,
    registry: Registry | None = None,
) -> PretrainedWeights:
    r"""ImageNet 가중치를 케라스 캐시에 준비하고, 케라스 모델에 줄 ``weights=`` 값을 알려 줍니다.

    캐시에 올바른 파일이 있으면 네트워크를 쓰지 않습니다. 없으면 ``timeout`` 초 안에 접속되는지
    보고, 되면 내려받습니다. 둘 다 안 되면(또는 캐시의 파일이 손상되었고 받을 수 없으면) 한국어
    알림을 출력하고 ``standin=True``\ 인 결과를 돌려줍니다. 그때 ``weights`` 속성은 ``None``\ 이어서
    모델은 무작위로 초기화되고, 그 모델로 만든 그림에는 ``label``
    (``"[훈련되지 않은 가중치] "``)을 붙입니다.

    Parameters
    ----------
    model_name : str
        ``"resnet50"``, ``"xception"``, ``"vgg19"``\ (대소문자 무관). 쓸 수 있는 ``include_top``
        값은 :data:`WEIGHT_FILES` 의 키를 보세요.
    include_top : bool, default True
        케라스 모델에 줄 ``include_top`` 값과 같게 줍니다.
    timeout : float, default 2.0
        접속 확인에 기다릴 최대 시간(초).
    verbose : bool, default True
        ``False``\ 면 알림을 출력하지 않습니다.
    registry : Registry, optional
        자료 표(기본: :data:`cnn_vision.assets.registry.DEFAULT`).

    Returns
    -------
    PretrainedWeights

    Raises
    ------
    ValueError
        모르는 모델 이름이거나 그 모델에 없는 ``include_top`` 값일 때. 메시지에 그 값과 쓸 수 있는
        값이 들어갑니다.
    cnn_vision.assets.errors.StandInRefusedError
        대체물이 필요한데 ``CNN_VISION_REQUIRE_REAL=1``\ 일 때.

    Examples
    --------
    >>> weights = imagenet_weights("xception", include_top=False)  # doctest: +SKIP
    >>> base_model = tf.keras.applications.Xception(weights=weights.weights,
    ...                                             include_top=False)  # doctest: +SKIP
    """
    if not isinstance(model_name, str):
        raise ValueError(f"model_name은 문자열이어야 합니다: model_name={model_name!r}")
    if not isinstance(include_top, bool):
        raise ValueError(f"include_top은 True 또는 False여야 합니다: include_top={include_top!r}")
    key = (model_name.strip().lower(), include_top)
    if key not in WEIGHT_FILES:
        known = sorted({name for name, _ in WEIGHT_FILES})
        if key[0] in known:
            raise ValueError(
                f"{model_name!r}의 include_top={include_top!r} 가중치 정보가 없습니다. "
                f"쓸 수 있는 값: include_top={not include_top!r}"
            )
        raise ValueError(
            f"가중치 정보가 없는 모델입니다: model_name={model_name!r}. "
            f"쓸 수 있는 이름: {', '.join(known)}"
        )
    call = f'{_KERAS_CALLS[key[0]]}(weights="imagenet", include_top={include_top})'
    standin = StandIn(what=f"무작위로 초기화한 가중치(weights=None). 구조는 {call}와 같습니다",
                      label=UNTRAINED_LABEL, consequence="훈련되지 않은 모델이 낸 숫자는 의미가 없습니다.")
    result = Target(WEIGHT_FILES[key], registry).obtain_or_standin(standin, timeout=timeout,
                                                                   verbose=verbose)
    return result.extend(PretrainedWeights, model_name=key[0], include_top=key[1])


def imagenet_class_index(
    *, timeout: float = 2.0, verbose: bool = True, registry: Registry | None = None
) -> Resource:
    r"""``decode_predictions()``\ 가 쓰는 ImageNet 클래스 이름 파일을 캐시에 준비합니다.

    :func:`imagenet_weights` 와 같은 순서(캐시 → 접속 확인 후 내려받기 → 알림)로 확인합니다.
    파일이 없으면 알림을 출력하고 ``standin=True``\ 인 결과를 돌려줍니다. 그때는
    :func:`top_k_indices` 로 클래스 이름 대신 클래스 번호를 출력하세요.

    Parameters
    ----------
    timeout : float, default 2.0
        접속 확인에 기다릴 최대 시간(초).
    verbose : bool, default True
        ``False``\ 면 알림을 출력하지 않습니다.
    registry : Registry, optional
        자료 표(기본: :data:`cnn_vision.assets.registry.DEFAULT`).

    Returns
    -------
    cnn_vision.assets.standin.Resource
        ``standin``\ 이 ``False``\ 면 ``decode_predictions()``\ 가 네트워크 없이 동작합니다.

    Raises
    ------
    cnn_vision.assets.errors.StandInRefusedError
        파일이 없는데 ``CNN_VISION_REQUIRE_REAL=1``\ 일 때.
    """
    standin = StandIn(what="클래스 이름 대신 클래스 번호(0~999)", label="",
                      consequence="예측 확률은 그대로이고 클래스 이름만 번호로 나옵니다.",
                      result_label=CLASS_NUMBERS_LABEL)
    return Target("imagenet-class-index", registry).obtain_or_standin(standin, timeout=timeout,
                                                                      verbose=verbose)


def top_k_indices(predictions, top: int = 5) -> list[list[tuple[str, str, float]]]:
    r"""클래스 이름 파일 없이 ``decode_predictions()``\ 와 같은 모양의 결과를 만듭니다.

    이미지마다 확률이 큰 순서로 ``(클래스 번호 표시, "(이름 없음)", 확률)`` 튜플 ``top`` 개를
    돌려줍니다. 첫 항목은 ``"인덱스 388"``\ 처럼 클래스 번호라는 것을 밝힌 문자열입니다.

    Parameters
    ----------
    predictions : array-like
        ``(이미지 수, 클래스 수)`` 크기의 확률.
    top : int, default 5
        이미지마다 남길 클래스 수. 1 이상, 클래스 수 이하(NumPy 정수도 됩니다).

    Returns
    -------
    list of list of tuple

    Raises
    ------
    ValueError
        ``predictions``\ 가 2차원이 아니거나 NaN이 있을 때, ``top``\ 이 범위를 벗어날 때.
    """
    predictions = np.asarray(predictions)
    if predictions.ndim != 2 or predictions.shape[1] == 0:
        raise ValueError(
            f"predictions는 (이미지 수, 클래스 수) 크기의 2차원 배열이어야 합니다: "
            f"shape={predictions.shape}"
        )
    if not np.issubdtype(predictions.dtype, np.number) or np.isnan(predictions).any():
        raise ValueError("predictions는 NaN이 없는 숫자 배열이어야 합니다: "
                         f"dtype={predictions.dtype}")
    n_classes = predictions.shape[1]
    top = positive_int(top, "top")
    if top > n_classes:
        raise ValueError(f"top은 1 이상 {n_classes} 이하의 정수여야 합니다: top={top!r}")
    results = []
    for row in predictions:
        order = np.argsort(row, kind="stable")[::-1][:top]
        results.append([(f"인덱스 {int(i)}", "(이름 없음)", float(row[i])) for i in order])
    return results
