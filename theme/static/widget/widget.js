/* Storefront help widget: help-center search, articles and the contact form inside a shop's
 * own pages. Plain modern JavaScript, no build step, no third-party requests. Embed with
 *   <script src="https://help.example.com/widget.js" async></script>
 * and optionally <help-widget lang="de" topic="returns" hint="shoes"></help-widget>.
 * README "Storefront widget" documents the attributes, the JavaScript API and the events. */
(() => {
  "use strict";
  if (window.customElements.get("help-widget")) return;

  const script = document.currentScript;
  const BASE = new URL(script ? script.src : "/", location.href).origin;
  const API = `${BASE}/api/v1/widget/`;
  const STORE = `help-widget:${BASE}`;
  const ATTRIBUTES = ["lang", "topic", "hint"];
  // Until (or unless) the help center sends the texts in the shopper's language.
  const ENGLISH = { launcher: "Help", title: "Help center", close: "Close help", back: "Back",
    unavailable: "The help center cannot be reached right now. Please try again later." };

  /* ---- Safe HTML: parsed in an inert document, copied element by element ---- */

  let policy = null;
  try {
    if (window.trustedTypes) {
      // Only ever given to DOMParser: the parsed tree is copied through the allowlist below.
      policy = window.trustedTypes.createPolicy("help-widget", { createHTML: (html) => html });
    }
  } catch (_error) {
    policy = null; // the shop's trusted-types directive does not list "help-widget"
  }
  const ALLOWED = new Set([
    "P", "H2", "H3", "H4", "UL", "OL", "LI", "STRONG", "EM", "B", "I", "BR", "A", "CODE",
    "PRE", "BLOCKQUOTE", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD", "MARK", "SECTION",
    "DIV", "SPAN", "HR", "SUB", "SUP", "IMG",
  ]);
  const DROPPED = new Set(["SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "SVG",
    "MATH", "FORM", "INPUT", "BUTTON", "TEXTAREA", "SELECT", "NOSCRIPT", "LINK", "META"]);
  const HEADINGS = { H2: "h3", H3: "h4", H4: "h5" }; // the panel's title is the h2

  function parse(html) {
    const text = policy ? policy.createHTML(html) : html;
    return new DOMParser().parseFromString(text, "text/html").body;
  }

  function safeHref(value, protocols = ["http:", "https:", "mailto:"]) {
    try {
      const url = new URL(value, BASE);
      return protocols.includes(url.protocol) ? url.href : null;
    } catch (_error) {
      return null;
    }
  }

  function copy(source, target, allowed) {
    for (const node of source.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.append(document.createTextNode(node.data));
      } else if (node.nodeType === Node.ELEMENT_NODE && !DROPPED.has(node.tagName)) {
        if (!allowed.has(node.tagName)) {
          copy(node, target, allowed); // unknown wrapper: keep its text
          continue;
        }
        const element = document.createElement(HEADINGS[node.tagName] || node.tagName);
        if (node.tagName === "A") {
          const href = safeHref(node.getAttribute("href") || "");
          if (href) {
            element.href = href;
            element.target = "_blank";
            element.rel = "noopener noreferrer";
          }
        }
        if (node.tagName === "IMG") {
          const src = safeHref(node.getAttribute("src") || "", ["http:", "https:"]);
          if (!src) continue;
          Object.assign(element, { src, alt: node.getAttribute("alt") || "", loading: "lazy" });
        }
        if (node.tagName === "TH" && node.getAttribute("scope")) {
          element.scope = node.getAttribute("scope");
        }
        copy(node, element, allowed);
        target.append(element);
      }
    }
    return target;
  }

  const sanitized = (html, allowed = ALLOWED) =>
    copy(parse(html || ""), document.createDocumentFragment(), allowed);

  /* ---- DOM helpers ---- */

  function h(tag, props = {}, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") element.className = value;
      else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
      else if (key in element && !key.includes("-")) element[key] = value;
      else element.setAttribute(key, value === true ? "" : value);
    }
    element.append(...children.flat().filter((child) => child !== null && child !== undefined));
    return element;
  }

  const STYLES = `
:host { all: initial; }
.root { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2937; }
.root *, .root *::before, .root *::after { box-sizing: border-box; }
button, input, select, textarea { font: inherit; color: inherit; margin: 0; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0;
  border-radius: 999px; padding: 12px 20px; background: #1d4ed8; color: #fff; font-weight: 600;
  cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.launcher:hover { background: #1e40af; }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
dialog { position: fixed; inset: auto 20px 84px auto; margin: 0; padding: 0; border: 0;
  width: min(420px, calc(100vw - 40px)); height: min(680px, calc(100vh - 110px));
  border-radius: 12px; background: #fff; color: #1f2937; box-shadow: 0 12px 40px rgba(0,0,0,.3);
  flex-direction: column; overflow: hidden; }
dialog[open] { display: flex; }
dialog::backdrop { background: rgba(17,24,39,.35); }
@media (max-width: 520px) { dialog { inset: 0; width: 100vw; height: 100vh; max-width: none;
  max-height: none; border-radius: 0; } }
.bar { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: #1d4ed8; color: #fff; }
.bar h2 { flex: 1; margin: 0; font-size: 1.05rem; }
.bar button { background: transparent; border: 2px solid rgba(255,255,255,.7); color: #fff;
  border-radius: 6px; padding: 4px 10px; cursor: pointer; min-height: 36px; min-width: 36px; }
.content { flex: 1; overflow-y: auto; padding: 16px; }
.content h3 { font-size: 1.05rem; margin: 1.2em 0 .4em; }
.answer { margin: 0 0 12px; padding: 10px 12px; border: 2px solid #1d4ed8; border-radius: 8px; }
.answer h3 { margin-top: 0; }
.answer blockquote { margin: 0 0 6px; padding-left: 10px; border-left: 4px solid #1d4ed8; }
.answer p { margin: 0 0 4px; }
label { display: block; font-weight: 600; margin-bottom: 4px; }
input[type=search], input[type=text], input[type=email], select, textarea {
  width: 100%; padding: 9px 10px; border: 1px solid #6b7280; border-radius: 6px; background: #fff; }
textarea { min-height: 7em; resize: vertical; }
[aria-invalid=true] { border-color: #b91c1c; border-width: 2px; }
.list { list-style: none; margin: 8px 0; padding: 0; }
.list li { border-bottom: 1px solid #e5e7eb; }
.list a { display: block; padding: 10px 4px; color: #1d4ed8; text-decoration: none; }
.list a:hover .title { text-decoration: underline; }
.title { display: block; font-weight: 600; }
.snippet, .meta { display: block; color: #374151; font-size: .9rem; }
.meta { color: #4b5563; }
mark { background: #fde68a; color: inherit; }
.status { min-height: 1.5em; margin: 8px 0 0; color: #374151; font-size: .9rem; }
.button { display: inline-block; border: 0; border-radius: 6px; padding: 9px 16px;
  background: #1d4ed8; color: #fff; font-weight: 600; cursor: pointer; text-decoration: none; }
.button.secondary { background: #fff; color: #1d4ed8; border: 2px solid #1d4ed8; }
.button[aria-pressed=true] { background: #1e3a8a; color: #fff; }
.button:disabled { opacity: .7; cursor: progress; }
.row { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.field { margin: 0 0 14px; }
.field .help { margin: 4px 0 0; font-size: .85rem; color: #4b5563; }
.field .error, .alert { margin: 4px 0 0; color: #b91c1c; font-weight: 600; font-size: .9rem; }
.check { display: flex; gap: 8px; align-items: flex-start; font-weight: 400; }
.check input { margin-top: 4px; }
.trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.note { background: #eff6ff; border-left: 4px solid #1d4ed8; padding: 8px 10px; font-size: .9rem; }
.body a { color: #1d4ed8; }
.body img { max-width: 100%; height: auto; }
.feedback { margin-top: 20px; padding-top: 12px; border-top: 1px solid #e5e7eb; }
fieldset { border: 0; padding: 0; margin: 0 0 12px; }
legend { font-weight: 600; margin-bottom: 4px; }
.reference { font-size: 1.3rem; font-weight: 700; letter-spacing: .05em; }
.attached { font-size: .9rem; background: #f9fafb; padding: 8px 12px; border-radius: 6px; }
.attached ol { margin: 4px 0; padding-left: 1.2em; }
.suggestions h4 { margin: 0 0 4px; font-size: 1rem; }
@media (prefers-reduced-motion: no-preference) { dialog[open] { animation: rise .15s ease-out; } }
@keyframes rise { from { transform: translateY(12px); opacity: 0; } }
`;

  function adoptStyles(root) {
    // A constructed stylesheet needs no 'unsafe-inline' in the shop's style-src.
    if ("adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLES);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.append(h("style", {}, STYLES));
    }
  }

  /* ---- Talking to the help center ---- */

  class Client {
    constructor(language) {
      this.language = language;
      this.session = null;
    }

    stored() {
      try {
        return JSON.parse(localStorage.getItem(STORE) || "null");
      } catch (_error) {
        return null;
      }
    }

    async token(renew = false) {
      const now = Date.now();
      let session = this.session || this.stored();
      const fresh = session && now - session.at < session.renew_after * 1000;
      if (renew || !fresh || !this.session) {
        const params = new URLSearchParams({ lang: this.language });
        if (session && session.token) params.set("token", session.token);
        const answer = await this.fetch(`session?${params}`);
        session = { ...answer, at: now };
        this.session = session;
        try {
          localStorage.setItem(STORE, JSON.stringify({ token: session.token, at: now,
            renew_after: session.renew_after }));
        } catch (_error) {
          /* storage refused: the visitor is new on every page */
        }
      }
      return session.token;
    }

    async fetch(path, options = {}) {
      const response = await fetch(API + path, { mode: "cors", credentials: "omit", ...options });
      let body = {};
      try {
        body = await response.json();
      } catch (_error) {
        body = {};
      }
      if (!response.ok) {
        const error = new Error(body.error || `HTTP ${response.status}`);
        Object.assign(error, { status: response.status, body });
        throw error;
      }
      return body;
    }

    async call(path, { params = {}, body = null, signal = undefined } = {}, retried = false) {
      const token = await this.token();
      const query = new URLSearchParams({ lang: this.language, ...params });
      const options = { signal };
      if (body) {
        options.method = "POST";
        options.headers = { "Content-Type": "application/json", "X-Help-Widget-Token": token };
        options.body = JSON.stringify(body);
      } else {
        query.set("token", token); // a simple request: no CORS preflight for reads
      }
      try {
        return await this.fetch(`${path}?${query}`, options);
      } catch (error) {
        if (error.status === 401 && !retried) {
          await this.token(true);
          return this.call(path, { params, body, signal }, true);
        }
        throw error;
      }
    }
  }

  /* ---- The widget ---- */

  class HelpWidget extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: "open" });
      adoptStyles(root);
      this.language = (this.getAttribute("lang") || document.documentElement.lang || "en").trim();
      this.client = new Client(this.language);
      this.prefilled = {};
      this.history = [];
      this.strings = null;
      this.launcher = h("button", { class: "launcher", type: "button", "aria-haspopup": "dialog",
        "aria-expanded": "false", onclick: () => this.open() }, "?");
      this.heading = h("h2", { id: "hw-title", tabIndex: -1 });
      this.backButton = h("button", { type: "button", hidden: true, onclick: () => this.back() });
      this.closeButton = h("button", { type: "button", onclick: () => this.close() }, "×");
      this.content = h("div", { class: "content" });
      this.dialog = h("dialog", { "aria-labelledby": "hw-title", lang: this.language },
        h("div", { class: "bar" }, this.backButton, this.heading, this.closeButton),
        this.content);
      this.dialog.addEventListener("close", () => {
        this.launcher.setAttribute("aria-expanded", "false");
        this.launcher.focus();
      });
      root.append(h("div", { class: "root", lang: this.language }, this.launcher, this.dialog));
      this.ready = this.start();
    }

    async start() {
      try {
        await this.client.token();
        this.strings = this.client.session.strings;
      } catch (error) {
        this.failed = error;
        this.strings = null;
      }
      const s = this.text.bind(this);
      this.launcher.textContent = s("launcher");
      this.heading.textContent = s("title");
      this.backButton.textContent = s("back");
      this.closeButton.setAttribute("aria-label", s("close"));
      this.emit("ready", { language: this.language });
    }

    text(key) {
      return (this.strings && this.strings[key]) || ENGLISH[key] || "";
    }

    count(key, n) {
      const forms = this.strings && this.strings[key];
      if (!forms) return String(n);
      const form = new Intl.PluralRules(this.language).select(n) === "one" ? "one" : "other";
      return forms[form].replace("{n}", String(n));
    }

    emit(name, detail) {
      const event = new CustomEvent(`helpwidget:${name}`, { detail, bubbles: true, composed: true });
      this.dispatchEvent(event);
    }

    /* Views: each replaces the panel's content; Back returns to the one before. */

    show(render, remember = true) {
      if (remember && this.current) this.history.push(this.current);
      this.current = render;
      this.backButton.hidden = this.history.length === 0;
      this.content.replaceChildren();
      render();
    }

    back() {
      const previous = this.history.pop();
      if (previous) this.show(previous, false);
      const focusable = this.content.querySelector("input, a, button");
      (focusable || this.heading).focus();
    }

    async open() {
      await this.ready;
      if (!this.dialog.open) {
        this.dialog.showModal();
        this.launcher.setAttribute("aria-expanded", "true");
      }
      if (!this.current) this.show(() => this.home());
      const input = this.content.querySelector("input[type=search]");
      (input || this.heading).focus();
    }

    close() {
      if (this.dialog.open) this.dialog.close();
    }

    failure(error) {
      const message = error && error.status && error.status < 500 && error.body && error.body.error
        ? error.body.error : this.text("unavailable");
      return h("p", { class: "alert", role: "alert" }, message);
    }

    home() {
      if (this.failed) {
        this.content.append(this.failure(this.failed));
        return;
      }
      const input = h("input", { type: "search", id: "hw-q", name: "q", autocomplete: "off",
        placeholder: this.text("search_placeholder"), value: this.query || "" });
      this.status = h("p", { class: "status", role: "status" });
      this.results = h("div", { class: "results" });
      this.content.append(
        h("form", { role: "search", onsubmit: (event) => { event.preventDefault();
          this.runSearch(input.value, true); } },
          h("label", { htmlFor: "hw-q" }, this.text("search_label")), input),
        this.status, this.results,
        h("div", { class: "feedback" }, h("p", {}, this.text("still_need_help")),
          h("button", { type: "button", class: "button secondary",
            onclick: () => this.contact() }, this.text("contact"))));
      input.addEventListener("input", () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.runSearch(input.value), 200);
      });
      if (this.query) this.runSearch(this.query, true);
      else this.showSuggested();
    }

    async showSuggested() {
      const params = {};
      for (const name of ["topic", "hint"]) {
        const value = this.getAttribute(name);
        if (value) params[name] = value;
      }
      try {
        const answer = await this.client.call("suggested", { params });
        if (this.query && this.query.length >= 2) return; // a search is showing
        this.results.replaceChildren(h("h3", {}, this.text("suggested")),
          this.list(answer.articles));
      } catch (error) {
        this.results.replaceChildren(this.failure(error));
      }
    }

    async runSearch(value, now = false) {
      const query = value.trim();
      this.query = query;
      if (this.controller) this.controller.abort();
      if (query.length < 2 && !now) {
        this.status.textContent = "";
        this.showSuggested();
        return;
      }
      if (!query) return;
      this.controller = new AbortController();
      this.status.textContent = this.text("searching");
      try {
        const answer = await this.client.call("search",
          { params: { q: query, size: "8" }, signal: this.controller.signal });
        this.renderResults(answer);
        this.emit("searched", { query, total: answer.total, language: answer.language });
      } catch (error) {
        if (error.name === "AbortError") return;
        this.status.textContent = "";
        this.results.replaceChildren(this.failure(error));
      }
    }

    renderResults(answer) {
      const { results, total, search_id: searchId } = answer;
      this.status.textContent = total ? this.count("found", total) : this.text("no_results");
      if (!results.length) {
        this.results.replaceChildren();
        return;
      }
      this.results.replaceChildren(...this.quote(answer.answer, searchId),
        h("h3", {}, this.text("results")),
        this.list(results, (index) => ({ search: searchId, position: index + 1 })));
    }

    /* The direct answer above the results: the help center's sentences, quoted, citing
       the article (opened in the panel) and its section. */
    quote(answer, searchId) {
      if (!answer || !Array.isArray(answer.sentences) || !answer.sentences.length) return [];
      const source = answer.title + (answer.section ? ` › ${answer.section}` : "");
      return [h("figure", { class: "answer" }, h("h3", {}, this.text("answer")),
        h("blockquote", { lang: answer.language },
          answer.sentences.map((sentence) => h("p", {}, sentence))),
        h("figcaption", {}, h("a", { href: safeHref(answer.url), lang: answer.language,
          onclick: (event) => {
            if (event.ctrlKey || event.metaKey || event.shiftKey) return;
            event.preventDefault();
            this.openArticle(answer.article_id, { search: searchId, position: 0 });
          } }, source)))];
    }

    /* Links to articles that open in the panel; ``params(index)`` says where they were. */
    list(articles, params = () => ({})) {
      return h("ul", { class: "list" }, articles.map((item, index) => h("li", {},
        h("a", { href: safeHref(item.url), lang: item.language, onclick: (event) => {
          if (event.ctrlKey || event.metaKey || event.shiftKey) return;
          event.preventDefault();
          this.openArticle(item.id, params(index));
        } },
          h("span", { class: "title" }, item.title),
          item.snippet !== undefined
            ? h("span", { class: "snippet" }, sanitized(item.snippet, new Set(["MARK"])))
            : h("span", { class: "snippet" }, item.summary || ""),
          h("span", { class: "meta" }, item.category && item.category.title
            ? item.category.title : item.category || "")))));
    }

    async openArticle(id, params = {}) {
      await this.open();
      let region = null;
      this.show(() => {
        if (region) { // back to it: as it was left
          this.content.append(region);
          return;
        }
        region = h("div", { class: "article" }, h("p", { role: "status" },
          this.text("searching")));
        this.content.append(region);
        this.client.call(`articles/${encodeURIComponent(id)}`, { params })
          .then((article) => {
            region.replaceChildren(...this.articleView(article));
            this.heading.focus();
            this.emit("article-opened", { id: article.id, title: article.title,
              language: article.language, fallback: article.fallback });
          })
          .catch((error) => region.replaceChildren(this.failure(error)));
      });
    }

    articleView(article) {
      const parts = [h("h3", { class: "article-title", lang: article.language }, article.title)];
      if (article.fallback) parts.push(h("p", { class: "note", role: "note" },
        this.text("fallback")));
      parts.push(
        h("div", { class: "body", lang: article.language }, sanitized(article.body_html)),
        h("p", {}, h("a", { href: safeHref(article.url), target: "_blank", rel: "noopener" },
          this.text("open_in_help_center"), " ", h("span", {}, this.text("new_tab")))),
        this.voteView(article),
        h("div", { class: "feedback" }, h("p", {}, this.text("still_need_help")),
          h("button", { type: "button", class: "button secondary",
            onclick: () => this.contact({}, article) }, this.text("contact"))));
      return parts;
    }

    voteView(article) {
      const section = h("section", { class: "feedback", "aria-labelledby": "hw-vote" });
      const ask = (vote) => {
        const yes = h("button", { type: "button", class: "button secondary",
          "aria-pressed": String(Boolean(vote && vote.helpful)),
          onclick: () => send({ helpful: true }) }, this.text("yes"));
        const no = h("button", { type: "button", class: "button secondary",
          "aria-pressed": String(Boolean(vote && !vote.helpful)),
          onclick: () => send({ helpful: false }) }, this.text("no"));
        section.replaceChildren(h("h3", { id: "hw-vote" }, this.text("helpful")),
          h("div", { class: "row" }, yes, no));
      };
      const why = () => {
        const comment = h("textarea", { id: "hw-comment", rows: 3, maxLength: 1000 });
        const reasons = article.reasons.map((reason) => h("label", { class: "check" },
          h("input", { type: "radio", name: "reason", value: reason.value }), reason.label));
        const form = h("form", { onsubmit: (event) => {
          event.preventDefault();
          const checked = form.querySelector("input[name=reason]:checked");
          send({ helpful: false, reason: checked ? checked.value : "", comment: comment.value });
        } },
          h("fieldset", {}, h("legend", {}, this.text("why")), reasons),
          h("div", { class: "field" }, h("label", { htmlFor: "hw-comment" },
            this.text("comment")), comment),
          h("button", { type: "submit", class: "button" }, this.text("send_feedback")));
        section.replaceChildren(h("h3", { id: "hw-vote", tabIndex: -1 }, this.text("why")), form);
        section.querySelector("h3").focus();
      };
      const send = async (vote) => {
        try {
          const answer = await this.client.call(`articles/${article.id}/vote`, { body: vote });
          if (answer.state === "why") {
            why();
            return;
          }
          const thanks = h("h3", { id: "hw-vote", tabIndex: -1 },
            this.text(answer.state === "thanks" ? "thanks" : "thanks_no"));
          section.replaceChildren(thanks);
          thanks.focus();
          this.emit("voted", { id: article.id, helpful: vote.helpful });
        } catch (error) {
          section.append(this.failure(error));
        }
      };
      ask(article.vote);
      return section;
    }

    async contact(prefill = {}, article = null) {
      Object.assign(this.prefilled, prefill);
      await this.open();
      let region = null;
      this.show(() => {
        if (region) { // back from a suggested article: the form keeps what was written
          this.content.append(region);
          return;
        }
        region = h("div", {}, h("p", { role: "status" }, this.text("searching")));
        this.content.append(region);
        const params = article ? { article: String(article.id) } : {};
        this.client.call("contact", { params })
          .then((form) => {
            region.replaceChildren(this.contactForm(form, article));
            this.heading.focus();
          })
          .catch((error) => region.replaceChildren(this.failure(error)));
      });
    }

    field(field) {
      const id = `hw-${field.name}`;
      const describedBy = [];
      let control;
      if (field.type === "select") {
        control = h("select", { id, name: field.name, required: field.required },
          field.choices.map((choice) => h("option", { value: choice.value }, choice.label)));
      } else if (field.type === "textarea") {
        control = h("textarea", { id, name: field.name, required: field.required, rows: 6 });
      } else if (field.type === "checkbox") {
        control = h("input", { id, name: field.name, type: "checkbox", checked: field.initial });
      } else {
        control = h("input", { id, name: field.name, required: field.required,
          type: field.type === "email" ? "email" : "text" });
      }
      if (field.max_length) control.maxLength = field.max_length;
      if (field.autocomplete) control.autocomplete = field.autocomplete;
      const value = this.prefilled[field.name] ?? (field.type === "checkbox" ? null : field.initial);
      if (value && field.type !== "checkbox") control.value = value;
      const help = field.help_text ? h("p", { class: "help", id: `${id}-help` }, field.help_text)
        : null;
      if (help) describedBy.push(help.id);
      const error = h("p", { class: "error", id: `${id}-error`, hidden: true });
      if (describedBy.length) control.setAttribute("aria-describedby", describedBy.join(" "));
      if (field.name === "homepage") {
        // People never see it; a bot that fills it in is refused.
        control.tabIndex = -1;
        control.autocomplete = "off";
        return h("div", { class: "trap", "aria-hidden": "true" },
          h("label", { htmlFor: id }, field.label), control);
      }
      if (field.type === "checkbox") {
        return h("div", { class: "field" }, h("label", { class: "check" }, control, field.label),
          error);
      }
      return h("div", { class: "field" }, h("label", { htmlFor: id }, field.label), control, help,
        error);
    }

    contactForm(form, article) {
      let token = form.token;
      const alert = h("p", { class: "alert", role: "alert", hidden: true });
      const submit = h("button", { type: "submit", class: "button" }, this.text("send"));
      const fields = form.fields.map((field) => this.field(field));
      const attached = form.attached_html ? h("div", { class: "attached" },
        h("p", {}, this.text("attached")), sanitized(form.attached_html)) : null;
      const element = h("form", { novalidate: true, onsubmit: async (event) => {
        event.preventDefault();
        const data = {};
        for (const control of element.elements) {
          if (!control.name) continue;
          data[control.name] = control.type === "checkbox" ? control.checked : control.value;
        }
        Object.assign(data, { token, page_url: location.href.slice(0, 500),
          article: article ? article.id : null });
        submit.disabled = true;
        submit.textContent = this.text("sending");
        try {
          const ticket = await this.client.call("contact", { body: data });
          this.sent(ticket);
        } catch (error) {
          token = (error.body && error.body.token) || token;
          this.showErrors(element, alert, error);
        } finally {
          submit.disabled = false;
          submit.textContent = this.text("send");
        }
      } }, fields.slice(0, -1), this.suggestions(), attached, fields.slice(-1), alert, submit);
      const suggestions = element.querySelector(".suggestions");
      element.addEventListener("input", (event) => {
        if (["subject", "message"].includes(event.target.name)) suggestions.update(element);
      });
      return h("div", {}, h("h3", {}, this.text("contact")),
        h("p", {}, this.text("contact_intro")), element);
    }

    /* "Does one of these answer your question?" while the shopper writes. */
    suggestions() {
      const region = h("div", { class: "suggestions", "aria-live": "polite" });
      let timer = null;
      region.update = (form) => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
          const text = `${form.elements.subject.value} ${form.elements.message.value}`.trim();
          if (text.length < 8) return;
          try {
            const answer = await this.client.call("contact/suggestions", { params: { q: text } });
            region.replaceChildren(...(answer.suggestions.length ? [
              h("h4", {}, this.text("answer_it")),
              this.list(answer.suggestions, () => ({ from: "suggestion" }))] : []));
          } catch (_error) {
            /* suggestions help; the form works without them */
          }
        }, 500);
      };
      return region;
    }

    showErrors(form, alert, error) {
      const details = (error.body && error.body.details) || {};
      let first = null;
      for (const control of form.elements) {
        if (!control.name || control.type === "hidden") continue;
        const message = form.querySelector(`#hw-${control.name}-error`);
        const problem = details[control.name];
        const ids = (control.getAttribute("aria-describedby") || "").split(" ")
          .filter((id) => id && id !== `hw-${control.name}-error`);
        if (problem && message) {
          message.textContent = problem;
          message.hidden = false;
          control.setAttribute("aria-invalid", "true");
          ids.push(message.id);
          first = first || control;
        } else if (message) {
          message.hidden = true;
          control.removeAttribute("aria-invalid");
        }
        if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
        else control.removeAttribute("aria-describedby");
      }
      const general = details.__all__ || details.token || details.homepage;
      alert.textContent = general || (error.body && error.body.error) || this.text("unavailable");
      alert.hidden = false;
      (first || alert).focus();
    }

    sent(ticket) {
      this.history = [];
      this.show(() => {
        this.content.append(h("h3", { tabIndex: -1, class: "sent" }, this.text("sent")),
          h("p", {}, `${this.text("reference")}: `,
            h("strong", { class: "reference", "data-reference": ticket.reference },
              ticket.reference)),
          h("p", {}, ticket.message));
        this.content.querySelector("h3").focus();
      }, false);
      this.backButton.hidden = true;
      this.emit("ticket-created", { reference: ticket.reference, language: ticket.language });
    }
  }

  window.customElements.define("help-widget", HelpWidget);

  function widget() {
    let element = document.querySelector("help-widget");
    if (!element) {
      element = document.createElement("help-widget");
      const data = script ? script.dataset : {};
      for (const name of ATTRIBUTES) if (data[name]) element.setAttribute(name, data[name]);
      document.body.append(element);
    }
    return element;
  }

  /* The JavaScript API for shops (README "Storefront widget"). */
  const api = {
    open: () => widget().open(),
    close: () => widget().close(),
    search: async (query) => {
      const element = widget();
      await element.open();
      element.query = String(query || "");
      element.history = [];
      element.current = null;
      element.show(() => element.home(), false);
    },
    openArticle: (id) => widget().openArticle(id),
    contact: (prefill = {}) => widget().contact(prefill),
    prefill: (fields = {}) => Object.assign(widget().prefilled, fields),
    on: (name, listener) => document.addEventListener(`helpwidget:${name}`, listener),
    off: (name, listener) => document.removeEventListener(`helpwidget:${name}`, listener),
  };
  window.HelpWidget = api;

  if (document.body) widget();
  else document.addEventListener("DOMContentLoaded", widget, { once: true });
})();
