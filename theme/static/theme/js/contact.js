/* Suggests help articles while the shopper writes to support. Without this script the
   form works the same, just without suggestions. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggestions-url]");
  if (!form || !window.fetch) return;
  var url = form.getAttribute("data-suggestions-url");
  var panel = form.querySelector("[data-suggestions]");
  var list = form.querySelector("[data-suggestions-list]");
  var status = form.querySelector("[data-suggestions-status]");
  var subject = form.querySelector('[name="subject"]');
  var message = form.querySelector('[name="message"]');
  var timer = null, lastText = "", shown = "";

  function text() {
    return ((subject ? subject.value : "") + " " + (message ? message.value : "")).trim().slice(0, 200);
  }

  var quote = panel.querySelector("[data-suggestions-answer]");

  function renderAnswer(answer) {
    quote.textContent = "";
    quote.hidden = !answer;
    if (!answer) return;
    var blockquote = document.createElement("blockquote");
    answer.sentences.forEach(function (sentence) {
      var p = document.createElement("p");
      p.textContent = sentence;
      blockquote.appendChild(p);
    });
    var caption = document.createElement("figcaption");
    var link = document.createElement("a");
    link.href = answer.url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = answer.title + (answer.section ? " › " + answer.section : "");
    caption.appendChild(link);
    if (answer.language !== document.documentElement.lang) quote.lang = answer.language;
    else quote.removeAttribute("lang");
    quote.appendChild(blockquote);
    quote.appendChild(caption);
  }

  function render(items, answer) {
    var key = items.map(function (item) { return item.url; }).join("|") + "#" + (answer ? answer.text : "");
    if (key === shown) return;
    shown = key;
    renderAnswer(answer);
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = item.title;
      if (item.language && item.language !== document.documentElement.lang) link.lang = item.language;
      var meta = document.createElement("span");
      meta.className = "suggestions-panel__meta";
      meta.textContent = item.category || "";
      li.appendChild(link);
      li.appendChild(meta);
      list.appendChild(li);
    });
    panel.hidden = items.length === 0 && !answer;
    var announced = [];
    if (answer) announced.push(quote.getAttribute("aria-label"));
    if (items.length) announced.push(panel.querySelector("h2").textContent);
    status.textContent = announced.join(". ");
  }

  function lookup() {
    var current = text();
    if (current === lastText) return;
    lastText = current;
    if (current.length < 8) { render([]); return; }
    fetch(url + "?q=" + encodeURIComponent(current), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { render(data.suggestions || [], data.answer || null); })
      .catch(function () { /* suggestions are a help, not a requirement */ });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(lookup, 600);
  }

  [subject, message].forEach(function (field) { if (field) field.addEventListener("input", schedule); });
  var errors = document.getElementById("form-errors");
  if (errors) errors.focus();
})();
