"""잘못된 입력 표: 공개 API와 명령행이 잘못된 값을 조용히 쓰지 않고 알아듣게 거절하는지.

줄마다 (호출, 기대하는 오류 종류, 메시지에 들어 있어야 할 인자 이름이나 값)입니다. 모든 경우에
오류 메시지는 한국어이고, 케라스 캐시·TFDS 데이터 폴더·임시 폴더·현재 폴더에 아무것도 남지 않으며,
열린 matplotlib 그림도 늘지 않아야 합니다. 네트워크는 쓰지 않습니다.
"""

from __future__ import annotations

import os
import re
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
    scenes,
)
from cnn_vision.assets import DEFAULT, Target, fetch, paths, verify

pytestmark = pytest.mark.unit

BOX = [[0, 0, 2, 2]]
ITEMS = np.zeros((3, 28, 28), dtype=np.uint8)
ITEMS[:, 10:20, 8:18] = 200
ITEM_LABELS = np.array([0, 1, 2])
HANGUL = re.compile("[가-힣]")


def _cli(*argv):
    def run():
        code = cli.main(list(argv))
        if code:  # 인자는 맞지만 환경 변수가 잘못된 경우: 종료 코드를 SystemExit로 봅니다.
            raise SystemExit(code)

    return run


def _evaluate(boxes, scores, labels, truth, truth_labels, num_classes=2):
    return lambda: detection.evaluate_detections([boxes], [scores], [labels], [truth], [truth_labels],
                                                 num_classes=num_classes)


