// 그림마다 같은 주소를 새로 읽어 크기를 잽니다(화면 밖의 지연 로딩 그림도 확인하려고).
const done = arguments[arguments.length - 1];
const sources = [...document.images].map(img => img.currentSrc || img.src).filter(src => src);
Promise.all(sources.map(src => new Promise(resolve => {
  const probe = new Image();
  probe.onload = () => resolve([src, probe.naturalWidth]);
  probe.onerror = () => resolve([src, 0]);
  probe.src = src;
}))).then(done);
