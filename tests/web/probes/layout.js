// What test_every_page_fits checks of a page: sideways scrolling, the primary action
// and every control inside the screen's width.
() => {
  const w = window.innerWidth;
  const shown = (el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0
      && !el.closest('.visually-hidden, .skip');
  };
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left + scrollX, right: r.right + scrollX, top: r.top + scrollY}; };
  const primary = document.querySelector('main [data-primary]')
    || [...document.querySelectorAll('main .primary, main button, main a.button')].find(shown)
    || document.querySelector('main h1');
  const controls = [...document.querySelectorAll('main a, main button, main input, main select, main textarea, main summary')]
    .filter(shown).map((el) => ({what: el.outerHTML.slice(0, 90), ...box(el)}))
    .filter((c) => c.left < -1 || c.right > w + 1);
  return {
    scrollWidth: document.documentElement.scrollWidth, innerWidth: w,
    primary: primary ? {what: primary.outerHTML.slice(0, 90), ...box(primary)} : null,
    outside: controls,
  };
}
