/*
  Search: Pagefind's Component UI, loaded from this site only when a reader opens it, so a
  first page view fetches no index. Its words, filters and ranking are written with the
  index, one file per language (search/<lang>.json, generator/search.py); Pagefind reads the
  index of the page's language (<html lang>).
*/
(() => {
  "use strict";
  const button = document.querySelector(".search-open");
  if (!button) return;
  const root = new URL(button.dataset.searchRoot, document.baseURI);
  const bundle = new URL("pagefind/", root);
  const lang = document.documentElement.lang || "vi";

  // A result says what the page is (its kind) before its title.
  const RESULT = `
    <li class="pf-result">
      <div class="pf-result-card">
        <div class="pf-result-content">
          <p class="pf-result-title">
            <a class="pf-result-link" href="{{ meta.url | default(url) | safeUrl }}"><span class="search-kind">{{ meta.kind }}<span class="search-separator">: </span></span>{{ meta.title }}</a>
          </p>
          {{#if excerpt}}<p class="pf-result-excerpt">{{+ excerpt +}}</p>{{/if}}
        </div>
      </div>
      {{#if sub_results}}
      <ul class="pf-heading-chips">
        {{#each sub_results as sub}}
        <li class="pf-heading-chip">
          <a class="pf-heading-link" href="{{ sub.url | safeUrl }}">{{ sub.title }}</a>
          <p class="pf-heading-excerpt">{{+ sub.excerpt +}}</p>
        </li>
        {{/each}}
      </ul>
      {{/if}}
    </li>`;

  const element = (tag, attributes = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  };

  const stylesheet = (href) =>
    new Promise((resolve, reject) => {
      const link = element("link", { rel: "stylesheet", href });
      link.addEventListener("load", resolve);
      link.addEventListener("error", reject);
      document.head.append(link);
    });

  // Pagefind's filter dropdown names each option "<value>, N results" in English whatever the
  // page's language: say the count in the page's words.
  function spokenCounts(modal, words) {
    const rename = () => {
      for (const option of modal.querySelectorAll(".pf-dropdown-option")) {
        const count = Number(option.querySelector(".pf-dropdown-option-count")?.textContent);
        const phrase = count === 1 ? words.total_one_result : words.total_many_results;
        const label = `${option.dataset.value}, ${phrase.replace("[COUNT]", count)}`;
        if (option.getAttribute("aria-label") !== label) option.setAttribute("aria-label", label);
      }
    };
    new MutationObserver(rename).observe(modal, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["aria-label"],
    });
  }

  async function load() {
    const [config] = await Promise.all([
      fetch(new URL(`search/${lang}.json`, root)).then((response) => response.json()),
      stylesheet(new URL("pagefind-component-ui.css", bundle).href),
      stylesheet(new URL("stylesheets/search.css", root).href),
      import(new URL("pagefind-component-ui.js", bundle).href),
    ]);
    const instance = window.PagefindComponents.configureInstance("default", {
      bundlePath: bundle.pathname,
      baseUrl: root.pathname,
      ranking: config.ranking,
    });
    instance.setTranslations(config.words);
    const template = element("script", { type: "text/pagefind-template" });
    template.textContent = RESULT;
    const filters = config.filters.map(({ key, label }) =>
      element("pagefind-filter-dropdown", { filter: key, label }),
    );
    const modal = element("pagefind-modal", {}, [
      element("pagefind-modal-header", {}, [element("pagefind-input")]),
      element("pagefind-modal-body", {}, [
        element("div", { class: "search-filters" }, filters),
        element("pagefind-summary"),
        element("pagefind-results", {}, [template]),
      ]),
      element("pagefind-modal-footer", {}, [element("pagefind-keyboard-hints")]),
    ]);
    document.body.append(modal);
    spokenCounts(modal, config.words);
    modal.querySelector("dialog").addEventListener("close", () => {
      button.setAttribute("aria-expanded", "false");
      button.focus();
    });
    return modal;
  }

  let opened = null;
  button.addEventListener("click", async () => {
    opened ??= load();
    (await opened).open();
    button.setAttribute("aria-expanded", "true");
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable], dialog")) return;
    event.preventDefault();
    button.click();
  });
})();
