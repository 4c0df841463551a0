// "Tout sélectionner" on the export page. Without JavaScript the box stays hidden and every
// column stays checked, so the page works as it is.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("export-select-all");
  if (!toggle) {
    return;
  }
  const boxes = Array.from(
    document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]'),
  );
  const sync = () => {
    const checked = boxes.filter((box) => box.checked).length;
    toggle.checked = checked === boxes.length;
    toggle.indeterminate = checked > 0 && checked < boxes.length;
  };
  toggle.addEventListener("change", () => {
    boxes.forEach((box) => {
      box.checked = toggle.checked;
    });
    sync();
  });
  boxes.forEach((box) => box.addEventListener("change", sync));
  toggle.closest(".export-select-all").hidden = false;
  sync();
});
