// The shop's own script: the widget's JavaScript API and events.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button || !window.HelpWidget) return;
  if (button.dataset.action === "search") window.HelpWidget.search(button.dataset.query);
  if (button.dataset.action === "contact") {
    window.HelpWidget.contact({ name: "Jana Novak", email: "jana@example.com", order_number: "LL-204817" });
  }
});

for (const name of ["searched", "article-opened", "voted", "ticket-created"]) {
  document.addEventListener(`helpwidget:${name}`, (event) => {
    const item = document.createElement("li");
    item.textContent = `${name}: ${JSON.stringify(event.detail)}`;
    item.dataset.event = name;
    document.getElementById("events").append(item);
  });
}
