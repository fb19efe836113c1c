// Runs as the case-links component's js_on_load (`element` and `trigger` come from gr.HTML): a click on a case
// button under the chat becomes the component's click event, carrying the case number as event data.
element.addEventListener('click', (event) => {
  const button = event.target.closest('[data-case]');
  if (button) trigger('click', {case_number: button.dataset.case});
});
