// 수식이 다 그려졌는지 봅니다(tests/test_site_browser.py). MathJax가 있으면 첫 조판이 끝나기를 기다립니다.
// 돌려주는 것: 수식 요소 수, 그려지지 않은 수식(원래 TeX 그대로), MathJax 오류, 코드 밖 글에 남은
// TeX 구분 기호(\( \) \[ \] $$).
const done = arguments[arguments.length - 1];
const report = () => {
  const nodes = [...document.querySelectorAll(".math")];
  const raw = nodes.filter((n) => !n.querySelector("mjx-container")).map((n) => n.textContent.trim().slice(0, 80));
  const errors = [...document.querySelectorAll("mjx-merror")].map((n) => (n.getAttribute("data-mjx-error") || n.textContent).slice(0, 80));
  const stray = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || parent.closest("pre, code, kbd, .highlight, script, style, textarea, mjx-container")) continue;
    if (/\\\(|\\\)|\\\[|\\\]|\$\$/.test(node.textContent)) stray.push(node.textContent.trim().slice(0, 80));
  }
  done({ count: nodes.length, raw: raw, errors: errors, stray: stray, mathjax: !!(window.MathJax && window.MathJax.version) });
};
const startup = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
if (startup) startup.then(report, report);
else report();
