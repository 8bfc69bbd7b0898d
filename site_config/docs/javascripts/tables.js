/* Sortable tables (vendored tablesort, see vendor/tablesort/SOURCE.txt).
 *
 * Cells carry a machine sort key in data-sort (a plain number such as 146678 or 4.95, or an
 * ISO date), written by the generator (generator/tables.py): localized text ("146.678",
 * "146,678", "17/1/2024") is never parsed. Keys of a column that are all plain numbers sort as
 * numbers, anything else by the rules of Vietnamese (Intl.Collator("vi"): "Đà Nẵng" before
 * "Đắk Lắk" before "Điện Biên"). A header sorts by click, Enter or Space. */
(function () {
  "use strict";
  var PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
  var collator = new Intl.Collator("vi", { numeric: true });

  function key(cell) {
    return cell.getAttribute("data-sort");
  }

  function number(text) {
    return PLAIN_NUMBER.test(text.trim()) ? parseFloat(text) : NaN;
  }

  // tablesort picks the first rule whose pattern fits the column's first non-empty cells and
  // sorts with compare(b, a): an empty cell is neither number nor text.
  Tablesort.extend("number", function (text) {
    return PLAIN_NUMBER.test(text.trim());
  }, function (a, b) {
    var x = number(a), y = number(b);
    if (isNaN(x) || isNaN(y)) return (isNaN(x) ? 0 : 1) - (isNaN(y) ? 0 : 1);
    return y - x;
  });
  Tablesort.extend("vietnamese", function () {
    return true;
  }, function (a, b) {
    return collator.compare(b.trim(), a.trim());
  });

  function sortable(table) {
    var body = table.tBodies[0];
    return table.tHead && body && body.rows.length > 1 && !table.hasAttribute("data-sortable");
  }

  function activate(table) {
    table.setAttribute("data-sortable", "");
    new Tablesort(table);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
      header.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          header.click();
        }
      });
    });
  }

  function start() {
    document.querySelectorAll("article table:not([class])").forEach(function (table) {
      if (sortable(table)) activate(table);
    });
  }

  // Material re-renders the content on instant navigation; without it, once is enough.
  if (typeof document$ !== "undefined") {
    document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
