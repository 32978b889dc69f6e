r"""
=====================================
mAP와 정밀도/재현율의 관계
=====================================

:term:`객체 탐지` 모델의 대표 지표인 :term:`mAP`\ (mean Average Precision)가 :term:`정밀도`\ (precision)와
:term:`재현율`\ (recall)에서 어떻게 계산되는지 단계별로 따라갑니다.

1. 정밀도-재현율 곡선에서 '최대 정밀도'를 구하고, 그 평균인 :term:`평균 정밀도`\ (AP)를 계산합니다.
2. 실제 탐지 결과(상자와 :term:`신뢰도`)를 :term:`IoU`\ 로 실제 상자와 짝지어 정밀도-재현율 곡선을 만듭니다.
3. 클래스와 IoU :term:`임곗값`\ 에 대해 평균을 내어 mAP를 얻습니다.
"""

# sphinx_gallery_thumbnail_number = 1

# %%
# 최대 정밀도와 평균 정밀도
# -------------------------
# 분류기의 임곗값을 낮추면 재현율은 올라가지만 정밀도는 대개 내려갑니다. 다만 곡선이 늘
# 매끄럽게 내려가지는 않아서, 재현율을 조금 더 높였더니 정밀도가 오히려 올라가는 구간도
# 있습니다. 그래서 재현율 :math:`r` 에서의 정밀도 대신 **재현율이** :math:`r` **이상인 모든
# 지점에서의 최대 정밀도** 를 씁니다. 오른쪽 끝에서부터 누적 최댓값을 구하면 됩니다.
#
# 재현율 0, 0.1, ..., 1의 11개 지점에서 이 최대 정밀도를 평균한 값이 평균 정밀도(Average
# Precision, AP)입니다. 아래 정밀도 값은 예시로 정한 것입니다.
#
# 여기가 책과 다릅니다. 책의 추가 자료 셀은 이 평균을 ``mAP``\ 라는 변수에 담고 그림의 범례에도
# "mAP"라고 씁니다. 하지만 곡선 하나(한 클래스)의 최대 정밀도를 평균한 값은 AP이고, mAP(mean
# AP)는 여러 클래스의 AP를 다시 평균한 값입니다(아래 마지막 절). 이 페이지는 두 이름을 구별해서
# 씁니다. 계산은 책과 같습니다.
import matplotlib.pyplot as plt
import numpy as np

from cnn_vision import plotting
from cnn_vision.detection import maximum_precisions

plotting.set_book_style()

recalls = np.linspace(0, 1, 11)
precisions = [0.91, 0.94, 0.96, 0.94, 0.95, 0.92, 0.80, 0.60, 0.45, 0.20, 0.10]
max_precisions = maximum_precisions(precisions)
average_precision_11 = max_precisions.mean()
print("최대 정밀도:", max_precisions.round(2).tolist())
print(f"평균 정밀도(AP): {average_precision_11:.3f}")

# %%
# 정밀도(빨간 점선)의 톱니가 최대 정밀도(파란 실선)에서는 사라집니다. 녹색 점선이 그 평균,
# 즉 AP입니다.
fig, ax = plt.subplots(figsize=(8, 5))
ax.plot(recalls, precisions, "ro--", label="정밀도")
ax.plot(recalls, max_precisions, "bo-", label="최대 정밀도")
ax.plot([0, 1], [average_precision_11] * 2, "g:", linewidth=3, label="AP (평균)")
ax.set_xlabel("재현율")
ax.set_ylabel("정밀도")
ax.set_title("정밀도-재현율 곡선과 평균 정밀도")
ax.axis([0, 1, 0, 1])
ax.grid(True)
ax.legend(loc="lower center")
plt.show()

# %%
# 탐지 결과에서 정밀도-재현율 곡선 만들기
# ---------------------------------------
# 탐지 모델의 출력은 상자와 신뢰도(confidence)입니다. 실제 :term:`객체`\ 가 셋인 장면에서 모델이 상자
# 여섯 개를 냈다고 합시다. 상자는 ``[x_min, y_min, x_max, y_max]`` 좌표(
# :func:`cnn_vision.detection.iou` 의 ``"corners"`` 표기)이며 이미지 크기에 대한 비율(0~1)입니다.
#
# 탐지마다 :term:`진짜 양성`\ (true positive)인지 :term:`거짓 양성`\ (false positive)인지 판정하는 규칙은
# :func:`~cnn_vision.detection.match_detections` 가 따르는 COCO 평가 코드의 규칙입니다.
#
# 1. 신뢰도가 높은 탐지부터 차례로 봅니다.
# 2. 아직 짝이 없는 실제 상자 가운데 IoU(Intersection over Union)가 가장 큰 것을 고릅니다.
# 3. 그 IoU가 임곗값(여기서는 0.5) 이상이면 둘을 짝짓고 진짜 양성, 아니면 거짓 양성입니다.
#
# 이미 짝이 있는 실제 상자는 후보에서 빠지므로, 같은 객체를 한 번 더 찾은 탐지는 IoU가 임곗값을
# 넘는 다른 실제 상자가 남아 있지 않으면 거짓 양성이 됩니다. 아래 예의 세 번째 탐지가 그렇습니다.
#
# PASCAL VOC의 평가 코드는 조금 다릅니다. 탐지마다 짝 여부와 상관없이 IoU가 가장 큰 실제 상자를
# 고르고, 그 상자에 이미 짝이 있으면 (다른 실제 상자와 충분히 겹치더라도) 거짓 양성으로 판정합니다.
# 두 규칙의 차이는 아래의 예로 확인합니다.
from cnn_vision.detection import iou, match_detections, precision_recall_curve

