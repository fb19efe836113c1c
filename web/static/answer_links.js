// Loaded in the page head. The page is Danish (Gradio writes lang="en"), and an answer's [n] markers (a.ref-cite,
// from web/render.py) scroll to their source card and mark its quoted passages instead of following the link.
(() => {
  const root = document.documentElement;
  const keepDanish = () => { if (root.lang !== 'da') root.lang = 'da'; };
  keepDanish();
  new MutationObserver(keepDanish).observe(root, {attributes: true, attributeFilter: ['lang']});

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a.ref-cite') : null;
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const card = document.getElementById((link.getAttribute('href') || '').slice(1));
    if (!card) return;
    document.querySelectorAll('.ref-card.ref-hl').forEach((other) => other.classList.remove('ref-hl'));
    card.classList.add('ref-hl');
    card.scrollIntoView({behavior: 'smooth', block: 'center'});
  }, true);
})();
