# 한 번의 명령으로: 가상 환경을 만들고, 패키지를 설치하고, 데이터를 준비하고, 빌드/테스트합니다.
#   make html        사이트 빌드(docs 프로필, 예제 실행, 경고는 오류)
#   make html-noplot 예제를 실행하지 않고 사이트만 빌드
#   make test        smoke 프로필로 모든 예제 + 단위 테스트 + 사이트 빌드 테스트
#   make show        만들어진 index.html의 위치 출력
#   make clean       빌드 결과 삭제(.venv는 남김; 모두 지우려면 make distclean)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
BUILD  := docs/_build
SPHINXOPTS ?=
export TF_CPP_MIN_LOG_LEVEL ?= 3
export MPLBACKEND ?= Agg

.PHONY: html html-noplot test show clean distclean venv data

venv: $(STAMP)

$(STAMP): pyproject.toml
	@echo ">> 가상 환경($(VENV))을 만들고 패키지를 설치합니다. 처음에는 몇 분 걸립니다."
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[docs,test]"
	@touch $(STAMP)

data: $(STAMP)

html: data
	$(PY) -m sphinx -W --keep-going -b html $(SPHINXOPTS) docs $(BUILD)/html
	@$(MAKE) --no-print-directory show

html-noplot: $(STAMP)
	$(PY) -m sphinx -W --keep-going -b html -D plot_gallery=0 $(SPHINXOPTS) docs $(BUILD)/html
	@$(MAKE) --no-print-directory show

test: data
	CNN_VISION_PROFILE=smoke $(PY) -m pytest

show:
	@echo "사이트: file://$(abspath $(BUILD)/html/index.html)"

clean:
	rm -rf $(BUILD) docs/auto_examples docs/gen_modules docs/api/generated docs/sg_execution_times.rst

distclean: clean
	rm -rf $(VENV)
