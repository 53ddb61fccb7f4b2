// The site menu is a native <details> (it works without this script). On a phone the open
// menu lies over the page, so Escape folds it and gives the focus back to its button, and a
// click outside it folds it, as users expect of a drop-down menu.
(() => {
  const menu = document.querySelector("details.site-menu");
  if (!menu) return;
  const button = menu.querySelector("summary");
  const folds = () => getComputedStyle(button).display !== "none";
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !menu.open || !folds()) return;
    menu.open = false;
    button.focus();
  });
  document.addEventListener("click", (event) => {
    if (menu.open && folds() && !menu.contains(event.target)) menu.open = false;
  });
})();
