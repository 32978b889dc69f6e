"""잘못된 입력 표: 공개 API와 명령행이 잘못된 값을 조용히 쓰지 않고 알아듣게 거절하는지.

줄마다 (호출, 기대하는 오류 종류, 메시지에 들어 있어야 할 인자 이름이나 값)입니다. 모든 경우에
오류 메시지는 한국어이고, 케라스 캐시·TFDS 데이터 폴더·임시 폴더·현재 폴더에 아무것도 남지 않으며,
열린 matplotlib 그림도 늘지 않아야 합니다. 네트워크는 쓰지 않습니다.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from cnn_vision import __main__ as cli
from cnn_vision import (
    checks,
    conv_math,
    detection,
    fashion_mnist,
    flowers,
    mnist,
    plotting,
    pretrained,
    profile,
    resources,
)

pytestmark = pytest.mark.unit

BOX = [[0, 0, 2, 2]]
HANGUL = re.compile("[가-힣]")


def _cli(*argv):
    return lambda: cli.main(list(argv))


def _with_env(name, value, call):
    def run():
        old = os.environ.get(name)
        os.environ[name] = value
        try:
            return call()
        finally:
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old

    return run


CASES = [
    # -- detection.iou
    ("iou 표기", lambda: detection.iou(BOX[0], BOX[0], box_format="xyxy"), ValueError, "'xyxy'"),
    ("iou 좌표 3개", lambda: detection.iou([0, 0, 1], BOX[0]), ValueError, "boxes_a"),
    ("iou NaN", lambda: detection.iou(BOX[0], [0, np.nan, 1, 1]), ValueError, "boxes_b"),
    ("iou 음수 너비", lambda: detection.iou([1, 1, -2, 2], BOX[0]), ValueError, "boxes_a"),
    ("iou 뒤집힌 모서리", lambda: detection.iou(BOX[0], [3, 3, 1, 1], box_format="corners"),
     ValueError, "boxes_b"),
    ("iou 문자열", lambda: detection.iou("0 0 1 1", BOX[0]), ValueError, "boxes_a"),
    ("iou 브로드캐스팅", lambda: detection.iou(np.ones((2, 4)), np.ones((3, 4))), ValueError, "(3, 4)"),
    # -- detection.match_detections
    ("match 상자 (2, 6)", lambda: detection.match_detections(np.ones((2, 6)), [1, 1], BOX),
     ValueError, "(2, 6)"),
    ("match 상자 1차원", lambda: detection.match_detections([1, 1, 2, 2], [1], BOX),
     ValueError, "predicted_boxes"),
    ("match 실제 상자 1차원", lambda: detection.match_detections(BOX, [1], [0, 0, 2, 2]),
     ValueError, "true_boxes"),
    ("match 실제 상자 3차원", lambda: detection.match_detections(BOX, [1], np.ones((1, 4, 1))),
     ValueError, "true_boxes"),
    ("match 점수 NaN", lambda: detection.match_detections(BOX, [np.nan], BOX), ValueError, "scores"),
    ("match 점수 inf", lambda: detection.match_detections(BOX, [np.inf], BOX), ValueError, "scores"),
    ("match 점수 개수", lambda: detection.match_detections(BOX, [1, 2], BOX), ValueError, "scores"),
    ("match 점수 2차원", lambda: detection.match_detections(BOX, [[1]], BOX), ValueError, "scores"),
    ("match 문턱 0", lambda: detection.match_detections(BOX, [1], BOX, 0), ValueError, "iou_threshold"),
    ("match 문턱 1.5", lambda: detection.match_detections(BOX, [1], BOX, 1.5),
     ValueError, "iou_threshold"),
    ("match 문턱 NaN", lambda: detection.match_detections(BOX, [1], BOX, np.nan),
     ValueError, "iou_threshold"),
    ("match 문턱 True", lambda: detection.match_detections(BOX, [1], BOX, True),
     ValueError, "iou_threshold"),
    ("match 문턱 문자열", lambda: detection.match_detections(BOX, [1], BOX, "0.5"),
     ValueError, "iou_threshold"),
    ("match 표기", lambda: detection.match_detections(BOX, [1], BOX, box_format="xywh"),
     ValueError, "'xywh'"),
    ("match 문자 상자", lambda: detection.match_detections([["a", "b", "c", "d"]], [1], BOX),
     ValueError, "predicted_boxes"),
    ("match 음수 높이", lambda: detection.match_detections([[1, 1, 1, -1]], [1], BOX),
     ValueError, "predicted_boxes"),
    # -- detection.precision_recall_curve
    ("pr 0/1 정수", lambda: detection.precision_recall_curve([1, 0], [0.9, 0.8], 2),
     ValueError, "is_true_positive"),
    ("pr 실수 적중", lambda: detection.precision_recall_curve([0.5, 0.5], [0.9, 0.8], 2),
     ValueError, "is_true_positive"),
    ("pr 2차원 적중", lambda: detection.precision_recall_curve([[True]], [0.9], 1),
     ValueError, "is_true_positive"),
    ("pr 점수 NaN", lambda: detection.precision_recall_curve([True], [np.nan], 1), ValueError, "scores"),
    ("pr 길이", lambda: detection.precision_recall_curve([True, False], [0.9], 1), ValueError, "scores"),
    ("pr 객체 0", lambda: detection.precision_recall_curve([True], [0.9], 0),
     ValueError, "num_ground_truths"),
    ("pr 객체 2.0", lambda: detection.precision_recall_curve([True], [0.9], 2.0),
     ValueError, "num_ground_truths"),
    ("pr 객체 True", lambda: detection.precision_recall_curve([True], [0.9], True),
     ValueError, "num_ground_truths"),
    ("pr 객체 음수 np", lambda: detection.precision_recall_curve([True], [0.9], np.int64(-1)),
     ValueError, "num_ground_truths"),
    ("pr 적중 > 객체", lambda: detection.precision_recall_curve([True, True], [0.9, 0.8], 1),
     ValueError, "num_ground_truths"),
    # -- detection: AP
    ("최대 정밀도 빈 배열", lambda: detection.maximum_precisions([]), ValueError, "precisions"),
    ("최대 정밀도 1.2", lambda: detection.maximum_precisions([1.2]), ValueError, "precisions"),
    ("AP 길이", lambda: detection.average_precision([1, 1], [0.5]), ValueError, "recalls"),
    ("AP 기준점 2", lambda: detection.average_precision([1], [0.5], [2]), ValueError, "recall_levels"),
    ("AP 문자", lambda: detection.average_precision(["a"], [0.5]), ValueError, "precisions"),
    # -- conv_math
    ("conv 입력 0", lambda: conv_math.conv_output_size(0, 3), ValueError, "input_size"),
    ("conv 커널 2.5", lambda: conv_math.conv_output_size(10, 2.5), ValueError, "kernel_size"),
    ("conv 스트라이드 True", lambda: conv_math.conv_output_size(10, 3, True), ValueError, "strides"),
    ("conv 패딩", lambda: conv_math.conv_output_size(10, 3, padding="full"), ValueError, "'full'"),
    ("conv 커널 > 입력", lambda: conv_math.conv_output_size(3, 5), ValueError, "kernel_size"),
    ("conv 빈 입력", lambda: conv_math.conv_output_size([], 3), ValueError, "input_size"),
    # -- plotting
    ("격자 한 장 HxWxC", lambda: plotting.plot_image_grid(np.zeros((10, 12, 3))),
     ValueError, "(10, 12, 3)"),
    ("격자 한 장 HxW", lambda: plotting.plot_image_grid(np.zeros((10, 12))), ValueError, "(10, 12)"),
    ("격자 빈 목록", lambda: plotting.plot_image_grid([]), ValueError, "images"),
    ("격자 1차원 이미지", lambda: plotting.plot_image_grid([np.zeros(5)]), ValueError, "images의 0번째"),
    ("격자 채널 5", lambda: plotting.plot_image_grid([np.zeros((4, 4, 5))]), ValueError, "(4, 4, 5)"),
    ("격자 5차원", lambda: plotting.plot_image_grid(np.zeros((1, 2, 4, 4, 3))), ValueError, "images"),
    ("격자 제목 수", lambda: plotting.plot_image_grid([np.zeros((4, 4))] * 2, ["하나"]),
     ValueError, "titles"),
    ("격자 제목 문자열", lambda: plotting.plot_image_grid([np.zeros((4, 4))] * 2, "둘"),
     ValueError, "titles"),
    ("격자 열 0", lambda: plotting.plot_image_grid([np.zeros((4, 4))], ncols=0), ValueError, "ncols"),
    ("격자 열 2.0", lambda: plotting.plot_image_grid([np.zeros((4, 4))], ncols=2.0), ValueError, "ncols"),
    ("격자 크기 -1", lambda: plotting.plot_image_grid([np.zeros((4, 4))], image_size=-1),
     ValueError, "image_size"),
    ("특성 맵 3차원", lambda: plotting.plot_feature_maps(np.zeros((4, 4, 2))), ValueError, "fmaps"),
    ("특성 맵 번호", lambda: plotting.plot_feature_maps(np.zeros((1, 4, 4, 2)), fmap_indices=[5]),
     ValueError, "[5]"),
    ("학습 곡선 지표", lambda: plotting.plot_learning_curves({"loss": [1]}, metrics=["auc"]),
     ValueError, "auc"),
    ("학습 곡선 빈 기록", lambda: plotting.plot_learning_curves({}), ValueError, "history"),
    # -- pretrained
    ("가중치 모델 이름", lambda: pretrained.imagenet_weights("vgg16"), ValueError, "'vgg16'"),
    ("가중치 이름 숫자", lambda: pretrained.imagenet_weights(42), ValueError, "model_name"),
    ("가중치 include_top", lambda: pretrained.imagenet_weights("resnet50", include_top="yes"),
     ValueError, "include_top"),
    ("가중치 VGG19 top", lambda: pretrained.imagenet_weights("vgg19"), ValueError, "include_top"),
    ("가중치 timeout 0", lambda: pretrained.imagenet_weights("resnet50", timeout=0), ValueError, "timeout"),
    ("상위 k 1차원", lambda: pretrained.top_k_indices(np.ones(5)), ValueError, "predictions"),
    ("상위 k 0", lambda: pretrained.top_k_indices(np.ones((1, 5)), top=0), ValueError, "top"),
    ("상위 k 초과 np", lambda: pretrained.top_k_indices(np.ones((1, 5)), top=np.int64(6)),
     ValueError, "top"),
    ("상위 k NaN", lambda: pretrained.top_k_indices(np.full((1, 5), np.nan)), ValueError, "predictions"),
    # -- flowers
    ("꽃 분할 빈 목록", lambda: flowers.load_tf_flowers(split=[]), ValueError, "split"),
    ("꽃 분할 숫자", lambda: flowers.load_tf_flowers(split=[1, 2]), ValueError, "split"),
    ("꽃 분할 None", lambda: flowers.load_tf_flowers(split=None), ValueError, "split"),
    ("꽃 모의 0", lambda: flowers.load_tf_flowers(mock_examples=0), ValueError, "mock_examples"),
    ("꽃 모의 1.5", lambda: flowers.load_tf_flowers(mock_examples=1.5), ValueError, "mock_examples"),
    ("꽃 timeout", lambda: flowers.load_tf_flowers(timeout=-1), ValueError, "timeout"),
    ("꽃 as_supervised", lambda: flowers.load_tf_flowers(as_supervised="yes"),
     ValueError, "as_supervised"),
    ("꽃 이름", lambda: flowers.korean_class_name("lily"), ValueError, "'lily'"),
    ("꽃 이름 숫자", lambda: flowers.korean_class_name(3), ValueError, "name=3"),
    # -- fashion_mnist, mnist, resources, profile
    ("패션 파일 이름", lambda: fashion_mnist.verify_fashion_mnist_file("mnist.npz"),
     ValueError, "mnist.npz"),
    ("패션 timeout", lambda: fashion_mnist.ensure_fashion_mnist(timeout=0), ValueError, "timeout"),
    ("MNIST timeout", lambda: mnist.load_mnist(timeout=float("nan")), ValueError, "timeout"),
    ("접속 확인 timeout", lambda: resources.network_available(timeout=0), ValueError, "timeout"),
    ("해시 종류", lambda: resources.file_digest(__file__, "sha1"), ValueError, "'sha1'"),
    ("내려받기 timeout", lambda: resources.download(resources.REMOTE_FILES["mnist"], timeout=-5),
     ValueError, "timeout"),
    ("엄격 스위치 값", _with_env(resources.REQUIRE_REAL_ENV, "maybe", resources.require_real),
     ValueError, "CNN_VISION_REQUIRE_REAL"),
    ("오프라인 스위치 값",
     _with_env(resources.OFFLINE_ENV, "sometimes", lambda: pretrained.imagenet_weights("resnet50")),
     ValueError, "'sometimes'"),
    ("프로필 이름", _with_env(profile.ENV_VAR, "bogus", profile.current), ValueError, "'bogus'"),
    ("양의 정수 문자열", lambda: checks.positive_int("3", "count"), ValueError, "count"),
    # -- 명령행(종료 코드 2)
    ("명령 없음", _cli(), SystemExit, "명령"),
    ("대상 없음", _cli("fetch"), SystemExit, "대상"),
    ("대상 이름", _cli("fetch", "nope"), SystemExit, "'nope'"),
    ("모르는 옵션", _cli("--bogus"), SystemExit, "--bogus"),
    ("남는 인자", _cli("check", "all", "extra"), SystemExit, "extra"),
    ("timeout 0", _cli("fetch", "all", "--timeout", "0"), SystemExit, "--timeout"),
    ("timeout 값 없음", _cli("fetch", "all", "--timeout"), SystemExit, "--timeout"),
    ("check 모르는 옵션", _cli("check", "--bogus"), SystemExit, "--bogus"),
    ("fetch 옵션 앞", _cli("fetch", "--nope"), SystemExit, "--nope"),
]


def test_the_table_has_at_least_sixty_cases_with_distinct_names():
    names = [case[0] for case in CASES]
    assert len(CASES) >= 60 and len(set(names)) == len(names)


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """빈 케라스 캐시, TFDS 폴더, 임시 폴더, 현재 폴더. 시험 뒤에 모두 비어 있어야 합니다."""
    folders = {name: tmp_path / name for name in ("keras_home", "tfds", "tmp", "cwd")}
    for folder in folders.values():
        folder.mkdir()
    monkeypatch.setenv("KERAS_HOME", str(folders["keras_home"]))
    monkeypatch.setenv("TFDS_DATA_DIR", str(folders["tfds"]))
    monkeypatch.setattr(tempfile, "tempdir", str(folders["tmp"]))
    monkeypatch.chdir(folders["cwd"])
    return folders


@pytest.mark.parametrize("name,call,error_type,word", CASES, ids=[case[0] for case in CASES])
def test_bad_input_is_rejected_loudly_in_korean_and_leaves_nothing_behind(
    name, call, error_type, word, sandbox, capsys
):
    figures_before = set(plt.get_fignums())
    with pytest.raises(error_type) as caught:
        call()
    if error_type is SystemExit:
        assert caught.value.code == 2
        message = capsys.readouterr().err
    else:
        message = str(caught.value)
    assert word in message, message
    assert HANGUL.search(message), message
    assert set(plt.get_fignums()) == figures_before
    for label, folder in sandbox.items():
        left = sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*"))
        assert left == [], (label, left)


# -- 같은 자리에 NumPy 정수를 주면 받아들입니다 -----------------------------------------------


@pytest.mark.parametrize("call", [
    lambda: checks.positive_int(np.int32(3), "n"),
    lambda: detection.precision_recall_curve(np.array([True, False]), [0.9, 0.1], np.int64(2)),
    lambda: pretrained.top_k_indices(np.ones((1, 5)) / 5, top=np.int16(2)),
    lambda: plotting.plot_image_grid([np.zeros((4, 4))] * 2, ncols=np.int64(2)),
    lambda: conv_math.conv_output_size(np.int64(28), np.int8(3), np.uint8(1)),
], ids=["positive_int", "precision_recall_curve", "top_k_indices", "plot_image_grid",
        "conv_output_size"])
def test_numpy_integers_are_accepted_wherever_positive_integers_are(call):
    call()
    plt.close("all")