true_boxes = np.array([
    [0.05, 0.10, 0.35, 0.45],
    [0.55, 0.20, 0.95, 0.60],
    [0.15, 0.60, 0.50, 0.95],
])
predicted_boxes = np.array([
    [0.06, 0.12, 0.33, 0.47],  # 첫 번째 객체를 잘 찾음
    [0.52, 0.22, 0.93, 0.62],  # 두 번째 객체를 잘 찾음
    [0.08, 0.14, 0.38, 0.44],  # 첫 번째 객체를 한 번 더 찾음(중복)
    [0.60, 0.65, 0.90, 0.90],  # 아무것도 없는 곳
    [0.25, 0.55, 0.55, 0.90],  # 세 번째 객체와 조금 겹침
    [0.12, 0.62, 0.48, 0.97],  # 세 번째 객체를 잘 찾았지만 신뢰도가 낮음
])
scores = np.array([0.95, 0.90, 0.80, 0.70, 0.60, 0.40])

is_true_positive = match_detections(predicted_boxes, scores, true_boxes, iou_threshold=0.5,
                                    box_format="corners")
det_precisions, det_recalls = precision_recall_curve(is_true_positive, scores,
                                                     num_ground_truths=len(true_boxes))
print("순위  신뢰도  최대 IoU  판정      정밀도  재현율")
for rank, index in enumerate(np.argsort(-scores)):
    best_iou = iou(predicted_boxes[index], true_boxes, box_format="corners").max()
    verdict = "진짜 양성" if is_true_positive[index] else "거짓 양성"
    print(f"{rank + 1:>3}   {scores[index]:.2f}    {best_iou:.2f}     {verdict}  "
          f"{det_precisions[rank]:.2f}    {det_recalls[rank]:.2f}")

# %%
# COCO와 VOC의 짝짓기 규칙
# ------------------------
# VOC의 규칙을 몇 줄로 옮겨 두 규칙을 비교합니다. 다른 점은 한 줄입니다. 짝이 있는 실제 상자를
# 후보에서 빼지 않고, 고른 상자에 이미 짝이 있으면 거짓 양성입니다.


def match_detections_voc(predicted, scores, truth, iou_threshold=0.5):
    hits = np.zeros(len(predicted), dtype=bool)
    taken = np.zeros(len(truth), dtype=bool)
    for index in np.argsort(-np.asarray(scores), kind="stable"):
        overlaps = iou(predicted[index], truth, box_format="corners")
        best = int(np.argmax(overlaps))  # 짝 여부와 상관없이 IoU가 가장 큰 실제 상자
        if overlaps[best] >= iou_threshold and not taken[best]:
            hits[index] = taken[best] = True
    return hits


voc_hits = match_detections_voc(predicted_boxes, scores, true_boxes)
print("위 예에서 COCO와 VOC의 판정이 같은가:", np.array_equal(voc_hits, is_true_positive))

# %%
# 실제 상자 두 개가 많이 겹친 경우에는 다릅니다. 첫 번째 탐지가 왼쪽 객체와 짝지어진 뒤, 두 번째
# 탐지는 왼쪽 객체와 IoU가 가장 크지만 오른쪽 객체와도 임곗값 0.5보다 많이 겹칩니다(출력의
# IoU). COCO는 두 번째 탐지를 오른쪽 객체와 짝짓고, VOC는 거짓 양성으로 봅니다.
overlapping_truth = np.array([[0.10, 0.20, 0.50, 0.80], [0.18, 0.20, 0.58, 0.80]])
two_detections = np.array([[0.10, 0.20, 0.50, 0.80], [0.12, 0.20, 0.52, 0.80]])
two_scores = np.array([0.9, 0.8])
print("두 번째 탐지의 IoU (왼쪽, 오른쪽 객체):",
      iou(two_detections[1], overlapping_truth, box_format="corners").round(2))
print("COCO 규칙:", match_detections(two_detections, two_scores, overlapping_truth,
                                    box_format="corners"))
print("VOC 규칙: ", match_detections_voc(two_detections, two_scores, overlapping_truth))

# %%
# 상자를 그려 보면 판정이 눈에 들어옵니다. 실제 상자는 녹색, 진짜 양성은 파란색, 거짓 양성은
# 빨간색 점선입니다.
from matplotlib.patches import Rectangle

