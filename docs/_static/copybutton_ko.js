// sphinx-copybutton(0.5.x)에는 한국어 문구가 없습니다. copybutton.js 다음에 읽혀서(conf.py의
// html_js_files) 한국어 문구를 더하고 고릅니다. 버튼은 문서를 다 읽은 뒤(DOMContentLoaded)
// 만들어지므로 이 설정이 적용됩니다. copybutton.js의 변수 이름이 바뀌면 이 파일이 오류를 내고,
// 브라우저 테스트(콘솔 오류 확인)가 실패합니다.
messages["ko"] = {
  copy: "복사",
  copy_to_clipboard: "클립보드에 복사",
  copy_success: "복사했습니다!",
  copy_failure: "복사하지 못했습니다",
};
if (document.documentElement.lang === "ko") {
  locale = "ko";
}
