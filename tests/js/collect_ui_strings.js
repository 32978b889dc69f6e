// 페이지의 화면 문구를 모읍니다(tests/test_site_browser.py): 본문(article) 밖의 글자, 어디서든 속성과
// CSS가 붙이는 글자. 코드와 수식, 실행 결과는 뺍니다.
const skip = el => el.closest('pre, code, kbd, .highlight, .math, mjx-container, script, style, noscript, .sphx-glr-script-out');
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let node;
while ((node = walker.nextNode())) {
  const parent = node.parentElement;
  if (!parent || skip(parent)) continue;
  const text = node.textContent.trim();
  if (!text) continue;
  const inArticle = !!parent.closest('article.bd-article');
  const hidden = parent.closest('[hidden], .d-none') !== null;
  out.push([inArticle ? 'article-text' : 'chrome-text', text, parent.tagName + '.' + parent.className, hidden]);
}
for (const el of document.querySelectorAll('[title],[aria-label],[placeholder],[alt],[data-tooltip],[data-bs-original-title]')) {
  if (el.closest('pre, code, .highlight')) continue;
  for (const name of ['title', 'aria-label', 'placeholder', 'alt', 'data-tooltip', 'data-bs-original-title']) {
    const value = el.getAttribute(name);
    if (value && value.trim()) out.push(['attr:' + name, value.trim(), el.tagName + '.' + el.className, false]);
  }
}
for (const el of document.body.querySelectorAll('*')) {
  for (const pseudo of ['::before', '::after']) {
    const content = getComputedStyle(el, pseudo).content;
    if (content && content.startsWith('"') && content.length > 2) out.push(['css' + pseudo, content.slice(1, -1), el.tagName + '.' + el.className, false]);
  }
}
const headings = [...document.querySelectorAll('article.bd-article h1, article.bd-article h2, article.bd-article h3, article.bd-article h4')]
  .map(h => h.textContent.replace(/[#¶]/g, '').trim());
return {lang: document.documentElement.lang, strings: out, title: document.title, headings: headings};
