// The visible drawing matching a selector: its size, its box, its font size, its cards
// (and whether their text spills out) and its point labels.
(selector) => {
  const svg = [...document.querySelectorAll(selector)].find((s) => getComputedStyle(s).display !== 'none');
  if (!svg) return null;
  const r = svg.getBoundingClientRect();
  const box = svg.parentElement;
  const rects = [...svg.querySelectorAll('g.node')].map((g) => {
    const rect = g.querySelector('rect').getBoundingClientRect();
    const spill = [...g.querySelectorAll('text')].some((t) => { const b = t.getBoundingClientRect();
      return b.left < rect.left - 0.5 || b.right > rect.right + 0.5 || b.top < rect.top - 0.5 || b.bottom > rect.bottom + 0.5; });
    return {left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom, spill,
            title: g.querySelector('title').textContent};
  });
  const labels = [...svg.querySelectorAll('text.point-label')].map((t) => {
    const b = t.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, bottom: b.bottom, text: t.textContent}; });
  const font = svg.querySelector('g.node text, text.tick');
  return {
    width: r.width, left: r.left, right: r.right, boxWidth: box.clientWidth,
    boxScroll: box.scrollWidth, viewBox: svg.viewBox.baseVal.width,
    fontPx: font ? font.getBoundingClientRect().height : 0, rects, labels,
    layout: svg.getAttribute('class'),
  };
}