def _evaluation():
    return detection.evaluate_detections([BOX], [[0.9]], [[0]], [BOX], [[0]], num_classes=2)


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
    # -- detection.evaluate_detections: match_detections와 같은 규칙(예전에는 reshape(-1, 4)로 받음)
    ("평가 상자 (4, 3)", _evaluate(np.ones((4, 3)), [1, 1, 1], [0, 0, 0], BOX, [0]), ValueError, "(4, 3)"),
    ("평가 상자 (1, 8)", _evaluate(np.ones((1, 8)), [1, 1], [0, 0], BOX, [0]), ValueError, "(1, 8)"),
    ("평가 실제 상자 (2, 2)", _evaluate(BOX, [1], [0], np.ones((2, 2)), [0]), ValueError, "(2, 2)"),
    ("평가 클래스 1.5", _evaluate(BOX, [1], [1.5], BOX, [0]), ValueError, "predicted_labels[0]"),
    ("평가 클래스 NaN", _evaluate(BOX, [1], [0], BOX, [np.nan]), ValueError, "true_labels[0]"),
    ("평가 클래스 True", _evaluate(BOX, [1], [True], BOX, [0]), ValueError, "predicted_labels[0]"),
    ("평가 NaN 실제 상자", _evaluate(BOX, [1], [0], [[np.nan, 0, 1, 1]], [1]), ValueError, "true_boxes[0]"),
    ("평가 신뢰도 NaN", _evaluate(BOX, [np.nan], [0], BOX, [0]), ValueError, "predicted_scores[0]"),
    ("평가 음수 너비", _evaluate([[0, 0, -1, 1]], [1], [0], BOX, [0]), ValueError, "predicted_boxes[0]"),
    ("평가 이미지 수 숫자", lambda: detection.evaluate_detections(3, [], [], [], [], num_classes=1),
     ValueError, "predicted_boxes"),
    ("곡선 클래스 5", lambda: _evaluation().curve(5), IndexError, "class_index=5"),
    ("곡선 클래스 -1", lambda: _evaluation().curve(-1), IndexError, "class_index=-1"),
    ("곡선 클래스 1.0", lambda: _evaluation().curve(1.0), TypeError, "class_index=1.0"),
    ("곡선 임곗값 문자열", lambda: _evaluation().per_class("0.5"), ValueError, "iou_threshold"),
    ("iou 넓이 무한대", lambda: detection.iou([0, 0, 1e200, 1e200], [0, 0, 1e200, 1e200],
                                           box_format="corners"), ValueError, "boxes_a"),
    # -- scenes.make_scenes(일과 메모리에 한도, 잘못된 이미지와 시드)
    ("장면 아이템 100만", lambda: scenes.make_scenes(ITEMS, ITEM_LABELS, 2, num_objects=(1, 10**6)),
     ValueError, "num_objects"),
    ("장면 메모리", lambda: scenes.make_scenes(ITEMS, ITEM_LABELS, 10**7), ValueError, "num_scenes=10000000"),
    ("장면 캔버스 메모리", lambda: scenes.make_scenes(ITEMS, ITEM_LABELS, 2, canvas_size=200_000),
     ValueError, "canvas_size=200000"),
    ("장면 시도 횟수", lambda: scenes.make_scenes(ITEMS, ITEM_LABELS, 2, max_tries=10**9),
     ValueError, "max_tries"),
    ("장면 NaN 이미지", lambda: scenes.make_scenes(np.where(ITEMS > 0, np.nan, 0.0), ITEM_LABELS, 2),
     ValueError, "NaN"),
    ("장면 음수 이미지", lambda: scenes.make_scenes(ITEMS.astype(float) - 1, ITEM_LABELS, 2),
     ValueError, "음수"),
    ("장면 시드 True", lambda: scenes.make_scenes(ITEMS, ITEM_LABELS, 2, seed=True), ValueError, "seed=True"),
    ("장면 시드 -1", lambda: scenes.make_scenes(ITEMS, ITEM_LABELS, 2, seed=-1), ValueError, "seed=-1"),
    ("장면 아이템 자리 1.5", lambda: scenes.make_scenes(ITEMS, ITEM_LABELS, 1, num_objects=(2, 2))
     .item_image(0, 1.5), TypeError, "slot=1.5"),
    # -- conv_math
    ("conv 입력 0", lambda: conv_math.conv_output_size(0, 3), ValueError, "input_size"),
    ("conv 커널 2.5", lambda: conv_math.conv_output_size(10, 2.5), ValueError, "kernel_size"),
    ("conv 스트라이드 True", lambda: conv_math.conv_output_size(10, 3, True), ValueError, "strides"),
    ("conv 패딩", lambda: conv_math.conv_output_size(10, 3, padding="full"), ValueError, "'full'"),
    ("conv 커널 > 입력", lambda: conv_math.conv_output_size(3, 5), ValueError, "kernel_size"),
    ("conv 빈 입력", lambda: conv_math.conv_output_size([], 3), ValueError, "input_size"),
    ("conv 입력 1e20", lambda: conv_math.conv_output_size(1e20, 3), ValueError, "너무 큽니다"),
    ("conv 입력 10**30", lambda: conv_math.conv_output_size(10**30, 3), ValueError, "너무 큽니다"),
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
    # -- fashion_mnist, mnist, assets, profile
    ("패션 파일 이름", lambda: fashion_mnist.verify_fashion_mnist_file("mnist.npz"),
     ValueError, "mnist.npz"),
    ("패션 timeout", lambda: fashion_mnist.ensure_fashion_mnist(timeout=0), ValueError, "timeout"),
    ("패션 verify_cache", lambda: fashion_mnist.ensure_fashion_mnist(verify_cache="no"),
     ValueError, "verify_cache"),
    ("MNIST timeout", lambda: mnist.load_mnist(timeout=float("nan")), ValueError, "timeout"),
    ("접속 확인 timeout", lambda: fetch.network_available("127.0.0.1", timeout=0), ValueError, "timeout"),
    ("접속 확인 Probe", lambda: fetch.Probe(timeout=float("inf")), ValueError, "timeout"),
    ("접속 확인 주소", lambda: fetch.endpoint("ftp://example.org/x"), ValueError, "'ftp://example.org/x'"),
    ("해시 종류", lambda: verify.file_digest(__file__, "sha1"), ValueError, "'sha1'"),
    ("내려받기 timeout", lambda: fetch.download(DEFAULT.file("mnist"), "mnist.npz", timeout=-5),
     ValueError, "timeout"),
    ("Target 이름", lambda: Target("nope"), ValueError, "'nope'"),
    ("엄격 스위치 값", _with_env(paths.REQUIRE_REAL_ENV, "maybe", paths.require_real),
     ValueError, "CNN_VISION_REQUIRE_REAL"),
    ("오프라인 스위치 값",
     _with_env(paths.OFFLINE_ENV, "sometimes", lambda: pretrained.imagenet_weights("resnet50")),
     ValueError, "'sometimes'"),
    ("KERAS_HOME 파일", _with_env("KERAS_HOME", __file__, fashion_mnist.ensure_fashion_mnist),
     ValueError, "KERAS_HOME"),
    ("TFDS_DATA_DIR 파일",
     _with_env("TFDS_DATA_DIR", __file__, lambda: flowers.load_tf_flowers(mock_examples=1)),
     ValueError, "TFDS_DATA_DIR"),
    ("프로필 이름", _with_env(profile.ENV_VAR, "bogus", profile.current), ValueError, "'bogus'"),
    ("양의 정수 문자열", lambda: checks.positive_int("3", "count"), ValueError, "count"),
    ("번호 bool", lambda: checks.list_index(True, 5, "frame", "프레임"), TypeError, "frame=True"),
    ("번호 범위 밖", lambda: checks.list_index(-6, 5, "frame", "프레임"), IndexError, "프레임 5개"),
    ("범위 밖 실수", lambda: checks.bounded_number(1.0, "rate", low=0, high=1, high_open=True),
     ValueError, "rate=1.0"),
    ("NaN 실수", lambda: checks.bounded_number(float("nan"), "rate", low=0), ValueError, "rate=nan"),
    ("쌍 뒤집힘", lambda: checks.number_pair((3, 2), "num_objects", integer=True), ValueError,
     "num_objects=(3, 2)"),
    ("쌍에 실수", lambda: checks.number_pair((1, 2.5), "num_objects", integer=True), ValueError,
     "num_objects=(1, 2.5)"),
    ("쌍 하한", lambda: checks.number_pair((-1, 2), "speed", low=0), ValueError, "speed=(-1, 2)"),
    ("캔버스 0", lambda: checks.canvas_shape((0, 5)), ValueError, "canvas_size=(0, 5)"),
    ("시드 음수", lambda: checks.random_generator(-1), ValueError, "seed=-1"),
    ("시드 bool", lambda: checks.random_generator(True), ValueError, "seed=True"),
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
    ("명령행 오프라인 스위치", _with_env(paths.OFFLINE_ENV, "maybe", _cli("fetch", "mnist")),
     SystemExit, "CNN_VISION_OFFLINE='maybe'"),
    ("명령행 엄격 스위치", _with_env(paths.REQUIRE_REAL_ENV, "2", _cli("check", "mnist")),
     SystemExit, "CNN_VISION_REQUIRE_REAL='2'"),
]


def test_the_table_has_at_least_a_hundred_cases_with_distinct_names():
    names = [case[0] for case in CASES]
    assert len(CASES) >= 100 and len(set(names)) == len(names)


@pytest.mark.parametrize("name,call,error_type,word", CASES, ids=[case[0] for case in CASES])
def test_bad_input_is_rejected_loudly_in_korean_and_leaves_nothing_behind(
    name, call, error_type, word, asset_dirs, capsys
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
    for label, folder in vars(asset_dirs).items():
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
