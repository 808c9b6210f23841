/* "Was this helpful?" without a page reload. Without this script the forms post normally
   and the server answers with the same states. */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  function bind(section) {
    section.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var data = new FormData(form);
        if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
        fetch(form.action, {
          method: "POST",
          body: data,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) { return response.json(); })
          .then(function (payload) {
            var wrapper = document.createElement("div");
            wrapper.innerHTML = payload.html;
            var fresh = wrapper.querySelector("[data-feedback]");
            section.replaceWith(fresh);
            bind(fresh);
            var heading = fresh.querySelector("h2, [tabindex='-1']");
            if (heading) heading.focus();
          })
          .catch(function () { form.submit(); });
      });
    });
  }

  document.querySelectorAll("[data-feedback]").forEach(bind);
})();
