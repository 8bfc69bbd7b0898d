/*
  Search: Pagefind's Component UI, loaded from this site only when a reader opens it, so a
  first page view fetches no index. Its words and ranking are written with the index, one
  file per language (search/<lang>.json, generator/search.py); Pagefind reads the index of
  the page's language (<html lang>), whose filters are named in that language.
*/
(() => {
  "use strict";
  const button = document.querySelector(".search-open");
  if (!button) return;
  const root = new URL(button.dataset.searchRoot, document.baseURI);
  const lang = document.documentElement.lang || "vi";
  // Each edition has its own bundle, indexed by a run of its own (generator/search.py).
  const bundle = new URL(`pagefind/${lang}/`, root);

  // A result says what the page is (its kind) before its title; its sections follow, but not
  // the page's own heading again.
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
        {{#if ne(sub.title, meta.title)}}
        <li class="pf-heading-chip">
          <a class="pf-heading-link" href="{{ sub.url | safeUrl }}">{{ sub.title }}</a>
          <p class="pf-heading-excerpt">{{+ sub.excerpt +}}</p>
        </li>
        {{/if}}
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
      // Searching this index on the page's own thread takes milliseconds; a worker would be
      // one more download of Pagefind's code (12 KB of a first query's 250 KB budget).
      noWorker: true,
    });
    instance.setTranslations(config.words);
    const template = element("script", { type: "text/pagefind-template" });
    template.textContent = RESULT;
    // The modal moves the children it is given into its dialog, which sets up a moved
    // component twice; so it gets a placeholder, and the components go into its dialog.
    const modal = element("pagefind-modal", {}, [element("span")]);
    document.body.append(modal);
    const header = element("pagefind-modal-header");
    modal.querySelector("dialog").replaceChildren(
      header,
      element("pagefind-modal-body", {}, [
        element("details", { class: "search-filters" }, [
          element("summary", {}, [config.words.filters_label]),
          element("pagefind-filter-pane"),
        ]),
        element("pagefind-summary"),
        element("pagefind-results", {}, [template]),
      ]),
      element("pagefind-modal-footer", {}, [element("pagefind-keyboard-hints")]),
    );
    header.querySelector(".pf-modal-header-content").append(element("pagefind-input"));
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