fig, ax = plt.subplots(figsize=(9, 7))
for left, top, right, bottom in true_boxes:
    ax.add_patch(Rectangle((left, top), right - left, bottom - top, fill=False,
                           edgecolor="green", linewidth=3))
for (left, top, right, bottom), score, hit in zip(predicted_boxes, scores, is_true_positive):
    style = {"edgecolor": "blue", "linestyle": "-"} if hit else {"edgecolor": "red",
                                                                  "linestyle": "--"}
    ax.add_patch(Rectangle((left, top), right - left, bottom - top, fill=False, linewidth=2,
                           **style))
    ax.text(left, top - 0.005, f"{score:.2f}", color=style["edgecolor"], fontsize=11,
            va="bottom", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
ax.plot([], [], "g-", linewidth=3, label="실제 상자")
ax.plot([], [], "b-", linewidth=2, label="진짜 양성")
ax.plot([], [], "r--", linewidth=2, label="거짓 양성")
ax.set_xlim(0, 1)
ax.set_ylim(1, 0)  # 이미지처럼 위가 0
ax.set_aspect("equal")
ax.set_title("탐지 결과 판정 (IoU ≥ 0.5)")
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1))
fig.tight_layout()
plt.show()

# %%
# 이 곡선으로 AP를 계산합니다. 재현율 1에 닿았으므로(세 객체를 모두 찾았으므로) 마지막
# 기준점의 최대 정밀도도 0이 아닙니다.
from cnn_vision.detection import average_precision

ap_50 = average_precision(det_precisions, det_recalls)
print(f"IoU 0.5 기준 AP: {ap_50:.3f}")

fig, ax = plt.subplots(figsize=(8, 5))
ax.plot(det_recalls, det_precisions, "ro--", label="정밀도")
ax.plot(det_recalls, maximum_precisions(det_precisions), "bo-", label="최대 정밀도")
ax.set_xlabel("재현율")
ax.set_ylabel("정밀도")
ax.set_title(f"탐지 결과의 정밀도-재현율 곡선 (AP = {ap_50:.3f})")
ax.axis([0, 1.05, 0, 1.05])
ax.grid(True)
ax.legend(loc="lower left")
plt.show()

# %%
# 클래스와 IoU 임곗값에 대한 평균: mAP
# ------------------------------------
# 클래스가 여럿이면 클래스마다 AP를 구해 평균합니다. 이것이 mAP입니다. PASCAL VOC 대회는
# IoU 0.5 기준 mAP(mAP@0.5)를 썼고, COCO 대회는 IoU 임곗값 0.50, 0.55, ..., 0.95 각각의 mAP를
# 다시 평균한 mAP@[.50:.95]를 씁니다. COCO는 이 값도 그냥 "AP"라고 부르므로, 논문의 "AP"가
# 클래스에 대한 평균까지 낸 값인지 확인해야 합니다. 임곗값이 높을수록 상자를 더 정확히 맞춰야
# 진짜 양성이 되므로 AP가 내려갑니다.
#
# 이 예에는 클래스가 하나뿐이라, 아래 값은 한 클래스의 AP를 임곗값에 대해 평균한 것입니다. 또
# 이 페이지는 재현율 11개 지점(VOC 2007 방식)으로 AP를 계산합니다. COCO의 평가 코드는 재현율
# 101개 지점(0, 0.01, ..., 1)을 쓰므로 값이 조금 다를 수 있습니다.
thresholds = np.linspace(0.50, 0.95, 10).round(2)
ap_by_threshold = []
for threshold in thresholds:
    hits = match_detections(predicted_boxes, scores, true_boxes, iou_threshold=threshold,
                            box_format="corners")
    p, r = precision_recall_curve(hits, scores, num_ground_truths=len(true_boxes))
    ap_by_threshold.append(average_precision(p, r))
    print(f"IoU ≥ {threshold:.2f}: AP = {ap_by_threshold[-1]:.3f}")
print(f"AP@[.50:.95] = {np.mean(ap_by_threshold):.3f}")

# %%
# 정리
# ----
# - 최대 정밀도는 '그 재현율 이상에서의 최대 정밀도'이고, 11개 재현율 지점의 평균이 AP입니다.
# - 탐지 결과는 신뢰도 순서로, 아직 짝이 없는 실제 상자 가운데 IoU가 가장 큰 것과 짝지어
#   진짜/거짓 양성을 판정합니다(COCO의 규칙). 같은 객체를 다시 찾은 탐지는 임곗값을 넘게
#   겹치는 다른 실제 상자가 남아 있지 않으면 거짓 양성입니다. VOC는 IoU가 가장 큰 실제 상자에
#   이미 짝이 있으면 곧바로 거짓 양성으로 봅니다.
# - 클래스마다의 AP 평균이 mAP이고, COCO는 여러 IoU 임곗값에 대해서도 평균을 냅니다. 책은 한
#   곡선의 AP를 mAP라고 부르지만 이 페이지는 둘을 구별합니다.
